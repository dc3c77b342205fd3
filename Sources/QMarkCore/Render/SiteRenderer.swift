import Foundation
import Mustache

/// The render stage: every page through its template, in parallel, into a sink.
public struct SiteRenderer: Sendable {
    let manual: Manual
    let library: MustacheLibrary
    var contexts: PageContexts

    /// Templates a site needs; a missing one is reported before anything is rendered.
    public static let requiredTemplates = ["layout", "index", "register", "document", "standard", "clause", "principles", "search", "history", "reviews", "archive", "changes",
                                                  "processes", "process-clauses", "records", "objectives", "print", "standards", "audit", "checklist", "transition", "external", "distribution", "signoff"]

    /// Why the site could not be rendered.
    public enum Failure: LocalizedError, LocatedFailure {
        case template(String, line: Int, message: String)
        case missingTemplates([String], folder: String)
        case render(String)
        case write(String, String)

        public var diagnostic: Diagnostic? {
            guard case let .template(file, line, message) = self else { return nil }
            return .error(.templateSyntax, file, line, "template does not parse: \(message)")
        }

        /// What to tell the user.
        public var errorDescription: String? {
            switch self {
            case let .template(file, line, message): return "\(file):\(line): template does not parse: \(message)"
            case let .missingTemplates(names, folder): return "\(folder): missing template(s) \(names.map { "\($0).mustache" }.joined(separator: ", "))"
            case .render(let page): return "template produced nothing for \(page)"
            case let .write(page, reason): return "cannot write \(page): \(reason)"
            }
        }
    }

    /// Loads and checks the templates; fails before anything is rendered.
    public init(manual: Manual, templates: URL) async throws {
        let library = try SiteRenderer.loadTemplates(from: templates, labels: Labels(manual.config.language))
        let missing = SiteRenderer.requiredTemplates.filter { library.getTemplate(named: $0) == nil }
        if !missing.isEmpty { throw Failure.missingTemplates(missing, folder: templates.path) }
        self.manual = manual
        self.library = library
        self.contexts = PageContexts(manual: manual)
    }

    /// Reads every `.mustache` file below the folder. Labels (`{{l.key}}`) are the same on every page
    /// of a build, so they are written into the template text once here rather than looked up per page.
    /// Values are escaped by `EscapedHTML` (a pragma on the template's first line, which adds no line).
    static func loadTemplates(from folder: URL, labels: Labels) throws -> MustacheLibrary {
        MustacheContentTypes.register(EscapedHTML(), named: EscapedHTML.name)
        var library = MustacheLibrary()
        for path in try FileIO.disk.listFiles(folder) where path.hasSuffix(".mustache") {
            let source = try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
            do {
                try library.register("{{% CONTENT_TYPE: \(EscapedHTML.name)}}" + inlineLabels(source, labels), named: String(path.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                throw Failure.template(folder.appendingPathComponent(path).path, line: error.context.lineNumber, message: "\(error.error)")
            }
        }
        return library
    }

    /// `{{l.key}}` → the escaped label, `{{{l.key}}}` → the label as it is. Labels have no newlines,
    /// so line numbers of template errors stay right.
    /// One pass over the template's bytes (replacing label by label took an eighth of a small build).
    static func inlineLabels(_ source: String, _ labels: Labels) -> String {
        var byName: [String: String] = [:]
        for (key, text) in labels.table { byName[key.replacingOccurrences(of: ".", with: "_")] = text }
        let bytes = Array(source.utf8), count = bytes.count
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        var output: [UInt8] = []
        output.reserveCapacity(count)
        var index = 0
        while index < count {
            if bytes[index] == open, index + 1 < count, bytes[index + 1] == open {
                let raw = index + 2 < count && bytes[index + 2] == open
                let start = index + (raw ? 3 : 2)
                if start + 1 < count, bytes[start] == UInt8(ascii: "l"), bytes[start + 1] == UInt8(ascii: ".") {
                    var end = start + 2
                    while end < count, bytes[end] != close, bytes[end] != open { end += 1 }
                    let closing = raw ? 3 : 2
                    if end + closing <= count, bytes[end..<(end + closing)].allSatisfy({ $0 == close }),
                       let text = byName[String(decoding: bytes[(start + 2)..<end], as: UTF8.self)] {
                        output += (raw ? text : HTML.escape(text)).utf8
                        index = end + closing
                        continue
                    }
                }
            }
            output.append(bytes[index])
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// One page to render.
    enum Page: Sendable, Equatable {
        case home, register, principles, search, reviews, archive, changes
        case processMap, processClauses, records, objectives
        /// The register of external-origin documents, when there are any.
        case external
        /// People × documents: who has read what.
        case distribution
        /// A document's printable sign-off sheet.
        case signoff(Int)
        /// Every approved document in one page, for printing.
        case print
        /// The standards side by side, and the documents against them.
        case standards
        /// The audit programme, and the checklists of each clause and each department.
        case auditProgramme
        case clauseChecklist(standard: Int, position: Int)
        case departmentChecklist(String)
        case document(Int)
        /// The pending revision of a document (draft, in review, approved for a later date) beside its revision in force.
        case pending(Int)
        /// A document's revision history: a section per revision, each with its redline.
        case history(Int)
        case standard(Int)
        case clause(standard: Int, position: Int)
        /// The move to a new edition of a standard, by position in `manual.transitions`.
        case transition(Int)
    }

    var pages: [Page] {
        var pages: [Page] = [.home, .register, .search, .reviews, .archive, .changes,
                             .processMap, .processClauses, .records, .objectives, .print, .standards, .auditProgramme]
        pages += contexts.departments.map { .departmentChecklist($0) }
        if manual.showsPrinciples { pages.append(.principles) }
        if manual.documents.contains(where: { $0.type == .external }) { pages.append(.external) }
        let distributed = manual.documents.indices.filter { manual.documents[$0].facts.distribution != nil }
        if !distributed.isEmpty { pages.append(.distribution) }
        pages += distributed.map { .signoff($0) }
        pages += manual.documents.indices.map { .document($0) }
        pages += manual.documents.indices.filter { manual.documents[$0].facts.pending != nil }.map { .pending($0) }
        pages += manual.documents.indices.filter { manual.documents[$0].facts.revisions.contains { $0.url != nil } }.map { .history($0) }
        for (index, coverage) in manual.coverage.enumerated() where !coverage.clauses.isEmpty {
            pages.append(.standard(index))
            pages += coverage.clauses.indices.map { .clause(standard: index, position: $0) }
            pages += coverage.clauses.indices.map { .clauseChecklist(standard: index, position: $0) }
        }
        pages += manual.transitions.indices.map { .transition($0) }
        return pages
    }

    func path(of page: Page) -> String {
        switch page {
        case .home: return "index.html"
        case .register: return "register.html"
        case .principles: return "principles.html"
        case .search: return "search.html"
        case .reviews: return "reviews.html"
        case .archive: return "archive.html"
        case .changes: return "changes.html"
        case .processMap: return "processes.html"
        case .processClauses: return "process-clauses.html"
        case .records: return "records.html"
        case .objectives: return "objectives.html"
        case .external: return "external.html"
        case .distribution: return "distribution.html"
        case .signoff(let index): return SiteLinks.signoffURL(manual.documents[index].id)
        case .print: return "print.html"
        case .standards: return "standards.html"
        case .auditProgramme: return "audit/index.html"
        case let .clauseChecklist(standard, position):
            let coverage = manual.coverage[standard]
            return PageContexts.checklistURL(standard: coverage.standard.id, clause: coverage.clauses[position].clause.id)
        case .departmentChecklist(let department): return PageContexts.checklistURL(department: department)
        case .document(let index): return SiteLinks.documentURL(manual.documents[index].id)
        case .pending(let index): return SiteLinks.pendingURL(manual.documents[index].id)
        case .history(let index): return SiteLinks.historyURL(document: manual.documents[index].id)
        case .standard(let index): return SiteLinks.standardURL(manual.coverage[index].standard.id)
        case let .clause(standard, position):
            let coverage = manual.coverage[standard]
            return SiteLinks.clauseURL(standard: coverage.standard.id, clause: coverage.clauses[position].clause.id)
        case .transition(let index): return PageContexts.transitionURL(manual.transitions[index].new.standard.id)
        }
    }

    /// A rendered page, and for a document page its search entry and body.
    struct Rendered {
        var html: String?
        var searchEntry: SearchIndex.Entry?
        var body: String?
    }

    /// A page; the print edition takes the bodies of documents in force from `bodies`.
    func render(_ page: Page, bodies: (Int) -> String = { _ in "" }) -> Rendered {
        guard case .document(let index) = page else { return Rendered(html: render(value(of: page, bodies: bodies))) }
        let document = manual.documents[index]
        let body = contexts.body(of: document)
        return Rendered(html: render(value(of: page, body: body)), searchEntry: SearchIndex.entry(for: document, bodyHTML: body, contexts: contexts),
                        body: document.isInForce ? body : nil)
    }

    /// What a page shows, and the template that lays it out. A document page needs its body's HTML,
    /// the print edition the bodies of the documents it prints (by position).
    func value(of page: Page, body: String = "", bodies: (Int) -> String = { _ in "" }) -> PageValue {
        switch page {
        case .home: PageValue("index", contexts.home())
        case .register: PageValue("register", contexts.register())
        case .principles: PageValue("principles", contexts.principlesPage())
        case .search: PageValue("search", contexts.searchPage())
        case .reviews: PageValue("reviews", contexts.reviewPage())
        case .archive: PageValue("archive", contexts.archivePage())
        case .changes: PageValue("changes", contexts.changesPage())
        case .processMap: PageValue("processes", contexts.processMapPage())
        case .processClauses: PageValue("process-clauses", contexts.processClausePage())
        case .records: PageValue("records", contexts.recordsPage())
        case .objectives: PageValue("objectives", contexts.objectivesPage())
        case .external: PageValue("external", contexts.externalPage())
        case .distribution: PageValue("distribution", contexts.distributionPage())
        case .signoff(let index): PageValue("signoff", contexts.signoffPage(document: index))
        case .print: PageValue("print", contexts.printEdition(body: bodies))
        case .standards: PageValue("standards", contexts.standardsPage())
        case .auditProgramme: PageValue("audit", contexts.auditProgramme())
        case let .clauseChecklist(standard, position): PageValue("checklist", contexts.clauseChecklist(manual.coverage[standard], at: position))
        case .departmentChecklist(let department): PageValue("checklist", contexts.departmentChecklist(department))
        case .document(let index): PageValue("document", contexts.document(at: index, body: body))
        case .pending(let index):
            PageValue("document", contexts.document(at: index, body: manual.documents[index].facts.pending.map { contexts.body(of: $0.document) } ?? "",
                                                    pending: true))
        case .history(let index): PageValue("history", contexts.historyPage(document: index))
        case .standard(let index): PageValue("standard", contexts.standardPage(manual.coverage[index]))
        case let .clause(standard, position): PageValue("clause", contexts.clausePage(manual.coverage[standard], at: position))
        case .transition(let index): PageValue("transition", contexts.transitionPage(manual.transitions[index]))
        }
    }

    func render(_ value: PageValue) -> String? {
        library.render(value.value, withTemplate: value.template)
    }

    /// Renders and writes every page and the search index; returns how many pages were written,
    /// and the key of each history page for the next build.
    /// A history page whose inputs match those recorded for the previous build is reused, not rendered.
    func render(into sink: SiteSink, previous: BuildManifest = BuildManifest(), templates: URL? = nil) async throws -> (pages: Int, manifest: BuildManifest) {
        // The print edition is made last, from the bodies the document pages rendered.
        let pages = self.pages.filter { $0 != .print }
        let buildKey = self.buildKey(templates: templates)
        // Keys first: the texts of the revisions that must be rendered are then read from git in one batch.
        let keys = await parallelMap(pages) { page -> String? in
            guard case .history(let document) = page else { return nil }
            return self.key(history: document, build: buildKey)
        }
        var needed = Set<String>()
        for (page, key) in zip(pages, keys) {
            guard case .history(let document) = page, previous.keys[self.path(of: page)] != key else { continue }
            for revision in manual.documents[document].facts.revisions { if let blob = revision.last?.blob { needed.insert(blob) } }
        }
        // Read here, before rendering: rendering itself reads no file and runs no git.
        var renderer = self
        renderer.contexts.revisionTexts = try await manual.history.texts(including: needed)
        let results = await parallelMap(Array(zip(pages, keys))) { [renderer] page, key -> Result<(SearchIndex.Entry?, String?, (String, String)?), Failure> in
            let path = self.path(of: page)
            var pageKey: (String, String)?
            if let key {
                pageKey = (path, key)
                if previous.keys[path] == key, sink.reuse(path) { return .success((nil, nil, pageKey)) }
            }
            let rendered = renderer.render(page)
            guard let html = rendered.html else { return .failure(.render(path)) }
            do {
                try sink.write(Data(html.utf8), to: path)
                return .success((rendered.searchEntry, rendered.body, pageKey))
            } catch {
                return .failure(.write(path, error.localizedDescription))
            }
        }
        var entries: [SearchIndex.Entry] = []
        var manifest = BuildManifest()
        var bodies: [Int: String] = [:]
        for (page, result) in zip(pages, results) {
            let (entry, body, key) = try result.get()
            if let entry { entries.append(entry) }
            if case .document(let index) = page, let body { bodies[index] = body }
            if let key { manifest.keys[key.0] = key.1 }
        }
        guard let edition = renderer.render(.print, bodies: { bodies[$0] ?? "" }).html else { throw Failure.render(path(of: .print)) }
        try sink.write(Data(edition.utf8), to: path(of: .print))
        entries += SearchIndex.otherEntries(manual, contexts: contexts)
        for file in try SearchIndex.files(entries, synonyms: SearchSynonyms.groups(manual.config)) { try sink.write(file.data, to: file.path) }
        return (pages.count + 1, manifest)
    }

    // MARK: - Page keys

    /// What every page shares: QMark's page format, the templates, the labels and the settings shown on pages.
    func buildKey(templates: URL?) -> String {
        var key = PageKey()
        key.add("qmark-pages-2", SiteRenderer.executableIdentity, manual.config.title, manual.config.organization, manual.config.language.rawValue,
                manual.config.standard, manual.config.uncontrolledNotice, manual.config.paper.rawValue, manual.pointInTime?.id)
        if let templates, let files = try? FileIO.disk.listFiles(templates) {
            for file in files where file.hasSuffix(".mustache") {
                key.add(file, (try? String(contentsOf: templates.appendingPathComponent(file), encoding: .utf8)) ?? "")
            }
        } else {
            key.add(UUID().uuidString) // unknown templates: never reuse
        }
        return key.value
    }

    /// Size and modification time of the running program: a new build of QMark renders every page anew.
    static let executableIdentity: String = {
        let path = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? NSNumber, let date = attributes[.modificationDate] as? Date
        else { return UUID().uuidString }
        return "\(size)-\(date.timeIntervalSince1970)"
    }()

    /// Everything a history page shows: the document's id and title, and each revision with its commits and text.
    func key(history index: Int, build: String) -> String {
        let document = manual.documents[index]
        var key = PageKey()
        // The page names the document and links to it, but does not show its current revision or status.
        key.add(build, document.id, document.title)
        for revision in document.facts.revisions {
            key.add(revision.label, revision.url, revision.summary, revision.date, revision.approvedBy, revision.status?.rawValue, revision.last?.blob)
            for commit in revision.commits {
                key.add(commit.id, commit.date, commit.author, commit.summary, commit.isEditorial ? "e" : "", commit.approvedBy)
            }
        }
        return key.value
    }
}

/// Mustache's HTML escaping (`&`, `<`, `>`, `"`, `'`), done on UTF-8 bytes: values are escaped on
/// every page of the site, and most contain nothing to escape.
struct EscapedHTML: MustacheContentType {
    static let name = "QMARK_HTML"

    func escapeText(_ text: String) -> String {
        HTML.escape(text, apostrophe: true)
    }
}

/// A page's value and the name of the template that lays it out.
struct PageValue: Sendable {
    var template: String
    var value: any TemplateValue

    init(_ template: String, _ value: any TemplateValue) {
        self.template = template
        self.value = value
    }

    /// Whether the page would render the same: same template, equal value.
    func isSame(as other: PageValue) -> Bool {
        template == other.template && value.isEqual(to: other.value)
    }
}
