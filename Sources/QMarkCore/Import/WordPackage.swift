import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// A `.docx` file read as the package it is (a ZIP of XML parts), for what pandoc does not
/// give: the headers and footers (where a control block often is), text boxes, whether headings
/// are numbered automatically, and how many tracked changes and comments there are. Every
/// entry is checked against limits before anything is unpacked: a ZIP bomb is refused.
struct WordPackage {
    /// A paragraph's text, or a table's rows of cells.
    enum Part: Equatable {
        case paragraph(String)
        case table([[String]])
    }

    static let maximumEntries = 5_000
    static let maximumEntryBytes = 64 << 20
    static let maximumTotalBytes = 256 << 20

    enum Failure: Error, CustomStringConvertible {
        case notAPackage(String)
        case tooLarge(String)

        var description: String {
            switch self {
            case .notAPackage(let why): return "not a Word document (.docx): \(why)"
            case .tooLarge(let why): return "refused: \(why) — a Word document this large is more likely a damaged or hostile file"
            }
        }
    }

    /// The header and footer parts, each as paragraphs and tables, in part-name order.
    var headers: [Part] = []
    /// The tables of the body (not those inside another), in order, with their merged cells as Word stores them.
    var tables: [WordTable] = []
    var textBoxes: [String] = []
    var trackedInsertions = 0
    var trackedDeletions = 0
    var comments = 0
    /// Heading paragraphs in order: whether each is numbered automatically (its style's numbering or its own).
    var headingNumbered: [Bool] = []
    /// Every character of the body's text as Word shows it (deleted text left out), for counting what an import keeps.
    var bodyText = ""
    var title: String?

    init(url: URL) throws {
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw Failure.notAPackage("it cannot be opened as a ZIP archive")
        }
        var count = 0, total = 0
        var entries: [String: Entry] = [:]
        for entry in archive {
            count += 1
            guard count <= Self.maximumEntries else { throw Failure.tooLarge("more than \(Self.maximumEntries) parts") }
            guard entry.uncompressedSize <= UInt64(Self.maximumEntryBytes) else {
                throw Failure.tooLarge("the part \(entry.path) unpacks to \(entry.uncompressedSize >> 20) MiB")
            }
            total += Int(entry.uncompressedSize)
            guard total <= Self.maximumTotalBytes else { throw Failure.tooLarge("its parts unpack to more than \(Self.maximumTotalBytes >> 20) MiB") }
            entries[entry.path] = entry
        }
        guard let document = entries["word/document.xml"] else { throw Failure.notAPackage("it has no word/document.xml") }
        func read(_ entry: Entry) throws -> Data {
            var data = Data()
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                data.append(chunk)
                // The declared size may lie: the bytes themselves are counted.
                if data.count > Self.maximumEntryBytes { throw Failure.tooLarge("the part \(entry.path) unpacks to more than it says") }
            }
            return data
        }
        let body = WordXML(try read(document))
        trackedInsertions = body.insertions
        trackedDeletions = body.deletions
        textBoxes = body.textBoxes
        bodyText = body.text
        tables = body.tables
        if let comments = entries["word/comments.xml"] { self.comments = WordXML(try read(comments)).commentCount }
        var numberedStyles = Set<String>(), headingStyles = Set<String>()
        if let styles = entries["word/styles.xml"] {
            let read = WordXML(try read(styles))
            numberedStyles = read.numberedHeadingStyles
            headingStyles = read.headingStyles
        }
        headingNumbered = body.headings.filter { headingStyles.contains($0.style) || $0.style.lowercased().hasPrefix("heading") }
            .map { $0.numbered || numberedStyles.contains($0.style) }
        for name in entries.keys.sorted() where name.hasPrefix("word/header") || name.hasPrefix("word/footer") {
            headers += WordXML(try read(entries[name]!)).parts
        }
        if let core = entries["docProps/core.xml"] {
            let text = String(decoding: try read(core), as: UTF8.self)
            if let start = text.range(of: "<dc:title>"), let end = text.range(of: "</dc:title>", range: start.upperBound..<text.endIndex) {
                let value = String(text[start.upperBound..<end.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
                title = value.isEmpty ? nil : value
            }
        }
    }

    /// Whether a file is a ZIP (a `.docx`), by its first bytes.
    static func isZIP(_ data: Data) -> Bool { data.starts(with: [0x50, 0x4B, 0x03, 0x04]) }
    /// Whether a file is an OLE compound file (a `.doc` or `.wps` of Word 97–2003 or WPS), by its first bytes.
    static func isOLE(_ data: Data) -> Bool { data.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) }
}

/// One XML part of a Word package, read once with the SAX parser.
final class WordXML: NSObject, XMLParserDelegate {
    struct Heading { var style: String; var numbered: Bool }

    private(set) var parts: [WordPackage.Part] = []
    private(set) var textBoxes: [String] = []
    private(set) var headings: [Heading] = []
    private(set) var insertions = 0
    private(set) var deletions = 0
    private(set) var commentCount = 0
    private(set) var numberedHeadingStyles = Set<String>()
    private(set) var headingStyles = Set<String>()
    private(set) var text = ""

    // Paragraph and table state.
    private var paragraph = ""
    private var inText = false
    private var inDeleted = 0
    private var textBoxDepth = 0
    private var textBoxText = ""
    private var fallbackDepth = 0
    /// Tables being read, innermost last.
    private var open: [WordTable] = []
    private(set) var tables: [WordTable] = []
    private var paragraphStyle = ""
    private var paragraphNumbered = false
    private var inParagraphProperties = false
    // Styles.
    private var styleID: String?
    private var styleIsHeading = false
    private var styleNumbered = false

    init(_ data: Data) {
        super.init()
        let parser = XMLParser(data: data)
        parser.delegate = self
        parser.shouldProcessNamespaces = false
        parser.parse()
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "mc:Fallback": fallbackDepth += 1
        case "w:txbxContent": if fallbackDepth == 0 { textBoxDepth += 1 }
        case "w:p":
            paragraph = ""
            paragraphStyle = ""
            paragraphNumbered = false
        case "w:pPr": inParagraphProperties = true
        case "w:pStyle" where inParagraphProperties: paragraphStyle = attributes["w:val"] ?? ""
        case "w:numPr":
            if styleID != nil { styleNumbered = true } else if inParagraphProperties { paragraphNumbered = true }
        case "w:t": inText = true
        case "w:tab": if inDeleted == 0 { paragraph += "\t" }
        case "w:br", "w:cr": if inDeleted == 0 { paragraph += "\n" }
        case "w:ins": insertions += 1
        case "w:del":
            deletions += 1
            inDeleted += 1
        case "w:comment": commentCount += 1
        case "w:tbl": open.append(WordTable())
        case "w:tr": if !open.isEmpty { open[open.count - 1].rows.append([]) }
        case "w:tc":
            if !open.isEmpty, !open[open.count - 1].rows.isEmpty {
                open[open.count - 1].rows[open[open.count - 1].rows.count - 1].append(WordTable.Cell())
                open[open.count - 1].cellOpen = true
            }
        case "w:gridSpan" where !open.isEmpty && open[open.count - 1].cellOpen:
            open[open.count - 1].updateCell { $0.gridSpan = max(1, Int(attributes["w:val"] ?? "1") ?? 1) }
        case "w:vMerge" where !open.isEmpty && open[open.count - 1].cellOpen:
            let value = attributes["w:val"] ?? "continue"
            open[open.count - 1].updateCell { $0.merge = value == "restart" ? .restart : .continues }
        case "w:style":
            styleID = attributes["w:styleId"]
            styleIsHeading = false
            styleNumbered = false
        case "w:name" where styleID != nil:
            let value = (attributes["w:val"] ?? "").lowercased()
            styleIsHeading = value.hasPrefix("heading ") || value.hasPrefix("标题 ")
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "mc:Fallback": fallbackDepth -= 1
        case "w:txbxContent":
            if fallbackDepth == 0 {
                textBoxDepth -= 1
                if textBoxDepth == 0 {
                    let box = textBoxText.trimmingCharacters(in: .whitespacesAndNewlines)
                    if !box.isEmpty { textBoxes.append(box) }
                    textBoxText = ""
                }
            }
        case "w:pPr": inParagraphProperties = false
        case "w:t": inText = false
        case "w:del": inDeleted -= 1
        case "w:p":
            guard fallbackDepth == 0 else { break }
            if textBoxDepth > 0 {
                textBoxText += paragraph + "\n"
                break
            }
            text += paragraph + "\n"
            if !open.isEmpty, open[open.count - 1].cellOpen {
                let line = paragraph
                open[open.count - 1].updateCell { $0.items.append(.paragraph(line)) }
            } else if open.isEmpty {
                parts.append(.paragraph(paragraph))
            }
            if open.isEmpty, !paragraph.trimmingCharacters(in: .whitespaces).isEmpty {
                headings.append(Heading(style: paragraphStyle, numbered: paragraphNumbered))
            }
        case "w:tc":
            if !open.isEmpty { open[open.count - 1].cellOpen = false }
        case "w:tbl":
            guard let table = open.popLast() else { break }
            if !open.isEmpty {
                open[open.count - 1].updateCell { $0.items.append(.table(table)) }
            } else if textBoxDepth == 0 {
                parts.append(.table(table.textRows))
                tables.append(table)
            }
        case "w:style":
            if let styleID, styleIsHeading {
                headingStyles.insert(styleID)
                if styleNumbered { numberedHeadingStyles.insert(styleID) }
            }
            styleID = nil
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard inText, inDeleted == 0 else { return }
        paragraph += string
    }
}

/// A table as Word stores it: rows of cells, a cell spanning grid columns (`gridSpan`) or starting
/// or continuing a vertical merge (`vMerge`), holding paragraphs and tables.
struct WordTable: Equatable {
    struct Cell: Equatable {
        enum Merge: Equatable { case none, restart, continues }
        enum Item: Equatable {
            case paragraph(String)
            case table(WordTable)
        }
        var items: [Item] = []
        var gridSpan = 1
        var merge = Merge.none

        var text: String {
            items.map { item -> String in
                switch item {
                case .paragraph(let line): return line
                case .table(let table): return table.textRows.map { $0.joined(separator: " ") }.joined(separator: "\n")
                }
            }.joined(separator: "\n")
        }
    }

    var rows: [[Cell]] = []
    /// Whether a cell of the last row is being read.
    var cellOpen = false

    mutating func updateCell(_ change: (inout Cell) -> Void) {
        guard !rows.isEmpty, !rows[rows.count - 1].isEmpty else { return }
        change(&rows[rows.count - 1][rows[rows.count - 1].count - 1])
    }

    var textRows: [[String]] { rows.map { $0.filter { $0.merge != .continues }.map(\.text) } }

    /// Merged cells as a reader sees them: each that spans columns or starts a vertical merge (its own tables' too).
    var mergedCells: Int {
        rows.joined().reduce(0) { count, cell in
            count + (cell.merge != .continues && (cell.gridSpan > 1 || cell.merge == .restart) ? 1 : 0)
                + cell.items.reduce(0) { if case .table(let inner) = $1 { return $0 + inner.mergedCells } else { return $0 } }
        }
    }

    /// The table as HTML with `rowspan` and `colspan`: a vertical merge's rows counted down its grid column.
    func html(headRows: Int = 0) -> String {
        // Each cell's grid column.
        let columns: [[Int]] = rows.map { row in
            var column = 0
            return row.map { cell in defer { column += cell.gridSpan }; return column }
        }
        var html = "<table>\n"
        for (r, row) in rows.enumerated() {
            html += "<tr>"
            for (c, cell) in row.enumerated() where cell.merge != .continues {
                var rowSpan = 1
                if cell.merge == .restart {
                    var next = r + 1
                    while next < rows.count, let below = zip(rows[next], columns[next]).first(where: { $0.1 == columns[r][c] })?.0, below.merge == .continues {
                        rowSpan += 1
                        next += 1
                    }
                }
                let tag = r < headRows ? "th" : "td"
                var attributes = ""
                if rowSpan > 1 { attributes += " rowspan=\"\(rowSpan)\"" }
                if cell.gridSpan > 1 { attributes += " colspan=\"\(cell.gridSpan)\"" }
                let content = cell.items.compactMap { item -> String? in
                    switch item {
                    case .paragraph(let line):
                        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
                        return text.isEmpty ? nil : HTML.escape(text).replacingOccurrences(of: "\n", with: "<br>")
                    case .table(let inner): return inner.html().replacingOccurrences(of: "\n", with: "")
                    }
                }.joined(separator: "<br>")
                html += "<\(tag)\(attributes)>\(content)</\(tag)>"
            }
            html += "</tr>\n"
        }
        return html + "</table>"
    }
}
