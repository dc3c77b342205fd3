import Foundation

/// What a build keeps beside its output so that the next build does less: `.site.qmark-cache/`
/// for the output `site/`. Never inside the site, so never published; removed with
/// `qmark build --no-cache` or by deleting the folder.
///
/// The cache only ever saves time. Each file starts with a line naming the cache's format and
/// the program that wrote it: a file from another QMark, cut short or unreadable is ignored, and
/// the build reads what it needs from the sources again and gives the same bytes.
///
/// - `history`: what each version of each document in git says of itself, by blob id.
/// - `pages`: the key of each history page (what it was made from), to reuse it.
/// - `build`: the last successful build — the fingerprint of its inputs, what it printed, and
///   the size and modification time of every file of the site it wrote. A build whose inputs
///   have that fingerprint, into a site still exactly as written, has nothing to do.
public struct BuildCache: Sendable {
    public let folder: URL
    /// The first line of every cache file.
    let header: String

    /// The cache beside an output (symbolic links followed, as the lock and the swap do).
    public init(output: URL) {
        let output = AtomicSiteWriter.followingLinks(output.standardizedFileURL)
        folder = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).qmark-cache")
        header = "qmark-cache 1 " + SiteRenderer.executableIdentity
    }

    /// A cache file's text after its header; nil when missing or written by another QMark.
    func read(_ name: String) -> String? {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(name)),
              let text = String(data: data, encoding: .utf8), text.hasPrefix(header + "\n") else { return nil }
        return String(text.dropFirst(header.count + 1))
    }

    /// Writes a cache file whole (a temporary file renamed into place). A cache that cannot be
    /// written costs the next build time, never the build: failures are ignored.
    func write(_ name: String, _ text: String) {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? Data((header + "\n" + text).utf8).write(to: folder.appendingPathComponent(name), options: .atomic)
    }

    func remove(_ name: String) {
        try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
    }

    /// Removes the whole cache.
    public func clear() {
        try? FileManager.default.removeItem(at: folder)
    }

    // MARK: - The last build

    /// A successful build as the next one finds it.
    public struct LastBuild: Codable, Equatable, Sendable {
        /// The fingerprint of everything the build read (`BuildInputs`).
        public var inputs: String
        public var diagnostics: [Diagnostic]
        /// The notes it printed (no git history, …).
        public var notes: [String]
        public var pages: Int
        public var documents: Int
        /// Every file of the site as written: path → size and modification time (nanoseconds).
        var files: [String: [Int64]]
    }

    /// The last build, when its record is readable and the site still holds exactly the files it wrote.
    public func lastBuild(output: URL) -> LastBuild? {
        guard let text = read("build"), let last = try? JSONDecoder().decode(LastBuild.self, from: Data(text.utf8)),
              BuildCache.stamps(of: output) == last.files else { return nil }
        return last
    }

    /// Records a build that has just put its site in place.
    public func recordBuild(inputs: String, diagnostics: [Diagnostic], notes: [String], pages: Int, documents: Int, output: URL) {
        guard let files = BuildCache.stamps(of: output),
              let data = try? JSONEncoder().encode(LastBuild(inputs: inputs, diagnostics: diagnostics, notes: notes, pages: pages, documents: documents,
                                                             files: files))
        else { return }
        write("build", String(decoding: data, as: UTF8.self))
    }

    /// Forgets the last build (its site is about to change).
    public func forgetBuild() {
        remove("build")
    }

    /// Size and modification time of every file in a site; nil when it cannot be listed.
    static func stamps(of output: URL) -> [String: [Int64]]? {
        let root = AtomicSiteWriter.followingLinks(output.standardizedFileURL).path
        guard let listing = FolderWalk(root, includingHidden: true) else { return nil }
        var stamps: [String: [Int64]] = [:]
        for path in listing.files where !AtomicSiteWriter.keptFiles.contains(path) {
            var status = stat()
            guard lstat(root + "/" + path, &status) == 0 else { return nil }
            stamps[path] = [Int64(status.st_size), Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec),
                            Int64(status.st_ino)]
        }
        return stamps
    }
}

/// The fingerprint of everything a build reads: the manual's files (contents), the templates,
/// the commit git history ends at, the day, the options and the program itself. Two builds with
/// the same fingerprint make the same site.
public enum BuildInputs {
    public static func fingerprint(_ sources: ManualSources, source: URL, templates: URL, options: Pipeline.Options) async -> String? {
        var key = PageKey()
        key.add("qmark-build-1", SiteRenderer.executableIdentity, options.today.description, options.history ? "history" : "", options.at)
        for file in [sources.siteConfig].compactMap({ $0 }) + sources.catalogues + sources.documents + sources.records {
            key.add(file.path)
            key.add(data: file.data)
        }
        key.add(sources.skippedLinks.joined(separator: "\n"), sources.misnamed.joined(separator: "\n"))
        for asset in sources.assets {
            key.add(asset, sources.assetBlobs[asset])
            if options.at == nil {
                guard let data = try? Data(contentsOf: source.appendingPathComponent(asset)) else { return nil }
                key.add(data: data)
            }
        }
        guard let files = try? FileIO.disk.listFiles(templates) else { return nil }
        for file in files {
            guard let data = try? Data(contentsOf: templates.appendingPathComponent(file)) else { return nil }
            key.add(file)
            key.add(data: data)
        }
        if options.history, let repository = await GitRepository.find(manual: source) {
            // History ends at HEAD (or the `--at` commit): a new commit is a new history.
            key.add(repository.isShallow ? "shallow" : "", try? await repository.resolve(options.at ?? "HEAD"))
        }
        return key.value
    }
}
