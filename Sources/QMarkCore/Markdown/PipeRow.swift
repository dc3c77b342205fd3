/// Rows of a GFM pipe table, read as the GFM spec's table extension reads them: cells
/// separated by unescaped `|`, outer pipes optional, `\|` a pipe inside a cell (even inside
/// a code span), each cell trimmed. Shared by ordinary Markdown tables and ```` ```table ```` blocks.
enum PipeRow {
    /// The cells of a row, or nil when the line holds none (a lone `|`). Leading white space is not part of a row.
    static func cells(_ line: Substring) -> [String]? {
        let bytes = Array(line.utf8)
        let count = bytes.count
        var offset = skipSpaces(bytes, from: 0)
        if offset < count, bytes[offset] == UInt8(ascii: "|") {
            offset = skipSpaces(bytes, from: offset + 1)
        }
        var cells: [String] = []
        while offset < count {
            var end = offset
            while end < count {
                if bytes[end] == UInt8(ascii: "\\"), end + 1 < count, bytes[end + 1] == UInt8(ascii: "|") {
                    end += 2
                } else if bytes[end] == UInt8(ascii: "|") {
                    break
                } else {
                    end += 1
                }
            }
            let pipe = end < count ? skipSpaces(bytes, from: end + 1) - end : 0
            if end > offset || pipe > 0 { cells.append(cell(bytes[offset..<end])) }
            offset = end + pipe
            if pipe == 0 { break }
        }
        return cells.isEmpty ? nil : cells
    }

    /// The alignments of a delimiter row such as `| :--- | :---: | ---: |`, or nil when the line is not one.
    static func delimiter(_ line: Substring) -> [TableBlock.Alignment]? {
        let bytes = Array(line.utf8)
        let count = bytes.count
        var index = skipSpaces(bytes, from: 0)
        if index < count, bytes[index] == UInt8(ascii: "|") { index += 1 }
        var alignments: [TableBlock.Alignment] = []
        while true {
            index = skipSpaces(bytes, from: index)
            let left = index < count && bytes[index] == UInt8(ascii: ":")
            if left { index += 1 }
            let dashes = index
            while index < count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index > dashes else { return nil }
            let right = index < count && bytes[index] == UInt8(ascii: ":")
            if right { index += 1 }
            index = skipSpaces(bytes, from: index)
            alignments.append(left && right ? .center : left ? .left : right ? .right : .none)
            if index == count { return alignments }
            guard bytes[index] == UInt8(ascii: "|") else { return nil }
            index = skipSpaces(bytes, from: index + 1)
            if index == count { return alignments }
        }
    }

    /// Whether a line may be a delimiter row, cheaply: only pipes, colons, dashes and spaces, and a dash.
    static func looksLikeDelimiter(_ line: Substring) -> Bool {
        var dash = false
        for byte in line.utf8 {
            switch byte {
            case UInt8(ascii: "-"): dash = true
            case UInt8(ascii: "|"), UInt8(ascii: ":"), UInt8(ascii: " "), UInt8(ascii: "\t"), 0x0B, 0x0C: continue
            default: return false
            }
        }
        return dash
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == 0x0B || byte == 0x0C
    }

    private static func skipSpaces(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        return index
    }

    /// A cell's text: `\|` unescaped, white space trimmed.
    private static func cell(_ bytes: ArraySlice<UInt8>) -> String {
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.endIndex, bytes[index + 1] == UInt8(ascii: "|") {
                index += 1
            }
            unescaped.append(bytes[index])
            index += 1
        }
        let isTrimmed = { (byte: UInt8) in isSpace(byte) || byte == 0x0A || byte == 0x0D }
        guard let first = unescaped.firstIndex(where: { !isTrimmed($0) }),
              let last = unescaped.lastIndex(where: { !isTrimmed($0) }) else { return "" }
        return String(decoding: unescaped[first...last], as: UTF8.self)
    }
}
