import Foundation

/// The full-text search index of the site, built at build time and read by `assets/search.js`
/// without a server, from disk too: every file is a script that hands its data to `QMARK_SEARCH`.
///
/// - `search/index.js`: how many entries, how many shards, and per entry its kind and length;
/// - `search/s/K.js`: the postings of every term whose hash falls in shard K;
/// - `search/d/N.js`: entry N's id, title, status, link and text by section, loaded for results shown.
///
/// A first query loads the manifest, one shard per term and the entries it shows. Terms are
/// Latin words, numbers (a clause number is one term: `8.5.2` never matches `8.5.2.1`), ids with
/// their hyphens dropped (`QP-08` is `qp08`), and overlapping bigrams of Chinese, so that a query of
/// two or more characters matches wherever its pairs of characters do. Each posting says how often
/// the term occurs in the entry's text and where else: title, a heading, owner or tags, the entry's
/// own id, a clause the matrix lists the entry for.
struct SearchIndex {
    /// Where in an entry a term occurs besides its text (the low bits of a posting's value).
    struct Place: OptionSet, Sendable {
        let rawValue: UInt32
        static let title = Place(rawValue: 1)
        static let heading = Place(rawValue: 2)
        static let meta = Place(rawValue: 4)
        static let ownID = Place(rawValue: 8)
        static let clause = Place(rawValue: 16)
        static let bits: UInt32 = 5
    }

    /// What an entry is: ranks results (current documents before drafts, documents before records).
    enum Kind: Character, Sendable {
        case document = "a", process = "p", form = "f", clause = "c", record = "r", draft = "d", obsolete = "o"
    }

    struct Section: Equatable, Sendable {
        var heading: String
        var anchor: String
        var text: String
    }

    /// One searchable page: a document, a record, a clause page.
    /// A term of an entry and its value: occurrences in the text << `Place.bits` | places.
    struct Posting: Equatable, Sendable {
        var term: SearchTerms.Term
        var value: UInt32
    }

    /// One searchable page (a document, a record, a clause page), as the index needs it: its terms,
    /// its kind and length for ranking, and what a result shows of it, already encoded.
    struct Entry: Sendable {
        var id: String
        var kind: Kind
        var postings: [Posting]
        /// Terms in the text: the length the ranking divides by.
        var length: Int
        /// Id, title, type, status, revision, link and text by section, as JSON (`search/d/N.js`).
        var shown: Data

        init(id: String, title: String, type: String, status: String, statusLabel: String, revision: String, url: String,
             kind: Kind, sections: [Section], meta: [String], related: [String] = [], ownTerm: String?, clauses: [String]) {
            var terms: [SearchTerms.Term: UInt32] = [:]
            var length = 0
            for section in sections {
                SearchTerms.each(in: section.heading, characters: false) { terms[$0, default: 0] += 1 << Place.bits; length += 1 }
                SearchTerms.each(in: section.text, characters: false) { terms[$0, default: 0] += 1 << Place.bits; length += 1 }
            }
            func mark(_ text: String, _ place: Place) { SearchTerms.each(in: text) { terms[$0, default: 0] |= place.rawValue } }
            mark(id, .meta)
            mark(title, .title)
            for section in sections { mark(section.heading, .heading) }
            for text in meta { mark(text, .meta) }
            for text in related { mark(text, .meta) }
            for clause in clauses { terms[.word(SearchTerms.clause(clause)), default: 0] |= Place.clause.rawValue }
            if let ownTerm { terms[.word(ownTerm), default: 0] |= Place.ownID.rawValue }
            self.id = id
            self.kind = kind
            self.postings = terms.map { Posting(term: $0.key, value: $0.value) }
            self.length = length
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            self.shown = (try? encoder.encode(Fragment(id: id, title: title, type: type, status: status, statusLabel: statusLabel, revision: revision,
                                                      url: url, sections: sections.map { [$0.heading, $0.anchor, $0.text] }))) ?? Data("{}".utf8)
        }
    }

    static let path = "search/index.js"
    /// A shard is about this size; their number is a power of two, so that a query names its shard by hash alone.
    static let shardBytes = 8_000

    /// - Parameter pending: the entry is of a document's pending revision, found on its own page and marked so.
    static func entry(for document: Document, bodyHTML: String, contexts: PageContexts, pending: Bool = false) -> Entry {
        let labels = contexts.labels
        var sections = self.sections(ofHTML: bodyHTML)
        if let summary = document.summary { sections.insert(Section(heading: "", anchor: "", text: summary), at: 0) }
        let kind: Kind = switch document.status {
        case .obsolete: .obsolete
        case .draft, .review: .draft
        case .approved: pending || document.facts.awaitsEffectiveDate ? .draft : document.type == .form ? .form : document.type == .process ? .process : .document
        }
        let clauses = (contexts.listedFor[document.id] ?? []).map { String($0[$0.index(after: $0.firstIndex(of: ":") ?? $0.startIndex)...]) }
        // The titles of the clauses it maps, in both languages: an English query finds a Chinese procedure.
        let clauseTitles = document.clauses.flatMap { mapping -> [String] in
            guard let clause = contexts.manual.coverage(of: mapping.standard)?[clause: mapping.clause]?.clause else { return [] }
            return [clause.title, clause.titleZh ?? ""]
        }
        // An approved revision that is not in force yet says so; a draft or one in review says it already.
        let statusLabel = labels.status(document.status)
            + (document.status == .approved && (pending || document.facts.awaitsEffectiveDate) ? " · " + labels["pending.mark"] : "")
        return Entry(id: document.id, title: document.title, type: labels.type(document.type), status: document.status.rawValue,
                     statusLabel: statusLabel, revision: document.revision ?? "",
                     url: pending ? SiteLinks.pendingURL(document.id) : SiteLinks.documentURL(document.id),
                     kind: kind, sections: sections, meta: [document.owner ?? "", labels.type(document.type)] + clauseTitles,
                     related: document.records.map { "\($0.id) \($0.title)" }, ownTerm: SearchTerms.joinedID(document.id), clauses: clauses)
    }

    /// Records (by id and title; each opens the records register at the record) and clause pages.
    static func otherEntries(_ manual: Manual, contexts: PageContexts) -> [Entry] {
        let labels = contexts.labels
        // Pending revisions are found too, on their own pages, after the revisions in force.
        let pending = manual.documents.compactMap(\.facts.pending).map { next in
            entry(for: next.document, bodyHTML: contexts.body(of: next.document), contexts: contexts, pending: true)
        }
        let records = manual.documents.filter { $0.status != .obsolete }.flatMap { document in
            document.records.map { record in
                Entry(id: record.id, title: record.title, type: labels["record"], status: "approved",
                      statusLabel: labels["retention"] + " " + (record.retention ?? labels["no.retention"]), revision: document.id,
                      url: "records.html#\(record.id)", kind: .record,
                      sections: [Section(heading: "", anchor: "", text: "\(document.id) \(document.title) \(record.location ?? "")")],
                      meta: [record.owner ?? document.owner ?? ""], ownTerm: SearchTerms.joinedID(record.id), clauses: [])
            }
        }
        let clauses = manual.coverage.flatMap { coverage in
            coverage.clauses.map { row in
                let clause = row.clause
                let titles = Set([clause.title, clause.titleZh ?? clause.title]).sorted().joined(separator: " · ")
                return Entry(id: clause.id, title: clause.title(in: manual.config.language), type: coverage.standard.title(in: manual.config.language),
                             status: "approved", statusLabel: labels.coverage(row.status), revision: "",
                             url: SiteLinks.clauseURL(standard: coverage.standard.id, clause: clause.id), kind: .clause,
                             sections: [Section(heading: "", anchor: "", text: "\(coverage.standard.title(in: manual.config.language)) \(clause.id) \(titles)")],
                             meta: [], ownTerm: SearchTerms.clause(clause.id), clauses: [])
            }
        }
        return pending + records + clauses
    }

    /// The text of a document's body by section: the text before the first heading, then each heading
    /// with its anchor and the text up to the next. Read on UTF-8 bytes.
    static func sections(ofHTML html: String) -> [Section] {
        var source = html
        return source.withUTF8 { bytes -> [Section] in
            var sections: [Section] = []
            var current = Section(heading: "", anchor: "", text: "")
            var textStart = 0
            var index = 0
            func close(upTo end: Int) {
                current.text = plainText(utf8: bytes[textStart..<end])
                if !current.text.isEmpty || !current.heading.isEmpty { sections.append(current) }
            }
            func find(_ needle: [UInt8], from start: Int) -> Int? {
                var at = start
                while at + needle.count <= bytes.count {
                    if bytes[at] == needle[0] && bytes[at..<(at + needle.count)].elementsEqual(needle) { return at }
                    at += 1
                }
                return nil
            }
            while index + 3 < bytes.count {
                guard bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "h"),
                      (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[index + 2]),
                      bytes[index + 3] == UInt8(ascii: ">") || bytes[index + 3] == UInt8(ascii: " ") else {
                    index += 1
                    continue
                }
                let level = bytes[index + 2]
                guard let tagEnd = find([UInt8(ascii: ">")], from: index + 3),
                      let closing = find(Array("</h".utf8) + [level, UInt8(ascii: ">")], from: tagEnd) else { break }
                close(upTo: index)
                var anchor = ""
                if let idStart = find(Array(" id=\"".utf8), from: index), idStart < tagEnd,
                   let idEnd = find([UInt8(ascii: "\"")], from: idStart + 5), idEnd < tagEnd {
                    anchor = String(decoding: bytes[(idStart + 5)..<idEnd], as: UTF8.self)
                }
                current = Section(heading: plainText(utf8: bytes[(tagEnd + 1)..<closing]), anchor: anchor, text: "")
                index = closing + 5
                textStart = index
            }
            close(upTo: bytes.count)
            return sections
        }
    }

    // MARK: - Files

    /// Every file of the index, the manifest first.
    static func files(_ entries: [Entry], synonyms: [[String]] = []) throws -> [(path: String, data: Data)] {
        var postings: [SearchTerms.Term: [(entry: Int, value: UInt32)]] = [:]
        for (number, entry) in entries.enumerated() {
            for posting in entry.postings { postings[posting.term, default: []].append((number, posting.value)) }
        }
        var encoded: [(term: String, data: [UInt8])] = []
        encoded.reserveCapacity(postings.count)
        var total = 0
        for (term, list) in postings {
            var bytes: [UInt8] = []
            var last = -1
            for posting in list {
                Varint.append(UInt32(posting.entry - last - 1), to: &bytes)
                Varint.append(postingValue(posting.value), to: &bytes)
                last = posting.entry
            }
            let text = term.text
            total += bytes.count + text.utf8.count + 6
            encoded.append((text, bytes))
        }
        var shardCount = 1
        while shardCount < 16_384 && total / shardCount > shardBytes { shardCount *= 2 }
        var shards = [[(term: String, data: [UInt8])]](repeating: [], count: shardCount)
        for item in encoded { shards[Int(SearchTerms.hash(item.term) % UInt32(shardCount))].append(item) }

        var files: [(path: String, data: Data)] = []
        var version = FNV()
        for (number, shard) in shards.enumerated() {
            var text = "QMARK_SEARCH.shard(\(number),{"
            for (position, item) in shard.sorted(by: { $0.term < $1.term }).enumerated() {
                if position > 0 { text += "," }
                text += jsonString(item.term) + ":\"" + String(decoding: item.data, as: UTF8.self) + "\""
            }
            text += "});\n"
            let data = Data(text.utf8)
            version.add(data)
            files.append(("search/s/\(number).js", data))
        }
        for (number, entry) in entries.enumerated() {
            var data = Data("QMARK_SEARCH.doc(\(number),".utf8)
            data.append(entry.shown)
            data.append(Data(");\n".utf8))
            version.add(data)
            files.append(("search/d/\(number).js", data))
        }
        let totalLength = entries.reduce(0) { $0 + $1.length }
        var kinds = ""
        kinds.reserveCapacity(entries.count * 2)
        for entry in entries {
            kinds.append(entry.kind.rawValue)
            kinds.append(Varint.lengthCharacter(entry.length))
        }
        var manifest = Manifest(v: String(version.value, radix: 36), n: entries.count, shards: shardCount,
                                avg: entries.isEmpty ? 0 : Double(totalLength / entries.count), docs: kinds)
        manifest.syn = synonyms
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data("QMARK_SEARCH.manifest(".utf8)
        data.append(try encoder.encode(manifest))
        data.append(Data(");\n".utf8))
        return [(path, data)] + files
    }

    /// A posting's value as written: places << 4 | occurrences (at most 15: the ranking saturates
    /// long before), so that a term found only in the text, under 16 times, takes one character.
    static func postingValue(_ value: UInt32) -> UInt32 {
        (value & ((1 << Place.bits) - 1)) << 4 | min(15, value >> Place.bits)
    }

    struct Manifest: Encodable {
        var v: String
        var n: Int
        var shards: Int
        var avg: Double
        /// Two characters per entry: its kind and its length on a logarithmic scale.
        var docs: String
        /// Groups of words that mean the same, read into a query (`SearchSynonyms`).
        var syn: [[String]] = []
    }

    struct Fragment: Encodable {
        var id, title, type, status, statusLabel, revision, url: String
        var sections: [[String]]
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// FNV-1a over bytes: the version of the index, so that a browser never mixes shards of two builds.
    struct FNV {
        var value: UInt32 = 2_166_136_261
        mutating func add(_ data: Data) {
            for byte in data { value = (value ^ UInt32(byte)) &* 16_777_619 }
        }
    }

    /// Numbers as text: five bits a character, most significant first; every character but the last
    /// from one alphabet, the last from another, so that a list needs no separators.
    enum Varint {
        static let more = Array("0123456789abcdefghijklmnopqrstuv".utf8)
        static let last = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ@#$%&*".utf8)
        static let scale = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_")

        static func append(_ number: UInt32, to bytes: inout [UInt8]) {
            var groups = 1
            while groups < 7 && number >> (5 * UInt32(groups)) != 0 { groups += 1 }
            for group in stride(from: groups - 1, through: 1, by: -1) { bytes.append(more[Int((number >> (5 * UInt32(group))) & 31)]) }
            bytes.append(last[Int(number & 31)])
        }

        /// A length as one character: four steps per doubling (read back as 2^(k/4) − 1).
        static func lengthCharacter(_ length: Int) -> Character {
            scale[min(63, Int((log2(Double(length) + 1) * 4).rounded()))]
        }
    }

    /// Text of rendered HTML: tags dropped, the few entities libcmark writes decoded, white space
    /// folded. Read on UTF-8 bytes, a Unicode scalar at a time (the search text of every document
    /// goes through here; reading Characters and asking Unicode for white space was a tenth of a build).
    static func plainText(fromHTML html: String) -> String {
        var source = html
        return source.withUTF8 { plainText(utf8: $0[...]) }
    }

    static func plainText(utf8 bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        do {
            var text: [UInt8] = []
            text.reserveCapacity(bytes.count / 2)
            var inTag = false
            var lastWasSpace = true
            var entity: [UInt8]?
            var entityLength = 0
            var index = bytes.startIndex
            while index < bytes.endIndex {
                let lead = bytes[index]
                let end = min(bytes.endIndex, index + (lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4))
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
