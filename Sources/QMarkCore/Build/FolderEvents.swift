#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Wakes the preview the moment a file below its folders is saved, created, moved or removed:
/// inotify on Linux, a watch on every folder (added for folders made later). It says only that
/// something changed; `SourceWatch` then tells what. Nil where inotify is not to be had (another
/// system, the watch limit reached): the preview then looks three times a second.
public final class FolderEvents: @unchecked Sendable {
    #if canImport(Glibc)
    private let descriptor: Int32
    private var watched: [Int32: String] = [:]
    private let lock = NSLock()

    public init?(folders: [String]) {
        descriptor = inotify_init1(Int32(IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        for folder in folders {
            guard addTree(folder) else {
                close(descriptor)
                return nil
            }
        }
    }

    deinit { close(descriptor) }

    private static let mask = UInt32(IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_MODIFY | IN_ATTRIB
                                     | IN_DELETE_SELF | IN_MOVE_SELF)

    /// Watches a folder and every folder below it (hidden ones too: a build never reads them,
    /// but an editor's swap files there are cheap to ignore).
    private func addTree(_ folder: String) -> Bool {
        let watch = inotify_add_watch(descriptor, folder, FolderEvents.mask)
        guard watch >= 0 else { return false }
        lock.lock()
        watched[watch] = folder
        lock.unlock()
        guard let handle = opendir(folder) else { return true }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name != ".", name != "..", entry.pointee.d_type == UInt8(DT_DIR) else { continue }
            _ = addTree(folder + "/" + name)
        }
        return true
    }

    /// Waits at most `timeout` seconds for something to change; true when something did. Every
    /// event that arrived is read, and a folder that was made is watched from now on.
    public func wait(timeout: TimeInterval) -> Bool {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(timeout * 1000)) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return false }
        var offset = 0
        let header = MemoryLayout<inotify_event>.size
        while offset + header <= count {
            let (watch, mask, length) = buffer.withUnsafeBytes { bytes -> (Int32, UInt32, Int) in
                let event = bytes.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                return (event.wd, event.mask, Int(event.len))
            }
            if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0, length > 0 {
                let name = String(decoding: buffer[(offset + header)..<(offset + header + length)].prefix { $0 != 0 }, as: UTF8.self)
                lock.lock()
                let parent = watched[watch]
                lock.unlock()
                if let parent { _ = addTree(parent + "/" + name) }
            }
            offset += header + length
        }
        return true
    }
    #else
    public init?(folders: [String]) { return nil }
    public func wait(timeout: TimeInterval) -> Bool { false }
    #endif
}
