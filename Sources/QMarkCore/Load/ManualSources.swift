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
    /// For a manual read from git: the blob of each asset, to copy from git rather than the disk.
    public var assetBlobs: [String: String] = [:]
    /// Markdown files that are symbolic links: not read (a link could reach outside the manual), but said.
    public var skippedLinks: [String] = []

    public init(siteConfig: SourceFile? = nil, catalogues: [SourceFile] = [], documents: [SourceFile] = [], assets: [String] = []) {
        self.siteConfig = siteConfig
        self.catalogues = catalogues
        self.documents = documents
        self.assets = assets
    }
}

/// Access to the file system, as values so that tests can run in memory.
public struct FileIO: Sendable {
    /// Every regular file below a folder, relative and `/`-separated, hidden entries skipped.
    public var listFiles: @Sendable (URL) throws -> [String]
    public var read: @Sendable (URL) throws -> Data
    /// Symbolic links below a folder, which are never followed.
    public var listLinks: @Sendable (URL) -> [String]

    public init(listFiles: @escaping @Sendable (URL) throws -> [String], read: @escaping @Sendable (URL) throws -> Data,
                listLinks: @escaping @Sendable (URL) -> [String] = { _ in [] }) {
        self.listFiles = listFiles
        self.read = read
        self.listLinks = listLinks
    }

    public static let disk = FileIO(
        listFiles: { root in
            let keys: [URLResourceKey] = [.isRegularFileKey]
            let start = root.standardizedFileURL.resolvingSymlinksInPath()
            guard let walker = FileManager.default.enumerator(at: start, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles])
            else { throw LoadError.unreadableFolder(root.path) }
            // The walker's URLs extend the URL it was given, so a file's relative path is what follows it.
            let prefix = start.path.hasSuffix("/") ? start.path : start.path + "/"
            var paths: [String] = []
            for case let url as URL in walker where (try? url.resourceValues(forKeys: Set(keys)))?.isRegularFile == true {
                let full = url.path
                if full.hasPrefix(prefix) { paths.append(String(full.dropFirst(prefix.count))) }
            }
            return paths.sorted()
        },
        read: { url in try Data(contentsOf: url) },
        listLinks: { root in
            let start = root.standardizedFileURL.resolvingSymlinksInPath()
            guard let walker = FileManager.default.enumerator(at: start, includingPropertiesForKeys: [.isSymbolicLinkKey], options: [.skipsHiddenFiles])
            else { return [] }
            let prefix = start.path.hasSuffix("/") ? start.path : start.path + "/"
            var paths: [String] = []
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isSymbolicLinkKey]))?.isSymbolicLink == true {
                if url.path.hasPrefix(prefix) { paths.append(String(url.path.dropFirst(prefix.count))) }
            }
            return paths.sorted()
        })
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

extension ManualSources {
    /// The manual folder as it stood at a commit, read from git without touching the work tree.
    public static func load(from repository: GitRepository, at commit: String) async throws -> ManualSources {
        let tree = try await repository.tree(at: commit)
        let wanted = tree.filter { path, _ in
            let lower = path.lowercased()
            return lower == "site.yml" || lower == "site.yaml" || lower.hasSuffix(".md") || lower.hasSuffix(".markdown")
                || (lower.hasPrefix("standards/") && (lower.hasSuffix(".yml") || lower.hasSuffix(".yaml")))
        }
        let contents = try await repository.blobs(Array(Set(wanted.values)))
        var sources = ManualSources()
        for path in tree.keys.sorted() {
            let lower = path.lowercased()
            guard let blob = tree[path] else { continue }
            if let data = contents[blob] {
                let file = SourceFile(path: path, data: data)
                if lower == "site.yml" || lower == "site.yaml" { sources.siteConfig = file }
                else if lower.hasPrefix("standards/"), !lower.hasSuffix(".md") { sources.catalogues.append(file) }
                else { sources.documents.append(file) }
            } else if !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                sources.assets.append(path)
                sources.assetBlobs[path] = blob
            }
        }
        return sources
    }

    /// Reads a manual folder: `site.yml`, `standards/*.yml`, every Markdown file, and the asset paths.
    /// - Parameter excluding: folders (manual-relative, ending in `/`) that are not part of the manual.
    public static func load(from root: URL, io: FileIO = .disk, excluding: [String] = []) throws -> ManualSources {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw LoadError.missingFolder(root.path)
        }
        var sources = ManualSources()
        for path in try io.listFiles(root) where !excluding.contains(where: { path.hasPrefix($0) }) {
            let lower = path.lowercased()
            let read = { SourceFile(path: path, data: try io.read(root.appendingPathComponent(path))) }
            if lower == "site.yml" || lower == "site.yaml" {
                sources.siteConfig = try read()
            } else if lower.hasPrefix("standards/"), lower.hasSuffix(".yml") || lower.hasSuffix(".yaml") {
                sources.catalogues.append(try read())
            } else if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") {
                sources.documents.append(try read())
            } else {
                sources.assets.append(path)
            }
        }
        sources.skippedLinks = io.listLinks(root).filter { path in
            let lower = path.lowercased()
            return (lower.hasSuffix(".md") || lower.hasSuffix(".markdown")) && !excluding.contains(where: { path.hasPrefix($0) })
        }
        return sources
    }
}
