import SwiftCSV

/// A table written as a fenced ```` ```table ```` (pipe rows) or ```` ```csv ```` block.
struct TableBlock {
    enum Alignment { case none, left, center, right }

    /// Which fenced blocks are tables.
    enum Kind: String {
        case pipe = "table"
        case csv
    }

    struct Cell {
        var text: String
        /// The line within the fenced block's content, 0-based.
        var row: Int
    }

    var header: [Cell]
    var alignments: [Alignment]
    var rows: [[Cell]]
    /// Cells are inline Markdown in pipe tables, plain text in CSV.
    var cellsAreMarkdown: Bool
    /// Rows whose cell count differs from the header's, as (content line, count).
    var ragged: [(row: Int, count: Int)] = []

    enum Failure: Error {
        /// What is wrong and the 0-based content line.
        case malformed(String, row: Int)
    }

    // MARK: - Pipe rows

    static func parsePipe(_ content: String) throws(Failure) -> TableBlock {
        let lines = content.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { !$0.element.trimmedSpaces.isEmpty }
        guard let headerLine = lines.first else {
            throw .malformed("the table is empty; write a header row, a `|---|---|` row, then the body rows", row: 0)
        }
        guard lines.count >= 2 else {
            throw .malformed("the table needs a delimiter row such as `|---|:---:|` after the header", row: headerLine.offset)
        }
        let header = splitRow(headerLine.element)
        let delimiter = splitRow(lines[1].element)
        let alignments = try delimiter.map { cell throws(Failure) -> Alignment in
            let text = cell.trimmedSpaces
            let dashes = text.drop { $0 == ":" }.reversed().drop { $0 == ":" }
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }), text.count - dashes.count <= 2 else {
                throw .malformed("row 2 must be the delimiter row, like `|---|:---:|---:|`; found `\(lines[1].element)`", row: lines[1].offset)
            }
            switch (text.hasPrefix(":"), text.hasSuffix(":")) {
            case (true, true): return .center
            case (true, false): return .left
            case (false, true): return .right
            default: return .none
            }
        }
        guard alignments.count == header.count else {
            throw .malformed("the delimiter row has \(alignments.count) cells but the header has \(header.count)", row: lines[1].offset)
        }
        var table = TableBlock(header: header.map { Cell(text: $0, row: headerLine.offset) }, alignments: alignments, rows: [], cellsAreMarkdown: true)
        for line in lines.dropFirst(2) {
            let cells = splitRow(line.element)
            if cells.count != header.count { table.ragged.append((line.offset, cells.count)) }
            table.rows.append(cells.map { Cell(text: $0, row: line.offset) })
        }
        return table
    }

    /// A row's cells as GFM reads them (one reader for fenced and ordinary pipe tables).
    static func splitRow(_ line: Substring) -> [String] { PipeRow.cells(line) ?? [""] }

    // MARK: - CSV

    static func parseCSV(_ content: String) throws(Failure) -> TableBlock {
        guard content.contains(where: { !$0.isWhitespace }) else {
            throw .malformed("the CSV block is empty; its first row is the header", row: 0)
        }
        let csv: CSV<Enumerated>
        do {
            csv = try CSV<Enumerated>(string: content, delimiter: .comma, loadColumns: false)
        } catch {
            throw .malformed("CSV does not parse (\(error)); check for an unclosed double quote", row: 0)
        }
        var table = TableBlock(header: csv.header.map { Cell(text: $0, row: 0) },
                               alignments: Array(repeating: .none, count: csv.header.count), rows: [], cellsAreMarkdown: false)
        for (index, row) in csv.rows.enumerated() {
            if row.count != csv.header.count { table.ragged.append((index + 1, row.count)) }
            table.rows.append(row.map { Cell(text: $0, row: index + 1) })
        }
        return table
    }
}
