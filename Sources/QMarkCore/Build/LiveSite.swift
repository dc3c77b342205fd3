import Foundation

/// A site kept up to date in place while its manual is edited: what the preview server builds on.
///
/// The state of the last update stays in memory — the files read, their parse, each page's value,
/// each body's HTML. An update re-reads only the files it is told changed, parses only those,
/// resolves the whole manual again (links, coverage and history are manual-wide), and then
/// renders only the pages whose value differs from the last one, writing a file only when its
/// bytes change. A page is never stale: its value is everything its template reads, and it is
/// compared whole. Bodies are rendered again when their text changes, or for every document when
/// anything a link shows changes (an id, a title, a path, a status, the assets).
///
/// The output is written in place, file by file (each through a temporary file and a rename), not
/// swapped whole as `qmark build` does: a reader may see some pages of the old state beside some
/// of the new during an update, never a half-written file.
public actor LiveSite {
    /// What an update did.
    public struct Update: Sendable {
        /// False when the manual has errors: nothing was written.
        public var built: Bool
        public var diagnostics: [Diagnostic]
        /// Pages whose value changed, rendered again.
        public var rendered: Int
        /// Site-relative paths written because their bytes changed, in path order.
        public var written: [String]
        /// Site-relative paths removed because the site no longer has them.
        public var removed: [String]
        public var seconds: Double
    }

    public let source: URL
    public let output: URL
    public let templates: URL
    let options: Pipeline.Options

    /// The manual as last resolved.
    public private(set) var manual: Manual?
    private var files: [String: Data] = [:]
    private var parsed: Resolver.Parsed?
    private var history: ManualHistory?
    private var buildKey: String?
    private var pages: [String: PageValue] = [:]
    private var historyKeys: [String: String] = [:]
    private var bodies: [String: Body] = [:]
    private var linkContext: LinkContext?
    /// Each document's search entry, encoded.
    private var entries: [String: SearchIndex.Entry] = [:]
    private var dataValues: APIDocuments.Values?
    private var dataFiles: [(path: String, data: Data)] = []
    /// Every file the site had after the last update; nil before the first.
    private var published: Set<String>?
    /// The bytes of the files beside the pages as last written: compared in memory, not read back.
    private var lastExtra: [String: Data] = [:]

    /// - Parameter options: `at` is not supported (a preview is of the work tree).
    public init(source: URL, output: URL, templates: URL, options: Pipeline.Options = Pipeline.Options()) {
        self.source = source.standardizedFileURL
        self.output = output.standardizedFileURL
        self.templates = templates
        var options = options
        options.at = nil
        options.cache = BuildCache(output: output)
        options.excluded = [output]
        self.options = options
    }

    /// Brings the site up to date. The first update builds everything.
    /// - Parameter changed: manual-relative paths of files that changed, were added or removed since the last update.
    public func update(changed: [String] = []) async throws -> Update {
        let start = Date()
        for path in changed { files[path] = nil }
        let cached = files, base = source.path + "/"
        let io = FileIO(
            list: FileIO.disk.list,
            read: { url in
                if url.path.hasPrefix(base), let data = cached[String(url.path.dropFirst(base.count))] { return data }
                return try FileIO.disk.read(url)
            })
        let known = try await unchangedHistory()
        let (manual, parsed) = try await Pipeline.resolveStages(source: source, io: io, options: options, previous: parsed,
                                                                knownHistory: known)
        self.parsed = parsed
        self.history = manual.history
        self.manual = manual
        files = [:]
        for file in [parsed.sources.siteConfig].compactMap({ $0 }) + parsed.sources.catalogues + parsed.sources.documents + parsed.sources.records {
            files[file.path] = file.data
        }
        guard !manual.diagnostics.hasErrors else {
            return Update(built: false, diagnostics: manual.diagnostics, rendered: 0, written: [], removed: [], seconds: Date().timeIntervalSince(start))
        }
        if published == nil {
            try AtomicSiteWriter.checkReplaceable(output)
            published = Set(FolderWalk(output.path)?.files ?? []).subtracting(AtomicSiteWriter.keptFiles)
        }
        var update = try await write(manual)
        update.seconds = Date().timeIntervalSince(start)
        return update
    }

    /// The history of the last update when git's `HEAD` has not moved since; nil when it must be read again.
    private func unchangedHistory() async throws -> ManualHistory? {
        guard options.history, let history else { return nil }
        guard let repository = history.repository else {
            return await GitRepository.find(manual: source) == nil ? history : nil
        }
        return (try? await repository.resolve("HEAD")) == history.head ? history : nil
    }

    // MARK: - Pages

    /// A body as rendered, and what it was rendered from.
    struct Body: Sendable {
        var key: BodyKey
        var html: String
    }

    struct BodyKey: Equatable, Sendable {
        var body: String
        var sourcePath: String
        var bodyLine: Int
        var title: String
    }

    /// Everything of the manual a body's links and mentions show: when it changes, every body is rendered again.
    struct LinkContext: Equatable, Sendable {
        var documents: [[String]]
        var assets: [String]
        var published: Set<String>
        var inlineImages: [String: String]
        var settings: [Bool]
        /// The site's language: a body's task checkboxes are labelled in it.
        var language: String

        init(_ manual: Manual) {
            documents = manual.documents.map { [$0.id, $0.title, $0.sourcePath, $0.status.rawValue] }
            assets = manual.assets
            published = manual.publishedAssets
            inlineImages = manual.inlineImages
            settings = [manual.config.unsafeHTML, manual.config.linkMentions]
            language = manual.config.language.rawValue
        }
    }

    private func write(_ manual: Manual) async throws -> Update {
        var renderer = try await SiteRenderer(manual: manual, templates: templates)
        let key = renderer.buildKey(templates: templates)
        if key != buildKey {
            pages = [:]
            historyKeys = [:]
            entries = [:]
        }
        buildKey = key
        let context = LinkContext(manual)
        if context != linkContext { bodies = [:] }
        linkContext = context

        // Bodies that changed, rendered in parallel.
        let documentPages = manual.documents.indices
        let previousBodies = bodies
        let newBodies = await parallelMap(Array(documentPages)) { [renderer] index -> Body? in
            let document = manual.documents[index]
            let key = BodyKey(body: document.body, sourcePath: document.sourcePath, bodyLine: document.bodyLine, title: document.title)
            if let body = previousBodies[document.id], body.key == key { return nil }
            return Body(key: key, html: renderer.contexts.body(of: document))
        }
        for (index, body) in zip(documentPages, newBodies) { if let body { bodies[manual.documents[index].id] = body } }
        let liveIDs = Set(manual.documents.map(\.id))
        bodies = bodies.filter { liveIDs.contains($0.key) }

        // Each page's value, compared with the last: history pages by their key, the others whole.
        let allPages = renderer.pages
        let currentBodies = bodies, previousPages = pages, previousHistory = historyKeys
        let planned = await parallelMap(allPages) { [renderer] page -> Planned in
            let path = renderer.path(of: page)
            if case .history(let index) = page {
                let historyKey = renderer.key(history: index, build: key)
                return Planned(path: path, page: page, value: nil, historyKey: historyKey, changed: previousHistory[path] != historyKey)
            }
            var body = ""
            if case .document(let index) = page { body = currentBodies[manual.documents[index].id]?.html ?? "" }
            let value = renderer.value(of: page, body: body, bodies: { currentBodies[manual.documents[$0].id]?.html ?? "" })
            return Planned(path: path, page: page, value: value, historyKey: nil, changed: !(previousPages[path]?.isSame(as: value) ?? false))
        }
        var needed = Set<String>()
        for plan in planned where plan.changed {
            guard case .history(let index) = plan.page else { continue }
            for revision in manual.documents[index].facts.revisions { if let blob = revision.last?.blob { needed.insert(blob) } }
        }
        renderer.contexts.revisionTexts = try await manual.history.texts(including: needed)
        let changed = planned.filter(\.changed)
        let html = await parallelMap(changed) { [renderer] plan -> String? in
            renderer.render(plan.value ?? renderer.value(of: plan.page))
        }

        var output = SiteOutput(folder: self.output)
        for (plan, page) in zip(changed, html) {
            guard let page else { throw SiteRenderer.Failure.render(plan.path) }
            try output.put(Data(page.utf8), at: plan.path)
            if case .document(let index) = plan.page {
                let document = manual.documents[index]
                entries[document.id] = SearchIndex.entry(for: document, bodyHTML: bodies[document.id]?.html ?? "", contexts: renderer.contexts)
            }
        }
        var kept = Set(planned.map(\.path))
        pages = [:]
        historyKeys = [:]
        for plan in planned {
            if let value = plan.value { pages[plan.path] = value }
            if let historyKey = plan.historyKey { historyKeys[plan.path] = historyKey }
        }
        entries = entries.filter { liveIDs.contains($0.key) }

        // The files beside the pages, as a build writes them.
        let searchEntries = manual.documents.compactMap { entries[$0.id] } + SearchIndex.otherEntries(manual, contexts: renderer.contexts)
        var extra = try SearchIndex.files(searchEntries, synonyms: SearchSynonyms.groups(manual.config))
        // The JSON is encoded again only when what it says changed (a body edit changes none of it).
        let values = APIDocuments.Values(manual)
        if values != dataValues {
            dataFiles = try values.files()
            dataValues = values
        }
        extra += dataFiles
        if manual.history.repository != nil, manual.history.cacheIsStale, let cache = options.cache {
            cache.write(HistoryCache.fileName, HistoryCache.text(manual.history.scans))
            history?.cacheIsStale = false
        }
        for asset in manual.assets where manual.publishedAssets.contains(asset) {
            extra.append(("files/" + asset, try Data(contentsOf: source.appendingPathComponent(asset))))
        }
        for file in try SiteBuilder.staticFiles(in: templates) {
            extra.append(("assets/" + file, try Data(contentsOf: templates.appendingPathComponent(file))))
        }
        extra.append((AtomicSiteWriter.marker, Data(AtomicSiteWriter.markerText.utf8)))
        var nextExtra: [String: Data] = [:]
        for file in extra {
            if lastExtra[file.path] != file.data { try output.put(file.data, at: file.path) }
            nextExtra[file.path] = file.data
            kept.insert(file.path)
        }
        lastExtra = nextExtra
        let removed = (published ?? []).subtracting(kept).sorted()
        for path in removed { try output.remove(path) }
        published = kept
        return Update(built: true, diagnostics: manual.diagnostics, rendered: changed.count, written: output.written.sorted(), removed: removed, seconds: 0)
    }

    /// A page, its value, and whether it must be rendered.
    struct Planned: Sendable {
        var path: String
        var page: SiteRenderer.Page
        var value: PageValue?
        var historyKey: String?
        var changed: Bool
    }
}

/// Files written in place into a site folder, each only when its bytes differ from what is there.
struct SiteOutput {
    let folder: URL
    private(set) var written: [String] = []

    init(folder: URL) {
        self.folder = folder
    }

    mutating func put(_ data: Data, at path: String) throws {
        let target = folder.appendingPathComponent(path)
        if let existing = try? Data(contentsOf: target), existing == data { return }
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: target, options: .atomic)
        } catch {
            throw WriteError.cannotWrite(path, error.localizedDescription)
        }
        written.append(path)
    }

    func remove(_ path: String) throws {
        let target = folder.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: target.path) else { return }
        do {
            try FileManager.default.removeItem(at: target)
        } catch {
            throw WriteError.cannotWrite(path, error.localizedDescription)
        }
    }
}
