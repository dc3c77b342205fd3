import Foundation
import Yams

/// Turns one Markdown source file into a `Document`, or into diagnostics saying why it cannot.
///
/// Checks here need only the file itself; what needs the whole manual (duplicate ids,
/// clauses against catalogues, links) is checked when the manual is resolved.
public struct DocumentParser: Sendable {
    /// The standard that a plain `clauses: [..]` list refers to.
    public var defaultStandard: String
    /// Whether raw HTML in bodies passes through.
    public var unsafeHTML: Bool
    /// Read the body's links and headings too (off when only the metadata of an old version is needed).
    public var analyzesBody = true
    /// Read ids and 《titles》 in prose as mentions of documents.
    public var linkMentions = true

    /// A parser for the documents of a manual with these settings.
    public init(defaultStandard: String = SiteConfig.builtinStandardID, unsafeHTML: Bool = false, analyzesBody: Bool = true) {
        self.defaultStandard = defaultStandard
        self.unsafeHTML = unsafeHTML
        self.analyzesBody = analyzesBody
    }

    /// Ids and titles are repeated wherever a document is listed or linked: their length is bounded.
    static let maximumIDLength = 64
    static let maximumTitleLength = 300

    /// Front-matter keys a document may carry.
    public static let knownKeys = FrontMatterKey.allCases.map(\.rawValue)

    /// `[A-Za-z0-9][A-Za-z0-9._-]*`
    static func isValidID(_ id: String) -> Bool {
        let isAlphanumeric = { (c: Unicode.Scalar) in ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) }
        guard let first = id.unicodeScalars.first, isAlphanumeric(first) else { return false }
        return id.unicodeScalars.allSatisfy { isAlphanumeric($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }

    /// A parsed document, or why there is none.
    public struct Outcome: Sendable {
        public var document: Document?
        public var diagnostics: [Diagnostic]
        /// False for a `README.md` without front-matter: notes beside the manual, not a document.
        public var isDocument: Bool = true
    }

    /// Parses one Markdown source file.
    public func parse(_ file: SourceFile) -> Outcome {
        var source: SourceText
        let fingerprint: String
        var controls: [Diagnostic] = []
        do {
            let text = try SourceText.decode(file.data)
            source = try SourceText.split(text)
            fingerprint = FrontMatterScan(text, split: source).fingerprint
            if let cleaned = source.droppingControlCharacters() {
                source = cleaned.source
                let more = cleaned.count > 1 ? " (and \(cleaned.count - 1) more)" : ""
                controls.append(.warning(.controlCharacter, file.path, cleaned.line,
                    "the text holds the control character U+\(String(format: "%04X", cleaned.character.value))\(more), which no page can show; it is left out — remove it"))
            }
        } catch .notUTF8(let line) {
            return Outcome(document: nil, diagnostics: [.error(.notUTF8, file.path, line,
                "file is not valid UTF-8; save it as UTF-8 (GBK or GB2312 text must be converted, e.g. `iconv -f GBK -t UTF-8`)")])
        } catch {
            return Outcome(document: nil, diagnostics: [.error(.unterminatedFrontMatter, file.path, 1,
                "front-matter opened with `---` on line 1 is never closed; add a line `---` after the last field")])
        }
        guard let yaml = source.frontMatter else {
            if (file.path as NSString).lastPathComponent.lowercased() == "readme.md" {
                return Outcome(document: nil, diagnostics: [], isDocument: false)
            }
            return Outcome(document: nil, diagnostics: [.error(.missingFrontMatter, file.path, 1,
                "no front-matter; a document opens with `---`, then at least `id:` and `title:`, then `---` (`qmark adopt FOLDER` adds it to Markdown you already have)")])
        }
        var reader = YAMLReader(file: file.path, lineOffset: source.frontMatterLine - 1)
        guard let root = reader.compose(yaml) else {
            if reader.diagnostics.isEmpty {
                reader.diagnostics.append(.error(.missingField, file.path, 1, "front-matter is empty; add at least `id:` and `title:`"))
            }
            return Outcome(document: nil, diagnostics: reader.diagnostics)
        }
        guard let pairs = reader.entries(root, what: "front-matter") else {
            return Outcome(document: nil, diagnostics: reader.diagnostics)
        }
        let document = decode(pairs, reader: &reader, file: file.path, source: source, fingerprint: fingerprint)
        return Outcome(document: document, diagnostics: controls + reader.diagnostics)
    }

    // MARK: - Fields

    private func decode(_ pairs: [(key: String, keyNode: Node, value: Node)], reader: inout YAMLReader,
                        file: String, source: SourceText, fingerprint: String) -> Document? {
        reader.warnUnknownKeys(pairs, known: Self.knownKeys, what: "front-matter")
        var fields: [FrontMatterKey: Node] = [:]
        var keyLines: [String: Int] = [:]
        for pair in pairs {
            guard let key = FrontMatterKey(rawValue: pair.key), fields[key] == nil else { continue }
            fields[key] = pair.value
            keyLines[pair.key] = reader.line(of: pair.keyNode)
        }
        let text = { (key: FrontMatterKey, reader: inout YAMLReader) -> String? in
            fields[key].flatMap { reader.text($0, field: key.rawValue) }?.trimmedSpaces
        }

        let id = text(.id, &reader)
        if id == nil {
            reader.diagnostics.append(.error(.missingField, file, 1, "missing `id`; add e.g. `id: QP-05` to the front-matter"))
        } else if let id, !Self.isValidID(id) {
            reader.diagnostics.append(.error(.invalidID, file, keyLines[FrontMatterKey.id.rawValue] ?? 1,
                "invalid id `\(id.prefix(80))`; use letters, digits, `.`, `_` and `-`, starting with a letter or digit (e.g. QP-05)"))
        } else if let id, id.utf8.count > Self.maximumIDLength {
            reader.diagnostics.append(.error(.invalidID, file, keyLines[FrontMatterKey.id.rawValue] ?? 1,
                "the id is \(id.utf8.count) characters long; an id is a short code of at most \(Self.maximumIDLength) (e.g. QP-05)"))
        }
        let title = text(.title, &reader)
        if title?.isEmpty ?? true {
            reader.diagnostics.append(.error(.missingField, file, keyLines[FrontMatterKey.title.rawValue] ?? 1, "missing `title`; add e.g. `title: 文件控制程序`"))
        } else if let title, title.count > Self.maximumTitleLength {
            // A title stands on every page that lists or links the document: a very long one would multiply the site.
            reader.diagnostics.append(.error(.invalidField, file, keyLines[FrontMatterKey.title.rawValue] ?? 1,
                "the title is \(title.count) characters long; keep it to one line of at most \(Self.maximumTitleLength) and put the rest in the body"))
        }

        var type = DocumentType.procedure
        if let raw = text(.type, &reader) {
            if let known = DocumentType(rawValue: raw) { type = known } else {
                reader.error(.unknownType, fields[.type]!, "unknown type `\(raw)`\(Suggestion.hint(for: raw, in: DocumentType.allCases.map(\.rawValue))); use one of \(DocumentType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        } else {
            reader.diagnostics.append(.warning(.missingField, file, 1, "no `type`; taken as `procedure` (one of \(DocumentType.allCases.map(\.rawValue).joined(separator: ", ")))"))
        }
        var status = DocumentStatus.draft
        var externalState = ExternalFields.State.current
        if type == .external {
            // An external document is current, superseded or withdrawn (approved and obsolete say the same).
            status = .approved
            if let raw = text(.status, &reader) {
                switch raw {
                case "current", "approved": externalState = .current
                case "superseded": externalState = .superseded; status = .obsolete
                case "withdrawn", "obsolete": externalState = .withdrawn; status = .obsolete
                default:
                    reader.error(.unknownStatus, fields[.status]!, "unknown status `\(raw)` for an external document\(Suggestion.hint(for: raw, in: ExternalFields.State.allCases.map(\.rawValue))); use current, superseded or withdrawn")
                }
            }
        } else if let raw = text(.status, &reader) {
            if let known = DocumentStatus(rawValue: raw) { status = known } else {
                reader.error(.unknownStatus, fields[.status]!, "unknown status `\(raw)`\(Suggestion.hint(for: raw, in: DocumentStatus.allCases.map(\.rawValue))); use one of draft, review, approved, obsolete")
            }
        }
        let effective = fields[.effective].flatMap { reader.date($0, field: "effective") }
        let reviewed = fields[.reviewed].flatMap { reader.date($0, field: "reviewed") }
        let withdrawn = fields[.withdrawn].flatMap { reader.date($0, field: "withdrawn") }
        var interval: Int?
        if let node = fields[.reviewIntervalMonths] {
            interval = reader.wholeNumber(node, field: "review_interval_months", in: SiteConfig.reviewIntervalRange, unit: "months",
                                          example: 12, code: .invalidField)
        }
        let supersedes = fields[.supersedes].map { reader.textList($0, field: "supersedes") } ?? []
        let prior = fields[.history].map { decodePriorHistory($0, reader: &reader) } ?? []

        let clauses = fields[.clauses].map { decodeClauses($0, reader: &reader) } ?? []
        let principles = fields[.principles].map { reader.textList($0, field: "principles") } ?? []
        let references = fields[.references].map { reader.textList($0, field: "references") } ?? []
        let records = fields[.records].map { decodeRecords($0, reader: &reader) } ?? []
        let process = fields[.process].flatMap { decodeProcess($0, reader: &reader) }
        let key = text(.key, &reader)
        if type == .principle, key == nil {
            reader.diagnostics.append(.error(.missingField, file, keyLines[FrontMatterKey.type.rawValue] ?? 1,
                "a principle document needs `key:`, one of \(Principle.keys.joined(separator: ", "))"))
        }

        let body = analyzesBody ? MarkdownBody.analyze(source.body, options: MarkdownOptions(
            unsafeHTML: unsafeHTML, sourceDirectory: (file as NSString).deletingLastPathComponent, lineOffset: source.bodyLine - 1,
            linkMentions: linkMentions, documentID: id, pageTitle: title))
            : MarkdownOutput()
        for problem in body.problems { reader.diagnostics.append(problem.diagnostic(file: file)) }

        guard let id, let title, !title.isEmpty else { return nil }
        var document = Document(
            id: id, title: title, type: type, revision: text(.revision, &reader), status: status, effective: effective,
            owner: text(.owner, &reader), approver: text(.approver, &reader), principleKey: key, clauses: clauses,
            principles: principles, references: references, records: records, process: process, sourcePath: file,
            body: source.body, bodyLine: source.bodyLine, bodyLinks: body.links, assetLinks: body.assets, headings: body.headings, keyLines: keyLines)
        document.reviewed = reviewed
        document.reviewIntervalMonths = interval
        document.withdrawn = withdrawn
        document.supersedes = supersedes
        document.priorHistory = prior
        document.change = text(.change, &reader)
        document.summary = text(.summary, &reader)
        document.fingerprint = fingerprint
        document.anchorLinks = body.pageAnchors
        let externalKeys: [FrontMatterKey] = [.issuer, .number, .edition, .received, .location, .url, .checkEvery, .lastChecked, .supersededBy]
        if type == .external {
            var external = ExternalFields(issuer: text(.issuer, &reader), number: text(.number, &reader), edition: text(.edition, &reader),
                                          received: fields[.received].flatMap { reader.date($0, field: "received") },
                                          location: text(.location, &reader))
            external.checkEvery = fields[.checkEvery].flatMap {
                reader.wholeNumber($0, field: "check_every", in: SiteConfig.reviewIntervalRange, unit: "months", example: 12, code: .invalidField)
            }
            external.lastChecked = fields[.lastChecked].flatMap { reader.date($0, field: "last_checked") }
            external.state = externalState
            external.supersededBy = text(.supersededBy, &reader)
            external.url = text(.url, &reader)
            document.external = external
        } else {
            for key in externalKeys where fields[key] != nil {
                reader.diagnostics.append(.warning(.unknownKey, file, keyLines[key.rawValue] ?? 1,
                    "`\(key.rawValue)` is a field of external documents (`type: external`); it is ignored here"))
            }
        }
        if let node = fields[.distribution] {
            if case .scalar = node, reader.text(node, field: "distribution") == "all" {
                document.distribution = [NamedReference(name: "all", line: reader.line(of: node))]
            } else {
                document.distribution = reader.textList(node, field: "distribution")
            }
        }
        return document
    }

    /// `history:` — revisions made before the manual moved to git.
    private func decodePriorHistory(_ node: Node, reader: inout YAMLReader) -> [PriorRevision] {
        reader.mappingList(node, field: "history").compactMap { item in
            let value = { (key: String, reader: inout YAMLReader) in item.fields[key].flatMap { reader.text($0, field: "history.\(key)") } }
            guard let revision = value("revision", &reader) else {
                reader.error(.missingField, item.node, "each `history` entry needs a `revision` (and `date`, `summary`, `approver`)")
                return nil
            }
            return PriorRevision(revision: revision, date: item.fields["date"].flatMap { reader.date($0, field: "history.date") },
                                 summary: value("summary", &reader) ?? "", approver: value("approver", &reader), line: reader.line(of: item.node))
        }
    }

    /// `clauses: [8.7, 10.2]` for the default standard, or `clauses: {iso9001-2015: [8.7], csr-acme: [5.10]}`.
    private func decodeClauses(_ node: Node, reader: inout YAMLReader) -> [ClauseMapping] {
        if case .mapping = node, let pairs = reader.entries(node, what: "`clauses`") {
            return pairs.flatMap { pair in
                reader.textList(pair.value, field: "clauses").map {
                    ClauseMapping(standard: pair.key, clause: $0.name, line: $0.line)
                }
            }
        }
        return reader.textList(node, field: "clauses").map {
            ClauseMapping(standard: defaultStandard, clause: $0.name, line: $0.line)
        }
    }

    private func decodeRecords(_ node: Node, reader: inout YAMLReader) -> [Record] {
        reader.mappingList(node, field: "records").compactMap { item in
            let value = { (key: String, reader: inout YAMLReader) in item.fields[key].flatMap { reader.text($0, field: "records.\(key)") } }
            guard let id = value("id", &reader), let title = value("title", &reader) else {
                reader.error(.missingField, item.node, "a record needs `id` and `title` (and `retention`)")
                return nil
            }
            return Record(id: id, title: title, retention: value("retention", &reader), owner: value("owner", &reader),
                          location: value("location", &reader) ?? value("kept", &reader), line: reader.line(of: item.node))
        }
    }

    private func decodeProcess(_ node: Node, reader: inout YAMLReader) -> ProcessDefinition? {
        guard let pairs = reader.entries(node, what: "`process`") else { return nil }
        reader.warnUnknownKeys(pairs, known: ["category", "inputs", "outputs", "resources", "people", "methods", "kpis"], what: "`process`")
        let fields = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        var category: ProcessDefinition.Category?
        if let node = fields["category"], let raw = reader.text(node, field: "category") {
            category = ProcessDefinition.Category(rawValue: raw.uppercased())
            if category == nil {
                reader.error(.invalidField, node, "unknown process category `\(raw)`; use COP, SP or MP")
            }
        }
        func flows(_ key: String, direction: String) -> [ProcessDefinition.Flow] {
            guard let node = fields[key] else { return [] }
            return reader.mappingList(node, field: key).compactMap { item in
                guard let name = item.fields["name"].flatMap({ reader.text($0, field: "\(key).name") }) else {
                    reader.error(.missingField, item.node, "each of `\(key)` needs a `name`")
                    return nil
                }
                let process = item.fields[direction].flatMap { reader.text($0, field: "\(key).\(direction)") }
                return ProcessDefinition.Flow(name: name, process: process, line: reader.line(of: item.node))
            }
        }
        let kpis: [ProcessDefinition.KPI] = fields["kpis"].map { node in
            reader.mappingList(node, field: "kpis").compactMap { item in
                guard let name = item.fields["name"].flatMap({ reader.text($0, field: "kpis.name") }) else {
                    reader.error(.missingField, item.node, "each KPI needs a `name`")
                    return nil
                }
                return ProcessDefinition.KPI(name: name, target: item.fields["target"].flatMap { reader.text($0, field: "kpis.target") },
                                             frequency: item.fields["frequency"].flatMap { reader.text($0, field: "kpis.frequency") },
                                             line: reader.line(of: item.node))
            }
        } ?? []
        var definition = ProcessDefinition(
            category: category, inputs: flows("inputs", direction: "from"), outputs: flows("outputs", direction: "to"),
            resources: fields["resources"].map { reader.textList($0, field: "resources").map(\.name) } ?? [],
            people: fields["people"].map { reader.textList($0, field: "people").map(\.name) } ?? [],
            methods: fields["methods"].map { reader.textList($0, field: "methods") } ?? [],
            kpis: kpis)
        definition.hasCategory = fields["category"] != nil
        return definition
    }
}
