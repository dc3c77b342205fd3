/// The changes of a document's front-matter between two revisions, in words:
/// "Status: draft → approved", "Clause 8.5.2 added".
///
/// Front-matter is compared block by block (a top-level key with its indented lines); only a
/// list block that differs (clauses, principles, references, records) is parsed as YAML, so
/// comparing thousands of revisions costs little more than reading them.
enum MetadataChanges {
    static func describe(from oldText: String, to newText: String, labels: Labels, defaultStandard: String) -> [String] {
        let old = blocks(oldText), new = blocks(newText)
        var lines: [String] = []
        func value(_ blocks: [String: String], _ key: String) -> String? {
            guard let block = blocks[key], let colon = block.firstIndex(of: ":") else { return nil }
            let text = FrontMatterScan.unquote(block[block.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines))
            return text.isEmpty ? nil : text
        }
        func field(_ key: String, display: (String) -> String = { $0 }) {
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
        guard lists.contains(where: { old[$0] != new[$0] }) else { return lines }
        let parser = DocumentParser(defaultStandard: defaultStandard, analyzesBody: false)
        let parse = { (blocks: [String: String]) -> Document? in
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
    static func blocks(_ text: String) -> [String: String] {
        guard let yaml = (try? SourceText.split(text))?.frontMatter else { return [:] }
        var result: [String: String] = [:]
        var key: String?
        var lines: [Substring] = []
        func flush() { if let key { result[key] = lines.joined(separator: "\n") } }
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            let isTopLevel = !(line.first?.isWhitespace ?? true) && !line.hasPrefix("-") && !line.hasPrefix("#")
            if isTopLevel, let colon = line.firstIndex(of: ":") {
                flush()
                key = line[..<colon].trimmedSpaces
                lines = [line]
            } else if key != nil, !line.allSatisfy(\.isWhitespace) {
                lines.append(line)
            }
        }
        flush()
        return result
    }
}

extension String {
    /// Replaces `%1`, `%2`, … with the arguments.
    func filling(_ arguments: String...) -> String {
        var result = self
        for (index, argument) in arguments.enumerated().reversed() {
            result = result.replacingOccurrences(of: "%\(index + 1)", with: argument)
        }
        return result
    }
}

import Foundation
