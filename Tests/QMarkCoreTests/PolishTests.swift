import Foundation
import Testing
@testable import QMarkCore

/// What staff and document controllers tripped over: one slip giving many errors, English set in a CJK font,
/// commands that do not say how to preview, `adopt` taking project notes for documents.
@Suite struct PolishTests {
    /// An unclosed quote in a title: one error, at the line where the quote opens — not the YAML parser's later
    /// line, and not an error in every document that links to it.
    @Test func oneSlipGivesOneErrorAtItsLine() async throws {
        let fixture = try FixtureManual([
            "site.yml": "title: T\nlanguage: zh-CN\n",
            "procedures/QP-19.md": "---\nid: QP-19\ntitle: \"不合格输出控制程序\ntype: procedure\nrevision: A\nstatus: approved\nowner: 质量部\nclauses: [8.7]\n---\n正文。\n",
            "procedures/QP-08.md": "---\nid: QP-08\ntitle: 监视和测量资源管理程序\ntype: procedure\nreferences: [QP-19]\nclauses: [7.1.5]\n---\n按 [[QP-19]] 处理，见 [不合格](QP-19.md)。\n",
            "processes/PR-04.md": "---\nid: PR-04\ntitle: 生产过程\ntype: process\nclauses: [8.5]\nprocess:\n  category: COP\n  methods: [QP-19]\n---\n",
        ])
        let manual = try await Pipeline.resolve(source: fixture.manual, options: Pipeline.Options(history: false))
        let errors = manual.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.file == "procedures/QP-19.md" && errors.first?.line == 3)
        #expect(errors.first?.message.contains("the double quote opened here is never closed") == true)
        #expect(!manual.diagnostics.contains { $0.message.contains("did you mean QP-09") })
    }

    /// A link to `#anchor`, in the page or in another document, names a heading there (anchors as GitHub makes them).
    @Test func anInPageLinkToNoHeadingIsAWarningAtItsLine() async throws {
        let fixture = try FixtureManual([
            "site.yml": "title: T\nlanguage: en\n",
            "QP-01.md": "---\nid: QP-01\ntitle: One\ntype: procedure\nclauses: []\n---\n# Purpose\n\n## 4.1 Control of records\n\nSee [records](#41-control-of-records), [bad](#records), [other](QP-02.md#scope), [gone](QP-02.md#nowhere) and [中文](QP-02.md#%E8%8C%83%E5%9B%B4).\n",
            "QP-02.md": "---\nid: QP-02\ntitle: Two\ntype: procedure\nclauses: []\n---\n## Scope\n\n## 范围\n\nText.\n",
        ])
        let manual = try await Pipeline.resolve(source: fixture.manual, options: Pipeline.Options(history: false))
        let anchors = manual.diagnostics.filter { $0.code == "broken-anchor" }
        #expect(anchors.map(\.line) == [11, 11], "\(manual.diagnostics)")
        #expect(anchors.contains { $0.message.hasPrefix("links to `#records`, but no heading of this document has that anchor") })
        #expect(anchors.contains { $0.message.hasPrefix("links to `#nowhere` in QP-02, which has no heading with that anchor") })
    }

    /// The register lists each document's clauses once, under their standard's short name, linked to the clause pages.
    @Test func theRegisterGroupsClausesUnderTheirStandard() throws {
        let fixture = try FixtureManual([
            "site.yml": "title: T\nlanguage: en\nstandards: [iso9001-2015, iso14001-2015]\n",
            "QM-01.md": "---\nid: QM-01\ntitle: Manual\ntype: manual\nstatus: approved\nclauses: {iso9001-2015: [5.3, 4.1, 5.3], iso14001-2015: [4.1]}\n---\nText.\n",
        ])
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates, "--no-history").status == 0)
        let register = try fixture.page("register.html")
        #expect(register.contains("<span class=\"qm-clause-std\">ISO 9001:2015</span> <a href=\"standards/iso9001-2015/4.1.html\" title=\"Understanding the organization and its context\">4.1</a> <a href=\"standards/iso9001-2015/5.3.html\""))
        #expect(register.contains("<span class=\"qm-clause-std\">ISO 14001:2015</span> <a href=\"standards/iso14001-2015/4.1.html\""))
        #expect(register.components(separatedBy: "iso9001-2015/5.3.html").count == 2, "5.3 once")
        #expect(try fixture.page("index.html").contains("<figcaption class=\"qm-muted\">ISO 9001:2015 Quality management systems — Requirements</figcaption>"),
                "the home page's chart says which standard it shows")
    }

    /// A department's checklist printed by Chromium: every page says what it audits and that it is a checklist, and
    /// carries the uncontrolled-copy notice, the print date and page x / y.
    @Test func everyPrintedChecklistPageCarriesItsHeaderAndFooter() throws {
        let site = ExampleSiteTests.build("checklist-print")
        defer { try? FileManager.default.removeItem(at: site) }
        let chromium = try #require(Browser.path, "chromium is not installed (make test-deps installs it)")
        let pdf = site.appendingPathComponent("checklist.pdf")
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("qmark-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let page = site.appendingPathComponent(PageContexts.checklistURL(department: "生产部"))
        let printed = try QMarkBinary.runTool(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)",
                                                         "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", page.absoluteString], in: site)
        #expect(printed.status == 0, "\(printed.stderr)")
        let text = try QMarkBinary.runTool("/usr/bin/pdftotext", ["-layout", pdf.path, "-"], in: site).stdout
        let pages = text.components(separatedBy: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        #expect(pages.count >= 2, "\(pages.count) pages")
        for (number, content) in pages.enumerated() {
            let lines = content.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            #expect(lines.first?.hasPrefix("生产部") == true && lines.first?.hasSuffix("审核检查表") == true, "page \(number + 1)'s header: \(lines.first ?? "")")
            #expect(lines.last?.contains("打印件为非受控文件") == true && lines.last?.hasSuffix("页 \(number + 1) / \(pages.count)") == true,
                    "page \(number + 1)'s footer: \(lines.last ?? "")")
        }
    }

    /// On a 390 px phone the coverage matrix fits the screen (its rows become cards) and the charts keep text of 11 px or more
    /// (they scroll sideways inside their figure instead of shrinking).
    @Test func theMatrixFitsAPhoneAndItsChartsStayReadable() throws {
        let site = ExampleSiteTests.build("phone")
        defer { try? FileManager.default.removeItem(at: site) }
        let matrix = site.appendingPathComponent("standards/iso9001-2015/index.html")
        let html = try String(contentsOf: matrix, encoding: .utf8)
        let probe = """
            <script>window.addEventListener("load", function () {
              var charts = Array.prototype.map.call(document.querySelectorAll("svg.qm-chart"), function (svg) {
                return svg.getBoundingClientRect().width / svg.viewBox.baseVal.width * 13; });
              var row = document.querySelector(".qm-matrix tbody tr");
              document.getElementById("qm-probe").textContent = JSON.stringify({ page: document.documentElement.scrollWidth, window: window.innerWidth,
                smallest: Math.min.apply(null, charts), charts: charts.length, row: getComputedStyle(row).display });
            });</script><pre id="qm-probe"></pre></body>
            """
        let page = matrix.deletingLastPathComponent().appendingPathComponent("phone-probe.html")
        try html.replacingOccurrences(of: "</body>", with: probe).write(to: page, atomically: true, encoding: .utf8)
        let dom = try Browser.dom(of: page, budgetMilliseconds: 5_000, extra: ["--window-size=390,900"])
        let text = try #require(Browser.text(ofPre: "qm-probe", in: dom), "\(dom.suffix(300))")
        let found = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        // Headless Chromium lays a narrow window out a little wider than asked (about 485 px for 390): the page must fit its window.
        #expect((found["window"] as? Double ?? 0) < 640, "a phone-width layout: \(found)")
        #expect((found["page"] as? Double ?? 999) <= (found["window"] as? Double ?? 0), "no sideways scrolling of the page: \(found)")
        #expect((found["charts"] as? Int ?? 0) >= 2)
        #expect((found["smallest"] as? Double ?? 0) >= 11, "chart text at least 11 px: \(found)")
        #expect(found["row"] as? String == "block", "matrix rows are cards: \(found)")

        // The clause page's documents and records, the audit programme, a document's revision history: cards too, the page fitting its window.
        for (path, table) in [("standards/iso9001-2015/8.5.2.html", "table.qm-stack"), ("audit/index.html", "table.qm-audit-table"),
                              ("docs/QP-19.html", "table.qm-history-table")] {
            let url = site.appendingPathComponent(path)
            let source = try String(contentsOf: url, encoding: .utf8)
            let check = """
                <script>window.addEventListener("load", function () {
                  var row = document.querySelector("\(table) tbody tr");
                  document.getElementById("qm-probe").textContent = JSON.stringify({ page: document.documentElement.scrollWidth, window: window.innerWidth,
                    row: row ? getComputedStyle(row).display : "none" });
                });</script><pre id="qm-probe"></pre></body>
                """
            let probePage = url.deletingLastPathComponent().appendingPathComponent("phone-probe-\(url.lastPathComponent)")
            try source.replacingOccurrences(of: "</body>", with: check).write(to: probePage, atomically: true, encoding: .utf8)
            let result = try #require(Browser.text(ofPre: "qm-probe", in: try Browser.dom(of: probePage, budgetMilliseconds: 5_000, extra: ["--window-size=390,900"])))
            let values = try #require(try JSONSerialization.jsonObject(with: Data(result.utf8)) as? [String: Any])
            #expect(values["row"] as? String == "block", "\(path): rows are cards: \(values)")
            #expect((values["page"] as? Double ?? 999) <= (values["window"] as? Double ?? 0), "\(path): fits its window: \(values)")
        }
    }

    /// English pages are set in a Latin font first: `’ “ ” §` are narrow, not full-width CJK glyphs.
    @Test func englishPagesUseALatinFontFirst() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qmark-fonts-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: URL(fileURLWithPath: QMarkBinary.templates).appendingPathComponent("qmark.css"),
                                         to: folder.appendingPathComponent("qmark.css"))
        var ratios: [String: Double] = [:]
        for language in ["en", "zh-CN"] {
            let page = folder.appendingPathComponent("\(language).html")
            try """
                <!doctype html><html lang="\(language)"><head><meta charset="utf-8"><link rel="stylesheet" href="qmark.css"></head><body>
                <span id="q">’’’’’’’’’’“”§§</span><br><span id="c">中中中中中中中中中中中中中</span><pre id="result"></pre>
                <script>var q = document.getElementById('q').getBoundingClientRect().width, c = document.getElementById('c').getBoundingClientRect().width;
                document.getElementById('result').textContent = (q / c).toFixed(3);</script></body></html>
                """.write(to: page, atomically: true, encoding: .utf8)
            ratios[language] = Double(Browser.text(ofPre: "result", in: try Browser.dom(of: page, budgetMilliseconds: 3_000)) ?? "") ?? 0
        }
        #expect((ratios["en"] ?? 1) < 0.5, "English quotes and section signs are narrow: \(ratios)")
        #expect((ratios["en"] ?? 1) < (ratios["zh-CN"] ?? 0), "narrower than in the CJK font Chinese pages use first: \(ratios)")
    }

    /// site.yml `synonyms:` adds a company's own words to the glossary search reads queries with.
    @Test func aCompanysOwnWordsJoinTheGlossary() {
        let (config, diagnostics) = SiteConfigParser.parse(SourceFile(path: "site.yml", data: Data("title: T\nsynonyms:\n  - [工装, 夹具, fixture]\n  - [供应商, 合作伙伴]\n".utf8)))
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(config.synonyms == [["工装", "夹具", "fixture"], ["供应商", "合作伙伴"]])
        let groups = SearchSynonyms.groups(config)
        #expect(groups.contains(["工装", "夹具", "fixture"]))
        #expect(groups.first { $0.contains("供方") }?.contains("合作伙伴") == true, "a group sharing a word joins the glossary's")
        let (_, wrong) = SiteConfigParser.parse(SourceFile(path: "site.yml", data: Data("title: T\nsynonyms: 工装\n".utf8)))
        #expect(wrong.contains { $0.line == 2 && $0.severity == .error })
    }

    @Test func theCommandsSayHowToPreview() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qmark-help-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let help = try QMarkBinary.run(["--help"], in: folder)
        #expect(help.stdout.contains("qmark serve"))
        let made = try QMarkBinary.run(["init", "manual"], in: folder)
        #expect(made.status == 0 && made.stdout.contains("qmark serve --source manual"))
    }

    /// `qmark adopt` on a tree as a project keeps it: README, TODO, a changelog and a licence are notes, not documents;
    /// a title stated in the file wins over its first heading; a `procedures/` folder holds procedures; site.yml is written.
    @Test func adoptLeavesProjectNotesAloneAndWritesTheSettings() throws {
        let fixture = try FixtureManual([:])
        let docs = fixture.root.appendingPathComponent("docs")
        let files = [
            "README.md": "# Our QMS\n", "TODO.md": "- write QP-03\n", "CHANGELOG.md": "## 2026\n", "LICENSE.md": "CC-BY\n",
            "procedures/document-control.md": "Title: Control of documents\nAuthor: QA\n\n# 1 Purpose\n\nText.\n",
            "procedures/internal-audit.md": "% Internal audit\n\n# Purpose\n",
            "procedures/training.md": "# Training\n\nText.\n",
        ]
        for (path, text) in files {
            let url = docs.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let result = try QMarkBinary.run(["adopt", "docs"], in: fixture.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("left alone as project notes, not documents: CHANGELOG.md, LICENSE.md, README.md, TODO.md"), "\(result.stdout)")
        let control = try String(contentsOf: docs.appendingPathComponent("procedures/document-control.md"), encoding: .utf8)
        #expect(control.hasPrefix("---\nid: document-control\ntitle: Control of documents\ntype: procedure\n"), "\(control)")
        #expect(try String(contentsOf: docs.appendingPathComponent("procedures/internal-audit.md"), encoding: .utf8).contains("title: Internal audit\n"))
        #expect(try String(contentsOf: docs.appendingPathComponent("README.md"), encoding: .utf8) == "# Our QMS\n")
        let settings = try String(contentsOf: docs.appendingPathComponent("site.yml"), encoding: .utf8)
        #expect(settings.contains("title: docs\nlanguage: en\n"))
        let check = try QMarkBinary.run(["check", "--source", "docs", "--no-history"], in: fixture.root)
        #expect(!check.stderr.contains("site.yml:1"), "no finding points at a site.yml line that does not exist: \(check.stderr)")
    }
}
