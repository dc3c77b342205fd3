import Foundation

/// The chain of stages over one manual: Load → Parse/Resolve → Render → Write.
/// Commands call these; none of them prints or exits.
public enum Pipeline {
    /// What to read besides the files of the manual folder.
    public struct Options: Sendable {
        /// Read revision history from git.
        public var history = true
        /// Build the manual as it stood at this commit (`--at`), read from git.
        public var at: String?
        /// The day of the build, for periodic review.
        public var today = DayDate.today()
        /// The build cache, whose record of document versions saves reading them from git again.
        public var cache: BuildCache?
        /// The manual's files when already read (to fingerprint them): not read again.
        public var sources: ManualSources?
        /// Folders that are not part of the manual even when inside it (the site being built).
        public var excluded: [URL] = []

        public init(history: Bool = true, at: String? = nil, today: DayDate = .today()) {
            self.history = history
            self.at = at
            self.today = today
        }
    }

    /// Why a manual could not be read from git.
    public enum Failure: LocalizedError {
        case notInGit(String)
        public var errorDescription: String? {
            switch self {
            case .notInGit(let path): return "\(path) is not in a git repository, so there is no commit to read; --at and changes need git"
            }
        }
    }

    /// Loads and resolves a manual folder (the stages every command shares). Git history is
    /// read in one pass while the documents are parsed.
    public static func resolve(source: URL, io: FileIO = .disk, options: Options = Options(), timings: StageTimings? = nil) async throws -> Manual {
        try await resolveStages(source: source, io: io, options: options, timings: timings).manual
    }

    /// The stages of `resolve`, keeping the parse for the next run.
    /// - Parameters:
    ///   - previous: an earlier parse of the same manual: unchanged files are not parsed again.
    ///   - knownHistory: the history already read, when the caller knows it has not changed.
    static func resolveStages(source: URL, io: FileIO = .disk, options: Options = Options(), timings: StageTimings? = nil,
                              previous: Resolver.Parsed? = nil, knownHistory: ManualHistory? = nil) async throws -> (manual: Manual, parsed: Resolver.Parsed) {
        // Git history is read on its own task from the start: it overlaps reading and parsing the files.
        let historyStart = Date()
        async let history = { () async throws -> ManualHistory in
            guard options.history else { return ManualHistory() }
            if let knownHistory { return knownHistory }
            defer { timings?.record("git history", since: historyStart) }
            return try await ManualHistory.load(manual: source, upTo: options.at, cache: options.cache)
        }()
        let start = Date()
        let sources: ManualSources
        if let known = options.sources { sources = known } else { sources = try await loadSources(source: source, io: io, options: options) }
        timings?.record("load", since: start)
        let parseStart = Date()
        let parsed = await Resolver.parse(sources, reusing: previous)
        timings?.record("parse", since: parseStart)
        var readHistory = try await history
        let resolveStart = Date()
        // Documents whose work-tree revision is pending are published at their revision in force, read from git.
        let inForceRevisions = Resolver.revisionsInForce(parsed.documents, history: readHistory, today: options.today)
        if !inForceRevisions.isEmpty {
            readHistory.texts = try await readHistory.texts(including: Set(inForceRevisions.values.compactMap { $0.last?.blob }))
        }
        let inForce = Resolver.documentsInForce(inForceRevisions, texts: readHistory.texts, parsed: parsed)
        try await verifySignatures(&readHistory, parsed: parsed, source: source)
        var manual = Resolver.link(parsed, history: readHistory, today: options.today, inForce: inForce)
        if options.at != nil, let repository = manual.history.repository, let head = manual.history.head {
            let date = String(decoding: try await repository.git(["show", "-s", "--format=%aI", head]), as: UTF8.self)
            manual.pointInTime = (head, String(date.prefix(10)))
        }
        manual.inlineImages = try await inlineImages(manual, source: source)
        timings?.record("resolve", since: resolveStart)
        return (manual, parsed)
    }

    /// Approving commits verified against the allowed signers, when site.yml names them. The same history
    /// against the same file is not verified twice: a preview's updates do not run git again.
    static func verifySignatures(_ history: inout ManualHistory, parsed: Resolver.Parsed, source: URL) async throws {
        guard let signers = parsed.config.allowedSigners, let repository = history.repository, parsed.sources.assets.contains(signers) else { return }
        // Read from git at `--at` (its blob), else from the folder.
        let blob = parsed.sources.assetBlobs[signers]
        let contents: Data
        if let blob { contents = try await repository.blobs([blob])[blob] ?? Data() } else {
            contents = (try? Data(contentsOf: source.appendingPathComponent(signers))) ?? Data()
        }
        var key = PageKey()
        key.add(data: contents)
        guard !history.verifiesSignatures || history.signersKey != key.value else { return }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qmark-signers-\(UUID().uuidString.prefix(8))")
        try contents.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let approving = history.revisions.values.joined().flatMap { $0.commits.filter { !$0.approvalTrailers.isEmpty }.map(\.id) }
        history.signatures = try await repository.signatures(of: Array(Set(approving)), allowedSigners: file)
        history.verifiesSignatures = true
        history.signersKey = key.value
    }

    /// The files of the manual: from the folder (less the excluded folders), or from git at `--at`.
    public static func loadSources(source: URL, io: FileIO = .disk, options: Options) async throws -> ManualSources {
        if let ref = options.at {
            guard let repository = await GitRepository.find(manual: source) else { throw Failure.notInGit(source.path) }
            return try await ManualSources.load(from: repository, at: try await repository.resolve(ref))
        }
        let skipped = options.excluded.compactMap { folder -> String? in
            let inside = RelativePath.of(AtomicSiteWriter.followingLinks(folder.standardizedFileURL), under: source)
            return inside.map { $0 + "/" }
        }
        return try await ManualSources.load(from: source, io: io, excluding: skipped)
    }

    /// SVG images embedded in bodies, read once and written into pages as `data:` URIs: an image
    /// there cannot run script, where the same file served from the site could.
    static func inlineImages(_ manual: Manual, source: URL) async throws -> [String: String] {
        let paths = Set(manual.documents.flatMap { $0.assetLinks }.filter { $0.isEmbeddedSVG && manual.hasAsset($0.path) }.map(\.path))
        guard !paths.isEmpty else { return [:] }
        var contents: [String: Data] = [:]
        if let repository = manual.history.repository, !manual.assetBlobs.isEmpty {
            let blobs = try await repository.blobs(paths.compactMap { manual.assetBlobs[$0] })
            for path in paths { contents[path] = manual.assetBlobs[path].flatMap { blobs[$0] } }
        } else {
            for path in paths { contents[path] = try? Data(contentsOf: source.appendingPathComponent(path)) }
        }
        return contents.mapValues { "data:image/svg+xml;base64," + $0.base64EncodedString() }
    }

    /// Renders one Markdown file's body to HTML, resolving document links against the manual
    /// around it when there is one. Links are written as seen from a document page.
    public static func renderBody(file: URL, manual: Manual?, manualRoot: URL?) throws -> (html: String, diagnostics: [Diagnostic]) {
        let data = try Data(contentsOf: file)
        let relative = manualRoot.flatMap { RelativePath.of(file, under: $0) } ?? file.lastPathComponent
        let source: SourceText
        do {
            source = try SourceText.split(try SourceText.decode(data))
        } catch .notUTF8(let line) {
            return ("", [.error(.notUTF8, relative, line, "file is not valid UTF-8; save it as UTF-8")])
        } catch {
            return ("", [.error(.unterminatedFrontMatter, relative, 1, "front-matter opened with `---` on line 1 is never closed")])
        }
        let options = MarkdownOptions(unsafeHTML: manual?.config.unsafeHTML ?? false,
                                      sourceDirectory: (relative as NSString).deletingLastPathComponent,
                                      lineOffset: source.bodyLine - 1, linkMentions: manual?.config.linkMentions ?? true,
                                      documentID: manual?.document(at: relative)?.id)
        let linker = manual.map { SiteLinks(manual: $0).linker(fromDepth: 1) }
            ?? BodyLinker(document: { _ in nil }, asset: { _, _ in nil })
        let output = MarkdownBody.render(source.body, options: options, linker: linker)
        return (output.html, output.problems.map { $0.diagnostic(file: relative) })
    }
}

/// Paths relative to the manual folder.
enum RelativePath {
    static func of(_ file: URL, under root: URL) -> String? {
        let base = root.standardizedFileURL.resolvingSymlinksInPath().path
        let full = file.standardizedFileURL.resolvingSymlinksInPath().path
        guard full.hasPrefix(base + "/") else { return nil }
        return String(full.dropFirst(base.count + 1))
    }
}
