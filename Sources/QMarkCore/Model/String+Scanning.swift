import Foundation

/// Small string helpers on the hot path of parsing. Foundation's bridged versions of these
/// (`trimmingCharacters`, `range(of:)`) cost more than the rest of a document's parse on Linux.
extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmedSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })!
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    /// Whether the UTF-8 bytes of `needle` occur in the string.
    func containsBytes(_ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard let head = pattern.first else { return true }
        let bytes = Array(utf8)
        guard bytes.count >= pattern.count else { return false }
        for start in 0...(bytes.count - pattern.count) where bytes[start] == head {
            if bytes[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
        }
        return false
    }
}

extension String {
    /// The lines of the text, split on `\n` bytes (texts are read with line ends folded to `\n`).
    /// Line ends are found with memchr: this runs over every version of every document in the history.
    var lineSlices: [Substring] {
        var text = self
        // A native string's UTF-8 offsets are its indices.
        let ends: [Int] = text.withUTF8 { bytes in
            var ends: [Int] = []
            var start = 0
            while start < bytes.count, let base = bytes.baseAddress, let found = memchr(base + start, 0x0A, bytes.count - start) {
                let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                ends.append(end)
                start = end + 1
            }
            return ends
        }
        var lines: [Substring] = []
        lines.reserveCapacity(ends.count + 1)
        var start = 0
        for end in ends {
            lines.append(text.utf8Slice(start..<end))
            start = end + 1
        }
        lines.append(text.utf8Slice(start..<text.utf8.count))
        return lines
    }

    /// The substring between two UTF-8 offsets (which must fall on character boundaries, as offsets of ASCII bytes do).
    func utf8Slice(_ offsets: Range<Int>) -> Substring {
        let lower = utf8.index(utf8.startIndex, offsetBy: offsets.lowerBound)
        let upper = utf8.index(lower, offsetBy: offsets.count)
        return self[lower..<upper]
    }
}
