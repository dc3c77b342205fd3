#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The entries below a folder, read with `readdir`: regular files and symbolic links,
/// relative and `/`-separated, in path order. Entries whose name starts with `.` are skipped,
/// and so is everything below them; symbolic links are listed, never followed.
struct FolderWalk {
    var files: [String] = []
    var links: [String] = []

    /// Nil when the folder itself cannot be opened.
    init?(_ root: String) {
        guard let top = opendir(root) else { return nil }
        closedir(top)
        walk(root, prefix: "")
        files.sort()
        links.sort()
    }

    private static let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
    private static let typeOffset = MemoryLayout<dirent>.offset(of: \dirent.d_type)!

    private mutating func walk(_ folder: String, prefix: String) {
        guard let handle = opendir(folder) else { return }
        defer { closedir(handle) }
        var folders: [String] = []
        while let entry = readdir(handle) {
            // A directory entry is only as long as its name: never copy the whole `dirent` (its
            // 256-byte name field may run past the end of the buffer `readdir` returns it in);
            // read the fields through the pointer.
            let raw = UnsafeRawPointer(entry)
            let name = String(cString: raw.advanced(by: Self.nameOffset).assumingMemoryBound(to: CChar.self))
            guard !name.hasPrefix(".") else { continue }
            var type = raw.load(fromByteOffset: Self.typeOffset, as: UInt8.self)
            let full = folder + "/" + name
            if type == UInt8(DT_UNKNOWN) {
                var status = stat()
                guard lstat(full, &status) == 0 else { continue }
                switch status.st_mode & S_IFMT {
                case S_IFREG: type = UInt8(DT_REG)
                case S_IFDIR: type = UInt8(DT_DIR)
                case S_IFLNK: type = UInt8(DT_LNK)
                default: continue
                }
            }
            switch type {
            case UInt8(DT_REG): files.append(prefix + name)
            case UInt8(DT_LNK): links.append(prefix + name)
            case UInt8(DT_DIR): folders.append(name)
            default: break
            }
        }
        for name in folders { walk(folder + "/" + name, prefix: prefix + name + "/") }
    }
}
