import Foundation
import ZIPFoundation

/// A spreadsheet workbook (Office Open XML, `.xlsx`): sheets of text cells with a bold header row
/// that stays in view and filters, and status cells filled in the colours of the site. Written with
/// ZIPFoundation; every entry carries the same date, so that the same workbook is the same bytes.
struct Workbook {
    enum Style: Int {
        case plain = 0, header, covered, partial, uncovered, excluded, wrapped
    }

    struct Cell {
        var text: String
        var style: Style = .plain
    }

    struct Sheet {
        var name: String
        /// Column widths, in characters.
        var widths: [Int]
        var header: [String]
        var rows: [[Cell]]
    }

    var sheets: [Sheet]

    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    /// 1980-01-01, the first date a ZIP entry can carry.
    static let entryDate = Date(timeIntervalSince1970: 315_532_800)

    func data() throws -> Data {
        let names = uniqueNames()
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes()),
            ("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\(Self.relationships)/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """),
            ("xl/workbook.xml", workbook(names)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships()),
            ("xl/styles.xml", Self.styles),
        ]
        for (index, sheet) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(index + 1).xml", worksheet(sheet))) }
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: Self.entryDate,
                                 compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        return archive.data ?? Data()
    }

    /// Sheet names as spreadsheets allow them: at most 31 characters, none of `[]:*?/\`, each once.
    func uniqueNames() -> [String] {
        var used = Set<String>()
        return sheets.map { sheet in
            var base = String(sheet.name.map { "[]:*?/\\".contains($0) ? "-" : $0 }.prefix(31))
            if base.isEmpty { base = "Sheet" }
            var name = base
            var number = 2
            while used.contains(name.lowercased()) {
                name = String(base.prefix(31 - String(number).count - 1)) + "-\(number)"
                number += 1
            }
            used.insert(name.lowercased())
            return name
        }
    }

    func contentTypes() -> String {
        var text = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
            """
        for index in sheets.indices {
            text += "<Override PartName=\"/xl/worksheets/sheet\(index + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return text + "</Types>"
    }

    func workbook(_ names: [String]) -> String {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"\(Self.main)\" xmlns:r=\"\(Self.relationships)\"><sheets>"
        for (index, name) in names.enumerated() {
            text += "<sheet name=\"\(Self.escape(name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        text += "</sheets><definedNames>"
        for (index, name) in names.enumerated() {
            // The range the filter covers, as spreadsheets record it.
            let quoted = "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
            text += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">\(Self.escape(quoted))!$A$1:$\(Self.column(sheets[index].header.count - 1))$\(sheets[index].rows.count + 1)</definedName>"
        }
        return text + "</definedNames></workbook>"
    }

    func workbookRelationships() -> String {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for index in sheets.indices {
            text += "<Relationship Id=\"rId\(index + 1)\" Type=\"\(Self.relationships)/worksheet\" Target=\"worksheets/sheet\(index + 1).xml\"/>"
        }
        return text + "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"\(Self.relationships)/styles\" Target=\"styles.xml\"/></Relationships>"
    }

    func worksheet(_ sheet: Sheet) -> String {
        let last = Self.column(max(sheet.header.count, 1) - 1)
        var text = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="\(Self.main)" xmlns:r="\(Self.relationships)"><dimension ref="A1:\(last)\(sheet.rows.count + 1)"/><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>
            """
        for (index, width) in sheet.widths.enumerated() {
            text += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
        }
        text += "</cols><sheetData>"
        let rows = [sheet.header.map { Cell(text: $0, style: .header) }] + sheet.rows
        for (number, row) in rows.enumerated() {
            text += "<row r=\"\(number + 1)\">"
            for (index, cell) in row.enumerated() {
                let style = cell.style == .plain ? "" : " s=\"\(cell.style.rawValue)\""
                text += "<c r=\"\(Self.column(index))\(number + 1)\" t=\"inlineStr\"\(style)><is><t xml:space=\"preserve\">\(Self.escape(cell.text))</t></is></c>"
            }
            text += "</row>"
        }
        return text + "</sheetData><autoFilter ref=\"A1:\(last)\(rows.count)\"/></worksheet>"
    }

    /// A, B, … Z, AA, AB, …
    static func column(_ index: Int) -> String {
        var index = index
        var name = ""
        repeat {
            name = String(UnicodeScalar(UInt8(65 + index % 26))) + name
            index = index / 26 - 1
        } while index >= 0
        return name
    }

    /// Text for XML: markup characters escaped, characters XML cannot hold (controls) left out.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Fonts, fills and the cell formats of `Style`: the header bold on grey, the statuses in the
    /// colours of the coverage matrix.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="\(main)"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="7"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFD9DEE5"/><bgColor indexed="64"/></patternFill></fill><fill><patternFill patternType="solid"><fgColor rgb="FFC6EFCE"/><bgColor indexed="64"/></patternFill></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFEB9C"/><bgColor indexed="64"/></patternFill></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/><bgColor indexed="64"/></patternFill></fill><fill><patternFill patternType="solid"><fgColor rgb="FFE7E6E6"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/><xf numFmtId="0" fontId="0" fillId="3" borderId="0" xfId="0" applyFill="1"/><xf numFmtId="0" fontId="0" fillId="4" borderId="0" xfId="0" applyFill="1"/><xf numFmtId="0" fontId="0" fillId="5" borderId="0" xfId="0" applyFill="1"/><xf numFmtId="0" fontId="0" fillId="6" borderId="0" xfId="0" applyFill="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """
}
