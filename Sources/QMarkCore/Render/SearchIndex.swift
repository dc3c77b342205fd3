import Foundation

/// The full-text search index of the site: one entry per document with its plain text,
/// written as a script (`search/index.js`) so that the search page works from disk too,
/// where browsers refuse to fetch JSON.
struct SearchIndex {
    struct Entry: Encodable {
        var id: String
        var title: String
        var type: String
        var status: String
        var statusLabel: String
        var revision: String
        var owner: String
        var clauses: String
        var url: String
        var text: String
    }

    static let path = "search/index.js"

    static func entry(for document: Document, bodyHTML: String, labels: Labels) -> Entry {
        Entry(id: document.id, title: document.title, type: labels.type(document.type), status: document.status.rawValue,
              statusLabel: labels.status(document.status), revision: document.revision ?? "", owner: document.owner ?? "",
              clauses: document.clauses.map(\.clause).joined(separator: " "), url: SiteLinks.documentURL(document.id),
              text: plainText(fromHTML: bodyHTML))
    }

    /// Records are searchable by id and title; each entry opens the records register at the record.
    static func recordEntries(_ manual: Manual, labels: Labels) -> [Entry] {
        manual.documents.filter { $0.status != .obsolete }.flatMap { document in
            document.records.map { record in
                Entry(id: record.id, title: record.title, type: labels["record"], status: "approved", statusLabel: labels["retention"] + " " + (record.retention ?? labels["no.retention"]),
                      revision: document.id, owner: record.owner ?? document.owner ?? "", clauses: "",
                      url: "records.html#\(record.id)", text: "\(document.id) \(document.title) \(record.location ?? "")")
            }
        }
    }

    /// The script of entries already encoded one by one (`encoded(_:)`): the same bytes as `script` of them all.
    static func script(encoded fragments: [Data]) -> Data {
        var data = Data("window.QMARK_SEARCH_INDEX = [".utf8)
        for (index, fragment) in fragments.enumerated() {
            if index > 0 { data.append(UInt8(ascii: ",")) }
            data.append(fragment)
        }
        data.append(Data("];\n".utf8))
        return data
    }

    /// One entry as `script` writes it.
    static func encoded(_ entry: Entry) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(entry)
    }

    static func script(_ entries: [Entry]) throws -> Data {
        script(encoded: try entries.map(encoded))
    }

    /// Text of rendered HTML: tags dropped, the few entities libcmark writes decoded, white space
    /// folded. Read on UTF-8 bytes, a Unicode scalar at a time (the search text of every document
    /// goes through here; reading Characters and asking Unicode for white space was a tenth of a build).
    static func plainText(fromHTML html: String) -> String {
        var source = html
        return source.withUTF8 { bytes in
            var text: [UInt8] = []
            text.reserveCapacity(bytes.count / 2)
            var inTag = false
            var lastWasSpace = true
            var entity: [UInt8]?
            var entityLength = 0
            var index = 0
            while index < bytes.count {
                let lead = bytes[index]
                let end = min(bytes.count, index + (lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4))
                let scalar = bytes[index..<end]
                index = end
                if inTag {
                    if lead == UInt8(ascii: ">") {
                        inTag = false
                        if !lastWasSpace { text.append(0x20); lastWasSpace = true }
                    }
                    continue
                }
                if var pending = entity {
                    if lead == UInt8(ascii: ";") {
                        switch String(decoding: pending, as: UTF8.self) {
                        case "amp": text.append(UInt8(ascii: "&"))
                        case "lt": text.append(UInt8(ascii: "<"))
                        case "gt": text.append(UInt8(ascii: ">"))
                        case "quot": text.append(UInt8(ascii: "\""))
                        case "#39": text.append(UInt8(ascii: "'"))
                        default: text += [UInt8(ascii: "&")] + pending + [UInt8(ascii: ";")]
                        }
                        lastWasSpace = false
                        entity = nil
                    } else if entityLength < 8 {
                        pending += scalar
                        entity = pending
                        entityLength += 1
                    } else {
                        text += [UInt8(ascii: "&")] + pending
                        entity = nil
                    }
                    continue
                }
                switch lead {
                case UInt8(ascii: "<"): inTag = true
                case UInt8(ascii: "&"):
                    entity = []
                    entityLength = 0
                default:
                    if isSpace(scalar) {
                        if !lastWasSpace { text.append(0x20); lastWasSpace = true }
                    } else {
                        text += scalar
                        lastWasSpace = false
                    }
                }
            }
            return String(decoding: text, as: UTF8.self).trimmedSpaces
        }
    }

    /// Whether one scalar's UTF-8 bytes are Unicode white space: ASCII space, tab and line ends,
    /// U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F and U+3000.
    static func isSpace(_ scalar: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        let first = scalar.startIndex
        switch scalar.count {
        case 1: return scalar[first] == 0x20 || (0x09...0x0D).contains(scalar[first])
        case 2: return scalar[first] == 0xC2 && (scalar[first + 1] == 0x85 || scalar[first + 1] == 0xA0)
        case 3:
            switch (scalar[first], scalar[first + 1], scalar[first + 2]) {
            case (0xE1, 0x9A, 0x80), (0xE2, 0x81, 0x9F), (0xE3, 0x80, 0x80): return true
            case (0xE2, 0x80, let last): return (0x80...0x8A).contains(last) || last == 0xA8 || last == 0xA9 || last == 0xAF
            default: return false
            }
        default: return false
        }
    }
}
