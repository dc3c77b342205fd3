#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The entries below a folder, read with `readdir`: regular files and symbolic links,
/// relative and `/`-separated, in path order. Entries whose name starts with `.` are skipped
/// (unless asked for), and so is everything below them; symbolic links are listed, never followed.
struct FolderWalk {
    var files: [String] = []
    var links: [String] = []
    /// Files and folders (ending in `/`) whose name is not UTF-8, each byte outside printable ASCII as `\xNN`.
    var misnamed: [String] = []

    /// Whether entries whose name starts with `.` are listed too.
    private let includingHidden: Bool

    /// Nil when the folder itself cannot be opened.
    init?(_ root: String, includingHidden: Bool = false) {
        self.includingHidden = includingHidden
        guard let top = opendir(root) else { return nil }
        closedir(top)
        walk(root, prefix: "")
        files.sort()
        links.sort()
        misnamed.sort()
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
            let bytes = raw.advanced(by: Self.nameOffset).assumingMemoryBound(to: CChar.self)
            // A name that is not UTF-8 (GBK from a Windows zip) cannot be named back to the file
            // system through a Swift string: it is listed, escaped, to be said, and not read.
            guard let name = String(validatingCString: bytes) else {
                let isFolder = raw.load(fromByteOffset: Self.typeOffset, as: UInt8.self) == UInt8(DT_DIR)
                if bytes.pointee != CChar(UInt8(ascii: ".")) { misnamed.append(prefix + Self.escaped(bytes) + (isFolder ? "/" : "")) }
                continue
            }
            guard includingHidden ? name != "." && name != ".." : !name.hasPrefix(".") else { continue }
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

    /// A name as text that shows every byte: printable ASCII as it is, anything else as `\xNN`.
    static func escaped(_ name: UnsafePointer<CChar>) -> String {
        var text = ""
        var byte = name
        while byte.pointee != 0 {
            let value = UInt8(bitPattern: byte.pointee)
            text += (0x20..<0x7F).contains(value) && value != UInt8(ascii: "\\") ? String(UnicodeScalar(value)) : "\\x" + String(format: "%02X", value)
            byte += 1
        }
        return text
    }
}
