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
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .notUTF8(line: firstInvalidLine(bytes))
        }
        guard text.contains("\r") else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
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
    static func split(_ text: String) throws(Problem) -> SourceText {
        guard text.hasPrefix("---\n") || text == "---" || text.hasPrefix("--- \n") else {
            return SourceText(frontMatter: nil, frontMatterLine: 1, body: text, bodyLine: 1)
        }
        var line = 1
        var yamlLines: [Substring] = []
        var rest = text[...]
        // Skip the opening fence.
        if let newline = rest.firstIndex(of: "\n") { rest = rest[rest.index(after: newline)...] } else { rest = "" }
        while !rest.isEmpty {
            line += 1
            let end = rest.firstIndex(of: "\n") ?? rest.endIndex
            let current = rest[..<end]
            rest = end == rest.endIndex ? "" : rest[rest.index(after: end)...]
            let trimmed = current.trimmedSpaces
            if trimmed == "---" || trimmed == "..." {
                return SourceText(frontMatter: yamlLines.joined(separator: "\n") + "\n", frontMatterLine: 2,
                                  body: String(rest), bodyLine: line + 1)
            }
            yamlLines.append(current)
        }
        throw .unterminatedFrontMatter
    }
}
