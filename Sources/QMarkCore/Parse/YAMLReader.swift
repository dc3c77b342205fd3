import Yams

/// Reads typed values out of a composed YAML tree, keeping line numbers and collecting diagnostics.
///
/// Scalars are read from their text, never through a number type, so `5.10` stays `5.10`.
struct YAMLReader {
    let file: String
    /// Added to a node's line within the YAML to give the line within the file.
    let lineOffset: Int
    var diagnostics: [Diagnostic] = []

    init(file: String, lineOffset: Int) {
        self.file = file
        self.lineOffset = lineOffset
    }

    /// Composes YAML text, turning a syntax error into a diagnostic at its line. A text whose
    /// aliases expand to far more values than it holds (a "billion laughs" bomb) is refused: every
    /// reader below walks the expanded tree.
    mutating func compose(_ yaml: String) -> Node? {
        do {
            guard let node = try Yams.compose(yaml: yaml) else { return nil }
            var budget = 10_000 + yaml.utf8.count
            if YAMLReader.exceeds(node, budget: &budget) {
                diagnostics.append(.error(.yamlSyntax, file, YAMLReader.firstAliasLine(yaml) + lineOffset,
                    "YAML aliases (`*name`) here expand to more values than the text holds; write the values out instead of repeating aliases"))
                return nil
            }
            return node
        } catch let error as YamlError {
            let (line, problem) = YAMLReader.describe(error)
            // A quote opened and never closed: YAML reads on and fails lines later; the slip is where the quote opens.
            if let opened = YAMLReader.unclosedQuote(yaml, before: line) {
                diagnostics.append(.error(.yamlSyntax, file, opened.line + lineOffset,
                    "YAML does not parse: the \(opened.quote == "\"" ? "double" : "single") quote opened here is never closed; close it with \(opened.quote) at the end of the value (or remove it)"))
                return nil
            }
            let hint: String
            if case .duplicatedKeysInMapping = error { hint = "keep only one of them" } else {
                hint = "check indentation, a missing `:` or an unclosed quote or bracket"
            }
            diagnostics.append(.error(.yamlSyntax, file, line + lineOffset, "YAML does not parse: \(problem); \(hint)"))
        } catch {
            diagnostics.append(.error(.yamlSyntax, file, 1 + lineOffset, "YAML does not parse: \(error)"))
        }
        return nil
    }

    /// The first line, at or before `line`, whose value opens a quote the line does not close (`title: "不合格品控制程序`).
    static func unclosedQuote(_ yaml: String, before line: Int) -> (line: Int, quote: Character)? {
        for (index, text) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where index + 1 <= max(line, 1) {
            guard let colon = text.firstIndex(of: ":") else { continue }
            let value = text[text.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            guard let quote = value.first, quote == "\"" || quote == "'" else { continue }
            var closed = false, escaped = false
            for character in value.dropFirst() {
                if quote == "\"", character == "\\", !escaped { escaped = true; continue }
                if character == quote, !escaped { closed = true; break }
                escaped = false
            }
            if !closed { return (index + 1, quote) }
        }
        return nil
    }

    /// Counts nodes as an alias-expanding reader would meet them, giving up once past the budget.
    static func exceeds(_ node: Node, budget: inout Int) -> Bool {
        budget -= 1
        if budget < 0 { return true }
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping where exceeds(key, budget: &budget) || exceeds(value, budget: &budget) { return true }
        case .sequence(let sequence):
            for item in sequence where exceeds(item, budget: &budget) { return true }
        default:
            break
        }
        return false
    }

    /// The line of the first alias (`*name`) in a YAML text, 1 when none is found.
    static func firstAliasLine(_ yaml: String) -> Int {
        for (index, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.contains(where: { $0 == "*" }), line.firstMatch(of: /(^|[\s\[{,:-])\*[^\s,\]}]/) != nil { return index + 1 }
        }
        return 1
    }

    static func describe(_ error: YamlError) -> (line: Int, problem: String) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return (mark.line, detail)
        case let .reader(problem, _, _, _):
            return (1, problem)
        case let .duplicatedKeysInMapping(duplicates, context):
            return (context.mark.line, "key \(duplicates.map { "`\($0)`" }.joined(separator: ", ")) appears twice")
        default:
            return (1, "\(error)")
        }
    }

    func line(of node: Node) -> Int { (node.mark?.line ?? 1) + lineOffset }

    mutating func error(_ code: DiagnosticCode, _ node: Node, _ message: String) {
        diagnostics.append(.error(code, file, line(of: node), message))
    }

    mutating func warning(_ code: DiagnosticCode, _ node: Node, _ message: String) {
        diagnostics.append(.warning(code, file, line(of: node), message))
    }

    /// The pairs of a mapping with their keys as text, or nil (and an error) for anything else.
    mutating func entries(_ node: Node, what: String) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            error(.invalidField, node, "\(what) must be a mapping of `key: value` lines")
            return nil
        }
        return mapping.map { pair in (pair.key.scalar?.string ?? "", pair.key, pair.value) }
    }

    /// Text of a scalar; nil for an empty value or `~`. Lists and mappings are an error.
    mutating func text(_ node: Node, field: String) -> String? {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return nil }
            // YAML escapes (`"\e"`, `"\0"`) can put control characters in a value: they would reach
            // page titles, print headers and terminals. Refused, and shown as U+FFFD meanwhile.
            if let control = scalar.string.unicodeScalars.first(where: YAMLReader.isControl) {
                error(.invalidField, node, "`\(field)` holds the control character U+\(String(format: "%04X", control.value)); remove it")
                return String(String.UnicodeScalarView(scalar.string.unicodeScalars.map { YAMLReader.isControl($0) ? "\u{FFFD}" : $0 }))
            }
            return scalar.string
        default:
            error(.invalidField, node, "`\(field)` must be a single value, not a list or mapping")
            return nil
        }
    }

    /// C0 and C1 control characters other than tab and line feed.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t" && scalar != "\n") || (0x7F...0x9F).contains(scalar.value)
    }

    /// A list of texts with their lines; a single value counts as a list of one.
    mutating func textList(_ node: Node, field: String) -> [NamedReference] {
        switch node {
        case .scalar:
            return text(node, field: field).map { [NamedReference(name: $0, line: line(of: node))] } ?? []
        case .sequence(let sequence):
            return sequence.compactMap { item in
                text(item, field: field).map { NamedReference(name: $0, line: line(of: item)) }
            }
        default:
            error(.invalidField, node, "`\(field)` must be a list, e.g. `\(field): [a, b]`")
            return []
        }
    }

    /// The items of a list of mappings (records, inputs, KPIs).
    mutating func mappingList(_ node: Node, field: String) -> [(node: Node, fields: [String: Node])] {
        guard case .sequence(let sequence) = node else {
            if case .scalar(let scalar) = node, scalar.style == .plain, scalar.string.isEmpty { return [] }
            error(.invalidField, node, "`\(field)` must be a list of entries, each starting with `- `")
            return []
        }
        return sequence.compactMap { item in
            guard let pairs = entries(item, what: "each entry of `\(field)`") else { return nil }
            return (item, Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first }))
        }
    }

    /// `true`/`yes` or `false`/`no`; nil and an error naming the field for anything else.
    mutating func flag(_ node: Node, field: String, code: DiagnosticCode) -> Bool? {
        let raw = text(node, field: field) ?? ""
        guard let flag = ["true": true, "yes": true, "false": false, "no": false][raw.lowercased()] else {
            error(code, node, "`\(field)` must be true or false")
            return nil
        }
        return flag
    }

    /// A whole number within `range`, read from the scalar's text (never through a wider number type
    /// that could overflow later arithmetic); nil and an error naming the field, the range and an
    /// example for anything else, `9223372036854775807` and `1e3` included; nil alone for an empty value.
    mutating func wholeNumber(_ node: Node, field: String, in range: ClosedRange<Int>, unit: String, example: Int,
                              code: DiagnosticCode) -> Int? {
        guard let raw = text(node, field: field) else { return nil } // left empty: not set
        // `Int(_:)` reads ASCII digits with an optional sign and gives nil past Int's range.
        guard let number = Int(raw), range.contains(number) else {
            let shown = raw.count > 24 ? String(raw.prefix(24)) + "…" : raw
            error(code, node, "`\(field)` must be a whole number of \(unit) from \(range.lowerBound) to \(range.upperBound), e.g. \(example) (not `\(shown)`)")
            return nil
        }
        return number
    }

    /// A date `YYYY-MM-DD`, or an error naming the field.
    mutating func date(_ node: Node, field: String) -> DayDate? {
        guard let raw = text(node, field: field) else { return nil }
        guard let date = DayDate(raw) else {
            error(.malformedDate, node, "malformed date `\(raw)` in `\(field)`; write it as YYYY-MM-DD, e.g. 2026-03-01")
            return nil
        }
        return date
    }

    /// Warns about keys the reader does not know, suggesting the nearest known one.
    mutating func warnUnknownKeys(_ pairs: [(key: String, keyNode: Node, value: Node)], known: [String], what: String) {
        for pair in pairs where !known.contains(pair.key) {
            warning(.unknownKey, pair.keyNode,
                    "unknown key `\(pair.key)` in \(what)\(Suggestion.hint(for: pair.key, in: known)); it is ignored")
        }
    }
}
