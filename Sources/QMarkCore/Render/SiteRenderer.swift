import Foundation
import Mustache

/// The render stage: every page through its template, in parallel, into a sink.
public struct SiteRenderer: Sendable {
    let manual: Manual
    let library: MustacheLibrary
    let contexts: PageContexts

    /// Templates a site needs; a missing one is reported before anything is rendered.
    public static let requiredTemplates = ["layout", "index", "register", "document", "standard", "clause", "principles"]

    public enum Failure: LocalizedError {
        case template(String, line: Int, message: String)
        case missingTemplates([String], folder: String)
        case render(String)

        public var errorDescription: String? {
            switch self {
            case let .template(file, line, message): return "\(file):\(line): error: template does not parse: \(message)"
            case let .missingTemplates(names, folder): return "\(folder): missing template(s) \(names.map { "\($0).mustache" }.joined(separator: ", "))"
            case .render(let page): return "template produced nothing for \(page)"
            }
        }
    }

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
        case home, register, principles
        case document(Int)
        case standard(Int)
        case clause(standard: Int, position: Int)
    }

    var pages: [Page] {
        var pages: [Page] = [.home, .register, .principles]
        pages += manual.documents.indices.map { .document($0) }
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
        case .document(let index): return SiteLinks.documentURL(manual.documents[index].id)
        case .standard(let index): return SiteLinks.standardURL(manual.coverage[index].standard.id)
        case let .clause(standard, position):
            let coverage = manual.coverage[standard]
            return SiteLinks.clauseURL(standard: coverage.standard.id, clause: coverage.clauses[position].clause.id)
        }
    }

    func html(of page: Page) -> String? {
        switch page {
        case .home: return library.render(contexts.home(), withTemplate: "index")
        case .register: return library.render(contexts.register(), withTemplate: "register")
        case .principles: return library.render(contexts.principlesPage(), withTemplate: "principles")
        case .document(let index): return library.render(contexts.document(at: index), withTemplate: "document")
        case .standard(let index): return library.render(contexts.standardPage(manual.coverage[index]), withTemplate: "standard")
        case let .clause(standard, position):
            return library.render(contexts.clausePage(manual.coverage[standard], at: position), withTemplate: "clause")
        }
    }

    /// Renders and writes every page; returns how many were written.
    public func render(into sink: SiteSink) async throws -> Int {
        let pages = self.pages
        let failures = await parallelMap(pages) { page -> String? in
            let path = self.path(of: page)
            guard let html = self.html(of: page) else { return Failure.render(path).localizedDescription }
            do {
                try sink.write(Data(html.utf8), to: path)
                return nil
            } catch {
                return error.localizedDescription
            }
        }
        if let failure = failures.lazy.compactMap({ $0 }).first { throw Failure.render(failure) }
        return pages.count
    }
}
