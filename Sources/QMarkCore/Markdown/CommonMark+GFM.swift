import Ccmark
import Foundation

/// Lines of a part of a body that was parsed again on its own (the text around a table).
struct SourceFragment {
    var lines: [Substring]
    /// Added to a line of the fragment (1-based) to give the line of the body.
    var lineShift: Int
}

/// What GitHub Flavored Markdown adds to CommonMark, done on libcmark's tree: pipe tables,
/// strikethrough, task lists, and which raw HTML may stand in a page.
extension TreeWalk {
    // MARK: - Tables

    /// Finds pipe tables in paragraphs (and in setext headings, whose lines GFM may read as a
    /// table) and ```` ```table ````/```` ```csv ```` blocks, and puts a table in their place.
    mutating func expandTables(_ root: OpaquePointer) {
        var work = tableCandidates(under: root)
        while let node = work.popLast() {
            if cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK {
                replaceFencedTable(node)
            } else {
                work += expandPipeTable(node).flatMap { tableCandidates(under: $0) }
            }
        }
    }

    /// Paragraphs and setext headings of two lines or more that hold a line like a delimiter row, and fenced table blocks.
    func tableCandidates(under root: OpaquePointer) -> [OpaquePointer] {
        var found: [OpaquePointer] = []
        guard let iterator = cmark_iter_new(root) else { return found }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING:
                let first = Int(cmark_node_get_start_line(node)), last = Int(cmark_node_get_end_line(node))
                guard last > first else { continue }
                let lines = linesOf(node)
                if lines.count > 1, lines.dropFirst().contains(where: { PipeRow.looksLikeDelimiter($0.drop { $0 == ">" || $0 == " " || $0 == "\t" }) }) { found.append(node) }
            case CMARK_NODE_CODE_BLOCK:
                let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
                if let word = info.split(separator: " ").first, TableBlock.Kind(rawValue: word.lowercased()) != nil { found.append(node) }
            default:
                break
            }
        }
        return found.reversed()
    }

    /// The source lines of a paragraph, or of a setext heading up to its underline (libcmark
    /// counts the line after the underline into a setext heading; an ATX heading has none).
    func linesOf(_ node: OpaquePointer) -> ArraySlice<Substring> {
        let (context, containers) = sourceContext(of: node)
        let first = Int(cmark_node_get_start_line(node)) - 1
        var last = min(Int(cmark_node_get_end_line(node)), context.lines.count) - 1
        guard first >= 0, first <= last else { return [] }
        if cmark_node_get_type(node) == CMARK_NODE_HEADING {
            guard let underline = (first + 1...max(first + 1, last)).first(where: {
                $0 < context.lines.count && isSetextUnderline(strip(context.lines[$0], containers: containers).text)
            }) else { return [] }
            last = underline
        }
        return context.lines[first...last]
    }

    /// `===` or `---` with at most three spaces before and white space after.
    func isSetextUnderline(_ line: Substring) -> Bool {
        let text = line.drop { $0 == " " }
        guard line.count - text.count <= 3, let marker = text.first, marker == "=" || marker == "-" else { return false }
        let rest = text.drop { $0 == marker }
        return rest.allSatisfy { $0 == " " || $0 == "\t" }
    }

    /// The lines a node was parsed from, and the block quotes and list items around it within
    /// them, outermost first: their markers stand at the start of each line.
    func sourceContext(of node: OpaquePointer) -> (SourceFragment, [OpaquePointer]) {
        var containers: [OpaquePointer] = []
        var current: OpaquePointer? = node
        while let candidate = current {
            let type = cmark_node_get_type(candidate)
            if candidate != node, type == CMARK_NODE_BLOCK_QUOTE || type == CMARK_NODE_ITEM { containers.append(candidate) }
            if let fragment = fragments[candidate] { return (fragment, containers.reversed()) }
            current = cmark_node_parent(candidate)
        }
        return (SourceFragment(lines: sourceLines, lineShift: 0), containers.reversed())
    }

    /// A line of a paragraph without the markers of the containers around it.
    struct ContainedLine {
        var text: Substring
        /// How many of the containers around the paragraph the line continues (fewer: a lazy line).
        var matched: Int
        /// Where the line starts inside each container, outermost first (index 0: the whole line).
        var starts: [Substring.Index]
    }

    func strip(_ line: Substring, containers: [OpaquePointer]) -> ContainedLine {
        let utf8 = line.utf8
        var position = utf8.startIndex
        var starts = [position]
        var matched = 0
        for container in containers {
            if cmark_node_get_type(container) == CMARK_NODE_BLOCK_QUOTE {
                var index = position, spaces = 0
                while index < utf8.endIndex, utf8[index] == UInt8(ascii: " "), spaces < 3 { index = utf8.index(after: index); spaces += 1 }
                guard index < utf8.endIndex, utf8[index] == UInt8(ascii: ">") else { break }
                index = utf8.index(after: index)
                if index < utf8.endIndex, utf8[index] == UInt8(ascii: " ") || utf8[index] == UInt8(ascii: "\t") { index = utf8.index(after: index) }
                position = index
            } else {
                let column = itemContentColumn(container)
                var index = position
                while index < utf8.endIndex, utf8.distance(from: utf8.startIndex, to: index) < column, utf8[index] == UInt8(ascii: " ") {
                    index = utf8.index(after: index)
                }
                guard utf8.distance(from: utf8.startIndex, to: index) >= column else { break }
                position = index
            }
            matched += 1
            starts.append(position)
        }
        return ContainedLine(text: line[position...], matched: matched, starts: starts)
    }

    /// The column (0-based, in bytes) where a list item's content starts.
    func itemContentColumn(_ item: OpaquePointer) -> Int {
        if let child = cmark_node_first_child(item), cmark_node_get_start_line(child) == cmark_node_get_start_line(item) {
            return Int(cmark_node_get_start_column(child)) - 1
        }
        return Int(cmark_node_get_start_column(item)) + 1
    }

    /// Reads a paragraph (or setext heading) as GFM does: the line before the first delimiter
    /// row whose cells it matches is the header, rows follow until a line that starts another
    /// block or leaves a container. The lines before and after are parsed again and stand
    /// around the table. Returns the blocks parsed again after it, which may hold more tables.
    mutating func expandPipeTable(_ node: OpaquePointer) -> [OpaquePointer] {
        let isHeading = cmark_node_get_type(node) == CMARK_NODE_HEADING
        let (context, containers) = sourceContext(of: node)
        let firstLine = Int(cmark_node_get_start_line(node))
        let raw = linesOf(node)
        guard raw.count >= 2 else { return [] }
        let startColumn = Int(cmark_node_get_start_column(node)) - 1
        let lines: [ContainedLine] = raw.enumerated().map { index, line in
            var contained = strip(line, containers: containers)
            if index == 0 {
                let utf8 = line.utf8
                let start = utf8.index(utf8.startIndex, offsetBy: min(startColumn, utf8.count))
                contained = ContainedLine(text: line[start...], matched: containers.count, starts: contained.starts)
            }
            return contained
        }
        // The header: the first line followed by a delimiter row of as many cells (a setext
        // heading's underline is no delimiter row).
        var header: (index: Int, cells: [String], alignments: [TableBlock.Alignment])?
        for index in 1..<(isHeading ? lines.count - 1 : lines.count) where lines[index].matched == containers.count && indentation(lines[index].text) < 4 {
            guard let alignments = PipeRow.delimiter(lines[index].text),
                  let cells = PipeRow.cells(lines[index - 1].text), cells.count == alignments.count else { continue }
            header = (index - 1, cells, alignments)
            break
        }
        guard let header else { return [] }
        var rows: [[String]] = []
        var end = header.index + 2
        while end < lines.count {
            let line = lines[end]
            guard line.matched == containers.count, !startsAnotherBlock(line.text), let cells = PipeRow.cells(line.text) else { break }
            rows.append(cells)
            end += 1
        }
        let bodyFirstLine = firstLine + context.lineShift
        let table = TableBlock(header: header.cells.map { TableBlock.Cell(text: $0, row: 0) }, alignments: header.alignments,
                               rows: rows.enumerated().map { index, cells in cells.map { TableBlock.Cell(text: $0, row: index + 2) } },
                               cellsAreMarkdown: true)
        let long = rows.indices.filter { rows[$0].count > header.cells.count }
        if let index = long.first {
            let others = long.count > 1 ? " (and \(long.count - 1) more rows)" : ""
            problem(.warning, .malformedTable, line: bodyFirstLine + header.index + 2 + index,
                    "table row has \(rows[index].count) cells but the header has \(header.cells.count)\(others); the extra cells are not shown (write `\\|` for a pipe inside a cell)")
        }
        // Lines before the table.
        if header.index > 0 {
            let text = lines[..<header.index].map(\.text).joined(separator: "\n")
            for block in parseFragment(text, lineShift: bodyFirstLine - 1) { cmark_node_insert_before(node, block) }
        }
        guard let tableNode = tableNode(table, firstLine: bodyFirstLine + header.index) else { return [] }
        cmark_node_insert_before(node, tableNode)
        // Lines after it: inside the same containers, or, from a lazy line on, after the container it left.
        var after: [OpaquePointer] = []
        if end < lines.count {
            let level = lines[end].matched
            let text = lines[end...].map { line in
                let keep = min(level, line.matched)
                return line.text.base[line.starts[keep]..<line.text.endIndex]
            }.joined(separator: "\n")
            var anchor = tableNode
            if level < containers.count {
                anchor = containers[level]
                if cmark_node_get_type(anchor) == CMARK_NODE_ITEM, let list = cmark_node_parent(anchor) { anchor = list }
            }
            after = parseFragment(text, lineShift: bodyFirstLine + end - 1)
            for block in after {
                cmark_node_insert_after(anchor, block)
                anchor = block
            }
        }
        cmark_node_unlink(node)
        cmark_node_free(node)
        return after
    }

    func indentation(_ line: Substring) -> Int {
        var columns = 0
        for byte in line.utf8 {
            if byte == UInt8(ascii: " ") { columns += 1 } else if byte == UInt8(ascii: "\t") { columns += 4 - columns % 4 } else { break }
        }
        return columns
    }

    /// Whether a line below a table starts another block (so ends the table), as libcmark reads it on its own.
    func startsAnotherBlock(_ line: Substring) -> Bool {
        if indentation(line) >= 4 { return true }
        guard let first = line.utf8.first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }),
              "#>-+*_`~<0123456789".utf8.contains(first) else { return false }
        guard let document = parse(String(line)) else { return false }
        defer { cmark_node_free(document) }
        guard let block = cmark_node_first_child(document) else { return false }
        return cmark_node_get_type(block) != CMARK_NODE_PARAGRAPH
    }

    /// Parses part of a paragraph on its own; returns its blocks, unlinked from their document.
    mutating func parseFragment(_ text: String, lineShift: Int) -> [OpaquePointer] {
        guard let document = parse(text) else { return [] }
        defer { cmark_node_free(document) }
        var blocks: [OpaquePointer] = []
        let lines = text.lineSlices
        while let block = cmark_node_first_child(document) {
            cmark_node_unlink(block)
            fragments[block] = SourceFragment(lines: lines, lineShift: lineShift)
            blocks.append(block)
        }
        return blocks
    }

    /// Replaces a ```` ```table ```` or ```` ```csv ```` block with its table; a block that is
    /// not a table stays as code, with a warning.
    mutating func replaceFencedTable(_ block: OpaquePointer) {
        let info = cmark_node_get_fence_info(block).map { String(cString: $0) } ?? ""
        guard let word = info.split(separator: " ").first, let kind = TableBlock.Kind(rawValue: word.lowercased()) else { return }
        let content = literalOf(block)
        let fenceLine = bodyLine(block)
        let table: TableBlock
        do throws(TableBlock.Failure) {
            switch kind {
            case .pipe: table = try TableBlock.parsePipe(content)
            case .csv: table = try TableBlock.parseCSV(content)
            }
        } catch {
            guard case .malformed(let message, let row) = error else { return }
            problem(.warning, .malformedTable, line: fenceLine + 1 + row, "\(message); the block is shown as code")
            return
        }
        // One warning per table, at its first uneven row: a table of a thousand short rows is one finding.
        if let (row, count) = table.ragged.first {
            let others = table.ragged.count > 1 ? " (and \(table.ragged.count - 1) more rows)" : ""
            problem(.warning, .malformedTable, line: fenceLine + 1 + row,
                    "table row has \(count) cells but the header has \(table.header.count)\(others); \(count > table.header.count ? "extra cells are dropped" : "missing cells are left empty")")
        }
        guard let node = tableNode(table, firstLine: fenceLine + 1) else { return }
        cmark_node_replace(block, node)
        cmark_node_free(block)
    }

    /// A table as libcmark nodes: custom blocks for the table and its rows, a custom inline per
    /// cell holding the cell's inline content, so that links, mentions and the rest are read in
    /// cells as anywhere else. The HTML is that of GFM with QMark's wrapper and classes.
    mutating func tableNode(_ table: TableBlock, firstLine: Int) -> OpaquePointer? {
        guard let node = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { return nil }
        cmark_node_set_on_enter(node, "<div class=\"qm-table-wrap\"><table class=\"qm-table\">\n<thead>")
        cmark_node_set_on_exit(node, table.rows.isEmpty ? "</table></div>" : "</tbody>\n</table></div>")
        let columns = table.header.count
        let allCells = table.header + table.rows.flatMap { $0.prefix(columns) }
        let contents = cellContents(allCells, markdown: table.cellsAreMarkdown)
        var nextCell = 0
        // Short rows are padded with empty cells to the header's width — up to a budget in
        // proportion to the table's own text (an empty cell is ten bytes of HTML: about two and a
        // half bytes of page per byte of table), so that a very wide header over many short rows
        // cannot multiply the page (a 100,000-column header over 1,000 rows).
        var padding = allCells.reduce(0) { $0 + $1.text.utf8.count + 1 } / 4 + 1_000
        var paddingRanOut = false
        func attribute(_ column: Int) -> String {
            switch table.alignments[column] {
            case .none: return ""
            case .left: return " style=\"text-align: left\""
            case .center: return " style=\"text-align: center\""
            case .right: return " style=\"text-align: right\""
            }
        }
        func appendRow(_ cells: [TableBlock.Cell], tag: String, exit: String, line: Int) {
            guard let row = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { return }
            cmark_node_set_on_enter(row, "<tr>")
            cmark_node_set_on_exit(row, exit)
            rowLines[row] = line
            var width = columns
            if cells.count < columns {
                let missing = columns - cells.count
                if padding >= missing { padding -= missing } else {
                    width = max(cells.count, 1)
                    if !paddingRanOut { problem(.warning, .malformedTable, line: line,
                        "table rows have far fewer cells than the header's \(columns); from this row on they are not padded with empty cells") }
                    paddingRanOut = true
                }
            }
            for column in 0..<width {
                guard let cell = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { continue }
                cmark_node_set_on_enter(cell, "<\(tag)\(attribute(column))>")
                cmark_node_set_on_exit(cell, "</\(tag)>\n")
                if column < cells.count {
                    for inline in contents[nextCell] { cmark_node_append_child(cell, inline) }
                    nextCell += 1
                }
                self.cells.insert(cell)
                cmark_node_append_child(row, cell)
            }
            cmark_node_append_child(node, row)
        }
        appendRow(table.header, tag: "th", exit: table.rows.isEmpty ? "</tr>\n</thead>" : "</tr>\n</thead>\n<tbody>", line: firstLine + table.header[0].row)
        for row in table.rows {
            appendRow(row, tag: "td", exit: "</tr>", line: firstLine + (row.first?.row ?? 0))
        }
        return node
    }

    /// The inline nodes of each cell. Cells that may hold Markdown are parsed together, each as
    /// a paragraph of its own behind a no-break space, so that no cell can open a block (`# x`,
    /// `- x`, `1. x`) and the first character's context is that of a line's start.
    func cellContents(_ cells: [TableBlock.Cell], markdown: Bool) -> [[OpaquePointer]] {
        var contents: [[OpaquePointer]] = Array(repeating: [], count: cells.count)
        var parsed: [Int] = []
        var text = ""
        for (index, cell) in cells.enumerated() where !cell.text.isEmpty {
            if markdown, TreeWalk.mayHoldMarkdown(cell.text) {
                parsed.append(index)
                text += "\u{A0}" + cell.text + "\n\n"
            } else {
                contents[index] = textNodes(cell.text)
            }
        }
        guard !parsed.isEmpty, let document = parse(text) else { return contents }
        defer { cmark_node_free(document) }
        var paragraph = cmark_node_first_child(document)
        for index in parsed {
            guard let current = paragraph else { break }
            paragraph = cmark_node_next(current)
            // Each cell is one paragraph; should one ever not be, it keeps its text as written.
            guard cmark_node_get_type(current) == CMARK_NODE_PARAGRAPH else {
                contents[index] = textNodes(cells[index].text)
                continue
            }
            var inlines: [OpaquePointer] = []
            while let inline = cmark_node_first_child(current) {
                cmark_node_unlink(inline)
                inlines.append(inline)
            }
            if let first = inlines.first, cmark_node_get_type(first) == CMARK_NODE_TEXT {
                let literal = literalOf(first)
                let rest = literal.hasPrefix("\u{A0}") ? String(literal.dropFirst()) : literal
                if rest.isEmpty {
                    cmark_node_free(first)
                    inlines.removeFirst()
                } else {
                    cmark_node_set_literal(first, rest)
                }
            }
            contents[index] = inlines
        }
        return contents
    }

    /// A cell's text as one text node, as written.
    func textNodes(_ text: String) -> [OpaquePointer] {
        guard let node = cmark_node_new(CMARK_NODE_TEXT) else { return [] }
        cmark_node_set_literal(node, text)
        return [node]
    }

    /// Whether inline parsing could change a table cell's text. Most cells are plain words and
    /// numbers, which libcmark would only escape; skipping the parse for them halves table cost.
    static func mayHoldMarkdown(_ text: String) -> Bool {
        let special: Set<Unicode.Scalar> = ["\\", "`", "*", "_", "[", "]", "<", ">", "&", "!", "~", "@", ":", "w"]
        return text.unicodeScalars.contains(where: { special.contains($0) })
    }

    // MARK: - Strikethrough

    /// `~text~` and `~~text~~` become `<del>`: runs of one or two tildes, flanking as emphasis
    /// delimiters do, closed by the nearest opener of the same length within one parent.
    func formStrikethrough(_ root: OpaquePointer) {
        var parents: [OpaquePointer] = []
        guard let iterator = cmark_iter_new(root) else { return }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING, CMARK_NODE_EMPH, CMARK_NODE_STRONG, CMARK_NODE_LINK,
                 CMARK_NODE_IMAGE, CMARK_NODE_CUSTOM_INLINE:
                parents.append(node)
            default:
                break
            }
        }
        cmark_iter_free(iterator)
        for parent in parents {
            if mergeTexts(parent) { strikethrough(in: parent) }
        }
    }

    /// Joins adjacent text nodes (libcmark splits text at `[`, `!` and the like); true when a `~` is among them.
    @discardableResult
    func mergeTexts(_ parent: OpaquePointer) -> Bool {
        var hasTilde = false
        var child = cmark_node_first_child(parent)
        while let node = child {
            guard cmark_node_get_type(node) == CMARK_NODE_TEXT else { child = cmark_node_next(node); continue }
            var literal = literalOf(node)
            var merged = false
            while let next = cmark_node_next(node), cmark_node_get_type(next) == CMARK_NODE_TEXT {
                literal += literalOf(next)
                cmark_node_unlink(next)
                cmark_node_free(next)
                merged = true
            }
            if merged { cmark_node_set_literal(node, literal) }
            if literal.utf8.contains(UInt8(ascii: "~")) { hasTilde = true }
            child = cmark_node_next(node)
        }
        return hasTilde
    }

    struct TildeRun {
        var node: OpaquePointer
        var length: Int
        var canOpen: Bool
        var canClose: Bool
    }

    func strikethrough(in parent: OpaquePointer) {
        let parentIsBlock = [CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING].contains(cmark_node_get_type(parent)) || cells.contains(parent)
        // Split every text child so that each run of tildes is a text node of its own.
        var runs: [TildeRun] = []
        var child = cmark_node_first_child(parent)
        while let node = child {
            child = cmark_node_next(node)
            guard cmark_node_get_type(node) == CMARK_NODE_TEXT else { continue }
            let scalars = Array(literalOf(node).unicodeScalars)
            guard scalars.contains("~") else { continue }
            let outsideBefore: Unicode.Scalar = neighbourIsSpace(cmark_node_previous(node), parentIsBlock: parentIsBlock) ? " " : "!"
            let outsideAfter: Unicode.Scalar = neighbourIsSpace(cmark_node_next(node), parentIsBlock: parentIsBlock) ? " " : "!"
            var index = 0, pieceStart = 0
            while index < scalars.count {
                guard scalars[index] == "~" else { index += 1; continue }
                var end = index
                while end < scalars.count, scalars[end] == "~" { end += 1 }
                let before = index > 0 ? scalars[index - 1] : outsideBefore
                let after = end < scalars.count ? scalars[end] : outsideAfter
                let (left, right) = flanking(before: before, after: after)
                if index > pieceStart { insertScalars(scalars[pieceStart..<index], before: node) }
                if let run = newText(String(String.UnicodeScalarView(scalars[index..<end]))) {
                    cmark_node_insert_before(node, run)
                    if end - index <= 2, left || right { runs.append(TildeRun(node: run, length: end - index, canOpen: left, canClose: right)) }
                }
                pieceStart = end
                index = end
            }
            if pieceStart < scalars.count { insertScalars(scalars[pieceStart...], before: node) }
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
        // Match closers with the nearest opener, as GFM does.
        var active = runs.map { _ in true }
        for closer in runs.indices where runs[closer].canClose && active[closer] {
            guard let opener = runs[..<closer].indices.last(where: { active[$0] && runs[$0].canOpen }) else { continue }
            for index in opener...closer { active[index] = false }
            guard runs[opener].length == runs[closer].length, let del = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { continue }
            cmark_node_set_on_enter(del, "<del>")
            cmark_node_set_on_exit(del, "</del>")
            cmark_node_insert_before(runs[opener].node, del)
            var inner = cmark_node_next(runs[opener].node)
            while let node = inner, node != runs[closer].node {
                inner = cmark_node_next(node)
                cmark_node_append_child(del, node)
            }
            for node in [runs[opener].node, runs[closer].node] {
                cmark_node_unlink(node)
                cmark_node_free(node)
            }
            mergeTexts(del)
        }
        mergeTexts(parent)
    }

    private func insertScalars(_ scalars: ArraySlice<Unicode.Scalar>, before node: OpaquePointer) {
        if let text = newText(String(String.UnicodeScalarView(scalars))) { cmark_node_insert_before(node, text) }
    }

    private func newText(_ literal: String) -> OpaquePointer? {
        guard let node = cmark_node_new(CMARK_NODE_TEXT) else { return nil }
        cmark_node_set_literal(node, literal)
        return node
    }

    /// What a neighbouring node looks like from a tilde: a line break or the edge of a
    /// paragraph is white space; emphasis, code, links and tags begin and end with punctuation.
    private func neighbourIsSpace(_ node: OpaquePointer?, parentIsBlock: Bool) -> Bool {
        guard let node else { return parentIsBlock }
        let type = cmark_node_get_type(node)
        return type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK
    }

    /// CommonMark's left- and right-flanking rules for a delimiter run between two characters.
    private func flanking(before: Unicode.Scalar, after: Unicode.Scalar) -> (left: Bool, right: Bool) {
        let spaceBefore = Inline.isWhitespace(before), spaceAfter = Inline.isWhitespace(after)
        let punctuationBefore = Inline.isPunctuation(before), punctuationAfter = Inline.isPunctuation(after)
        let left = !spaceAfter && (!punctuationAfter || spaceBefore || punctuationBefore)
        let right = !spaceBefore && (!punctuationBefore || spaceAfter || punctuationAfter)
        return (left, right)
    }

    // MARK: - Task lists

    /// `- [ ] text` and `- [x] text`: a disabled checkbox, as GFM renders it.
    func markTask(_ item: OpaquePointer) {
        guard let paragraph = cmark_node_first_child(item), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH,
              bodyLine(paragraph) == bodyLine(item),
              let text = cmark_node_first_child(paragraph), cmark_node_get_type(text) == CMARK_NODE_TEXT else { return }
        let literal = literalOf(text)
        let marker = literal.prefix(3)
        guard ["[ ]", "[x]", "[X]"].contains(marker) else { return }
        let rest = literal.dropFirst(3)
        guard let separator = rest.first, separator == " " || separator == "\t",
              let box = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { return }
        let done = marker != "[ ]"
        let label = options.taskLabels.map { " aria-label=\"\(HTML.escape(done ? $0.done : $0.open))\"" } ?? ""
        cmark_node_set_on_enter(box, done ? "<input type=\"checkbox\" checked=\"\" disabled=\"\"\(label) />" : "<input type=\"checkbox\" disabled=\"\"\(label) />")
        cmark_node_set_on_exit(box, "")
        cmark_node_insert_before(text, box)
        cmark_node_set_literal(text, " " + rest.drop { $0 == " " || $0 == "\t" })
    }

    // MARK: - Raw HTML

    /// Without `unsafe_html`, a few harmless inline tags without attributes pass (opened and
    /// closed within one paragraph, heading or cell; `<br>` alone), and every other fragment is
    /// left out and counted. With it, everything passes but the tags GFM's tag filter disarms.
    mutating func filterHTML(_ html: [(node: OpaquePointer, line: Int, block: OpaquePointer?)]) {
        if options.unsafeHTML {
            for (node, _, _) in html {
                let literal = literalOf(node)
                let filtered = SafeHTML.disarm(literal)
                if filtered != literal { cmark_node_set_literal(node, filtered) }
            }
            return
        }
        // Per paragraph, heading or cell, the tags opened and not yet closed: a tag passes when
        // closed in order within it (constant work per tag, however many there are).
        var open: [OpaquePointer?: [(node: OpaquePointer, tag: String, line: Int)]] = [:]
        var passing: [(OpaquePointer, String)] = []
        var omitted: [(OpaquePointer, Int)] = []
        var tables: [OpaquePointer] = []
        for (node, line, block) in html {
            let literal = literalOf(node)
            let isInline = cmark_node_get_type(node) == CMARK_NODE_HTML_INLINE
            // A table with merged cells (as `qmark import` writes one from Word) passes whole when it is only table markup.
            if !isInline, SafeHTML.isPlainTable(literal) {
                tables.append(node)
                continue
            }
            guard isInline, let tag = SafeHTML.harmlessTag(literal) else {
                if !SafeHTML.isComment(literal) { omitted.append((node, line)) }
                continue
            }
            switch tag {
            case .void(let name):
                passing.append((node, "<\(name) />"))
            case .open(let name):
                open[block, default: []].append((node, name, line))
            case .close(let name):
                if let last = open[block]?.last, last.tag == name {
                    open[block]?.removeLast()
                    passing.append((last.node, "<\(name)>"))
                    passing.append((node, "</\(name)>"))
                } else {
                    omitted.append((node, line))
                }
            }
        }
        for unclosed in open.values.joined() { omitted.append((unclosed.node, unclosed.line)) }
        omittedHTML += omitted.count
        if let first = omitted.map(\.1).min() { firstOmittedHTMLLine = min(firstOmittedHTMLLine ?? first, first) }
        guard linker != nil else { return }
        for node in tables {
            guard let custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { continue }
            // Dressed as the site's GFM tables are: a scrolling wrapper and the table class.
            var html = literalOf(node)
            if let open = html.range(of: "<table>", options: .caseInsensitive) {
                html.replaceSubrange(open, with: "<div class=\"qm-table-wrap\"><table class=\"qm-table\">")
            }
            if let close = html.range(of: "</table>", options: [.caseInsensitive, .backwards]) { html.replaceSubrange(close, with: "</table></div>") }
            cmark_node_set_on_enter(custom, html)
            cmark_node_set_on_exit(custom, "")
            cmark_node_replace(node, custom)
            cmark_node_free(node)
        }
        for (node, markup) in passing {
            guard let custom = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { continue }
            cmark_node_set_on_enter(custom, markup)
            cmark_node_set_on_exit(custom, "")
            cmark_node_replace(node, custom)
            cmark_node_free(node)
        }
    }
}

/// Which raw HTML is harmless enough to pass without `unsafe_html`, and GFM's tag filter for when it is on.
enum SafeHTML {
    enum Tag: Equatable {
        case void(String)
        case open(String)
        case close(String)
    }

    static let inlineTags: Set<String> = ["sup", "sub", "kbd", "mark", "u", "s", "del", "ins"]

    /// `<br>`, `<br/>`, `<br />`, `<sup>`, `</sup>` … in any case, without attributes; nil for anything else.
    static func harmlessTag(_ literal: String) -> Tag? {
        var text = Substring(literal.lowercased())
        guard text.hasPrefix("<"), text.hasSuffix(">") else { return nil }
        text = text.dropFirst().dropLast()
        let closing = text.hasPrefix("/")
        if closing { text = text.dropFirst() }
        var selfClosing = false
        if !closing, text.hasSuffix("/") { text = text.dropLast(); selfClosing = true }
        let name = String(text.trimmingTrailingSpaces)
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        if name == "br" { return closing ? nil : .void("br") }
        guard inlineTags.contains(name), !selfClosing, text.count == name.count else { return nil }
        return closing ? .close(name) : .open(name)
    }

    /// The tags a table may be written with, and the attributes its cells may carry.
    static let tableTags: Set<String> = ["table", "thead", "tbody", "tfoot", "tr", "th", "td"]

    /// Whether an HTML block is a table and nothing else: table tags, properly nested, with no
    /// attribute but `rowspan`/`colspan` (a number) and `align` (left, center, right); in cells,
    /// text, `<br>` and the harmless inline tags without attributes.
    static func isPlainTable(_ literal: String) -> Bool {
        var rest = Substring(literal)
        var open: [String] = []
        // Cells open (constant work per tag, however deep the nesting).
        var openCells = 0
        var sawTable = false
        while let start = rest.firstIndex(of: "<") {
            let text = rest[..<start]
            // Text only inside a cell, or whitespace between tags.
            if !text.allSatisfy(\.isWhitespace), open.last.map({ $0 != "td" && $0 != "th" && !inlineTags.contains($0) }) ?? true { return false }
            guard let end = rest[start...].firstIndex(of: ">") else { return false }
            let tag = rest[rest.index(after: start)..<end]
            rest = rest[rest.index(after: end)...]
            if tag.hasPrefix("/") {
                let name = tag.dropFirst().trimmingCharacters(in: .whitespaces).lowercased()
                guard open.last == name else { return false }
                open.removeLast()
                if name == "td" || name == "th" { openCells -= 1 }
                continue
            }
            let parts = tag.split(whereSeparator: \.isWhitespace)
            guard let first = parts.first else { return false }
            var name = first.lowercased()
            var attributes = parts.dropFirst().map(String.init)
            if name.hasSuffix("/") { name.removeLast() } else if attributes.last == "/" { attributes.removeLast() }
            if name == "br" {
                guard attributes.isEmpty, let cell = open.last, cell == "td" || cell == "th" || inlineTags.contains(cell) else { return false }
                continue
            }
            if inlineTags.contains(name) {
                guard attributes.isEmpty, openCells > 0 else { return false }
                open.append(name)
                continue
            }
            guard tableTags.contains(name), !tag.hasSuffix("/") else { return false }
            if name == "table" {
                // One table, or a table inside one of its cells.
                if open.isEmpty {
                    guard !sawTable else { return false }
                    sawTable = true
                } else {
                    guard let cell = open.last, cell == "td" || cell == "th" else { return false }
                }
            } else if open.isEmpty {
                return false
            }
            for attribute in attributes {
                let pair = attribute.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, name == "td" || name == "th" else { return false }
                let key = pair[0].lowercased(), value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'")).lowercased()
                switch key {
                case "rowspan", "colspan": guard !value.isEmpty, value.count <= 4, value.allSatisfy(\.isASCII), value.allSatisfy(\.isNumber) else { return false }
                case "align": guard ["left", "center", "right"].contains(value) else { return false }
                default: return false
                }
            }
            if name == "td" || name == "th" { openCells += 1 }
            open.append(name)
        }
        return sawTable && open.isEmpty && rest.allSatisfy(\.isWhitespace)
    }

    static func isComment(_ literal: String) -> Bool {
        let trimmed = literal.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.hasPrefix("<!--") && trimmed.hasSuffix("-->")
    }

    /// The tags GFM's tag filter disarms even where raw HTML is allowed.
    static let filteredTags = ["title", "textarea", "style", "xmp", "iframe", "noembed", "noframes", "script", "plaintext"]

    /// `<script>` → `&lt;script>`, for each filtered tag, opening or closing, in any case.
    static func disarm(_ html: String) -> String {
        guard html.contains("<") else { return html }
        let bytes = Array(html.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<"), isFiltered(bytes, at: index + 1) {
                result += Array("&lt;".utf8)
            } else {
                result.append(bytes[index])
            }
            index += 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static func isFiltered(_ bytes: [UInt8], at start: Int) -> Bool {
        var index = start
        if index < bytes.count, bytes[index] == UInt8(ascii: "/") { index += 1 }
        for tag in filteredTags {
            let name = Array(tag.utf8)
            guard index + name.count <= bytes.count,
                  zip(bytes[index..<index + name.count], name).allSatisfy({ ($0 | 0x20) == $1 }) else { continue }
            let next = index + name.count
            if next == bytes.count { return true }
            let byte = bytes[next]
            if byte == UInt8(ascii: ">") || byte == UInt8(ascii: " ") || (0x09...0x0D).contains(byte) { return true }
            if byte == UInt8(ascii: "/"), next + 1 < bytes.count, bytes[next + 1] == UInt8(ascii: ">") { return true }
        }
        return false
    }
}

private extension Substring {
    var trimmingTrailingSpaces: Substring {
        var text = self
        while text.last == " " || text.last == "\t" || text.last == "\n" { text = text.dropLast() }
        return text
    }
}
