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

    static func parse(_ data: Data) -> [Commit] {
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\u{1E}").compactMap { record in
            let fields = record.split(separator: "\u{1F}", omittingEmptySubsequences: false)
            guard fields.count >= 7 else { return nil }
            let trailers = fields[5].split(separator: "\n").compactMap { line -> (String, String)? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (line[..<colon].trimmedSpaces, line[line.index(after: colon)...].trimmedSpaces)
            }
            var changes: [(String, String?)] = []
            for line in fields[6].split(separator: "\n") where line.hasPrefix(":") {
                // ":100644 100644 <old> <new> M\t<path>"
                guard let tab = line.firstIndex(of: "\t") else { continue }
                let meta = line[..<tab].split(separator: " ")
                guard meta.count >= 5 else { continue }
                let blob = String(meta[3])
                changes.append((String(line[line.index(after: tab)...]), blob.allSatisfy { $0 == "0" } ? nil : blob))
            }
            return Commit(id: String(fields[0]), date: String(fields[1]), author: String(fields[2]), email: String(fields[3]),
                          subject: String(fields[4]), trailers: trailers, changes: changes)
        }
    }
}
