import Foundation

/// Parses `git log --raw` in the format QMark asks for.
enum GitLog {
    /// Record separator, then hash, author date, author name, e-mail, subject, trailers; unit separators between.
    static let format = "%x1e%H%x1f%aI%x1f%an%x1f%ae%x1f%s%x1f%(trailers:only,unfold)%x1f"

    struct Commit: Sendable {
        var id: String
        /// ISO 8601 author date, e.g. `2026-03-01T10:12:00+08:00`.
        var date: String
        var author: String
        var email: String
        var subject: String
        var trailers: [(key: String, value: String)]
        /// Files the commit wrote: repository-relative path → new blob id (nil when deleted).
        var changes: [(path: String, blob: String?)]

        func trailer(_ key: String) -> String? {
            trailers.last { $0.key.caseInsensitiveCompare(key) == .orderedSame }?.value
        }

        /// Marked as a purely editorial change: `Editorial: true`.
        var isEditorial: Bool {
            guard let value = trailer("Editorial")?.lowercased() else { return false }
            return ["true", "yes", "1"].contains(value)
        }
    }

    /// Splits on separator bytes (all ASCII, so every piece is valid UTF-8 on its own): the log of a
    /// large manual has a line per file per commit.
    static func parse(_ data: Data) -> [Commit] {
        let text = String(decoding: data, as: UTF8.self)
        let string = { (bytes: Substring.UTF8View) in String(Substring(bytes)) }
        return text.utf8.split(separator: 0x1E).compactMap { record in
            let fields = record.split(separator: 0x1F, omittingEmptySubsequences: false)
            guard fields.count >= 7 else { return nil }
            let trailers = fields[5].split(separator: 0x0A).compactMap { line -> (String, String)? in
                guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return nil }
                return (string(line[..<colon]).trimmedSpaces, string(line[line.index(after: colon)...]).trimmedSpaces)
            }
            var changes: [(String, String?)] = []
            for line in fields[6].split(separator: 0x0A) where line.first == UInt8(ascii: ":") {
                // ":100644 100644 <old> <new> M\t<path>"
                guard let tab = line.firstIndex(of: 0x09) else { continue }
                let meta = line[..<tab].split(separator: UInt8(ascii: " "))
                guard meta.count >= 5 else { continue }
                let blob = string(meta[3])
                changes.append((string(line[line.index(after: tab)...]), meta[3].allSatisfy { $0 == UInt8(ascii: "0") } ? nil : blob))
            }
            return Commit(id: string(fields[0]), date: string(fields[1]), author: string(fields[2]), email: string(fields[3]),
                          subject: string(fields[4]), trailers: trailers, changes: changes)
        }
    }
}
