import Foundation

/// Parses `git log -z --raw` in the format QMark asks for.
///
/// Every field ends with a NUL byte, the one byte no commit message, name or path can hold, so
/// a message with any other control byte (record and unit separators included) is read whole.
public enum GitLog {
    /// Hash, author date, author name, e-mail, subject, trailers: each NUL-terminated (with `-z`).
    static let format = "%H%x00%aI%x00%an%x00%ae%x00%s%x00%(trailers:only,unfold)%x00"
    public struct Commit: Sendable {
        public var id: String
        /// ISO 8601 author date, e.g. `2026-03-01T10:12:00+08:00`.
        public var date: String
        public var author: String
        public var email: String
        public var subject: String
        public var trailers: [(key: String, value: String)]
        /// Files the commit wrote: repository-relative path → new blob id (nil when deleted).
        public var changes: [(path: String, blob: String?)]

        public func trailer(_ key: String) -> String? {
            trailers(key).last
        }

        /// Every value of a trailer, in order (`Approved-by:` twice says two things).
        public func trailers(_ key: String) -> [String] {
            trailers.filter { $0.key.caseInsensitiveCompare(key) == .orderedSame }.map(\.value)
        }

        /// Marked as a purely editorial change: `Editorial: true`.
        public var isEditorial: Bool {
            guard let value = trailer("Editorial")?.lowercased() else { return false }
            return ["true", "yes", "1"].contains(value)
        }
    }

    /// Reads the NUL-separated stream: six header fields per commit, then for each file it wrote a
    /// raw line (`:100644 100644 <old> <new> M`) and its path. A raw line is told by its leading
    /// `:` (after git's newline), so a path is never taken for a commit or the other way round.
    public static func parse(_ data: Data) -> [Commit] {
        var commits: [Commit] = []
        var fields: [Data.SubSequence] = []
        var inHeader = false
        var pendingMeta: Data.SubSequence?
        let string = { (bytes: Data.SubSequence) in String(decoding: bytes, as: UTF8.self) }
        func finishHeader() {
            let trailers = fields[5].split(separator: 0x0A).compactMap { line -> (String, String)? in
                guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return nil }
                return (string(line[..<colon]).trimmedSpaces, string(line[line.index(after: colon)...]).trimmedSpaces)
            }
            commits.append(Commit(id: string(fields[0]), date: string(fields[1]), author: string(fields[2]), email: string(fields[3]),
                                  subject: string(fields[4]), trailers: trailers, changes: []))
            fields.removeAll(keepingCapacity: true)
        }
        for token in data.split(separator: 0, omittingEmptySubsequences: false) {
            if inHeader {
                fields.append(token)
                if fields.count == 6 {
                    finishHeader()
                    inHeader = false
                }
                continue
            }
            if let meta = pendingMeta {
                pendingMeta = nil
                // ":100644 100644 <old> <new> M"
                let parts = meta.split(separator: UInt8(ascii: " "))
                guard parts.count >= 5, !commits.isEmpty else { continue }
                commits[commits.count - 1].changes.append((string(token), parts[3].allSatisfy { $0 == UInt8(ascii: "0") } ? nil : string(parts[3])))
                continue
            }
            let trimmed = token.drop { $0 == 0x0A }
            if trimmed.first == UInt8(ascii: ":") {
                pendingMeta = trimmed
            } else if !trimmed.isEmpty {
                fields = [token]
                inHeader = true
            }
        }
        return commits
    }
}
