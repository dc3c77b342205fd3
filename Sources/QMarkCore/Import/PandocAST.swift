import Foundation

/// The part of pandoc's document model (its JSON, API 1.22–1.23) a Word file turns into:
/// blocks and inlines, read from `pandoc -t json`. What QMark does not need is kept as text.
indirect enum PandocBlock: Equatable {
    case plain([PandocInline])
    case para([PandocInline])
    case lineBlock([[PandocInline]])
    case code(String)
    case raw(format: String, text: String)
    case quote([PandocBlock])
    /// `decimal`: numbered 1, 2, 3 (not letters or roman numerals).
    case ordered(start: Int, decimal: Bool, items: [[PandocBlock]])
    case bullet([[PandocBlock]])
    case definitions([([PandocInline], [[PandocBlock]])])
    case header(level: Int, [PandocInline])
    case rule
    case table(PandocTable)
    case div([PandocBlock])

    static func == (a: PandocBlock, b: PandocBlock) -> Bool { String(describing: a) == String(describing: b) }
}

indirect enum PandocInline: Equatable {
    case str(String)
    case space
    case softBreak
    case lineBreak
    case emph([PandocInline])
    case strong([PandocInline])
    case underline([PandocInline])
    case strike([PandocInline])
    case superscript([PandocInline])
    case subscriptText([PandocInline])
    case smallCaps([PandocInline])
    case quoted(double: Bool, [PandocInline])
    case code(String)
    case math(display: Bool, String)
    case raw(format: String, text: String)
    case link([PandocInline], target: String)
    case image([PandocInline], target: String)
    case note([PandocBlock])
    case span(classes: [String], [PandocInline])
}

/// A table: rows of cells, each with its spans; the header rows first.
struct PandocTable: Equatable {
    struct Cell: Equatable {
        var rowSpan: Int
        var colSpan: Int
        var blocks: [PandocBlock]
        var align: String?
    }
    var caption: [PandocBlock] = []
    /// Its place among the Word document's tables that are not inside another (set by the writer).
    var ordinal: Int?
    var columns: Int
    var head: [[Cell]]
    var body: [[Cell]]
    var foot: [[Cell]]

    var rows: [[Cell]] { head + body + foot }
    var hasSpans: Bool { rows.contains { $0.contains { $0.rowSpan > 1 || $0.colSpan > 1 } } }
    /// A table inside a cell (a form laid out with tables): only HTML can keep it.
    /// Merged cells pandoc kept (its own tables' too).
    var mergedCells: Int {
        rows.joined().reduce(0) { count, cell in
            count + (cell.rowSpan > 1 || cell.colSpan > 1 ? 1 : 0)
                + cell.blocks.reduce(0) { if case .table(let inner) = $1 { return $0 + inner.mergedCells } else { return $0 } }
        }
    }
    var hasNestedTable: Bool { rows.contains { $0.contains { $0.blocks.contains { if case .table = $0 { return true } else { return false } } } } }
}

enum PandocAST {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The blocks of a document from pandoc's JSON.
    static func blocks(fromJSON data: Data) throws -> [PandocBlock] {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any], let blocks = root["blocks"] as? [Any] else {
            throw Failure(description: "pandoc's output is not a document")
        }
        return blocks.compactMap(block)
    }

    private static func tagged(_ value: Any) -> (String, Any?)? {
        guard let object = value as? [String: Any], let tag = object["t"] as? String else { return nil }
        return (tag, object["c"])
    }

    static func block(_ value: Any) -> PandocBlock? {
        guard let (tag, content) = tagged(value) else { return nil }
        switch tag {
        case "Plain": return .plain(inlines(content))
        case "Para": return .para(inlines(content))
        case "LineBlock": return .lineBlock((content as? [Any] ?? []).map(inlines))
        case "CodeBlock": return .code((content as? [Any])?.last as? String ?? "")
        case "RawBlock":
            let parts = content as? [Any] ?? []
            return .raw(format: (parts.first.flatMap(tagged)?.1 as? String) ?? (parts.first as? String) ?? "", text: parts.last as? String ?? "")
        case "BlockQuote": return .quote(blocks(content))
        case "OrderedList":
            let parts = content as? [Any] ?? []
            let attributes = parts.first as? [Any] ?? []
            let start = attributes.first as? Int ?? 1
            let style = attributes.count > 1 ? tagged(attributes[1])?.0 : nil
            return .ordered(start: start, decimal: style == nil || style == "Decimal" || style == "DefaultStyle",
                            items: (parts.last as? [Any] ?? []).map(blocks))
        case "BulletList": return .bullet((content as? [Any] ?? []).map(blocks))
        case "DefinitionList":
            return .definitions((content as? [Any] ?? []).compactMap { item in
                guard let pair = item as? [Any], pair.count == 2 else { return nil }
                return (inlines(pair[0]), (pair[1] as? [Any] ?? []).map(blocks))
            })
        case "Header":
            let parts = content as? [Any] ?? []
            return .header(level: parts.first as? Int ?? 1, inlines(parts.count > 2 ? parts[2] : []))
        case "HorizontalRule": return .rule
        case "Table": return table(content).map(PandocBlock.table)
        case "Div": return .div(blocks((content as? [Any])?.last))
        case "Null": return nil
        default: return nil
        }
    }

    static func blocks(_ value: Any?) -> [PandocBlock] {
        (value as? [Any] ?? []).compactMap(block)
    }

    static func inlines(_ value: Any?) -> [PandocInline] {
        (value as? [Any] ?? []).compactMap(inline)
    }

    static func inline(_ value: Any) -> PandocInline? {
        guard let (tag, content) = tagged(value) else { return nil }
        let parts = content as? [Any] ?? []
        switch tag {
        case "Str": return .str(content as? String ?? "")
        case "Space": return .space
        case "SoftBreak": return .softBreak
        case "LineBreak": return .lineBreak
        case "Emph": return .emph(inlines(content))
        case "Strong": return .strong(inlines(content))
        case "Underline": return .underline(inlines(content))
        case "Strikeout": return .strike(inlines(content))
        case "Superscript": return .superscript(inlines(content))
        case "Subscript": return .subscriptText(inlines(content))
        case "SmallCaps": return .smallCaps(inlines(content))
        case "Quoted":
            let kind = parts.first.flatMap(tagged)?.0
            return .quoted(double: kind == "DoubleQuote", inlines(parts.last))
        case "Cite": return .span(classes: [], inlines(parts.last))
        case "Code": return .code(parts.last as? String ?? "")
        case "Math":
            let kind = parts.first.flatMap(tagged)?.0
            return .math(display: kind == "DisplayMath", parts.last as? String ?? "")
        case "RawInline":
            return .raw(format: (parts.first.flatMap(tagged)?.1 as? String) ?? (parts.first as? String) ?? "", text: parts.last as? String ?? "")
        case "Link":
            let target = (parts.last as? [Any])?.first as? String ?? ""
            return .link(inlines(parts.count > 1 ? parts[1] : []), target: target)
        case "Image":
            let target = (parts.last as? [Any])?.first as? String ?? ""
            return .image(inlines(parts.count > 1 ? parts[1] : []), target: target)
        case "Note": return .note(blocks(content))
        case "Span":
            let classes = ((parts.first as? [Any])?.dropFirst().first as? [String]) ?? []
            return .span(classes: classes, inlines(parts.last))
        default: return nil
        }
    }

    /// Table (API 1.22): attr, caption, column specs, head, bodies, foot.
    static func table(_ content: Any?) -> PandocTable? {
        guard let parts = content as? [Any], parts.count == 6 else { return nil }
        let columns = (parts[2] as? [Any])?.count ?? 0
        let specs = (parts[2] as? [Any] ?? []).map { spec -> String? in
            guard let pair = spec as? [Any], let align = pair.first.flatMap(tagged)?.0 else { return nil }
            return ["AlignLeft": "left", "AlignCenter": "center", "AlignRight": "right"][align]
        }
        func rows(_ value: Any?) -> [[PandocTable.Cell]] {
            (value as? [Any] ?? []).map { row in
                let cells = ((row as? [Any])?.last as? [Any]) ?? []
                return cells.enumerated().map { position, cell in
                    let fields = cell as? [Any] ?? []
                    let align = fields.count > 1 ? ["AlignLeft": "left", "AlignCenter": "center", "AlignRight": "right"][tagged(fields[1])?.0 ?? ""] : nil
                    return PandocTable.Cell(rowSpan: fields.count > 2 ? fields[2] as? Int ?? 1 : 1, colSpan: fields.count > 3 ? fields[3] as? Int ?? 1 : 1,
                                            blocks: blocks(fields.last), align: align ?? (position < specs.count ? specs[position] : nil))
                }
            }
        }
        let head = rows((parts[3] as? [Any])?.last)
        var body: [[PandocTable.Cell]] = []
        for tableBody in parts[4] as? [Any] ?? [] {
            guard let fields = tableBody as? [Any], fields.count == 4 else { continue }
            body += rows(fields[2]) + rows(fields[3])
        }
        let foot = rows((parts[5] as? [Any])?.last)
        let caption = blocks(((parts[1] as? [Any])?.last))
        return PandocTable(caption: caption, columns: columns, head: head, body: body, foot: foot)
    }
}
