import Foundation

/// The parse and resolve stages: sources in, a checked `Manual` out.
public enum Resolver {
    /// Parses every source and resolves ids, links, backlinks and coverage, collecting every diagnostic.
    public static func resolve(_ sources: ManualSources, history: ManualHistory = ManualHistory(), today: DayDate = .today()) async -> Manual {
        link(await parse(sources), history: history, today: today)
    }

    /// The parse stage's result: every source read on its own.
    public struct Parsed: Sendable {
        var config: SiteConfig
        var standards: [Standard]
        var documents: [Document]
        var sources: ManualSources
        var diagnostics: [Diagnostic]
        /// Each Markdown file's outcome, by path, with the settings and bytes it was read from.
        var files: [String: ParsedFile] = [:]
        /// Files whose front-matter does not parse: id (from its `id:` line) → path.
        var unreadable: [String: String] = [:]
    }

    /// A Markdown file as parsed: reused by the next parse when its bytes and the settings are the same.
    struct ParsedFile: Sendable {
        var data: Data
        var settings: [String]
        var outcome: DocumentParser.Outcome
    }

    /// Parses settings, catalogues and documents (documents in parallel).
    /// - Parameter previous: an earlier parse of the same manual; files whose bytes have not changed are not parsed again.
    public static func parse(_ sources: ManualSources, reusing previous: Parsed? = nil) async -> Parsed {
        var diagnostics: [Diagnostic] = []
        let (config, configDiagnostics) = SiteConfigParser.parse(sources.siteConfig)
        diagnostics += configDiagnostics

        var standards = CatalogueParser.builtins
        for file in sources.catalogues {
            let (standard, found) = CatalogueParser.parse(file)
            diagnostics += found
            guard let standard else { continue }
            if let index = standards.firstIndex(where: { $0.id == standard.id }) {
                // A user catalogue replaces a built-in one of the same id (other titles, say); two user catalogues clash.
                if let existing = standards[index].sourcePath {
                    diagnostics.append(.error(.duplicateStandard, file.path, 1,
                        "standard `\(standard.id)` is already defined by \(existing); give this catalogue another id"))
                } else {
                    standards[index] = standard
                }
            } else {
                standards.append(standard)
            }
        }
        diagnostics += checkSettings(config, standards: standards)
        if let signers = config.allowedSigners, !sources.assets.contains(signers) {
            diagnostics.append(.error(.invalidSetting, config.sourcePath, config.line(of: "allowed_signers"),
                "`allowed_signers: \(signers)` names no file of the manual folder; give the path, relative to the manual, of git's allowed-signers file (e.g. `allowed_signers: signers/allowed_signers`; a name starting with `.` is not read)"))
        }
        diagnostics += TransitionCalculator.check(standards)
        for link in sources.skippedLinks {
            diagnostics.append(.warning(.skippedLink, link, 1, "is a symbolic link and is not read (a link could reach outside the manual); copy the file into the manual instead"))
        }
        // A document, catalogue or folder that cannot be read leaves a hole in the manual: an error.
        // Another file (an image) is only not published.
        for name in sources.misnamed {
            let hint = "(names from a Windows zip are often GBK: unzip with `unzip -O GBK`, or rename it)"
            if name.hasSuffix("/") {
                diagnostics.append(.error(.fileNameNotUTF8, name, 1, "this folder's name is not UTF-8, so nothing in it is read \(hint)"))
            } else if SourceKind(path: name).isRead {
                diagnostics.append(.error(.fileNameNotUTF8, name, 1, "this file's name is not UTF-8, so it is not read \(hint)"))
            } else {
                diagnostics.append(.warning(.fileNameNotUTF8, name, 1, "this file's name is not UTF-8, so it is not published \(hint)"))
            }
        }

        let parser = documentParser(config)
        let settings = [config.standard, String(config.unsafeHTML), String(config.linkMentions)]
        let files = await parallelMap(sources.documents) { file -> ParsedFile in
            if let earlier = previous?.files[file.path], earlier.settings == settings, earlier.data == file.data { return earlier }
            return ParsedFile(data: file.data, settings: settings, outcome: parser.parse(file))
        }
        let outcomes = files.map(\.outcome)
        var documents: [Document] = []
        var firstFile: [String: Document] = [:]
        var unreadable: [String: String] = [:]
        for (file, outcome) in zip(sources.documents, outcomes) {
            diagnostics += outcome.diagnostics
            guard let document = outcome.document else {
                // The id its `id:` line gives, read as history reads old versions: line by line, not as YAML.
                if outcome.isDocument, let text = try? SourceText.decode(file.data), let id = FrontMatterScan(text).id, DocumentParser.isValidID(id) {
                    unreadable[id] = file.path
                }
                continue
            }
            if let first = firstFile[document.id] {
                diagnostics.append(.error(.duplicateID, document.sourcePath, document.line(of: .id),
                    "id `\(document.id)` is already used by \(first.sourcePath):\(first.line(of: .id)); ids must be unique"))
                continue
            }
            firstFile[document.id] = document
            documents.append(document)
        }
        documents.sort { DocumentOrder.areInIncreasingOrder($0.id, $1.id) }
        return Parsed(config: config, standards: standards, documents: documents, sources: sources, diagnostics: diagnostics,
                      files: Dictionary(zip(sources.documents.map(\.path), files), uniquingKeysWith: { first, _ in first }), unreadable: unreadable)
    }

    /// The parser of a manual's documents, with its settings.
    static func documentParser(_ config: SiteConfig) -> DocumentParser {
        var parser = DocumentParser(defaultStandard: config.standard, unsafeHTML: config.unsafeHTML)
        parser.linkMentions = config.linkMentions
        return parser
    }

    /// Resolves ids, links, backlinks, history and coverage across the parsed manual.
    /// - Parameter inForce: for documents whose work-tree revision is pending, their revision in force (from git).
    public static func link(_ parsed: Parsed, history: ManualHistory, today: DayDate, inForce: [String: Document] = [:]) -> Manual {
        var diagnostics = parsed.diagnostics
        let (config, standards) = (parsed.config, parsed.standards)
        var manual = Manual(config: config, standards: standards, documents: parsed.documents, assets: parsed.sources.assets, diagnostics: [],
                            history: history, today: today)
        manual.assetBlobs = parsed.sources.assetBlobs
        manual.unreadable = parsed.unreadable
        diagnostics += linkDocuments(&manual)
        diagnostics += attachHistory(&manual)
        diagnostics += checkSupersession(&manual)
        diagnostics += checkProcesses(manual)
        manual.processes = ProcessGraph(manual: manual)
        diagnostics += manual.documents.flatMap { check($0, in: manual) }
        diagnostics += checkManualWide(manual)
        diagnostics += choosePublishedAssets(&manual)
        diagnostics += checkShownStandards(config, standards: standards)
        // What applies is the revision in force: the files were checked as written, above.
        applyRevisionsInForce(&manual, inForce)
        if !inForce.isEmpty { manual.processes = ProcessGraph(manual: manual) }
        scheduleReviews(&manual)
        diagnostics += checkReviews(manual)
        let records = DistributionRecords.read(parsed.sources.records)
        diagnostics += records.diagnostics
        manual.people = records.people
        diagnostics += DistributionRecords.resolve(&manual, people: records.people, acknowledgements: records.acknowledgements)
        let documents = manual.documents
        manual.coverage = shownStandards(config, standards: standards, documents: documents).map {
            CoverageCalculator.coverage(of: $0, documents: documents, exclusions: config.exclusions)
        }
        manual.transitions = manual.coverage.compactMap {
            TransitionCalculator.transition(to: $0, standards: standards, documents: documents)
        }
        manual.principles = CoverageCalculator.principles(documents)
        manual.showsPrinciples = documents.contains { $0.type == .principle || !$0.principles.isEmpty }
        manual.diagnostics = diagnostics.sortedForDisplay()
        return manual
    }

    // MARK: - Settings

    static func checkSettings(_ config: SiteConfig, standards: [Standard]) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let ids = standards.map(\.id)
        if !ids.contains(config.standard) {
            found.append(.error(.unknownStandard, config.sourcePath, config.line(of: "standard"),
                "unknown standard `\(config.standard)`\(Suggestion.hint(for: config.standard, in: ids)); known: \(ids.joined(separator: ", "))"))
        }
        for exclusion in config.exclusions {
            guard let standard = standards.first(where: { $0.id == exclusion.standard }) else {
                found.append(.error(.unknownStandard, config.sourcePath, exclusion.line, "exclusion names unknown standard `\(exclusion.standard)`"))
                continue
            }
            if !standard.contains(exclusion.clause) {
                found.append(.error(.unknownClause, config.sourcePath, exclusion.line,
                    "unknown clause \(exclusion.clause) for \(standard.id)\(Suggestion.hint(for: exclusion.clause, in: standard.clauses.map(\.id)))"))
            }
        }
        return found
    }

    // MARK: - Standards shown

    /// The standards the site shows: `standards:` of `site.yml` in its order when written; else
    /// the default standard when `site.yml` names it or a document maps it, and every other
    /// standard a document maps (built-in ones first, then the manual's own catalogues).
    static func shownStandards(_ config: SiteConfig, standards: [Standard], documents: [Document]) -> [Standard] {
        if let listed = config.standards { return listed.compactMap { id in standards.first { $0.id == id } } }
        var used = Set(documents.flatMap { $0.clauses.map(\.standard) })
        if config.keyLines["standard"] != nil || !config.exclusions.isEmpty { used.insert(config.standard) }
        let shown = standards.filter { used.contains($0.id) }
        let preferred = shown.filter { $0.id == config.standard }
        return preferred + shown.filter { $0.id != config.standard }
    }

    static func checkShownStandards(_ config: SiteConfig, standards: [Standard]) -> [Diagnostic] {
        guard let listed = config.standards else { return [] }
        let ids = standards.map(\.id)
        return zip(listed, config.standardLines).compactMap { id, line in
            ids.contains(id) ? nil : .error(.unknownStandard, config.sourcePath, line,
                "`standards` names unknown standard `\(id)`\(Suggestion.hint(for: id, in: ids)); known: \(ids.joined(separator: ", "))")
        }
    }

    // MARK: - Links

    /// Resolves body links and `references` into ids, fills links and backlinks; reports links to nowhere.
    static func linkDocuments(_ manual: inout Manual) -> [Diagnostic] {
        var found: [Diagnostic] = []
        var incoming = [Set<String>](repeating: [], count: manual.documents.count)
        // Positions, not copies: a document is a large value and a manual has tens of thousands of links.
        for index in manual.documents.indices {
            let id = manual.documents[index].id, sourcePath = manual.documents[index].sourcePath
            var targets: [String] = []
            var seen = Set<String>()
            var labels = LinkLabelAllowance(bodyBytes: manual.documents[index].body.utf8.count)
            for link in manual.documents[index].bodyLinks {
                guard let target = manual.index(for: link.reference) else {
                    // A link to a file whose front-matter does not parse is not a second error: that file's is the one.
                    if link.isMention || manual.isUnreadable(link.reference) { continue }
                    found.append(.error(.brokenLink, sourcePath, link.line, missingLinkMessage(link.reference, in: manual)))
                    continue
                }
                let targetID = manual.documents[target].id
                // `other.md#anchor`: the anchor names one of that document's headings (GitHub's anchors).
                if let fragment = link.fragment, !Self.hasAnchor(manual.documents[target], fragment) {
                    found.append(.warning(.brokenAnchor, sourcePath, link.line,
                        "links to `#\(fragment)` in \(targetID), which has no heading with that anchor\(Self.anchorHint(fragment, in: manual.documents[target]))"))
                }
                if link.showsTitle, !labels.isSpent,
                   !labels.admits(label: LinkTarget.label(id: targetID, title: manual.documents[target].title), id: targetID) {
                    found.append(.warning(.linkLabelsShortened, sourcePath, link.line,
                        "[[ID]] links repeat their documents' titles so often that the page would be many times the size of its text; from here on they show the id alone — write `[[ID|label]]`, or link less often"))
                }
                // A document naming itself is not a link.
                if link.isMention, targetID == id { continue }
                if seen.insert(targetID).inserted { targets.append(targetID) }
            }
            for link in manual.documents[index].anchorLinks where !Self.hasAnchor(manual.documents[index], link.anchor) {
                found.append(.warning(.brokenAnchor, sourcePath, link.line,
                    "links to `#\(link.anchor)`, but no heading of this document has that anchor\(Self.anchorHint(link.anchor, in: manual.documents[index]))"))
            }
            for reference in manual.documents[index].references {
                guard let target = manual.index(of: reference.name) else {
                    if manual.unreadable[reference.name] != nil { continue }
                    found.append(.error(.unknownReference, sourcePath, reference.line,
                        "`references` names unknown document `\(reference.name)`\(Suggestion.hint(for: reference.name, in: manual.documents.map(\.id)))"))
                    continue
                }
                let targetID = manual.documents[target].id
                if seen.insert(targetID).inserted { targets.append(targetID) }
            }
            let isObsolete = manual.documents[index].status == .obsolete
            for target in targets where target != id {
                guard let targetIndex = manual.index(of: target) else { continue }
                incoming[targetIndex].insert(id)
                if !isObsolete, manual.documents[targetIndex].status == .obsolete {
                    let line = manual.documents[index].bodyLinks.first { manual.index(for: $0.reference) == targetIndex }?.line
                        ?? manual.documents[index].line(of: .references)
                    if let external = manual.documents[targetIndex].external {
                        // An external document: name the edition that replaced it.
                        let edition = [external.number, external.edition].compactMap { $0 }.joined(separator: " ")
                        let replacement = external.supersededBy.map { id in
                            "; refer to the current one, \(id)" + (manual[id: id].map { " \($0.title)" + ($0.external?.edition.map { ", edition \($0)" } ?? "") } ?? "")
                        } ?? "; refer to the edition in force"
                        found.append(.warning(.linkToObsolete, sourcePath, line,
                            "refers to \(target)\(edition.isEmpty ? "" : " (\(edition))"), an external document \(external.state.rawValue)\(replacement)"))
                    } else {
                        found.append(.warning(.linkToObsolete, sourcePath, line,
                            "links to obsolete document \(target); point it at the document in force"))
                    }
                }
            }
            manual.documents[index].facts.links = targets
        }
        for index in manual.documents.indices {
            manual.documents[index].facts.backlinks = incoming[index].sorted(by: DocumentOrder.areInIncreasingOrder)
        }
        return found
    }

    /// An external document: what it replaces exists, and its check that the edition is current is not overdue.
    static func checkExternal(_ document: Document, _ external: ExternalFields, in manual: Manual) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let file = document.sourcePath
        if let successor = external.supersededBy, manual[id: successor] == nil {
            found.append(.error(.unknownReference, file, document.line(of: .supersededBy),
                "`superseded_by: \(successor)` names no document\(Suggestion.hint(for: successor, in: manual.documents.map(\.id))); give the id of the external document that replaces it"))
        }
        if external.state != .current, external.supersededBy == nil, external.state == .superseded {
            found.append(.warning(.missingField, file, document.line(of: .status),
                "a superseded external document names no `superseded_by:`; give the id of the edition that replaced it"))
        }
        if external.isCheckDue(on: manual.today), let next = external.nextCheck {
            let last = external.lastChecked.map { "last checked \($0)" } ?? "received \(external.received?.description ?? "?"), never checked"
            found.append(.warning(.externalCheckDue, file, document.writtenLine(of: .lastChecked) ?? document.line(of: .checkEvery),
                "check of \(document.id)\(external.edition.map { " (edition \($0))" } ?? "") is due since \(next) (\(last), every \(external.checkEvery ?? 0) months): "
                + "check with \(external.issuer ?? "the issuer") that it is still the edition in force, then record `last_checked: \(manual.today)`"))
        }
        if external.state == .current, external.checkEvery == nil {
            found.append(.warning(.missingField, file, document.line(of: .type),
                "external document has no `check_every:`; say how often (months) someone checks that it is still the current edition"))
        }
        return found
    }

    /// Whether a document has a heading with this anchor (GitHub's rule, as the site writes them), case aside.
    static func hasAnchor(_ document: Document, _ anchor: String) -> Bool {
        let wanted = anchor.lowercased()
        return document.headings.contains { $0.anchor.lowercased() == wanted }
    }

    /// The nearest anchor, and how anchors are made.
    static func anchorHint(_ anchor: String, in document: Document) -> String {
        let anchors = document.headings.map(\.anchor)
        if let near = Suggestion.nearest(to: anchor.lowercased(), in: anchors) { return "; did you mean `#\(near)`?" }
        return anchors.isEmpty ? "; it has no headings" : "; an anchor is its heading in lower case, spaces as `-`, punctuation dropped (as on GitHub)"
    }

    static func missingLinkMessage(_ reference: DocumentReference, in manual: Manual) -> String {
        switch reference {
        case .id(let id):
            return "link to missing document `\(id)` in `[[\(id)]]`\(Suggestion.hint(for: id, in: manual.documents.map(\.id)))"
        case .path(let path):
            let hint = Suggestion.nearest(to: path, in: manual.documents.map(\.sourcePath)).map { "; did you mean \($0)?" } ?? ""
            return "link to missing document: no file \(path) in the manual\(hint)"
        case .title(let title):
            return "no document is titled 《\(title)》"
        }
    }

    // MARK: - One document

    static func check(_ document: Document, in manual: Manual) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let file = document.sourcePath
        var mapped: [String: Int] = [:]
        for mapping in document.clauses {
            guard let standard = manual.standard(mapping.standard) else {
                found.append(.error(.unknownStandard, file, mapping.line,
                    "unknown standard `\(mapping.standard)`\(Suggestion.hint(for: mapping.standard, in: manual.standards.map(\.id))); add its catalogue to standards/"))
                continue
            }
            guard standard.contains(mapping.clause) else {
                found.append(.error(.unknownClause, file, mapping.line,
                    "unknown clause \(mapping.clause) for \(standard.id)\(Suggestion.hint(for: mapping.clause, in: standard.clauses.map(\.id)))"))
                continue
            }
            let key = "\(mapping.standard) \(mapping.clause)"
            if let first = mapped[key] {
                found.append(.warning(.clauseMappedTwice, file, mapping.line, "clause \(mapping.clause) is already mapped on line \(first); remove one"))
            } else {
                mapped[key] = mapping.line
            }
        }
        for principle in document.principles where Principle.named(principle.name) == nil {
            found.append(.error(.unknownPrinciple, file, principle.line,
                "unknown principle `\(principle.name)`\(Suggestion.hint(for: principle.name, in: Principle.keys)); use one of \(Principle.keys.joined(separator: ", "))"))
        }
        if document.type == .principle, let key = document.principleKey, Principle.named(key) == nil {
            found.append(.error(.unknownPrinciple, file, document.line(of: .key),
                "unknown principle key `\(key)`\(Suggestion.hint(for: key, in: Principle.keys)); use one of \(Principle.keys.joined(separator: ", "))"))
        }
        if let external = document.external {
            found += checkExternal(document, external, in: manual)
        } else if document.status == .approved {
            if document.approver == nil {
                found.append(.warning(.missingApprover, file, document.line(of: .status), "approved document has no `approver`; name who approved it"))
            }
            if document.effective == nil {
                found.append(.warning(.missingEffectiveDate, file, document.line(of: .status), "approved document has no `effective` date; add e.g. `effective: 2026-03-01`"))
            }
        }
        if document.clauses.isEmpty, document.status != .obsolete, document.writtenLine(of: .clauses) == nil,
           manual.config.clauseTypes.contains(document.type) {
            found.append(.warning(.noClauses, file, 1,
                "\(document.type.rawValue) maps no clause; add `clauses: [...]` so auditors can trace it, or `clauses: []` if it maps none on purpose"))
        }
        for record in document.records where record.retention == nil {
            found.append(.warning(.recordWithoutRetention, file, record.line, "record \(record.id) has no `retention` period (ISO 9001 7.5.3.2)"))
        }
        if let process = document.process {
            for flow in process.inputs + process.outputs {
                if let id = flow.process, manual[id: id] == nil, manual.unreadable[id] == nil {
                    found.append(.error(.unknownProcess, file, flow.line, "unknown process `\(id)`\(Suggestion.hint(for: id, in: manual.documents.map(\.id)))"))
                }
            }
            for method in process.methods where manual[id: method.name] == nil && manual.unreadable[method.name] == nil {
                found.append(.error(.unknownReference, file, method.line, "`methods` names unknown document `\(method.name)`\(Suggestion.hint(for: method.name, in: manual.documents.map(\.id)))"))
            }
            for kpi in process.kpis where kpi.target == nil {
                found.append(.error(.kpiWithoutTarget, file, kpi.line, "KPI “\(kpi.name)” has no `target`; say what counts as achieved, e.g. `target: ≥ 98%`"))
            }
        }
        for asset in document.assetLinks where !manual.hasAsset(asset.path) {
            found.append(.warning(.brokenAssetLink, file, asset.line,
                "link to a file that is not in the manual: \(asset.path)\(Suggestion.hint(for: asset.path, in: manual.assets))"))
        }
        return found
    }

    // MARK: - Published files

    /// Files that could run script on the site's origin if served as they are.
    static let activeExtensions: Set<String> = ["html", "htm", "xhtml", "xht", "shtml", "svg", "svgz", "xml", "xsl", "xslt",
                                                "js", "mjs", "mht", "mhtml", "swf"]

    static func isActive(_ path: String) -> Bool {
        activeExtensions.contains((path as NSString).pathExtension.lowercased())
    }

    /// Only what documents link or embed, and what `site.yml` `assets:` lists, is published; an
    /// active file never as it is (an embedded SVG image is written into the page instead).
    static func choosePublishedAssets(_ manual: inout Manual) -> [Diagnostic] {
        var found: [Diagnostic] = []
        var published = Set<String>()
        let unsafe = manual.config.unsafeHTML
        for document in manual.documents {
            for link in document.assetLinks where manual.hasAsset(link.path) {
                if !isActive(link.path) || unsafe {
                    published.insert(link.path)
                } else if !link.isEmbeddedSVG {
                    found.append(.warning(.activeFileNotPublished, document.sourcePath, link.line,
                        "\(link.path) is not published: HTML, SVG, XML and script files could run script on the site; attach a PDF or an image instead, or set `unsafe_html: true`"))
                }
            }
        }
        for entry in manual.config.assets {
            let matches = manual.assets.filter { entry.hasSuffix("/") ? $0.hasPrefix(entry) : $0 == entry }
            if matches.isEmpty {
                found.append(.warning(.brokenAssetLink, manual.config.sourcePath, manual.config.line(of: "assets"),
                    "`assets` names \(entry), which is not in the manual\(Suggestion.hint(for: entry, in: manual.assets))"))
            }
            for path in matches {
                if !isActive(path) || unsafe { published.insert(path) } else {
                    found.append(.warning(.activeFileNotPublished, manual.config.sourcePath, manual.config.line(of: "assets"),
                        "\(path) is not published: HTML, SVG, XML and script files could run script on the site; set `unsafe_html: true` to publish them"))
                }
            }
        }
        let embedded = Set(manual.documents.flatMap { $0.assetLinks.filter(\.isImage).map(\.path) })
        // The allowed-signers file is the manual's own record, read for verification, never a page's.
        let left = manual.assets.filter { !published.contains($0) && !embedded.contains($0) && !isActive($0) && $0 != manual.config.allowedSigners }
        if let first = left.first {
            let more = left.count > 1 ? " and \(left.count - 1) more" : ""
            found.append(.warning(.unpublishedFiles, manual.config.sourcePath, 1,
                "\(left.count) file\(left.count == 1 ? " is" : "s are") not published because no document links \(left.count == 1 ? "it" : "them") (\(first)\(more)); link \(left.count == 1 ? "it" : "them") from a document, or list \(left.count == 1 ? "it" : "them") under `assets:`"))
        }
        manual.publishedAssets = published
        return found
    }

    // MARK: - Across documents

    static func checkManualWide(_ manual: Manual) -> [Diagnostic] {
        var found: [Diagnostic] = []
        var principleOwner: [String: Document] = [:]
        var recordOwner: [String: Document] = [:]
        for document in manual.documents {
            if document.type == .principle, document.status != .obsolete, let key = document.principleKey {
                if let first = principleOwner[key] {
                    found.append(.error(.duplicatePrinciple, document.sourcePath, document.line(of: .key),
                        "principle `\(key)` is already explained by \(first.id) (\(first.sourcePath)); one document per principle"))
                } else {
                    principleOwner[key] = document
                }
            }
            for record in document.records where document.status != .obsolete {
                if let first = recordOwner[record.id] {
                    found.append(.error(.duplicateRecord, document.sourcePath, record.line,
                        "record id \(record.id) is already used by \(first.id) (\(first.sourcePath)); record ids must be unique"))
                } else {
                    recordOwner[record.id] = document
                }
            }
        }
        return found
    }
}
