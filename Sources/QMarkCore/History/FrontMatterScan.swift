/// What the history needs to know of a document at one commit, read without a full YAML parse:
/// top-level `key: value` lines of the front-matter, and a fingerprint of its content.
struct FrontMatterScan: Sendable {
    var id: String?
    var revision: String?
    var status: String?
    /// A `change:` note explaining the revision.
    var change: String?
    /// Equal for two versions whose content differs only in administrative fields
    /// (`reviewed`, `change`, `history`, `review_interval_months`).
    var fingerprint: Int

    /// Keys whose change is administration, not a change of the document's content.
    static let administrativeKeys: Set<String> = ["reviewed", "change", "history", "review_interval_months"]

    init(_ text: String) {
        var hasher = Hasher()
        guard let source = try? SourceText.split(text), let yaml = source.frontMatter else {
            hasher.combine(text)
            fingerprint = hasher.finalize()
            return
        }
        var skippingBlock = false
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            let isTopLevel = !(line.first?.isWhitespace ?? true) && !line.hasPrefix("-") && !line.hasPrefix("#")
            if isTopLevel, let colon = line.firstIndex(of: ":") {
                let key = line[..<colon].trimmedSpaces
                let value = FrontMatterScan.unquote(line[line.index(after: colon)...].trimmedSpaces)
                skippingBlock = FrontMatterScan.administrativeKeys.contains(key)
                switch key {
                case "id": id = value
                case "revision": revision = value
                case "status": status = value
                case "change": change = value.isEmpty ? nil : value
                default: break
                }
            }
            // Blank lines and administrative blocks do not change what the document says.
            if !skippingBlock, !line.allSatisfy(\.isWhitespace) { hasher.combine(line) }
        }
        hasher.combine(source.body)
        fingerprint = hasher.finalize()
    }

    /// `"C"` → `C`; a trailing `# comment` of a plain value is dropped.
    static func unquote(_ value: String) -> String {
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            return String(value.dropFirst().dropLast())
        }
        if let hash = value.range(of: " #") { return String(value[..<hash.lowerBound]).trimmedSpaces }
        return value
    }
}
