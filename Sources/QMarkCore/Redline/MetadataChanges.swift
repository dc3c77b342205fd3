/// The changes of a document's front-matter between two revisions, in words:
/// "Status: draft → approved", "Clause 8.5.2 added".
///
/// Front-matter is compared block by block (a top-level key with its indented lines); only a
/// list block that differs (clauses, principles, references, records) is parsed as YAML, so
/// comparing thousands of revisions costs little more than reading them.
enum MetadataChanges {
    static func describe(from oldText: String, to newText: String, labels: Labels, defaultStandard: String) -> [String] {
        describe(from: blocks(oldText), to: blocks(newText), labels: labels, defaultStandard: defaultStandard)
    }

    /// The same for front-matter already taken into blocks (each version's once, when a history compares many).
    static func describe(from old: [String: Substring], to new: [String: Substring], labels: Labels, defaultStandard: String) -> [String] {
        // Most blocks are the same from one revision to the next: compare their bytes before reading them.
        func same(_ key: String) -> Bool {
            switch (old[key], new[key]) {
            case (nil, nil): return true
            case let (a?, b?): return a.utf8.elementsEqual(b.utf8)
            default: return false
            }
        }
        var lines: [String] = []
        func value(_ blocks: [String: Substring], _ key: String) -> String? {
            guard let block = blocks[key], let colon = block.firstIndex(of: ":") else { return nil }
            let text = FrontMatterScan.unquote(block[block.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines))
            return text.isEmpty ? nil : text
        }
        func field(_ key: String, display: (String) -> String = { $0 }) {
            guard !same(key) else { return }
            let a = value(old, key), b = value(new, key)
            guard a != b else { return }
            lines.append(labels["change.field"].filling(labels[key], a.map(display) ?? "—", b.map(display) ?? "—"))
        }
        field("title")
        field("type") { DocumentType(rawValue: $0).map(labels.type) ?? $0 }
        field("revision")
        field("status") { DocumentStatus(rawValue: $0).map(labels.status) ?? $0 }
        field("effective")
        field("owner")
        field("approver")
        let lists = ["clauses", "principles", "references", "records"]
        guard !lists.allSatisfy(same) else { return lines }
        let parser = DocumentParser(defaultStandard: defaultStandard, analyzesBody: false)
        let parse = { (blocks: [String: Substring]) -> Document? in
            let yaml = lists.compactMap { blocks[$0] }.joined(separator: "\n")
            return parser.parse(SourceFile(path: "", data: Data("---\nid: x\ntitle: x\n\(yaml)\n---\n".utf8))).document
        }
        guard let a = parse(old), let b = parse(new) else { return lines }
        func set(_ key: String, _ x: [String], _ y: [String]) {
            for item in y where !x.contains(item) { lines.append(labels["change.added"].filling(labels[key], item)) }
            for item in x where !y.contains(item) { lines.append(labels["change.removed"].filling(labels[key], item)) }
        }
        let clauses = { (document: Document) in
            document.clauses.map { $0.standard == defaultStandard ? $0.clause : "\($0.standard) \($0.clause)" }
        }
        set("clause", clauses(a), clauses(b))
        set("principle", a.principles.map(\.name), b.principles.map(\.name))
        set("reference", a.references.map(\.name), b.references.map(\.name))
        set("record", a.records.map { "\($0.id) \($0.title)" }, b.records.map { "\($0.id) \($0.title)" })
        for record in b.records {
            guard let before = a.records.first(where: { $0.id == record.id }), before.retention != record.retention else { continue }
            lines.append(labels["change.field"].filling("\(labels["record"]) \(record.id) \(labels["retention"])", before.retention ?? "—", record.retention ?? "—"))
        }
        return lines
    }

    /// Top-level keys of the front-matter with the text of their blocks (the key's line and the indented lines under it).
    /// Works on UTF-8 bytes: keys, colons and indentation are ASCII.
    static func blocks(_ text: String) -> [String: Substring] {
        blocks(frontMatter: (try? SourceText.split(text))?.frontMatter)
    }

    /// The same for front-matter already split off its file.
    static func blocks(frontMatter yaml: String?) -> [String: Substring] {
        guard let yaml else { return [:] }
        // Each block is a slice of the front-matter, from its key's line to its last indented line.
        var result: [String: Substring] = [:]
        var key: String?
        var start = yaml.startIndex, end = yaml.startIndex
        func flush() { if let key { result[key] = yaml[start..<end] } }
        for line in yaml.lineSlices {
            let bytes = line.utf8
            let isTopLevel = bytes.first.map { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: "#") } ?? false
            if isTopLevel, let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
                flush()
                key = line[..<colon].trimmedSpaces
                start = line.startIndex
                end = line.endIndex
            } else if key != nil, bytes.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\r") }) {
                end = line.endIndex
            }
        }
        flush()
        return result
    }
}

extension String {
    /// Replaces `%1` … `%9` with the arguments (a placeholder without an argument is kept as written).
    func filling(_ arguments: String...) -> String {
        var result = ""
        var rest = self[...]
        while let percent = rest.utf8.firstIndex(of: UInt8(ascii: "%")) {
            let digit = rest.utf8.index(after: percent)
            guard digit < rest.endIndex, let number = rest.utf8[digit].asciiDigit, number >= 1, number <= arguments.count else {
                result += rest[..<digit]
                rest = rest[digit...]
                continue
            }
            result += rest[..<percent]
            result += arguments[number - 1]
            rest = rest[rest.utf8.index(after: digit)...]
        }
        return result + rest
    }
}

import Foundation

extension UInt8 {
    /// 0–9 for an ASCII digit.
    var asciiDigit: Int? { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) ? Int(self - UInt8(ascii: "0")) : nil }
}
