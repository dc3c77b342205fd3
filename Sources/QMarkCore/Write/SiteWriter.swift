import CQMarkSystem
import Foundation
import Synchronization

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
    /// Another build is writing into the same output.
    case busy(String)
    /// A running `qmark serve` shows the output: a build would replace the site it previews.
    case previewing(String, holder: String)

    public var errorDescription: String? {
        switch self {
        case .notASite(let path):
            return "\(path) exists and is not a site QMark built (no .qmark-site marker); refusing to replace it — choose another --output or empty it"
        case .cannotWrite(let path, let reason):
            // Foundation's own message often names the path already ("cannot write X: cannot write X").
            return reason.contains(path) ? reason : "cannot write \(path): \(reason)"
        case .busy(let path):
            return "another qmark build is writing into \(path); run again when it has finished, or pass --wait to wait for it"
        case .previewing(let path, let holder):
            return "\(path) is the folder a running \(holder) shows; a build would replace the site under the preview — choose another --output, or stop the preview (Ctrl-C) first"
        }
    }
}

/// Writes a site into a fresh temporary folder beside the output, then swaps it into place.
///
/// Until the swap the previous site is untouched; a failed build removes the temporary folder
/// and leaves the previous site byte for byte as it was. The swap is one atomic exchange of the
/// two folders where the system allows it (Linux `renameat2`, macOS `renamex_np`), so the
/// output path always names a whole site; elsewhere it is two renames, and a build that finds
/// the output missing beside a retired site puts that site back first. An output that is a
/// symbolic link is followed: the site is swapped in beside its target. One build at a time
/// writes into an output: a lock file beside it is held from the start to the end.
public final class AtomicSiteWriter: SiteSink {
    public let output: URL
    public let staging: URL
    private let outputPath: String
    private let stagingPath: String
    private let buildLock: BuildLock
    static let marker = ".qmark-site"
    static let markerText = "Built by QMark. Everything here is replaced on the next build.\n"
    /// Files kept from the previous site because they are not build output (the folder's README and `.gitignore` in git).
    static let keptFiles = ["README.md", ".gitignore"]

    /// - Parameters:
    ///   - lock: the output's lock, when the build took it at its start; else it is taken here.
    ///   - wait: when another build holds the output, wait for it instead of failing at once.
    public init(output: URL, lock: BuildLock? = nil, wait: Bool = false) throws {
        buildLock = try lock ?? BuildLock(for: output, wait: wait)
        self.output = buildLock.output
        let name = self.output.lastPathComponent
        staging = self.output.deletingLastPathComponent().appendingPathComponent(".\(name).qmark-staging-\(UUID().uuidString.prefix(8))")
        outputPath = self.output.path
        stagingPath = staging.path
        do {
            try AtomicSiteWriter.checkReplaceable(self.output)
        } catch {
            buildLock.release()
            throw error
        }
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            buildLock.release()
            throw WriteError.cannotWrite(staging.path, error.localizedDescription)
        }
    }

    /// The folder a path names once symbolic links are followed (`site -> releases/2026-11-21`),
    /// whether or not that folder exists yet.
    static func followingLinks(_ url: URL) -> URL {
        var current = url
        for _ in 0..<16 {
            guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current.path) else { break }
            current = destination.hasPrefix("/") ? URL(fileURLWithPath: destination)
                : current.deletingLastPathComponent().appendingPathComponent(destination)
            current = current.standardizedFileURL
        }
        return current
    }

    /// The output may be replaced when it does not exist, is empty, holds only kept files, or carries the marker.
    static func checkReplaceable(_ output: URL) throws {
        let manager = FileManager.default
        guard manager.fileExists(atPath: output.path) else { return }
        guard let entries = try? manager.contentsOfDirectory(atPath: output.path) else { throw WriteError.notASite(output.path) }
        if entries.contains(marker) || entries.allSatisfy({ keptFiles.contains($0) }) { return }
        throw WriteError.notASite(output.path)
    }

    /// What a build killed part-way left behind. A retired previous site with no site at the
    /// output (killed between the two renames of a fallback swap) is put back; the rest is removed.
    static func recoverOrRemoveLeftovers(of output: URL) {
        let manager = FileManager.default
        let parent = output.deletingLastPathComponent()
        let staging = ".\(output.lastPathComponent).qmark-staging-", previous = ".\(output.lastPathComponent).qmark-previous-"
        let entries = ((try? manager.contentsOfDirectory(atPath: parent.path)) ?? []).sorted()
        if !manager.fileExists(atPath: output.path), let retired = entries.last(where: { $0.hasPrefix(previous) }) {
            _ = rename(parent.appendingPathComponent(retired).path, output.path)
        }
        for entry in entries where entry.hasPrefix(staging) || entry.hasPrefix(previous) {
            let url = parent.appendingPathComponent(entry)
            if manager.fileExists(atPath: url.path) { try? manager.removeItem(at: url) }
        }
    }

    public func write(_ data: Data, to path: String) throws {
        let target = stagingPath + "/" + path
        do {
            try makeFolder(of: path)
        } catch {
            throw WriteError.cannotWrite(path, error.localizedDescription)
        }
        // A file whose bytes are those of the previous site's is that file, linked: its date stays,
        // so a deploy or `rsync` after a build sends only what changed.
        if previousHolds(data, at: path), link(outputPath + "/" + path, target) == 0 { return }
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

    /// Whether the previous site has a regular file at the path holding exactly these bytes.
    private func previousHolds(_ data: Data, at path: String) -> Bool {
        let descriptor = open(outputPath + "/" + path, O_RDONLY | O_NOFOLLOW)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) == data.count else { return false }
        var previous = [UInt8](repeating: 0, count: data.count)
        var offset = 0
        while offset < previous.count {
            let count = previous.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            offset += count
        }
        guard !previous.isEmpty else { return true }
        return data.withUnsafeBytes { new in previous.withUnsafeBytes { memcmp(new.baseAddress!, $0.baseAddress!, $0.count) == 0 } }
    }

    /// Hard-links the page from the previous site: no bytes copied, and the previous site is only read.
    public func reuse(_ path: String) -> Bool {
        guard (try? makeFolder(of: path)) != nil else { return false }
        return link(outputPath + "/" + path, stagingPath + "/" + path) == 0
    }

    public func copy(from source: URL, to path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: source)
        } catch {
            throw WriteError.cannotWrite(path, error.localizedDescription)
        }
        try write(data, to: path)
    }

    private let madeFolders = Mutex<Set<String>>([])

    /// Creates the folder of a site-relative path once per build, however many pages go into it.
    private func makeFolder(of path: String) throws {
        guard let slash = path.lastIndex(of: "/") else { return }
        let folder = String(path[..<slash])
        if madeFolders.withLock({ $0.contains(folder) }) { return }
        try FileManager.default.createDirectory(atPath: stagingPath + "/" + folder, withIntermediateDirectories: true)
        madeFolders.withLock { _ = $0.insert(folder) }
    }

    /// Puts the staged site in place of the output.
    public func commit() throws {
        defer { buildLock.release() }
        let manager = FileManager.default
        try write(Data(AtomicSiteWriter.markerText.utf8), to: AtomicSiteWriter.marker)
        for kept in AtomicSiteWriter.keptFiles {
            let previous = output.appendingPathComponent(kept)
            let staged = staging.appendingPathComponent(kept)
            if manager.fileExists(atPath: previous.path), !manager.fileExists(atPath: staged.path) {
                try manager.copyItem(at: previous, to: staged)
            }
        }
        guard manager.fileExists(atPath: outputPath) else {
            guard rename(stagingPath, outputPath) == 0 else { throw WriteError.cannotWrite(outputPath, String(cString: strerror(errno))) }
            return
        }
        // One atomic step: the output names the new site, the staging path the previous one.
        if qmark_exchange_paths(stagingPath, outputPath) == 0 {
            try? manager.removeItem(at: staging)
            return
        }
        let retired = staging.deletingLastPathComponent()
            .appendingPathComponent(".\(output.lastPathComponent).qmark-previous-\(UUID().uuidString.prefix(8))")
        guard rename(outputPath, retired.path) == 0 else { throw WriteError.cannotWrite(outputPath, String(cString: strerror(errno))) }
        guard rename(stagingPath, outputPath) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = rename(retired.path, outputPath)
            throw WriteError.cannotWrite(outputPath, reason)
        }
        try? manager.removeItem(at: retired)
    }

    /// Removes the staged files; the previous site is untouched.
    public func discard() {
        try? FileManager.default.removeItem(at: staging)
        buildLock.release()
    }
}

/// One build at a time into an output: an exclusive `flock` on a file beside it, held until the
/// build ends (the kernel releases it when a build is killed). Taking it also puts back a site
/// that a build killed half-way through its swap left aside.
public final class BuildLock: Sendable {
    /// The locked file's descriptor; -1 once released.
    private let descriptor = Mutex<Int32>(-1)
    private let path: String
    /// The output, symbolic links followed.
    public let output: URL

    /// Who holds the lock of a preview: a build into its folder is refused, even with `--wait`.
    public static let previewHolder = "qmark serve"

    /// - Parameter holder: who takes the lock, written into the lock file for anyone who finds it taken.
    public init(for output: URL, wait: Bool, holder: String = "qmark build") throws {
        let output = AtomicSiteWriter.followingLinks(output.standardizedFileURL)
        self.output = output
        let parent = output.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw WriteError.cannotWrite(parent.path, error.localizedDescription)
        }
        path = parent.appendingPathComponent(".\(output.lastPathComponent).qmark-lock").path
        // The lock file is removed when a build ends: a build that locked a file another build has
        // just removed holds nothing, and tries again on the file now at the path.
        while true {
            let candidate = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard candidate >= 0 else { throw WriteError.cannotWrite(path, String(cString: strerror(errno))) }
            var locked = flock(candidate, LOCK_EX | LOCK_NB)
            while locked != 0, errno == EINTR { locked = flock(candidate, LOCK_EX | LOCK_NB) }
            if locked != 0 {
                // Taken: by a preview (never waited for: it lasts until someone stops it), or by a build.
                let taker = BuildLock.holder(of: candidate)
                if taker.hasPrefix(BuildLock.previewHolder) {
                    close(candidate)
                    throw WriteError.previewing(output.path, holder: taker)
                }
                if wait {
                    locked = flock(candidate, LOCK_EX)
                    while locked != 0, errno == EINTR { locked = flock(candidate, LOCK_EX) }
                }
            }
            guard locked == 0 else {
                close(candidate)
                throw WriteError.busy(output.path)
            }
            var held = stat(), current = stat()
            if fstat(candidate, &held) == 0, stat(path, &current) == 0, held.st_ino == current.st_ino, held.st_dev == current.st_dev {
                let note = Array("\(holder) (pid \(getpid()))\n".utf8)
                _ = ftruncate(candidate, 0)
                _ = note.withUnsafeBytes { pwrite(candidate, $0.baseAddress, $0.count, 0) }
                descriptor.withLock { $0 = candidate }
                break
            }
            close(candidate)
        }
        AtomicSiteWriter.recoverOrRemoveLeftovers(of: output)
    }

    /// What the holder of a lock file wrote into it: `qmark serve (pid 4242)`.
    static func holder(of descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 200)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
    }

    public func release() {
        descriptor.withLock { descriptor in
            guard descriptor >= 0 else { return }
            unlink(path)
            flock(descriptor, LOCK_UN)
            close(descriptor)
            descriptor = -1
        }
    }

    deinit { release() }
}
