/// Where prose may name another document: a token that could be an id (`QP-08`, `SOP-CAPA`)
/// and a title in Chinese title marks (`《文件控制程序》`). Which of them name a real document
/// is decided against the manual's ids and titles; these are only the places to look.
enum Mention {
    struct Candidate {
        var range: Range<Substring.Index>
        var isTitle: Bool
    }

    /// Candidates in text order. An id token is a maximal run of `[A-Za-z0-9._-]` (so `QP-081`
    /// and `docs/QP-08.pdf` hold no `QP-08`), less trailing `.`, `-` and `_`, with a letter and a
    /// digit or `-`, `_`, `.` in it. A title is the whole text between `《` and the next `》`.
    static func candidates(in text: Substring) -> [Candidate] {
        var found: [Candidate] = []
        let utf8 = text.utf8
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            if isIDByte(byte) {
                var end = index
                while end < utf8.endIndex, isIDByte(utf8[end]) { end = utf8.index(after: end) }
                var start = index
                while start < end, isTrailing(utf8[start]) { start = utf8.index(after: start) }
                var last = end
                while last > start, isTrailing(utf8[utf8.index(before: last)]) { last = utf8.index(before: last) }
                let token = utf8[start..<last]
                let letters = token.contains { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0 & 0xDF) }
                let marks = token.contains { !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0 & 0xDF) }
                if letters, marks, token.count >= 2 {
                    found.append(Candidate(range: start..<last, isTitle: false))
                }
                index = end
            } else if byte == 0xE3, text[index...].hasPrefix("《") {
                let open = text.index(after: index)
                if let close = text[open...].firstIndex(where: { $0 == "》" || $0 == "《" }), text[close] == "》", close > open {
                    found.append(Candidate(range: open..<close, isTitle: true))
                    index = text.index(after: close)
                } else {
                    index = open
                }
            } else {
                index = utf8.index(after: index)
            }
        }
        return found
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
    }

    private static func isTrailing(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
    }
}
