import Foundation

/// A Word document's body (pandoc's reading of it) written as the Markdown a person would have
/// written: headings with their numbers as printed, lists, GFM tables (HTML tables where cells
/// are merged), images beside the file; the control block, running titles, page numbers and
/// the table of contents left out; paragraphs a page break split joined again.
struct WordMarkdown {
    /// What the body became, counted for the import report.
    struct Counts: Equatable {
        var headings = 0
        var numberedHeadings = 0
        var boldHeadings = 0
        var tables = 0
        var mergedTables = 0
        var mergedCells = 0
        var images = 0
        var equations = 0
        var footnotes = 0
        var controlLinesRemoved = 0
        var runningLinesRemoved = 0
        var joinedParagraphs = 0
        var tableOfContentsDropped = false
        var textBoxes = 0
        var rawDropped = 0
    }

    /// The text left out as the page layout's (control block, running titles, page numbers, the
    /// table of contents, the company's name over the title), so that what remains can be counted.
    var removedText = ""

    var counts = Counts()
    var control = ControlBlock()
    /// For each heading-styled paragraph of the Word file, in order: whether Word numbers it automatically.
    var headingNumbered: [Bool] = []
    /// Image paths as pandoc gives them → the path the Markdown links to.
    var images: [String: String] = [:]
    /// The document's tables as Word stores them, for the merged cells pandoc does not keep.
    var wordTables: [WordTable] = []
    /// The document's title, when found in the body (its first heading or short first line).
    var title: String?
    /// Whether the title was the body's first heading (then Word's first heading paragraph is not a section).
    private var titleWasHeading = false
    /// The words before the first label of a control line, when they may be the title.
    private var controlLead: String?

    // MARK: - Blocks

    /// The body as Markdown, with `title` as its first heading.
    mutating func markdown(_ input: [PandocBlock], textBoxes: [String] = []) -> String {
        var next = 0
        var blocks = Self.numberTables(flatten(input), next: &next)
        blocks = dropTableOfContents(blocks)
        blocks = takeControlBlock(blocks)
        blocks = dropRunningLines(blocks)
        blocks = takeTitle(blocks)
        blocks = joinSplitParagraphs(blocks)
        // With a title on top, Word's `Heading 1` sections are second-level headings.
        let shift = blocks.contains { if case .header(1, _) = $0 { return true } else { return false } } ? 1 : 0
        var out: [String] = []
        if let title { out.append("# " + escapeLine(title.split(whereSeparator: \.isNewline).joined(separator: " "))) }
        var counters: [Int] = []
        var headingIndex = titleWasHeading ? 1 : 0
        for block in blocks {
            if case let .header(level, inlines) = block {
                var text = inline(inlines).trimmingCharacters(in: .whitespaces)
                let numbered = headingIndex < headingNumbered.count && headingNumbered[headingIndex]
                headingIndex += 1
                if numbered, Self.leadingNumber(text) == nil {
                    while counters.count < level { counters.append(0) }
                    counters = Array(counters.prefix(level))
                    counters[level - 1] += 1
                    text = counters.map { String(max($0, 1)) }.joined(separator: ".") + " " + text
                    counts.numberedHeadings += 1
                } else if Self.leadingNumber(text) != nil {
                    counts.numberedHeadings += 1
                }
                counts.headings += 1
                out.append(String(repeating: "#", count: min(6, level + shift)) + " " + text)
                continue
            }
            let text = render(block, listPrefix: nil)
            if !text.isEmpty { out.append(text) }
        }
        // Text boxes pandoc did not read (it reads some): kept at the end, as quotes.
        let read = Self.plainText(input)
        for box in textBoxes where !read.contains(box.split(separator: "\n").first.map(String.init) ?? box) {
            counts.textBoxes += 1
            out.append(box.split(separator: "\n").map { "> " + escapeLine(String($0)) }.joined(separator: "\n"))
        }
        return out.joined(separator: "\n\n") + "\n"
    }

    /// Each table that is not inside another gets its place among them, in document order.
    static func numberTables(_ blocks: [PandocBlock], next: inout Int) -> [PandocBlock] {
        blocks.map { block in
            switch block {
            case .table(var table):
                table.ordinal = next
                next += 1
                return .table(table)
            case .quote(let inner): return .quote(numberTables(inner, next: &next))
            case .div(let inner): return .div(numberTables(inner, next: &next))
            case let .ordered(start, decimal, items): return .ordered(start: start, decimal: decimal, items: items.map { numberTables($0, next: &next) })
            case .bullet(let items): return .bullet(items.map { numberTables($0, next: &next) })
            default: return block
            }
        }
    }

    /// Divs opened: their blocks in place.
    private func flatten(_ blocks: [PandocBlock]) -> [PandocBlock] {
        blocks.flatMap { block -> [PandocBlock] in
            if case .div(let inner) = block { return flatten(inner) }
            return [block]
        }
    }

    /// A Word table of contents (a field of links to `_Toc` bookmarks) is dropped: the site makes its own.
    private mutating func dropTableOfContents(_ blocks: [PandocBlock]) -> [PandocBlock] {
        var kept: [PandocBlock] = []
        for block in blocks {
            let inlines: [PandocInline]
            switch block {
            case .para(let content), .plain(let content): inlines = content
            default: kept.append(block); continue
            }
            if Self.links(in: inlines).contains(where: { $0.hasPrefix("#_Toc") || $0.hasPrefix("#_toc") }) {
                counts.tableOfContentsDropped = true
                removedText += Self.plainText(inlines) + "\n"
                // Its heading (目录, Contents) goes with it.
                if let last = kept.last, Self.isContentsHeading(last) {
                    removedText += Self.blockText(last) + "\n"
                    kept.removeLast()
                }
                continue
            }
            kept.append(block)
        }
        return kept
    }

    private static func isContentsHeading(_ block: PandocBlock) -> Bool {
        let text: String
        switch block {
        case .header(_, let inlines), .para(let inlines), .plain(let inlines): text = plainText(inlines)
        default: return false
        }
        let compact = text.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\u{3000}", with: "").lowercased()
        return ["目录", "contents", "tableofcontents"].contains(compact)
    }

    /// The control block: a table near the top naming two or more of its fields, and lines that
    /// do (repeated on every page, they are all removed); read into `control`.
    private mutating func takeControlBlock(_ blocks: [PandocBlock]) -> [PandocBlock] {
        var kept: [PandocBlock] = []
        var controlTables: [[[String]]] = []
        for (position, block) in blocks.enumerated() {
            switch block {
            case .table(let table):
                let rows = table.rows.map { $0.map { Self.plainText($0.blocks) } }
                if controlTables.contains(rows) {
                    counts.controlLinesRemoved += 1
                    removedText += Self.plainText([block]) + "\n"
                    continue
                }
                let nearTop = position < 4 || kept.allSatisfy({ if case .table = $0 { return false } else { return Self.plainText([$0]).count < 60 } })
                if nearTop, case let found = ControlBlock(table: rows), found.values.count >= 2 {
                    control.merge(found)
                    controlTables.append(rows)
                    counts.controlLinesRemoved += 1
                    removedText += Self.plainText([block]) + "\n"
                    continue
                }
            case .para(let inlines), .plain(let inlines):
                let text = Self.plainText(inlines)
                if text.count <= 160, case let found = ControlBlock(line: text), found.values.count >= 2 {
                    control.merge(found)
                    counts.controlLinesRemoved += 1
                    removedText += text + "\n"
                    // The words before the first label may be the title (`记录控制程序 编号：…`).
                    if controlLead == nil, let lead = ControlBlock.lead(of: text) { controlLead = lead }
                    continue
                }
            default: break
            }
            kept.append(block)
        }
        return kept
    }

    /// Page numbers (`第 1 页 共 7 页`, `Page 1 of 7`, `- 3 -`) and a short line repeated on
    /// three or more pages (a running title) are the page layout's, not the text's.
    private mutating func dropRunningLines(_ blocks: [PandocBlock]) -> [PandocBlock] {
        var seen: [String: Int] = [:]
        for block in blocks {
            if case .para(let inlines) = block { seen[Self.plainText(inlines), default: 0] += 1 }
        }
        var kept: [PandocBlock] = []
        var shown = Set<String>()
        for block in blocks {
            if case .para(let inlines) = block {
                let text = Self.plainText(inlines).trimmingCharacters(in: .whitespaces)
                if Self.isPageNumber(text) {
                    counts.runningLinesRemoved += 1
                    removedText += text + "\n"
                    continue
                }
                if text.count <= 40, !text.isEmpty, seen[Self.plainText(inlines), default: 0] >= 3 {
                    if shown.contains(text) {
                        counts.runningLinesRemoved += 1
                        removedText += text + "\n"
                        continue
                    }
                    shown.insert(text)
                }
            }
            kept.append(block)
        }
        return kept
    }

    static func isPageNumber(_ text: String) -> Bool {
        let compact = text.replacingOccurrences(of: " ", with: "")
        return compact.wholeMatch(of: /第\d+页(,?共\d+页)?/) != nil || compact.wholeMatch(of: /(?i)page\d+(of\d+)?/) != nil
            || compact.wholeMatch(of: /[-－—]\d+[-－—]/) != nil || compact.wholeMatch(of: /\d+\/\d+/) != nil
    }

    static let companyWords = ["有限公司", "有限责任公司", "股份公司", "集团", "研究院", "co., ltd", "co.,ltd", "inc.", "gmbh", "corporation", "limited"]

    /// The title: the control block's, else the first level-1 heading, else a short first line
    /// that is not the company's name. A first line taken as title leaves the body.
    private mutating func takeTitle(_ blocks: [PandocBlock]) -> [PandocBlock] {
        if let named = control.values[.title] {
            title = named
            // The same title written again at the top of the body is not repeated.
            if let first = blocks.firstIndex(where: { !Self.isCompanyLine($0) }), Self.blockText(blocks[first]) == named {
                return blocks.enumerated().filter { $0.offset != first && !($0.offset < first && Self.isCompanyLine($0.element)) }.map(\.element)
            }
            return blocks
        }
        var kept = blocks
        let index = 0
        while index < min(kept.count, 3) {
            let block = kept[index]
            if Self.isCompanyLine(block) {
                removedText += Self.blockText(block) + "\n"
                kept.remove(at: index)
                continue
            }
            let text = Self.blockText(block)
            switch block {
            case .header(1, _) where !text.isEmpty:
                title = text
                titleWasHeading = true
                kept.remove(at: index)
                return kept
            case .para, .plain:
                if !text.isEmpty, text.count <= 40, !text.hasSuffix("。"), !text.hasSuffix("."), Self.leadingNumber(text) == nil {
                    title = text
                    kept.remove(at: index)
                    return kept
                }
                if let controlLead { title = controlLead }
                return kept
            default:
                if let controlLead { title = controlLead }
                return kept
            }
        }
        if title == nil, let controlLead { title = controlLead }
        return kept
    }

    private static func isCompanyLine(_ block: PandocBlock) -> Bool {
        guard case .para = block else { return false }
        let text = blockText(block).lowercased()
        return text.count <= 40 && companyWords.contains { text.contains($0) } && !text.contains("程序") && !text.contains("手册")
    }

    private static func blockText(_ block: PandocBlock) -> String {
        switch block {
        case .header(_, let inlines), .para(let inlines), .plain(let inlines): return plainText(inlines).trimmingCharacters(in: .whitespaces)
        default: return ""
        }
    }

    /// A paragraph a page break cut in two (`…图纸、软` / `件、指导书…`) is one again.
    private mutating func joinSplitParagraphs(_ blocks: [PandocBlock]) -> [PandocBlock] {
        var kept: [PandocBlock] = []
        for block in blocks {
            if case .para(let next) = block, case .para(let previous)? = kept.last, !isBoldHeading(previous) {
                let before = Self.plainText(previous), after = Self.plainText(next)
                if before.count >= 8, let last = before.last, let first = after.first, Self.continues(last, first) {
                    kept[kept.count - 1] = .para(previous + (last.isASCII ? [.space] : []) + next)
                    counts.joinedParagraphs += 1
                    continue
                }
            }
            kept.append(block)
        }
        return kept
    }

    /// Whether a paragraph ending in `last` runs on into one starting with `first`: mid-word or
    /// mid-clause, not after a full stop, colon or list mark.
    static func continues(_ last: Character, _ first: Character) -> Bool {
        if isCJK(last) || "、，".contains(last) { return isCJK(first) }
        if last.isLetter, last.isLowercase, last.isASCII { return first.isLetter && first.isLowercase && first.isASCII }
        return false
    }

    static func isCJK(_ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy { (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value) || (0xF900...0xFAFF).contains($0.value) }
    }

    // MARK: - One block

    private mutating func render(_ block: PandocBlock, listPrefix: String?) -> String {
        switch block {
        case .para(let inlines), .plain(let inlines):
            if let heading = boldHeading(inlines) { return heading }
            return escapeLine(inline(inlines))
        case .lineBlock(let lines):
            return lines.map { escapeLine(inline($0)) }.joined(separator: "\\\n")
        case .code(let text):
            return "```\n" + text + "\n```"
        case .raw:
            counts.rawDropped += 1
            return ""
        case .quote(let blocks):
            return blocks.map { render($0, listPrefix: nil) }.filter { !$0.isEmpty }.joined(separator: "\n\n")
                .split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n")
        case let .ordered(start, decimal, items):
            return list(items, start: start, ordered: true, decimal: decimal, prefix: listPrefix)
        case .bullet(let items):
            return list(items, start: 1, ordered: false, decimal: false, prefix: nil)
        case .definitions(let entries):
            return entries.map { term, definitions in
                "**" + inline(term) + "**\n\n" + definitions.map { $0.map { render($0, listPrefix: nil) }.joined(separator: "\n\n") }.joined(separator: "\n\n")
            }.joined(separator: "\n\n")
        case let .header(level, inlines):
            counts.headings += 1
            return String(repeating: "#", count: min(6, level + 1)) + " " + inline(inlines)
        case .rule:
            return "* * *"
        case .table(let table):
            return self.table(table)
        case .div(let blocks):
            return blocks.map { render($0, listPrefix: nil) }.filter { !$0.isEmpty }.joined(separator: "\n\n")
        }
    }

    /// A list. An automatically numbered list whose items are short bold lines is the document's
    /// section headings, numbered as Word printed them (nested lists carry their parent's number).
    private mutating func list(_ items: [[PandocBlock]], start: Int, ordered: Bool, decimal: Bool, prefix: String?) -> String {
        if ordered, decimal, !items.isEmpty, items.allSatisfy({ item in
            switch item.first {
            case .para(let inlines)?, .plain(let inlines)?: return isBoldShort(inlines)
            default: return false
            }
        }) {
            var parts: [String] = []
            for (offset, item) in items.enumerated() {
                let number = (prefix ?? "") + String(start + offset)
                let inlines: [PandocInline]
                switch item[0] {
                case .para(let content), .plain(let content): inlines = content
                default: inlines = []
                }
                let level = number.split(separator: ".").count + 1
                parts.append(String(repeating: "#", count: min(6, level)) + " " + number + " " + Self.stripStrong(inline(inlines)))
                counts.headings += 1
                counts.numberedHeadings += 1
                counts.boldHeadings += 1
                for block in item.dropFirst() {
                    let text = render(block, listPrefix: number + ".")
                    if !text.isEmpty { parts.append(text) }
                }
            }
            return parts.joined(separator: "\n\n")
        }
        var lines: [String] = []
        for (offset, item) in items.enumerated() {
            let marker = ordered ? "\(start + offset). " : "- "
            let indent = String(repeating: " ", count: marker.count)
            let body = item.map { render($0, listPrefix: nil) }.filter { !$0.isEmpty }.joined(separator: "\n\n")
            let itemLines = body.split(separator: "\n", omittingEmptySubsequences: false)
            lines.append(marker + (itemLines.first.map(String.init) ?? ""))
            for line in itemLines.dropFirst() { lines.append(line.isEmpty ? "" : indent + line) }
        }
        return lines.joined(separator: "\n")
    }

    /// A short paragraph in bold that starts with a section number (`**4.工作程序**`, `1、目的`) is a heading of its level.
    private mutating func boldHeading(_ inlines: [PandocInline]) -> String? {
        guard isBoldHeading(inlines) else { return nil }
        let text = Self.stripStrong(inline(inlines)).trimmingCharacters(in: .whitespaces)
        guard let (number, rest) = Self.leadingNumber(text) else { return nil }
        counts.headings += 1
        counts.numberedHeadings += 1
        counts.boldHeadings += 1
        let level = number.split(separator: ".").count + 1
        return String(repeating: "#", count: min(6, level)) + " " + number + " " + rest
    }

    private func isBoldHeading(_ inlines: [PandocInline]) -> Bool {
        isBoldShort(inlines) && Self.leadingNumber(Self.plainText(inlines).trimmingCharacters(in: .whitespaces)) != nil
    }

    /// All of it bold (spaces aside), and short enough to be a heading.
    private func isBoldShort(_ inlines: [PandocInline]) -> Bool {
        let meaningful = inlines.filter { $0 != .space && $0 != .softBreak }
        guard !meaningful.isEmpty, meaningful.allSatisfy({ if case .strong = $0 { return true } else { return false } }) else { return false }
        let text = Self.plainText(inlines).trimmingCharacters(in: .whitespaces)
        return !text.isEmpty && text.count <= 40 && !text.hasSuffix("。")
    }

    /// `4.2 管理体系文件的层次` → ("4.2", "管理体系文件的层次"); `1、目的` → ("1", "目的"); `4.工作程序` → ("4", "工作程序").
    static func leadingNumber(_ text: String) -> (String, String)? {
        guard let match = text.prefixMatch(of: /(\d{1,2}(?:[.．]\d{1,2}){0,5})[.．、]?\s*(\S.*)/) else { return nil }
        let rest = String(match.2)
        // A number followed by a unit or a date is not a section number (`2 年`, `2022-03`).
        guard let first = rest.first, !first.isNumber, !"年月日%-/".contains(first) else { return nil }
        return (String(match.1).replacingOccurrences(of: "．", with: "."), rest)
    }

    private static func stripStrong(_ text: String) -> String {
        var text = text
        while text.hasPrefix("**"), text.hasSuffix("**"), text.count >= 4 { text = String(text.dropFirst(2).dropLast(2)) }
        return text.replacingOccurrences(of: "**", with: "")
    }

    // MARK: - Tables

    /// A GFM pipe table; an HTML table (with `rowspan`/`colspan`) where cells are merged or a cell holds a table.
    private mutating func table(_ table: PandocTable, html forced: Bool = false) -> String {
        counts.tables += 1
        guard !table.rows.isEmpty else { return "" }
        // Where pandoc kept fewer merged cells than Word has, or lost the text of a merged row, the table
        // is written from Word's own.
        if let ordinal = table.ordinal, ordinal < wordTables.count, let fuller = Self.fuller(wordTables[ordinal], than: table) , fuller {
            counts.mergedTables += 1
            counts.mergedCells += wordTables[ordinal].mergedCells
            return wordTables[ordinal].html(headRows: table.head.count)
        }
        if table.hasSpans || table.hasNestedTable || forced {
            if table.hasSpans { counts.mergedTables += 1 }
            var html = "<table>\n"
            let headRows = table.head.count
            for (index, row) in table.rows.enumerated() {
                html += "<tr>"
                for cell in row {
                    let tag = index < headRows ? "th" : "td"
                    var attributes = ""
                    if cell.rowSpan > 1 { attributes += " rowspan=\"\(cell.rowSpan)\"" }
                    if cell.colSpan > 1 { attributes += " colspan=\"\(cell.colSpan)\"" }
                    if cell.rowSpan > 1 || cell.colSpan > 1 { counts.mergedCells += 1 }
                    html += "<\(tag)\(attributes)>" + cellHTML(cell.blocks) + "</\(tag)>"
                }
                html += "</tr>\n"
            }
            return html + "</table>"
        }
        var rows = table.rows.map { $0.map { cellMarkdown($0.blocks) } }
        let columns = max(table.columns, rows.map(\.count).max() ?? 0)
        rows = rows.map { $0 + Array(repeating: "", count: max(0, columns - $0.count)) }
        let header = rows[0]
        let aligns = (table.rows.first ?? []).map { cell -> String in
            switch cell.align { case "center": ":---:"; case "right": "---:"; default: "---" }
        }
        var lines = ["| " + header.joined(separator: " | ") + " |",
                     "|" + (aligns + Array(repeating: "---", count: max(0, columns - aligns.count))).map { " \($0) " }.joined(separator: "|") + "|"]
        for row in rows.dropFirst() { lines.append("| " + row.joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n")
    }

    /// Whether Word's table says more than pandoc's reading of it (more merged cells, or text pandoc
    /// dropped); nil when they are not the same table (pandoc's text is not found in Word's, in order).
    static func fuller(_ word: WordTable, than pandoc: PandocTable) -> Bool? {
        let squeeze = { (text: String) in Array(text.filter { !$0.isWhitespace }) }
        let ours = squeeze(word.rows.joined().map(\.text).joined()), theirs = squeeze(pandoc.rows.joined().map { plainText($0.blocks) }.joined())
        var position = 0
        for character in theirs {
            while position < ours.count, ours[position] != character { position += 1 }
            guard position < ours.count else { return nil }
            position += 1
        }
        return word.mergedCells > pandoc.mergedCells || (word.mergedCells > 0 && ours.count > theirs.count)
    }

    /// A cell's paragraphs on one line, `<br>` between them, pipes escaped.
    private mutating func cellMarkdown(_ blocks: [PandocBlock]) -> String {
        cellLines(blocks).map { inline($0, inCell: true) }.filter { !$0.isEmpty }.joined(separator: "<br>")
            .replacingOccurrences(of: "|", with: "\\|")
    }

    /// A cell's text, escaped, `<br>` between paragraphs; a table inside it as a table.
    private mutating func cellHTML(_ blocks: [PandocBlock]) -> String {
        var parts: [String] = []
        for block in blocks {
            if case .table(let inner) = block {
                parts.append(table(inner, html: true).replacingOccurrences(of: "\n", with: ""))
            } else {
                parts += cellLines([block]).map { HTML.escape(Self.plainText($0)) }.filter { !$0.isEmpty }
            }
        }
        return parts.joined(separator: "<br>")
    }

    private func cellLines(_ blocks: [PandocBlock]) -> [[PandocInline]] {
        blocks.flatMap { block -> [[PandocInline]] in
            switch block {
            case .para(let inlines), .plain(let inlines), .header(_, let inlines): return [inlines]
            case .lineBlock(let lines): return lines
            case .ordered(_, _, let items), .bullet(let items): return items.flatMap { cellLines($0) }
            case .div(let inner), .quote(let inner): return cellLines(inner)
            case .table(let table): return table.rows.flatMap { $0.flatMap { cellLines($0.blocks) } }
            default: return []
            }
        }
    }

    // MARK: - Inlines

    /// Inline Markdown. A soft break between two Chinese characters is nothing (Chinese does not put spaces between words).
    mutating func inline(_ inlines: [PandocInline], inCell: Bool = false) -> String {
        var text = ""
        for (index, node) in inlines.enumerated() {
            switch node {
            case .str(let string): text += Self.escape(string)
            case .space: text += " "
            case .softBreak:
                let before = text.last, after = index + 1 < inlines.count ? Self.plainText([inlines[index + 1]]).first : nil
                if let before, let after, Self.isCJK(before) || "，。、；：".contains(before), Self.isCJK(after) { break }
                text += " "
            case .lineBreak: text += inCell ? "<br>" : "\\\n"
            case .emph(let inner): text += wrap("*", inline(inner, inCell: inCell))
            case .strong(let inner): text += wrap("**", inline(inner, inCell: inCell))
            case .underline(let inner): text += "<u>" + inline(inner, inCell: inCell) + "</u>"
            case .strike(let inner): text += wrap("~~", inline(inner, inCell: inCell))
            case .superscript(let inner): text += "<sup>" + inline(inner, inCell: inCell) + "</sup>"
            case .subscriptText(let inner): text += "<sub>" + inline(inner, inCell: inCell) + "</sub>"
            case .smallCaps(let inner), .span(_, let inner): text += inline(inner, inCell: inCell)
            case .quoted(let double, let inner): text += (double ? "“" : "‘") + inline(inner, inCell: inCell) + (double ? "”" : "’")
            case .code(let code): text += "`" + code.replacingOccurrences(of: "`", with: "'") + "`"
            case .math(let display, let tex):
                counts.equations += 1
                text += "`" + (display ? "$$" : "$") + tex.replacingOccurrences(of: "`", with: "'") + (display ? "$$" : "$") + "`"
            case .raw:
                counts.rawDropped += 1
            case .link(let inner, let target):
                let label = inline(inner, inCell: inCell)
                if target.hasPrefix("#") || target.isEmpty { text += label }
                else if Self.plainText(inner) == target { text += "<" + target + ">" }
                else { text += "[" + label + "](" + target.replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: ")", with: "%29") + ")" }
            case .image(let inner, let target):
                counts.images += 1
                let path = images[target] ?? target
                let alt = Self.plainText(inner).replacingOccurrences(of: "]", with: " ").replacingOccurrences(of: "[", with: " ")
                text += "![" + alt + "](" + path.replacingOccurrences(of: " ", with: "%20") + ")"
            case .note(let blocks):
                counts.footnotes += 1
                text += "（注：" + Self.escape(Self.plainText(blocks)) + "）"
            }
        }
        return text
    }

    private func wrap(_ mark: String, _ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return text }
        return mark + trimmed + mark
    }

    /// Characters Markdown would read as syntax, escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            if "\\`*_[]<>~".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// A paragraph that would start a heading, a quote, a list or a code block when written as it is.
    func escapeLine(_ text: String) -> String {
        var line = text
        while line.hasPrefix(" ") || line.hasPrefix("\t") { line.removeFirst() }
        if let first = line.first, "#>+-=".contains(first) { return "\\" + line }
        if let match = line.prefixMatch(of: /(\d{1,9})([.)])(\s|$)/) {
            return String(match.1) + "\\" + String(line.dropFirst(match.1.count))
        }
        return line
    }

    // MARK: - Text

    static func plainText(_ inlines: [PandocInline]) -> String {
        var text = ""
        for node in inlines {
            switch node {
            case .str(let string): text += string
            case .space, .softBreak: text += " "
            case .lineBreak: text += "\n"
            case .emph(let inner), .strong(let inner), .underline(let inner), .strike(let inner), .superscript(let inner),
                 .subscriptText(let inner), .smallCaps(let inner), .span(_, let inner), .link(let inner, _), .image(let inner, _):
                text += plainText(inner)
            case .quoted(_, let inner): text += plainText(inner)
            case .code(let code), .math(_, let code): text += code
            case .raw: break
            case .note(let blocks): text += plainText(blocks)
            }
        }
        return text
    }

    static func plainText(_ blocks: [PandocBlock]) -> String {
        blocks.map { block -> String in
            switch block {
            case .para(let inlines), .plain(let inlines), .header(_, let inlines): return plainText(inlines)
            case .lineBlock(let lines): return lines.map { plainText($0) }.joined(separator: "\n")
            case .code(let text): return text
            case .quote(let inner), .div(let inner): return plainText(inner)
            case .ordered(_, _, let items), .bullet(let items): return items.map { plainText($0) }.joined(separator: "\n")
            case .definitions(let entries): return entries.map { plainText($0.0) + " " + $0.1.map { plainText($0) }.joined(separator: " ") }.joined(separator: "\n")
            case .table(let table): return table.rows.map { $0.map { plainText($0.blocks) }.joined(separator: " ") }.joined(separator: "\n")
            case .raw, .rule: return ""
            }
        }.joined(separator: "\n")
    }

    static func links(in inlines: [PandocInline]) -> [String] {
        inlines.flatMap { node -> [String] in
            switch node {
            case .link(let inner, let target): return [target] + links(in: inner)
            case .emph(let inner), .strong(let inner), .underline(let inner), .strike(let inner), .span(_, let inner),
                 .superscript(let inner), .subscriptText(let inner), .smallCaps(let inner), .quoted(_, let inner):
                return links(in: inner)
            default: return []
            }
        }
    }
}
