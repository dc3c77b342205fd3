import Foundation
import Testing
@testable import QMarkCore

/// `qmark import` on Word files made the way companies make them (`Tests/Fixtures/word/make_word.py`:
/// python-docx, raw WordprocessingML, LibreOffice): what is kept, what becomes front-matter,
/// what is left out as the page layout's, and what is refused.
@Suite(.serialized) struct WordImportTests {
    /// The Word files, made once for the suite.
    static let words: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qmark-word-\(UUID().uuidString.prefix(8))")
        let script = QMarkBinary.packageRoot.appendingPathComponent("Tests/Fixtures/word/make_word.py")
        let made = try? QMarkBinary.runTool("/usr/bin/env", ["python3", script.path, folder.path], in: QMarkBinary.packageRoot)
        #expect(made?.status == 0, "make_word.py: \(made?.stderr ?? "did not run")")
        return folder
    }()

    /// One import of all the files into a fresh manual folder, with its JSON report.
    static func importAll(_ extra: [String] = []) throws -> (root: URL, result: CommandResult, reports: [[String: Any]]) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("qmark-imported-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("manual"), withIntermediateDirectories: true)
        try "title: 导入\nlanguage: zh-CN\n".write(to: root.appendingPathComponent("manual/site.yml"), atomically: true, encoding: .utf8)
        let result = try QMarkBinary.run(["import", "--into", "manual/procedures", "--format", "json"] + extra + [words.path], in: root)
        let reports = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [[String: Any]] ?? []
        return (root, result, reports)
    }

    static func report(_ reports: [[String: Any]], _ name: String) -> [String: Any] {
        reports.first { ($0["file"] as? String)?.hasSuffix("/" + name) == true } ?? [:]
    }

    static func text(_ root: URL, _ path: String) -> String {
        (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) ?? ""
    }

    @Test func everyFileIsImportedOrRefusedWithItsReason() throws {
        let (root, result, reports) = try Self.importAll()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(result.status == 1, "a refused file makes the exit status 1")
        #expect(reports.count == 6)
        for name in ["文件控制程序.docx", "calibration.docx", "记录控制程序.doc"] {
            #expect(Self.report(reports, name)["outcome"] as? String == "imported", "\(name): \(Self.report(reports, name))")
        }
        #expect((Self.report(reports, "bomb.docx")["reason"] as? String)?.contains("unpacks to 300 MiB") == true)
        #expect((Self.report(reports, "damaged.docx")["reason"] as? String)?.contains("cannot be opened as a ZIP archive") == true)
        #expect((Self.report(reports, "not-word.docx")["reason"] as? String)?.contains("no word/document.xml") == true)
        for name in ["bomb.docx", "damaged.docx", "not-word.docx"] { #expect(Self.report(reports, name)["outcome"] as? String == "refused") }
        // Nothing of a refused file is written.
        let written = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("manual/procedures").path).sorted()
        #expect(written == ["QP-04.md", "WI-QA-007.md", "XZTC-CX-08-2022-files", "XZTC-CX-08-2022.md"])

        // The imported manual builds without errors (a person maps the clauses next: warnings only).
        let build = try QMarkBinary.run(["build", "--templates", QMarkBinary.templates, "--no-history"], in: root)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(!build.stderr.contains("error:"))
        let page = Self.text(root, "site/docs/XZTC-CX-08-2022.html")
        #expect(page.contains("<div class=\"qm-table-wrap\"><table class=\"qm-table\">"), "the merged-cell table renders, dressed as the others")
        #expect(page.contains("<td rowspan=\"2\">责任部门</td>") && page.contains("<td colspan=\"2\">部门经理</td>"))
        #expect(!page.contains("raw HTML"))
        // Every picture is there for the browser: the PNG as it was, the EMF drawn as SVG.
        for picture in ["image1.png", "flow-chart.svg"] {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("site/files/procedures/XZTC-CX-08-2022-files/\(picture)").path)
                    || page.contains("data:image/svg+xml"), "\(picture)")
        }
    }

    @Test func aChineseProcedureKeepsItsTextHeadingsTablesAndPictures() throws {
        let (root, _, reports) = try Self.importAll()
        defer { try? FileManager.default.removeItem(at: root) }
        let markdown = Self.text(root, "manual/procedures/XZTC-CX-08-2022.md")
        let (frontMatter, body) = (markdown.components(separatedBy: "\n---\n").first ?? "", markdown.components(separatedBy: "\n---\n").dropFirst().joined())
        // The control block in the page header is the front-matter …
        for line in ["id: XZTC-CX-08-2022", "title: 文件控制程序", "type: procedure", "revision: \"3.0\"", "status: draft", "effective: 2022-03-01", "approver: 张伟"] {
            #expect(frontMatter.contains(line), "\(line)")
        }
        // … and appears nowhere in the body: neither the control line repeated after each page break, nor page numbers, the company or the contents.
        for gone in ["XZTC/CX-08-2022", "编号：", "第3版", "第 2 页", "共 3 页", "苏州启明电器有限公司", "目录", "_Toc"] {
            #expect(!body.contains(gone), "\(gone) left in the body")
        }
        // Bold numbered paragraphs are headings of their level, with their numbers as printed.
        for heading in ["# 文件控制程序", "## 1 目的", "## 2 适用范围", "## 3 职责", "## 4 工作程序", "### 4.1 文件的编制与审批", "### 4.2 文件的发放与回收", "### 4.3 文件的评审与更改"] {
            #expect(("\n" + body).contains("\n" + heading + "\n"), "\(heading)")
        }
        #expect(body.contains("1. 质量部负责文件的统一编号、发放、回收和归档；\n2. 各部门负责"), "automatic list numbering kept")
        #expect(body.contains("文件发放前须经质量部审核，加盖受控章后发放。"), "the tracked change accepted")
        #expect(!body.contains("部门经理审核") && !body.contains("是否包括电子文件"), "deleted text and the comment are gone")
        #expect(body.contains("所有受控文件包括技术图纸、软件、作业指导书和记录表格均按本程序管理"), "the paragraph a page break split is one")
        #expect(body.contains("<td rowspan=\"2\">责任部门</td>") && body.contains("<td colspan=\"2\">部门经理</td>"))
        #expect(body.contains("| 文件发放回收记录<br>（含电子文件） | 质量部 | 3 年 |"), "a simple table is a pipe table, two paragraphs of a cell on one line")
        #expect(body.contains("![](XZTC-CX-08-2022-files/image1.png)") && body.contains("![](XZTC-CX-08-2022-files/flow-chart.svg)"))
        let svg = Self.text(root, "manual/procedures/XZTC-CX-08-2022-files/flow-chart.svg")
        #expect(svg.contains("<svg") && !svg.contains("viewBox=\"0 0 21000 29700\""), "the EMF drawing cut to itself, not a whole page")
        #expect(body.contains("`$\\frac{有效文件数}{抽查文件数}$`"), "the equation kept as text")
        #expect(body.contains("> 总经理 → 管理者代表 → 质量部"), "the text box's text kept")
        let report = Self.report(reports, "文件控制程序.docx")
        let kept = report["chineseCharactersKept"] as? Int ?? 0, all = report["chineseCharacters"] as? Int ?? 1
        #expect(Double(kept) / Double(all) >= 0.95, "\(kept) of \(all) Chinese characters kept")
        #expect(report["mergedCells"] as? Int == 2)
        #expect(report["trackedChangesAccepted"] as? Int == 2)
        #expect(report["commentsDropped"] as? Int == 1)
        #expect(report["tableOfContentsDropped"] as? Bool == true)
        #expect((report["notFound"] as? [String])?.contains("owner") == true, "what the control block lacks is said")
    }

    @Test func anEnglishInstructionWithNumberedHeadingStylesAndAControlTable() throws {
        let (root, _, _) = try Self.importAll()
        defer { try? FileManager.default.removeItem(at: root) }
        let markdown = Self.text(root, "manual/procedures/WI-QA-007.md")
        for line in ["id: WI-QA-007", "title: Calibration of gauges", "type: instruction", "revision: B", "effective: 2023-05-10", "owner: Quality", "approver: J. Smith"] {
            #expect(markdown.contains(line + "\n"), "\(line)")
        }
        for heading in ["## 1 Purpose", "## 2 Procedure", "### 2.1 Preparation", "### 2.2 Calibration points", "## 3 Records"] {
            #expect(markdown.contains("\n" + heading + "\n"), "\(heading): Word numbers these headings itself")
        }
        #expect(!markdown.contains("Document No.") && !markdown.contains("1 of 2"))
        #expect(markdown.contains("<td rowspan=\"2\">see the gauge's certificate</td>"))
        // A heading row across both columns over a cell merged down (the shape whose text pandoc 2.17 loses in some files).
        #expect(markdown.contains("<tr><th colspan=\"2\">Who does what</th></tr>\n<tr><td rowspan=\"2\">Quality</td><td>Plans the calibrations</td></tr>\n<tr><td>Keeps the certificates</td></tr>"),
                "\(markdown)")
        // A Word 97–2003 file, through LibreOffice: the control line's leading words are the title.
        let old = Self.text(root, "manual/procedures/QP-04.md")
        #expect(old.contains("title: 记录控制程序\n") && old.contains("revision: B\n") && old.contains("effective: 2021-06-15\n"))
        #expect(old.contains("\n## 1 目的\n") && !old.contains("编号："))
    }

    @Test func nothingIsReplacedWithoutForceAndADryRunWritesNothing() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("qmark-imported-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let file = Self.words.appendingPathComponent("calibration.docx").path
        let dry = try QMarkBinary.run(["import", "--into", "docs", "--dry-run", file], in: root)
        #expect(dry.status == 0 && dry.stdout.contains("would import"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("docs").path))
        #expect(try QMarkBinary.run(["import", "--into", "docs", file], in: root).status == 0)
        let target = root.appendingPathComponent("docs/WI-QA-007.md")
        try "edited by hand\n".write(to: target, atomically: true, encoding: .utf8)
        let again = try QMarkBinary.run(["import", "--into", "docs", file], in: root)
        #expect(again.stdout.contains("skipped") && again.stdout.contains("--force"))
        #expect(Self.text(root, "docs/WI-QA-007.md") == "edited by hand\n")
        #expect(try QMarkBinary.run(["import", "--into", "docs", "--force", file], in: root).status == 0)
        #expect(Self.text(root, "docs/WI-QA-007.md").hasPrefix("---\nid: WI-QA-007\n"))
    }

    @Test func withoutPandocOrLibreOfficeTheFileIsRefusedWithHowToInstall() async throws {
        var taken = Set<String>()
        let options = WordImport.Options(into: FileManager.default.temporaryDirectory.appendingPathComponent("never-\(UUID().uuidString)"))
        for (name, expected) in [("calibration.docx", "apt-get install pandoc"), ("记录控制程序.doc", "apt-get install libreoffice-writer-nogui")] {
            do {
                _ = try await WordImport.importFile(Self.words.appendingPathComponent(name), options: options,
                                                    tools: WordImport.Tools(pandoc: nil, soffice: nil), taken: &taken)
                Issue.record("\(name) imported without the programs it needs")
            } catch let failure as WordImport.Failure {
                #expect(failure.description.contains(expected), "\(failure.description)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: options.into.path))
    }

    /// The shape of a table in PyDocX's test files, where pandoc 2.17 keeps one merge and drops the text
    /// beside the merged cells: Word's own table is written instead.
    @Test func wordsOwnTableReplacesAReadingThatLostMergedRows() {
        typealias Cell = WordTable.Cell
        func cell(_ text: String, span: Int = 1, _ merge: Cell.Merge = .none) -> Cell {
            Cell(items: text.isEmpty ? [] : [.paragraph(text)], gridSpan: span, merge: merge)
        }
        let word = WordTable(rows: [[cell("AAA", span: 2)], [cell("BBB", .restart), cell("CCC")], [cell("", .continues), cell("DDD")],
                                    [cell("EEE"), cell("FFF", .restart)], [cell("GGG"), cell("", .continues)]])
        #expect(word.mergedCells == 3)
        #expect(word.html() == "<table>\n<tr><td colspan=\"2\">AAA</td></tr>\n<tr><td rowspan=\"2\">BBB</td><td>CCC</td></tr>\n<tr><td>DDD</td></tr>\n"
                + "<tr><td>EEE</td><td rowspan=\"2\">FFF</td></tr>\n<tr><td>GGG</td></tr>\n</table>")
        let read = { (text: String, rows: Int) in PandocTable.Cell(rowSpan: rows, colSpan: 1, blocks: [.plain([.str(text)])]) }
        let pandoc = PandocTable(columns: 1, head: [], body: [[read("AAA", 1)], [read("BBB", 2)], [], [read("EEE", 1)], [read("GGG", 1)]], foot: [])
        #expect(WordMarkdown.fuller(word, than: pandoc) == true)
        let other = PandocTable(columns: 1, head: [], body: [[read("ZZZ", 1)]], foot: [])
        #expect(WordMarkdown.fuller(word, than: other) == nil, "another table is not replaced")
    }

    @Test(arguments: [
        ("<table>\n<tr><th>A</th><th colspan=\"2\">B</th></tr>\n<tr><td rowspan=\"2\">1<br>2</td><td align=\"center\"><sup>x</sup></td></tr>\n</table>\n", true),
        ("<table><tr><td onclick=\"alert(1)\">x</td></tr></table>\n", false),
        ("<table><tr><td style=\"color:red\">x</td></tr></table>\n", false),
        ("<table><tr><td><script>alert(1)</script></td></tr></table>\n", false),
        ("<table><tr><td><img src=x onerror=alert(1)></td></tr></table>\n", false),
        ("<table><tr><td>x</td></tr>\n", false),
        ("<table class=\"x\"><tr><td>x</td></tr></table>\n", false),
        ("<table><tr><td rowspan=\"99999\">x</td></tr></table>\n", false),
        ("<table><tr>text outside a cell<td>x</td></tr></table>\n", false),
        ("<div><table><tr><td>x</td></tr></table></div>\n", false),
    ])
    func onlyPlainTableMarkupPasses(_ html: String, _ passes: Bool) {
        #expect(SafeHTML.isPlainTable(html) == passes)
    }
}
