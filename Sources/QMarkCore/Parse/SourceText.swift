import Foundation

/// The text of a source file, decoded and split into front-matter and body.
struct SourceText {
    /// The YAML between the `---` fences, nil when the file has none.
    var frontMatter: String?
    /// The line of the file on which the YAML starts (after the opening fence).
    var frontMatterLine: Int
    var body: String
    /// The line of the file on which the body starts.
    var bodyLine: Int

    /// Why a file's text could not be taken apart.
    enum Problem: Error {
        case notUTF8(line: Int)
        case unterminatedFrontMatter
    }

    /// Decodes UTF-8 (dropping a byte-order mark), folds CRLF and CR to LF.
    static func decode(_ data: Data) throws(Problem) -> String {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        // Through a buffer pointer: validation then runs over contiguous bytes rather than Data's iterator.
        let validated = bytes.withUnsafeBytes { String(validating: $0.bindMemory(to: UInt8.self), as: UTF8.self) }
        guard let text = validated else {
            throw .notUTF8(line: firstInvalidLine(bytes))
        }
        return foldingLineEnds(text)
    }

    /// The text with CRLF and a lone CR as LF: libcmark ends a line at each, QMark's line scanners at LF only.
    static func foldingLineEnds(_ text: String) -> String {
        var probe = text
        let hasCarriageReturn = probe.withUTF8 { bytes in bytes.baseAddress.map { memchr($0, 0x0D, bytes.count) != nil } ?? false }
        guard hasCarriageReturn else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// A control character no page can show: C0 but tab, line feed, form feed and carriage
    /// return; DEL; C1. (A YAML value may hold none at all: `YAMLReader.isControl`.)
    static func isStrayControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\u{0C}" && scalar != "\r") || (0x7F...0x9F).contains(scalar.value)
    }

    /// The body without stray control characters (`isStrayControl`), with the first one dropped —
    /// its line in the file and the character — and how many were; nil when the body holds none.
    func droppingControlCharacters() -> (source: SourceText, line: Int, character: Unicode.Scalar, count: Int)? {
        // Bytes first: nearly every body holds none, and C1 characters start with 0xC2.
        guard body.utf8.contains(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0C && $0 != 0x0D || $0 == 0x7F || $0 == 0xC2 }),
              let first = body.unicodeScalars.firstIndex(where: SourceText.isStrayControl) else { return nil }
        let line = bodyLine + body.unicodeScalars[..<first].reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
        var kept = String.UnicodeScalarView()
        var count = 0
        for scalar in body.unicodeScalars {
            if SourceText.isStrayControl(scalar) { count += 1 } else { kept.append(scalar) }
        }
        var cleaned = self
        cleaned.body = String(kept)
        return (cleaned, line, body.unicodeScalars[first], count)
    }

    /// The 1-based line holding the first byte that is not valid UTF-8.
    static func firstInvalidLine(_ bytes: Data) -> Int {
        var line = 1
        var lineStart = bytes.startIndex
        for index in bytes.indices where bytes[index] == 0x0A {
            if String(validating: bytes[lineStart..<index], as: UTF8.self) == nil { return line }
            line += 1
            lineStart = index + 1
        }
        return line
    }

    /// Splits off YAML front-matter opened by `---` on the first line and closed by `---` or `...`.
    /// Works on UTF-8 bytes: line breaks and fences are ASCII, and this runs for every version of every document.
    static func split(_ text: String) throws(Problem) -> SourceText {
        let bytes = text.utf8
        guard bytes.starts(with: "---".utf8) else { return SourceText(frontMatter: nil, frontMatterLine: 1, body: text, bodyLine: 1) }
        var index = bytes.index(bytes.startIndex, offsetBy: 3)
        while index < bytes.endIndex, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index = bytes.index(after: index) }
        guard index == bytes.endIndex || bytes[index] == UInt8(ascii: "\n") else {
            return SourceText(frontMatter: nil, frontMatterLine: 1, body: text, bodyLine: 1)
        }
        guard index < bytes.endIndex else { throw .unterminatedFrontMatter }
        let yamlStart = bytes.index(after: index)
        var lineStart = yamlStart
        var line = 1
        while lineStart < bytes.endIndex {
            line += 1
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            if isFence(bytes[lineStart..<lineEnd]) {
                let yaml = String(text[yamlStart..<lineStart])
                let bodyStart = lineEnd == bytes.endIndex ? lineEnd : bytes.index(after: lineEnd)
                return SourceText(frontMatter: yaml.isEmpty ? "\n" : yaml, frontMatterLine: 2, body: String(text[bodyStart...]), bodyLine: line + 1)
            }
            lineStart = lineEnd == bytes.endIndex ? lineEnd : bytes.index(after: lineEnd)
        }
        throw .unterminatedFrontMatter
    }

    /// `---` or `...`, with trailing spaces allowed.
    private static func isFence(_ line: Substring.UTF8View) -> Bool {
        var trimmed = line[...]
        while let last = trimmed.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { trimmed = trimmed.dropLast() }
        return trimmed.elementsEqual("---".utf8) || trimmed.elementsEqual("...".utf8)
    }
}
