import Foundation
import Mustache

/// The render stage: every page through its template, in parallel, into a sink.
public struct SiteRenderer: Sendable {
    let manual: Manual
    let library: MustacheLibrary
    let contexts: PageContexts

    /// Templates a site needs; a missing one is reported before anything is rendered.
    public static let requiredTemplates = ["layout", "index", "register", "document", "standard", "clause", "principles", "search", "revision", "reviews", "archive", "changes"]

    /// Why the site could not be rendered.
    public enum Failure: LocalizedError {
        case template(String, line: Int, message: String)
        case missingTemplates([String], folder: String)
        case render(String)
        case write(String, String)

        /// What to tell the user.
        public var errorDescription: String? {
            switch self {
            case let .template(file, line, message): return "\(file):\(line): error: template does not parse: \(message)"
            case let .missingTemplates(names, folder): return "\(folder): missing template(s) \(names.map { "\($0).mustache" }.joined(separator: ", "))"
            case .render(let page): return "template produced nothing for \(page)"
            case let .write(page, reason): return "cannot write \(page): \(reason)"
            }
        }
    }

    /// Loads and checks the templates; fails before anything is rendered.
    public init(manual: Manual, templates: URL) async throws {
        let library: MustacheLibrary
        do {
            library = try await MustacheLibrary(directory: templates.path)
        } catch let error as MustacheLibrary.ParserError {
            throw Failure.template(error.filename, line: error.context.lineNumber, message: "\(error.error)")
        }
        let missing = SiteRenderer.requiredTemplates.filter { library.getTemplate(named: $0) == nil }
        if !missing.isEmpty { throw Failure.missingTemplates(missing, folder: templates.path) }
        self.manual = manual
        self.library = library
        self.contexts = PageContexts(manual: manual)
    }

    /// One page to render.
    enum Page: Sendable {
        case home, register, principles, search, reviews, archive, changes
        case document(Int)
        case revision(document: Int, position: Int)
        case standard(Int)
        case clause(standard: Int, position: Int)
    }

    var pages: [Page] {
        var pages: [Page] = [.home, .register, .principles, .search, .reviews, .archive, .changes]
        pages += manual.documents.indices.map { .document($0) }
        for (document, revisions) in manual.revisions.enumerated() {
            pages += revisions.indices.filter { revisions[$0].url != nil }.map { .revision(document: document, position: $0) }
        }
        for (index, coverage) in manual.coverage.enumerated() where !coverage.clauses.isEmpty {
            pages.append(.standard(index))
            pages += coverage.clauses.indices.map { .clause(standard: index, position: $0) }
        }
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
        case .document(let index): return SiteLinks.documentURL(manual.documents[index].id)
        case let .revision(document, position): return manual.revisions[document][position].url!
        case .standard(let index): return SiteLinks.standardURL(manual.coverage[index].standard.id)
        case let .clause(standard, position):
            let coverage = manual.coverage[standard]
            return SiteLinks.clauseURL(standard: coverage.standard.id, clause: coverage.clauses[position].clause.id)
        }
    }

    /// A rendered page, and for a document page its search entry.
    struct Rendered {
        var html: String?
        var searchEntry: SearchIndex.Entry?
    }

    func render(_ page: Page) -> Rendered {
        guard case .document(let index) = page else { return Rendered(html: html(of: page)) }
        let document = manual.documents[index]
        let body = contexts.body(of: document)
        return Rendered(html: library.render(contexts.document(at: index, body: body), withTemplate: "document"),
                        searchEntry: SearchIndex.entry(for: document, bodyHTML: body, labels: contexts.labels))
    }

    func html(of page: Page) -> String? {
        switch page {
        case .home: return library.render(contexts.home(), withTemplate: "index")
        case .register: return library.render(contexts.register(), withTemplate: "register")
        case .principles: return library.render(contexts.principlesPage(), withTemplate: "principles")
        case .search: return library.render(contexts.searchPage(), withTemplate: "search")
        case .reviews: return library.render(contexts.reviewPage(), withTemplate: "reviews")
        case .archive: return library.render(contexts.archivePage(), withTemplate: "archive")
        case .changes: return library.render(contexts.changesPage(), withTemplate: "changes")
        case .document: return render(page).html
        case let .revision(document, position):
            return library.render(contexts.revisionPage(document: document, revision: position), withTemplate: "revision")
        case .standard(let index): return library.render(contexts.standardPage(manual.coverage[index]), withTemplate: "standard")
        case let .clause(standard, position):
            return library.render(contexts.clausePage(manual.coverage[standard], at: position), withTemplate: "clause")
        }
    }

    /// Renders and writes every page and the search index; returns how many pages were written.
    public func render(into sink: SiteSink) async throws -> Int {
        let pages = self.pages
        let results = await parallelMap(pages) { page -> Result<SearchIndex.Entry?, Failure> in
            let path = self.path(of: page)
            let rendered = self.render(page)
            guard let html = rendered.html else { return .failure(.render(path)) }
            do {
                try sink.write(Data(html.utf8), to: path)
                return .success(rendered.searchEntry)
            } catch {
                return .failure(.write(path, error.localizedDescription))
            }
        }
        let entries = try results.compactMap { try $0.get() }
        try sink.write(try SearchIndex.script(entries), to: SearchIndex.path)
        return pages.count
    }
}
