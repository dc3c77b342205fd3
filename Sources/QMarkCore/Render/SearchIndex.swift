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

    static func script(_ entries: [Entry]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data("window.QMARK_SEARCH_INDEX = ".utf8)
        data.append(try encoder.encode(entries))
        data.append(Data(";\n".utf8))
        return data
    }

    /// Text of rendered HTML: tags dropped, the few entities libcmark writes decoded, white space folded.
    /// `Character.isWhitespace`, without its Unicode property lookup for ASCII and for CJK and
    /// everything else above U+3000 (no white space there): that lookup was a tenth of a build.
    @inline(__always)
    static func isSpace(_ character: Character) -> Bool {
        if let ascii = character.asciiValue { return ascii == 0x20 || (0x09...0x0D).contains(ascii) }
        guard let first = character.unicodeScalars.first, first.value <= 0x3000 else { return false }
        return character.isWhitespace
    }

    static func plainText(fromHTML html: String) -> String {
        var text = ""
        text.reserveCapacity(html.utf8.count / 2)
        var inTag = false
        var lastWasSpace = true
        var entity: String?
        for character in html {
            if inTag {
                if character == ">" { inTag = false; if !lastWasSpace { text.append(" "); lastWasSpace = true } }
                continue
            }
            if var pending = entity {
                if character == ";" {
                    let decoded = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "#39": "'"][pending] ?? "&\(pending);"
                    text += decoded
                    lastWasSpace = false
                    entity = nil
                } else if pending.count < 8 {
                    pending.append(character)
                    entity = pending
                } else {
                    text += "&" + pending
                    entity = nil
                }
                continue
            }
            switch character {
            case "<": inTag = true
            case "&": entity = ""
            case _ where isSpace(character):
                if !lastWasSpace { text.append(" "); lastWasSpace = true }
            default:
                text.append(character)
                lastWasSpace = false
            }
        }
        return text.trimmedSpaces
    }
}
