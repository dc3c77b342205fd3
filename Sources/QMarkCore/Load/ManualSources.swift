import Foundation

/// One file of the manual, read into memory.
public struct SourceFile: Sendable {
    /// Relative to the manual folder, `/`-separated.
    public var path: String
    public var data: Data

    public init(path: String, data: Data) {
        self.path = path
        self.data = data
    }
}

/// Everything a manual folder holds, sorted by kind: the first stage of a build.
public struct ManualSources: Sendable {
    public var siteConfig: SourceFile?
    /// `standards/*.yml`: user clause catalogues.
    public var catalogues: [SourceFile]
    /// Every `.md` file, in path order.
    public var documents: [SourceFile]
    /// Other files (images, PDFs), copied to the site as they are.
    public var assets: [String]
    /// `people.csv` and `acknowledgements/*.csv`: who must read what, and who has (read, never published).
    public var records: [SourceFile] = []
    /// For a manual read from git: the blob of each asset, to copy from git rather than the disk.
    public var assetBlobs: [String: String] = [:]
    /// Markdown files that are symbolic links: not read (a link could reach outside the manual), but said.
    public var skippedLinks: [String] = []
    /// Files and folders (ending in `/`) whose name is not UTF-8, escaped: not read, but said.
    public var misnamed: [String] = []

    public init(siteConfig: SourceFile? = nil, catalogues: [SourceFile] = [], documents: [SourceFile] = [], assets: [String] = []) {
        self.siteConfig = siteConfig
        self.catalogues = catalogues
        self.documents = documents
        self.assets = assets
    }
}

/// What a folder holds below it, from one walk: relative, `/`-separated, hidden entries skipped.
public struct FolderListing: Sendable {
    /// Every regular file.
    public var files: [String]
    /// Symbolic links, which are never followed.
    public var links: [String] = []
    /// Files and folders (ending in `/`) whose name is not UTF-8, escaped (`\xCE\xC4.md`).
    public var misnamed: [String] = []

    public init(files: [String], links: [String] = [], misnamed: [String] = []) {
        self.files = files
        self.links = links
        self.misnamed = misnamed
    }
}

/// Access to the file system, as values so that tests can run in memory.
public struct FileIO: Sendable {
    /// Everything below a folder, in one walk.
    public var list: @Sendable (URL) throws -> FolderListing
    public var read: @Sendable (URL) throws -> Data

    public init(list: @escaping @Sendable (URL) throws -> FolderListing, read: @escaping @Sendable (URL) throws -> Data) {
        self.list = list
        self.read = read
    }

    /// Every regular file below a folder.
    public func listFiles(_ folder: URL) throws -> [String] { try list(folder).files }

    public static let disk = FileIO(
        list: { root in
            guard let walk = FolderWalk(root.standardizedFileURL.resolvingSymlinksInPath().path) else {
                throw LoadError.unreadableFolder(root.path)
            }
            return FolderListing(files: walk.files, links: walk.links, misnamed: walk.misnamed)
        },
        read: { url in try Data(contentsOf: url) })
}

/// Why a manual folder could not be read at all.
public enum LoadError: LocalizedError, Sendable {
    case missingFolder(String)
    case unreadableFolder(String)

    public var errorDescription: String? {
        switch self {
        case .missingFolder(let path): return "\(path): no such manual folder; pass --source DIR"
        case .unreadableFolder(let path): return "\(path): the manual folder cannot be read"
        }
    }
}

/// What a file of the manual is, by its manual-relative path: one rule for the work tree and
/// for a manual read from git at a commit (`--at`, `changes --since`).
enum SourceKind: Equatable {
    case siteConfig, catalogue, document, asset
    /// `people.csv` at the root, `acknowledgements/*.csv`: the distribution records.
    case record
    /// A file or folder whose name starts with `.`: not part of the manual.
    case hidden

    init(path: String) {
        let lower = path.lowercased()
        if path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
            self = .hidden
        } else if lower == "site.yml" || lower == "site.yaml" {
            self = .siteConfig
        } else if lower.hasPrefix("standards/"), lower.hasSuffix(".yml") || lower.hasSuffix(".yaml") {
            self = .catalogue
        } else if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") {
            self = .document
        } else if lower == "people.csv" || (lower.hasPrefix("acknowledgements/") && lower.hasSuffix(".csv")) {
            self = .record
        } else {
            self = .asset
        }
    }

    /// Read into memory (an asset is only listed).
    var isRead: Bool { self == .siteConfig || self == .catalogue || self == .document || self == .record }
}

extension ManualSources {
    /// Puts a file where its kind says, files coming in path order.
    mutating func add(_ path: String, kind: SourceKind, data: () throws -> Data) rethrows {
        switch kind {
        case .siteConfig: siteConfig = SourceFile(path: path, data: try data())
        case .catalogue: catalogues.append(SourceFile(path: path, data: try data()))
        case .document: documents.append(SourceFile(path: path, data: try data()))
        case .record: records.append(SourceFile(path: path, data: try data()))
        case .asset: assets.append(path)
        case .hidden: break
        }
    }

    /// The manual folder as it stood at a commit, read from git without touching the work tree.
    public static func load(from repository: GitRepository, at commit: String) async throws -> ManualSources {
        let tree = try await repository.tree(at: commit)
        let wanted = tree.filter { path, _ in SourceKind(path: path).isRead }
        let contents = try await repository.blobs(Array(Set(wanted.values)))
        var sources = ManualSources()
        for path in tree.keys.sorted() {
            guard let blob = tree[path] else { continue }
            let kind = SourceKind(path: path)
            sources.add(path, kind: kind) { contents[blob] ?? Data() }
            if kind == .asset { sources.assetBlobs[path] = blob }
        }
        return sources
    }

    /// Reads a manual folder: `site.yml`, `standards/*.yml`, every Markdown file, and the asset paths.
    /// - Parameter excluding: folders (manual-relative, ending in `/`) that are not part of the manual.
    /// Files are read in parallel: a manual of 10,000 documents is 10,000 small reads.
    public static func load(from root: URL, io: FileIO = .disk, excluding: [String] = []) async throws -> ManualSources {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw LoadError.missingFolder(root.path)
        }
        let listing = try io.list(root)
        let paths = listing.files.sorted().filter { path in !excluding.contains(where: { path.hasPrefix($0) }) }
        let contents = await parallelMap(paths) { path -> Result<Data, Error>? in
            guard SourceKind(path: path).isRead else { return nil }
            return Result { try io.read(root.appendingPathComponent(path)) }
        }
        var sources = ManualSources()
        for (path, content) in zip(paths, contents) {
            try sources.add(path, kind: SourceKind(path: path)) { try content?.get() ?? Data() }
        }
        sources.skippedLinks = listing.links.filter { path in
            SourceKind(path: path) == .document && !excluding.contains(where: { path.hasPrefix($0) })
        }
        sources.misnamed = listing.misnamed.filter { path in
            SourceKind(path: path) != .hidden && !excluding.contains(where: { path.hasPrefix($0) })
        }
        return sources
    }
}
