/// `[[QP-05]]` and `[[QP-05|label]]` in text, found by a scanner that reads each byte a bounded
/// number of times, whatever the text: a line of `[[a|` repeated costs no more than its length.
enum ShortLink {
    struct Match {
        /// UTF-8 range of the whole `[[…]]`.
        var range: Range<Substring.Index>
        var id: String
        var label: String?
    }

    static func matches(in text: Substring) -> [Match] {
        var steps = 0
        return scan(text, steps: &steps)
    }

    /// How many bytes a scan looks at: the measure of its cost, for tests.
    static func steps(in text: Substring) -> Int {
        var steps = 0
        _ = scan(text, steps: &steps)
        return steps
    }

    private static func scan(_ text: Substring, steps: inout Int) -> [Match] {
        let utf8 = text.utf8
        var found: [Match] = []
        var index = utf8.startIndex
        func byte(_ i: Substring.Index) -> UInt8 { steps += 1; return utf8[i] }
        while index < utf8.endIndex {
            guard byte(index) == UInt8(ascii: "["), let second = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex),
                  second < utf8.endIndex, byte(second) == UInt8(ascii: "[") else {
                index = utf8.index(after: index)
                continue
            }
            let idStart = utf8.index(after: second)
            var cursor = idStart
            while cursor < utf8.endIndex, isIDByte(byte(cursor), first: cursor == idStart) { cursor = utf8.index(after: cursor) }
            guard cursor > idStart, cursor < utf8.endIndex else {
                index = utf8.index(after: index)
                continue
            }
            let id = String(text[idStart..<cursor])
            if byte(cursor) == UInt8(ascii: "]"), let next = utf8.index(cursor, offsetBy: 1, limitedBy: utf8.endIndex),
               next < utf8.endIndex, byte(next) == UInt8(ascii: "]") {
                let end = utf8.index(after: next)
                found.append(Match(range: index..<end, id: id, label: nil))
                index = end
            } else if utf8[cursor] == UInt8(ascii: "|") {
                let labelStart = utf8.index(after: cursor)
                var stop = labelStart
                while stop < utf8.endIndex, byte(stop) != UInt8(ascii: "]"), utf8[stop] != 0x0A { stop = utf8.index(after: stop) }
                if stop > labelStart, stop < utf8.endIndex, utf8[stop] == UInt8(ascii: "]"),
                   let next = utf8.index(stop, offsetBy: 1, limitedBy: utf8.endIndex), next < utf8.endIndex, byte(next) == UInt8(ascii: "]") {
                    let end = utf8.index(after: next)
                    found.append(Match(range: index..<end, id: id, label: String(text[labelStart..<stop])))
                    index = end
                } else {
                    // Every `[[` before `stop` would end its label at the same `]` or line end: none of them can match.
                    index = stop == labelStart ? utf8.index(after: index) : stop
                }
            } else {
                index = utf8.index(after: index)
            }
        }
        return found
    }

    private static func isIDByte(_ byte: UInt8, first: Bool) -> Bool {
        let alphanumeric = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        return alphanumeric || (!first && (byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")))
    }
}
