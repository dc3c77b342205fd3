import Yams

/// Reads a clause catalogue (`manual/standards/*.yml`, or the built-in ISO 9001:2015).
public enum CatalogueParser {
    /// The built-in ISO 9001:2015 catalogue.
    public static let iso9001 = builtin(BuiltinCatalogue.yaml, path: BuiltinCatalogue.path)
    /// The built-in ISO 14001:2015 catalogue.
    public static let iso14001 = builtin(BuiltinCatalogue.iso14001, path: BuiltinCatalogue.iso14001Path)
    /// The built-in ISO 45001:2018 catalogue.
    public static let iso45001 = builtin(BuiltinCatalogue.iso45001, path: BuiltinCatalogue.iso45001Path)
    /// Every built-in catalogue, in the order the site lists them.
    public static let builtins = [iso9001, iso14001, iso45001]

    private static func builtin(_ yaml: String, path: String) -> Standard {
        let (standard, diagnostics) = parse(yaml: yaml, path: path)
        precondition(diagnostics.isEmpty && standard != nil, "the built-in catalogue must parse: \(diagnostics)")
        return standard!
    }

    /// Reads one catalogue file; nil with diagnostics when it cannot be used.
    public static func parse(_ file: SourceFile) -> (Standard?, [Diagnostic]) {
        let text: String
        do {
            text = try SourceText.decode(file.data)
        } catch .notUTF8(let line) {
            return (nil, [.error(.notUTF8, file.path, line, "file is not valid UTF-8; save it as UTF-8")])
        } catch {
            return (nil, [.error(.notUTF8, file.path, 1, "file cannot be read as text")])
        }
        return parse(yaml: text, path: file.path)
    }

    static func parse(yaml: String, path: String) -> (Standard?, [Diagnostic]) {
        var reader = YAMLReader(file: path, lineOffset: 0)
        guard let root = reader.compose(yaml), let pairs = reader.entries(root, what: "a clause catalogue") else {
            if reader.diagnostics.isEmpty {
                reader.diagnostics.append(.error(.missingField, path, 1, "the catalogue is empty; it needs `id`, `title` and `clauses`"))
            }
            return (nil, reader.diagnostics)
        }
        reader.warnUnknownKeys(pairs, known: ["id", "title", "title_zh", "clauses", "version", "description", "supersedes", "map"], what: "the catalogue")
        let fields = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        let id = fields["id"].flatMap { reader.text($0, field: "id") }
        let title = fields["title"].flatMap { reader.text($0, field: "title") }
        if id == nil { reader.diagnostics.append(.error(.missingField, path, 1, "the catalogue needs an `id`, e.g. `id: csr-acme`")) }
        if title == nil { reader.diagnostics.append(.error(.missingField, path, 1, "the catalogue needs a `title`")) }
        var clauses: [Clause] = []
        var seen: [String: Int] = [:]
        if let list = fields["clauses"] {
            readClauses(list, parent: nil, depth: 1, into: &clauses, seen: &seen, reader: &reader)
        } else {
            reader.diagnostics.append(.error(.missingField, path, 1, "the catalogue needs `clauses:`, a list of `- id: … title: …`"))
        }
        let edition = readEdition(fields, reader: &reader)
        guard let id, let title else { return (nil, reader.diagnostics) }
        var standard = Standard(id: id, title: title, titleZh: fields["title_zh"].flatMap { reader.text($0, field: "title_zh") },
                                clauses: clauses, sourcePath: path.hasPrefix("(built-in ") ? nil : path)
        standard.edition = edition
        return (standard, reader.diagnostics)
    }

    /// `supersedes:` and `map:`. Clause ids are read as the text written (`6.10` stays `6.10`).
    private static func readEdition(_ fields: [String: Node], reader: inout YAMLReader) -> EditionMap? {
        let mapNode = fields["map"]
        guard let supersedesNode = fields["supersedes"] else {
            if let mapNode { reader.error(.editionMap, mapNode, "`map:` needs `supersedes:`, the id of the edition this catalogue replaces, e.g. `supersedes: iso9001-2015`") }
            return nil
        }
        guard let supersedes = reader.text(supersedesNode, field: "supersedes") else {
            reader.error(.editionMap, supersedesNode, "`supersedes` is empty; name the edition this catalogue replaces, e.g. `supersedes: iso9001-2015`")
            return nil
        }
        var entries: [EditionMap.Entry] = []
        if let mapNode, let mapPairs = reader.entries(mapNode, what: "`map` (old clause: [new clauses])") {
            var seen: [String: Int] = [:]
            for pair in mapPairs {
                let line = reader.line(of: pair.keyNode)
                let old = pair.key.trimmedSpaces
                if let first = seen[old] {
                    reader.error(.editionMap, pair.keyNode, "clause \(old) is already mapped on line \(first); give all its successors in one list")
                    continue
                }
                seen[old] = line
                let targets = reader.textList(pair.value, field: "map")
                entries.append(EditionMap.Entry(old: old, new: targets.map { $0.name.trimmedSpaces }, line: line, newLines: targets.map(\.line)))
            }
        }
        return EditionMap(supersedes: supersedes.trimmedSpaces, line: reader.line(of: supersedesNode), entries: entries)
    }

    /// Appends clauses depth-first, so that `clauses` is in catalogue order with parents before children.
    private static func readClauses(_ node: Node, parent: Int?, depth: Int, into clauses: inout [Clause],
                                    seen: inout [String: Int], reader: inout YAMLReader) {
        for item in reader.mappingList(node, field: "clauses") {
            let id = item.fields["id"].flatMap { reader.text($0, field: "id") }?.trimmedSpaces
            guard let id, !id.isEmpty else {
                reader.error(.missingField, item.node, "each clause needs an `id`")
                continue
            }
            if let first = seen[id] {
                reader.error(.duplicateClause, item.node, "clause `\(id)` is already defined on line \(first); clause ids must be unique in a catalogue")
                continue
            }
            let line = reader.line(of: item.node)
            seen[id] = line
            let title = item.fields["title"].flatMap { reader.text($0, field: "title") }
            if title == nil { reader.warning(.missingField, item.node, "clause `\(id)` has no `title`") }
            let index = clauses.count
            var clause = Clause(id: id, title: title ?? id, titleZh: item.fields["title_zh"].flatMap { reader.text($0, field: "title_zh") },
                                depth: depth, parent: parent.map { clauses[$0].id }, children: [], line: line)
            if let node = item.fields["new"] { clause.isNew = reader.flag(node, field: "new", code: .invalidField) ?? false }
            clauses.append(clause)
            if let parent { clauses[parent].children.append(id) }
            if let children = item.fields["clauses"] {
                readClauses(children, parent: index, depth: depth + 1, into: &clauses, seen: &seen, reader: &reader)
            }
        }
    }
}
