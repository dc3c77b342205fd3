import Foundation
import Testing
@testable import QMarkCore

/// Manuals written the way people write them: GitHub-style pipe tables with `<br>` in cells,
/// documents named in prose, another standard than ISO 9001, forms that map no clause.
@Suite struct RealMarkdownManualTests {
    static let mappingTable = (1...40).map { "| 7.\($0) | 要求 \($0)<br>补充说明 | QP-05 | 质量部 |" }.joined(separator: "\n")

    static func manual() throws -> FixtureManual {
        try FixtureManual([
            "site.yml": "title: 测试手册\nlanguage: zh-CN\n",
            "procedures/QP-05.md": doc("QP-05", title: "文件控制程序", body: """
                # 文件控制程序

                ## 1 目的

                本程序规定成文信息的控制，记录按《记录控制程序》保存，不合格按 QP-081 处理（不是 QP-08）。
                | 条款 | 要求 | 文件 | 部门 |
                |:--|:--|:-:|--:|
                \(mappingTable)

                - [x] 已发布
                - [ ] 待培训，见 https://intranet.example.com/training。

                `QP-08` 在代码中不算，[QP-08 的链接](QP-08.md) 算。~~旧版~~ 新版<sup>2</sup> <span style="color:red">红</span> <img src=x>

                """),
            "procedures/QP-08.md": doc("QP-08", title: "记录控制程序", body: "见 QP-05 第 1 节；QP-05 自身。\n"),
            "procedures/QP-09.md": doc("QP-09", title: "旧程序", status: "obsolete", body: "旧。\n"),
            "procedures/QP-10.md": doc("QP-10", title: "引用旧程序", body: "仍按 QP-09 执行。\n"),
            "forms/FM-01.md": "---\nid: FM-01\ntitle: 表单\ntype: form\nstatus: approved\nowner: QA\napprover: GM\neffective: 2026-01-01\n---\n按《文件控制程序》填写。\n",
        ])
    }

    @Test func pipeTablesRenderInPagesAndSearch() async throws {
        let fixture = try Self.manual()
        let result = try fixture.run("build", "--templates", QMarkBinary.templates)
        #expect(result.status == 0, "\(result.stderr)")
        let page = try fixture.page("docs/QP-05.html")
        #expect(page.contains("<div class=\"qm-table-wrap\"><table class=\"qm-table\">"))
        #expect(page.components(separatedBy: "<tr>").count - 1 == 41)
        #expect(page.contains("<td style=\"text-align: left\">要求 7<br />补充说明</td>"))
        #expect(!page.contains("|:--|"))
        #expect(page.contains("<input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"已完成\" /> 已发布"))
        #expect(page.contains("<a href=\"https://intranet.example.com/training\">https://intranet.example.com/training</a>。"))
        #expect(page.contains("<del>旧版</del> 新版<sup>2</sup>"))
        #expect(!page.contains("color:red"))
        // The title is shown once: as the page heading, not again from the body.
        #expect(page.components(separatedBy: "文件控制程序</h1>").count - 1 == 1)
        let search = try fixture.searchEntries()
        #expect(search.contains("要求 7 补充说明 QP-05 质量部"))
        #expect(!search.contains("|:--|"))
    }

    @Test func mentionsLinkAndCountAsLinks() async throws {
        let fixture = try Self.manual()
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        let page = try fixture.page("docs/QP-05.html")
        #expect(page.contains("《<a class=\"qm-mention\" href=\"../docs/QP-08.html\">记录控制程序</a>》"))
        #expect(page.contains("QP-081 处理（不是 <a class=\"qm-mention\" href=\"../docs/QP-08.html\">QP-08</a>）"))
        #expect(page.contains("<code>QP-08</code>"))
        // Each QP-05 in the mapping table names the page itself: no link to itself.
        #expect(!page.contains("href=\"../docs/QP-05.html\""))
        let other = try fixture.page("docs/QP-08.html")
        #expect(other.contains("见 <a class=\"qm-mention\" href=\"../docs/QP-05.html\">QP-05</a> 第 1 节；<a class=\"qm-mention\" href=\"../docs/QP-05.html\">QP-05</a> 自身"))
        let json = try #require(try fixture.json("api/manual.json") as? [String: Any])
        let documents = try #require(json["documents"] as? [[String: Any]])
        let byID = Dictionary(uniqueKeysWithValues: documents.map { ($0["id"] as! String, $0) })
        #expect(byID["QP-05"]?["links"] as? [String] == ["QP-08"])
        #expect(byID["QP-05"]?["backlinks"] as? [String] == ["FM-01", "QP-08"])
        #expect(byID["FM-01"]?["links"] as? [String] == ["QP-05"])
    }

    @Test func checkWarnsOnceAboutOmittedHTMLAndAboutMentionsOfObsoleteDocuments() async throws {
        let fixture = try Self.manual()
        let check = try fixture.run("check")
        #expect(check.status == 0, "\(check.stderr)")
        let omitted = check.stderr.split(separator: "\n").filter { $0.contains("raw HTML") }
        #expect(omitted.count == 1)
        #expect(omitted.first?.hasPrefix("procedures/QP-05.md:") == true)
        #expect(omitted.first?.contains("3 raw HTML fragments") == true)
        #expect(check.stderr.contains("procedures/QP-10.md:13: warning: links to obsolete document QP-09"))
        // A form is not expected to map clauses.
        #expect(!check.stderr.contains("forms/FM-01.md:1: warning"))
        let json = try fixture.run("check", "--format", "json")
        #expect(json.stdout.contains("\"code\" : \"raw-html-omitted\""))
    }

    @Test func mentionsCanBeTurnedOff() async throws {
        let fixture = try Self.manual()
        try fixture.write("site.yml", "title: 测试手册\nlink_mentions: false\n")
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        #expect(!(try fixture.page("docs/QP-08.html")).contains("href=\"../docs/QP-05.html\">QP-05</a> 第"))
        let json = try #require(try fixture.json("api/manual.json") as? [String: Any])
        let documents = try #require(json["documents"] as? [[String: Any]])
        #expect(documents.first { $0["id"] as? String == "FM-01" }?["links"] as? [String] == [])
    }

    @Test func tableCellLinksAreCheckedWithTheirLine() async throws {
        let fixture = try FixtureManual(["a.md": doc("QP-01", body: "Intro\n\n| a | b |\n|---|---|\n| x | [[QP-404]] |\n")])
        let check = try fixture.run("check")
        #expect(check.status == 1)
        #expect(check.stderr.contains("a.md:17: error: link to missing document `QP-404`"))
    }

    @Test func extraCellsInARowAreReported() async throws {
        let fixture = try FixtureManual(["a.md": doc("QP-01", body: "| a | b |\n|---|---|\n| 1 | 2 | 3 |\n")])
        let check = try fixture.run("check")
        #expect(check.stderr.contains("a.md:15: warning: table row has 3 cells but the header has 2"))
    }
}

/// Standards: the site shows those the manual uses, not ISO 9001 by default.
@Suite struct StandardsShownTests {
    static let catalogue = """
        id: iso13485-2016
        title: ISO 13485:2016 Medical devices
        clauses:
          - id: "4"
            title: Quality management system
            clauses:
              - id: "4.1"
                title: General requirements
              - id: "4.2"
                title: Documentation requirements
        """

    @Test func aManualMappingOnlyItsOwnCatalogueShowsOnlyThat() async throws {
        let fixture = try FixtureManual([
            "site.yml": "title: Devices\nlanguage: en\nstandard: iso13485-2016\n",
            "standards/iso13485.yml": Self.catalogue,
            "sop/SOP-01.md": doc("SOP-01", title: "Document control", clauses: "[4.2]"),
            "sop/SOP-02.md": doc("SOP-02", title: "Vigilance", clauses: "[4.1]", body: "According to SOP-01.\n"),
        ])
        let result = try fixture.run("build", "--templates", QMarkBinary.templates)
        #expect(result.status == 0, "\(result.stderr)")
        let home = try fixture.page("index.html")
        #expect(home.contains("ISO 13485:2016 Medical devices"))
        #expect(!home.contains("ISO 9001"))
        #expect(!home.contains("principles.html"))
        #expect(!FileManager.default.fileExists(atPath: fixture.site.appendingPathComponent("standards/iso9001-2015").path))
        #expect(!FileManager.default.fileExists(atPath: fixture.site.appendingPathComponent("principles.html").path))
        #expect(FileManager.default.fileExists(atPath: fixture.site.appendingPathComponent("standards/iso13485-2016/4.2.html").path))
        let coverage = try #require(try fixture.json("api/coverage.json") as? [String: Any])
        #expect((coverage["standards"] as? [[String: Any]])?.map { $0["id"] as? String } == ["iso13485-2016"])
        let text = try fixture.run("coverage")
        #expect(text.stdout.contains("iso13485-2016"))
        #expect(!text.stdout.contains("iso9001"))
        #expect(try fixture.run("coverage", "--standard", "iso9001-2015").stdout.contains("uncovered"))
    }

    @Test func anIntegratedManualShowsTheThreeStandardsInTheListedOrder() async throws {
        let fixture = try FixtureManual([
            "site.yml": "title: 三体系手册\nstandards: [iso45001-2018, iso9001-2015, iso14001-2015]\n",
            "QM-01.md": doc("QM-01", title: "管理手册", type: "manual",
                            clauses: "{iso9001-2015: [4.1], iso14001-2015: [6.1.2], iso45001-2018: [5.4, 6.1.2.1]}"),
        ])
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        let coverage = try #require(try fixture.json("api/coverage.json") as? [String: Any])
        let standards = try #require(coverage["standards"] as? [[String: Any]])
        #expect(standards.map { $0["id"] as? String } == ["iso45001-2018", "iso9001-2015", "iso14001-2015"])
        let clause = try fixture.page("standards/iso14001-2015/6.1.2.html")
        #expect(clause.contains("环境因素"))
        #expect(clause.contains("QM-01"))
        let all = try fixture.run("coverage", "--standard", "all")
        #expect(all.stdout.contains("iso45001-2018") && all.stdout.contains("iso14001-2015"))
    }

    @Test func anUnknownListedStandardIsAnErrorOnItsLine() async throws {
        let fixture = try FixtureManual(["site.yml": "title: T\nstandards:\n  - iso9001-2015\n  - iso14001\n", "a.md": doc("QP-01")])
        let check = try fixture.run("check")
        #expect(check.status == 1)
        #expect(check.stderr.contains("site.yml:4: error: `standards` names unknown standard `iso14001`; did you mean iso14001-2015?"))
    }

    @Test func clausesOnPurposeNoneAndPerTypeExpectations() async throws {
        let fixture = try FixtureManual([
            "site.yml": "title: T\nexpect_clauses: [procedure, form]\n",
            "a.md": "---\nid: QP-01\ntitle: A\ntype: procedure\nclauses: []\n---\n",
            "b.md": "---\nid: FM-01\ntitle: B\ntype: form\n---\n",
            "c.md": "---\nid: QM-01\ntitle: C\ntype: manual\n---\n",
        ])
        let manual = try await fixture.resolve()
        #expect(manual.diagnostics.filter { $0.code == "no-clauses" }.map(\.file) == ["b.md"])
    }

    @Test func aUserCatalogueReplacesABuiltInOneOfTheSameID() async throws {
        let fixture = try FixtureManual([
            "site.yml": "title: T\nstandard: iso14001-2015\n",
            "standards/ems.yml": "id: iso14001-2015\ntitle: Our EMS edition\nclauses:\n  - id: \"6\"\n    title: Planning\n",
            "a.md": doc("EP-01", clauses: "[6]"),
        ])
        let manual = try await fixture.resolve()
        #expect(manual.diagnostics.filter { $0.severity == .error }.isEmpty)
        #expect(manual.coverage.map(\.standard.title) == ["Our EMS edition"])
    }
}
