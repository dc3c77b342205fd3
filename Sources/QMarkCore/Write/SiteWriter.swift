import Foundation

/// Where rendered files go. The build writes through this, so a test can collect pages in memory.
public protocol SiteSink: Sendable {
    /// Writes one file at a site-relative path, creating folders as needed.
    func write(_ data: Data, to path: String) throws
    /// Copies a file from the disk to a site-relative path.
    func copy(from source: URL, to path: String) throws
    /// Reuses a page of the previous build that is known to be identical; false when there is none.
    func reuse(_ path: String) -> Bool
}

/// Why the site could not be written. Nothing of the previous site is changed in any of these cases.
public enum WriteError: LocalizedError, Sendable {
    case notASite(String)
    case cannotWrite(String, String)

    public var errorDescription: String? {
        switch self {
        case .notASite(let path):
            return "\(path) exists and is not a site QMark built (no .qmark-site marker); refusing to replace it — choose another --output or empty it"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason)"
        }
    }
}

/// Writes a site into a fresh temporary folder beside the output, then swaps it into place.
///
/// The swap is two renames on one file system. Until it, the previous site is untouched; a failed
/// build removes the temporary folder and leaves the previous site byte for byte as it was.
public final class AtomicSiteWriter: SiteSink {
    public let output: URL
    public let staging: URL
    private let outputPath: String
    private let stagingPath: String
    static let marker = ".qmark-site"
    /// Files kept from the previous site because they are not build output (the folder's README in git).
    static let keptFiles = ["README.md"]

    public init(output: URL) throws {
        self.output = output.standardizedFileURL
        let parent = self.output.deletingLastPathComponent()
        let name = self.output.lastPathComponent
        staging = parent.appendingPathComponent(".\(name).qmark-staging-\(UUID().uuidString.prefix(8))")
        outputPath = self.output.path
        stagingPath = staging.path
        try AtomicSiteWriter.checkReplaceable(self.output)
        AtomicSiteWriter.removeLeftovers(of: self.output)
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw WriteError.cannotWrite(staging.path, error.localizedDescription)
        }
    }

    /// The output may be replaced when it does not exist, is empty, holds only kept files, or carries the marker.
    static func checkReplaceable(_ output: URL) throws {
        let manager = FileManager.default
        guard manager.fileExists(atPath: output.path) else { return }
        guard let entries = try? manager.contentsOfDirectory(atPath: output.path) else { throw WriteError.notASite(output.path) }
        if entries.contains(marker) || entries.allSatisfy({ keptFiles.contains($0) || $0 == ".gitignore" }) { return }
        throw WriteError.notASite(output.path)
    }

    /// Staging folders of a build that was killed before it could clean up.
    static func removeLeftovers(of output: URL) {
        let parent = output.deletingLastPathComponent()
        let prefixes = [".\(output.lastPathComponent).qmark-staging-", ".\(output.lastPathComponent).qmark-previous-"]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? [] where prefixes.contains(where: entry.hasPrefix) {
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(entry))
        }
    }

    public func write(_ data: Data, to path: String) throws {
        let target = stagingPath + "/" + path
        do {
            try makeFolder(of: path)
        } catch {
            throw WriteError.cannotWrite(path, error.localizedDescription)
        }
        // Plain POSIX calls and string paths: tens of thousands of pages go through here.
        let descriptor = open(target, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw WriteError.cannotWrite(path, String(cString: strerror(errno))) }
        defer { close(descriptor) }
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw WriteError.cannotWrite(path, String(cString: strerror(errno)))
                }
                offset += written
            }
        }
    }

    /// Hard-links the page from the previous site: no bytes copied, and the previous site is only read.
    public func reuse(_ path: String) -> Bool {
        guard (try? makeFolder(of: path)) != nil else { return false }
        return link(outputPath + "/" + path, stagingPath + "/" + path) == 0
    }

    public func copy(from source: URL, to path: String) throws {
        let target = staging.appendingPathComponent(path)
        do {
            try makeFolder(of: path)
            try FileManager.default.copyItem(at: source, to: target)
        } catch {
            throw WriteError.cannotWrite(path, error.localizedDescription)
        }
    }

    private let lock = NSLock()
    nonisolated(unsafe) private var madeFolders: Set<String> = []

    /// Creates the folder of a site-relative path once per build, however many pages go into it.
    private func makeFolder(of path: String) throws {
        guard let slash = path.lastIndex(of: "/") else { return }
        let folder = String(path[..<slash])
        if lock.withLock({ madeFolders.contains(folder) }) { return }
        try FileManager.default.createDirectory(atPath: stagingPath + "/" + folder, withIntermediateDirectories: true)
        lock.withLock { _ = madeFolders.insert(folder) }
    }

    /// Puts the staged site in place of the output.
    public func commit() throws {
        let manager = FileManager.default
        try write(Data("Built by QMark. Everything here is replaced on the next build.\n".utf8), to: AtomicSiteWriter.marker)
        for kept in AtomicSiteWriter.keptFiles {
            let previous = output.appendingPathComponent(kept)
            let staged = staging.appendingPathComponent(kept)
            if manager.fileExists(atPath: previous.path), !manager.fileExists(atPath: staged.path) {
                try manager.copyItem(at: previous, to: staged)
            }
        }
        let retired = staging.deletingLastPathComponent()
            .appendingPathComponent(".\(output.lastPathComponent).qmark-previous-\(UUID().uuidString.prefix(8))")
        let hadPrevious = manager.fileExists(atPath: output.path)
        if hadPrevious { try manager.moveItem(at: output, to: retired) }
        do {
            try manager.moveItem(at: staging, to: output)
        } catch {
            if hadPrevious { try? manager.moveItem(at: retired, to: output) }
            throw WriteError.cannotWrite(output.path, error.localizedDescription)
        }
        if hadPrevious { try? manager.removeItem(at: retired) }
    }

    /// Removes the staged files; the previous site is untouched.
    public func discard() {
        try? FileManager.default.removeItem(at: staging)
    }
}
