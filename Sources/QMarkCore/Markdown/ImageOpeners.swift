/// A bound on libcmark's quadratic brackets.
///
/// libcmark 0.30.2, the system library QMark links, walks back over every `![` still open in a
/// paragraph each time a link in it closes (CVE-2023-22486, mended upstream in 0.30.3): 600 KB of
/// `![[]()` took 88 s. Before libcmark sees a text, each paragraph's brackets are counted as
/// libcmark would meet them (`cost`); in a paragraph that would cost more than `stepLimit` steps
/// — no real one comes near: an image that closes costs nothing — every `![` is written `!\[`,
/// so the text shows as written, without images. Every other paragraph stays byte for byte as it was.
enum ImageOpeners {
    /// The most steps libcmark may take walking back over open `![` in one paragraph: about a
    /// millisecond's work.
    static let stepLimit = 1_000_000

    /// `text` with `![` escaped in every paragraph that would cost libcmark more than `stepLimit`
    /// (fenced code left alone), and the first line (1-based) of each paragraph changed. Lines
    /// neither come nor go, so every line number stays true.
    static func defused(_ text: String) -> (text: String, lines: [Int]) {
        // Nearly every body costs nothing: counted over its own bytes, without a copy. (Over the
        // whole text, brackets left open in one paragraph count in the next: never less than
        // the paragraphs' own costs.)
        var source = text
        guard source.withUTF8({ cost($0, 0..<$0.count) }) > stepLimit else { return (text, []) }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        var changed: [Int] = []
        var fence: (byte: UInt8, length: Int)?
        var paragraph: Range<Int>?, paragraphLine = 0
        var start = 0, line = 1

        func flush() {
            guard let range = paragraph else { return }
            paragraph = nil
            guard cost(bytes, range) > stepLimit else { output += bytes[range]; return }
            changed.append(paragraphLine)
            var index = range.lowerBound
            while index < range.upperBound {
                output.append(bytes[index])
                if bytes[index] == UInt8(ascii: "!"), index + 1 < range.upperBound, bytes[index + 1] == UInt8(ascii: "["),
                   !escaped(bytes, index) {
                    output.append(UInt8(ascii: "\\"))
                }
                index += 1
            }
        }

        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            if end < bytes.count { end += 1 } // the line with its line feed
            let content = bytes[start..<end]
            if let open = fence {
                output += content
                if let marker = fenceMarker(content), marker.byte == open.byte, marker.length >= open.length, marker.bare { fence = nil }
            } else if let marker = fenceMarker(content) {
                flush()
                output += content
                fence = (marker.byte, marker.length)
            } else if content.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
                flush()
                output += content
            } else if let range = paragraph {
                paragraph = range.lowerBound..<end
            } else {
                paragraph = start..<end
                paragraphLine = line
            }
            start = end
            line += 1
        }
        flush()
        return (String(decoding: output, as: UTF8.self), changed)
    }

    /// The steps libcmark takes walking back over open `![` while it parses `range` as one
    /// paragraph: each `](` that closes a link (not an image) walks over every `![` still open
    /// below it. Brackets are matched as libcmark matches them; escaped ones are text. Counting
    /// stops once past `stepLimit`.
    static func cost<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ range: Range<Int>) -> Int where Bytes.Index == Int {
        var openers: [Bool] = [] // true for `![`
        var images = 0, steps = 0
        var index = range.lowerBound
        while index < range.upperBound, steps <= stepLimit {
            switch bytes[index] {
            case UInt8(ascii: "\\"):
                index += 1 // the next byte is escaped
            case UInt8(ascii: "!") where index + 1 < range.upperBound && bytes[index + 1] == UInt8(ascii: "["):
                openers.append(true)
                images += 1
                index += 1
            case UInt8(ascii: "["):
                openers.append(false)
            case UInt8(ascii: "]"):
                guard let image = openers.popLast() else { break }
                if image {
                    images -= 1
                } else if index + 1 < range.upperBound, bytes[index + 1] == UInt8(ascii: "(") {
                    steps += images
                }
            default:
                break
            }
            index += 1
        }
        return steps
    }

    /// Whether the byte at `index` follows an odd number of backslashes.
    static func escaped(_ bytes: [UInt8], _ index: Int) -> Bool {
        var backslashes = 0, before = index - 1
        while before >= 0, bytes[before] == UInt8(ascii: "\\") { backslashes += 1; before -= 1 }
        return backslashes % 2 == 1
    }

    /// A fence line: up to three spaces, then three or more backticks or tildes; `bare` when
    /// nothing but spaces follows (a closing fence).
    static func fenceMarker(_ line: ArraySlice<UInt8>) -> (byte: UInt8, length: Int, bare: Bool)? {
        var index = line.startIndex, spaces = 0
        while index < line.endIndex, line[index] == UInt8(ascii: " "), spaces < 4 { spaces += 1; index += 1 }
        guard spaces < 4, index < line.endIndex, line[index] == UInt8(ascii: "`") || line[index] == UInt8(ascii: "~") else { return nil }
        let byte = line[index]
        var length = 0
        while index < line.endIndex, line[index] == byte { length += 1; index += 1 }
        guard length >= 3 else { return nil }
        let rest = line[index...]
        if byte == UInt8(ascii: "`"), rest.contains(UInt8(ascii: "`")) { return nil } // an info string may not hold a backtick
        return (byte, length, rest.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") })
    }
}
