/// What the history needs to know of a document at one commit, read without a full YAML parse:
/// top-level `key: value` lines of the front-matter, and a fingerprint of its content.
struct FrontMatterScan: Sendable {
    var id: String?
    var revision: String?
    var status: String?
    /// A `change:` note explaining the revision.
    var change: String?
    /// `effective:` and `approver:` as written: the revision's approval date and declared approver.
    var effective: String?
    var approver: String?
    /// Equal for two versions whose content differs only in administrative fields
    /// (`reviewed`, `change`, `history`, `review_interval_months`).
    var fingerprint: String

    /// Keys whose change is administration, not a change of the document's content.
    static let administrativeKeys: Set<String> = ["reviewed", "change", "history", "review_interval_months"]

    init(_ text: String) {
        self.init(text, split: try? SourceText.split(text))
    }

    /// For a text already split into front-matter and body.
    init(_ text: String, split source: SourceText?) {
        var hasher = PageKey()
        guard let source, let yaml = source.frontMatter else {
            FrontMatterScan.combine(text.utf8[...], into: &hasher)
            fingerprint = hasher.value
            return
        }
        var skippingBlock = false
        // Bytes, not Characters: this runs for every version of every document in the history.
        for text in yaml.lineSlices where !text.isEmpty {
            let line = text.utf8
            guard let first = line.first else { continue }
            let isTopLevel = first != UInt8(ascii: " ") && first != UInt8(ascii: "\t") && first != UInt8(ascii: "-") && first != UInt8(ascii: "#")
            if isTopLevel, let colon = line.firstIndex(of: UInt8(ascii: ":")) {
                let key = text[..<colon].trimmedSpaces
                skippingBlock = FrontMatterScan.administrativeKeys.contains(key)
                if ["id", "revision", "status", "change", "effective", "approver"].contains(key) {
                    let value = FrontMatterScan.unquote(text[text.utf8.index(after: colon)...].trimmedSpaces)
                    switch key {
                    case "id": id = value
                    case "revision": revision = value
                    case "status": status = value
                    case "effective": effective = value.isEmpty ? nil : value
                    case "approver": approver = value.isEmpty ? nil : value
                    default: change = value.isEmpty ? nil : value
                    }
                }
            }
            // Blank lines and administrative blocks do not change what the document says.
            if !skippingBlock, line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\r") }) {
                FrontMatterScan.combine(line, into: &hasher)
            }
        }
        FrontMatterScan.combine(source.body.utf8[...], into: &hasher)
        fingerprint = hasher.value
    }

    /// Hashes raw bytes, the same in every run (String hashing normalises Unicode, and `Hasher` is seeded per process).
    static func combine(_ bytes: Substring.UTF8View, into hasher: inout PageKey) {
        hasher.add(bytes: bytes)
    }

    init(id: String?, revision: String?, status: String?, change: String?, effective: String? = nil, approver: String? = nil, fingerprint: String) {
        self.id = id
        self.revision = revision
        self.status = status
        self.change = change
        self.effective = effective
        self.approver = approver
        self.fingerprint = fingerprint
    }

    /// `"C"` → `C`; a trailing `# comment` of a plain value is dropped.
    static func unquote(_ value: String) -> String {
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            return String(value.dropFirst().dropLast())
        }
        // A " #" starts a comment; found on bytes (both are ASCII).
        let bytes = Array(value.utf8)
        if let hash = bytes.indices.dropFirst().first(where: { bytes[$0] == UInt8(ascii: "#") && bytes[$0 - 1] == UInt8(ascii: " ") }) {
            return String(decoding: bytes[..<hash], as: UTF8.self).trimmedSpaces
        }
        return value
    }
}
