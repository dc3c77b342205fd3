#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a folder holds, file by file (size and modification time), to tell which files an
/// editor saved, added or removed since the last look. Hidden entries are skipped, as a build
/// skips them.
public struct SourceWatch: Sendable, Equatable {
    struct Stamp: Equatable, Sendable {
        var size: Int64
        var seconds: Int
        var nanoseconds: Int
    }

    private var stamps: [String: Stamp] = [:]

    /// An empty look: every file is new against it.
    public init() {}

    /// The folder as it is now.
    public init(folder: String) {
        let walk = FolderWalk(folder)
        // A file whose name is not UTF-8 cannot be looked at, but its coming and going is seen.
        for path in walk?.misnamed ?? [] { stamps[path] = Stamp(size: 0, seconds: 0, nanoseconds: 0) }
        for path in walk?.files ?? [] {
            var status = stat()
            guard stat(folder + "/" + path, &status) == 0 else { continue }
            #if canImport(Darwin)
            let time = status.st_mtimespec
            #else
            let time = status.st_mtim
            #endif
            stamps[path] = Stamp(size: Int64(status.st_size), seconds: Int(time.tv_sec), nanoseconds: Int(time.tv_nsec))
        }
    }

    /// Folder-relative paths of the files added, removed or changed since `earlier`, in path order.
    public func changes(since earlier: SourceWatch) -> [String] {
        var changed: [String] = []
        for (path, stamp) in stamps where earlier.stamps[path] != stamp { changed.append(path) }
        for path in earlier.stamps.keys where stamps[path] == nil { changed.append(path) }
        return changed.sorted()
    }
}
