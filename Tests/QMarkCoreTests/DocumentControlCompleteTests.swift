import Foundation
import Testing
@testable import QMarkCore

/// External-origin documents and distribution with read-and-understood records (ISO 9001 7.5.3.2).
@Suite struct DocumentControlCompleteTests {
    static let files: [String: String] = [
        "site.yml": "title: 质量手册\nlanguage: zh-CN\nacknowledge_within_days: 10\n",
        "external/GB-T-2828.1-2012.md": """
            ---
            id: GB-T-2828.1-2012
            title: 计数抽样检验程序 第1部分：按接收质量限（AQL）检索的逐批检验抽样计划
            type: external
            issuer: 国家标准化管理委员会
            number: GB/T 2828.1-2012
            edition: "2012"
            received: 2013-02-01
            location: 质量部标准柜 A-3
            owner: 质量部
            check_every: 12
            last_checked: 2025-03-01
            status: current
            url: https://openstd.samr.gov.cn/
            ---
            来料检验和成品抽检按本标准一般检验水平 II。

            """,
        "external/GB-T-2828.1-2003.md": """
            ---
            id: GB-T-2828.1-2003
            title: 计数抽样检验程序 第1部分（2003 版）
            type: external
            issuer: 国家标准化管理委员会
            number: GB/T 2828.1-2003
            edition: "2003"
            received: 2004-05-01
            location: 档案室
            owner: 质量部
            status: superseded
            superseded_by: GB-T-2828.1-2012
            ---
            已被 2012 版代替。

            """,
        "external/KL-DWG-1002.md": """
            ---
            id: KL-DWG-1002
            title: Customer drawing, control box housing
            type: external
            issuer: Kelong GmbH
            number: DWG-1002
            edition: Rev. F
            received: 2026-05-10
            location: Engineering, PLM
            owner: 技术部
            check_every: 6
            last_checked: 2026-05-10
            ---
            Housing drawing, current revision F.

            """,
        "procedures/QP-08.md": """
            ---
            id: QP-08
            title: 检验和试验控制程序
            type: procedure
            revision: C
            status: approved
            effective: 2026-05-01
            owner: 质量部
            approver: 管理者代表
            change: 抽样改用 GB/T 2828.1-2012
            clauses: [8.6]
            distribution: [质量部, 生产部]
            references: [GB-T-2828.1-2012]
            ---
            抽样按 [[GB-T-2828.1-2012]]；旧记录中的 GB-T-2828.1-2003 仅供参考。

            """,
        "procedures/QP-09.md": """
            ---
            id: QP-09
            title: 外壳检验规范
            type: procedure
            revision: A
            status: approved
            effective: 2026-05-20
            owner: 质量部
            approver: 管理者代表
            change: 首次发布
            clauses: [8.6]
            distribution: all
            ---
            按客户图纸 KL-DWG-1002 检验外壳。

            """,
        "people.csv": "name,department,role\n张伟,质量部,检验员\n李娜,质量部,QE\n王强,生产部,班长\n赵敏,采购部,采购员\n",
        "acknowledgements/2026-05-training.csv": "document,revision,name,date\nQP-08,C,张伟,2026-05-03\nQP-08,B,王强,2025-01-10\nQP-09,A,张伟,2026-05-21\nQP-09,A,陈静,2026-05-21\nQP-99,A,李娜,2026-05-21\nQP-09,A,赵敏,not a date\n",
    ]

    @Test func externalDocumentsHaveARegisterWithWhereUsedAndChecks() async throws {
        let fixture = try FixtureManual(Self.files)
        let manual = try await Pipeline.resolve(source: fixture.manual, options: Pipeline.Options(history: false, today: DayDate("2026-06-01")!))
        #expect(!manual.diagnostics.hasErrors, "\(manual.diagnostics)")
        let due = manual.diagnostics.filter { $0.code == "external-check-due" }
        #expect(due.count == 1)
        #expect(due.first?.file == "external/GB-T-2828.1-2012.md" && due.first?.line == 12, "at `last_checked:`")
        #expect(due.first?.message.contains("is due since 2026-03-01") == true)
        // A document that mentions the superseded edition is told which edition replaced it.
        let superseded = manual.diagnostics.filter { $0.code == "link-to-obsolete" }
        #expect(superseded.count == 1 && superseded.first?.file == "procedures/QP-08.md", "\(superseded)")
        #expect(superseded.first?.message.contains("refers to GB-T-2828.1-2003 (GB/T 2828.1-2003 2003), an external document superseded; refer to the current one, GB-T-2828.1-2012") == true,
                "\(superseded.first?.message ?? "")")
        #expect(manual[id: "GB-T-2828.1-2012"]?.facts.backlinks == ["QP-08"])
        #expect(manual[id: "KL-DWG-1002"]?.facts.backlinks == ["QP-09"])

        let result = try fixture.run("build", "--templates", QMarkBinary.templates, "--today", "2026-06-01", "--no-history")
        #expect(result.status == 0, "\(result.stderr)")
        let register = try fixture.page("external.html")
        #expect(register.contains("GB/T 2828.1-2012") && register.contains("质量部标准柜 A-3") && register.contains("待核查"))
        #expect(register.contains("已替代") && register.contains("→ <a href=\"docs/GB-T-2828.1-2012.html\">GB-T-2828.1-2012</a>"))
        #expect(register.contains("<a href=\"docs/QP-08.html\" title=\"检验和试验控制程序\">QP-08</a>"), "where used")
        #expect(try fixture.page("index.html").contains("href=\"external.html\""), "the register is in the navigation")
        let page = try fixture.page("docs/GB-T-2828.1-2012.html")
        #expect(page.contains("国家标准化管理委员会") && page.contains("https://openstd.samr.gov.cn/"))
        #expect(!(try fixture.page("print.html")).contains("来料检验和成品抽检"), "external documents are not printed as the manual's")
        #expect(try fixture.page("standards/iso9001-2015/7.5.3.2.html").contains("外来文件：现行 2 份，已替代或废止 1 份，待核查 1 份。"),
                "the clause of control of documented information counts them")
        let csv = try String(contentsOf: fixture.site.appendingPathComponent("api/external.csv"), encoding: .utf8)
        #expect(csv.contains("GB-T-2828.1-2012,GB/T 2828.1-2012,"))
        let json = try fixture.json("api/manual.json") as? [String: Any]
        let external = (json?["documents"] as? [[String: Any]])?.first { $0["id"] as? String == "GB-T-2828.1-2003" }?["external"] as? [String: Any]
        #expect(external?["status"] as? String == "superseded" && external?["supersededBy"] as? String == "GB-T-2828.1-2012")
    }

    @Test func distributionSaysWhoMustReadWhoHasAndWhoIsOverdue() async throws {
        let fixture = try FixtureManual(Self.files)
        let manual = try await Pipeline.resolve(source: fixture.manual, options: Pipeline.Options(history: false, today: DayDate("2026-06-01")!))
        let qp08 = try #require(manual[id: "QP-08"]?.facts.distribution)
        #expect(qp08.revision == "C" && qp08.due == DayDate("2026-05-11"))
        #expect(qp08.readers.map(\.person.name) == ["张伟", "李娜", "王强"])
        #expect(qp08.readers.map { $0.acknowledged?.description ?? "-" } == ["2026-05-03", "-", "-"], "王强 read revision B, not C")
        #expect(qp08.readers.map(\.overdue) == [false, true, true])
        let qp09 = try #require(manual[id: "QP-09"]?.facts.distribution)
        #expect(qp09.readers.count == 4, "`all`: everyone in people.csv")
        #expect(qp09.due == DayDate("2026-05-30") && qp09.overdueCount == 3)
        let overdue = manual.diagnostics.filter { $0.code == "acknowledgement-overdue" }
        #expect(overdue.count == 5)
        #expect(overdue.contains { $0.file == "procedures/QP-08.md" && $0.line == 12 && $0.message.hasPrefix("李娜 (质量部) has not acknowledged QP-08 revision C (effective 2026-05-01, due by 2026-05-11)") })
        let records = manual.diagnostics.filter { $0.code == "distribution-record" }.map { "\($0.file):\($0.line)" }.sorted()
        #expect(records == ["acknowledgements/2026-05-training.csv:5", "acknowledgements/2026-05-training.csv:6", "acknowledgements/2026-05-training.csv:7"],
                "陈静 not in people.csv, QP-99 unknown, a date that is not one: \(manual.diagnostics.filter { $0.code == "distribution-record" })")

        let result = try fixture.run("build", "--templates", QMarkBinary.templates, "--today", "2026-06-01", "--no-history")
        #expect(result.status == 0)
        let page = try fixture.page("docs/QP-08.html")
        #expect(page.contains("3 人中 1 人已确认阅读版本 C（应于 2026-05-11 前确认）。 2 人逾期。"))
        #expect(page.contains("../signoff/QP-08.html"))
        let matrix = try fixture.page("distribution.html")
        #expect(matrix.contains("<th colspan=\"99\" scope=\"rowgroup\">质量部</th>"))
        #expect(matrix.contains("title=\"QP-08 C — 2026-05-03 已确认\">✓</td>") && matrix.contains("title=\"QP-08 C — 已逾期\">✗</td>"))
        #expect(matrix.contains("id=\"p-张伟\""))
        let sheet = try fixture.page("signoff/QP-09.html")
        #expect(sheet.contains("文件发放/培训签到表") && sheet.contains("<td>4</td><td>赵敏</td><td>采购部</td>"))
        let json = try fixture.json("api/manual.json") as? [String: Any]
        let distribution = (json?["documents"] as? [[String: Any]])?.first { $0["id"] as? String == "QP-08" }?["distribution"] as? [String: Any]
        #expect(distribution?["required"] as? [String] == ["张伟", "李娜", "王强"])
        #expect(distribution?["overdue"] as? [String] == ["李娜", "王强"])
        #expect((distribution?["acknowledged"] as? [[String: Any]])?.first?["date"] as? String == "2026-05-03")
        // The people and acknowledgements are records of the manual, never published.
        #expect(!FileManager.default.fileExists(atPath: fixture.site.appendingPathComponent("files/people.csv").path))
    }
}
