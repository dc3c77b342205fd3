import Foundation
import Testing
@testable import QMarkCore

/// The audit programme (9.2.2) and the printable checklists an auditor takes into an audit.
@Suite struct AuditProgrammeTests {
    static let files = [
        "site.yml": "title: T\naudits:\n  质量部: 2026-03-15\n  生产部: 2024-01-10\n",
        "a.md": doc("QP-13", title: "生产过程控制程序", clauses: "[8.5.1, 8.5.2]",
                    extra: "records:\n  - {id: QR-1302, title: 首件检验记录, retention: 3 年}").replacingOccurrences(of: "owner: QA", with: "owner: 生产部"),
        "b.md": doc("QP-05", title: "文件控制程序", clauses: "[7.5]").replacingOccurrences(of: "owner: QA", with: "owner: 质量部"),
        "c.md": doc("QP-20", title: "顾客满意度测量程序", clauses: "[9.1.2]").replacingOccurrences(of: "owner: QA", with: "owner: 销售部"),
    ]

    @Test func theProgrammeSaysWhatEachDepartmentCoversAndWhenItIsDue() throws {
        let fixture = try FixtureManual(Self.files)
        let result = try fixture.run("build", "--templates", QMarkBinary.templates, "--today", "2026-06-01")
        #expect(result.status == 0, "\(result.stderr)")
        let page = try fixture.page("audit/index.html")
        let rows = page.components(separatedBy: "<tr>").dropFirst(2)
        let production = try #require(rows.first { $0.contains("<strong>生产部</strong>") })
        #expect(production.contains("2024-01-10") && production.contains("2025-01-10") && production.contains("qm-audit-overdue"))
        #expect(production.contains(">✓8.5.1<") || production.contains(">8.5.1<"))
        let quality = try #require(rows.first { $0.contains("<strong>质量部</strong>") })
        #expect(quality.contains("2027-03-15") && quality.contains("qm-audit-ok"))
        let sales = try #require(rows.first { $0.contains("<strong>销售部</strong>") })
        #expect(sales.contains("qm-audit-never"), "a department never audited is due now")
        #expect(page.contains("audit/dept-") || page.contains("dept-"))
    }

    @Test func aClauseChecklistHoldsTheClauseAndItsSubclausesWithRuledSpace() throws {
        let fixture = try FixtureManual(Self.files)
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates, "--today", "2026-06-01").status == 0)
        let page = try fixture.page("audit/iso9001-2015-8.5.html")
        let items = page.components(separatedBy: "<section class=\"qm-check-item").dropFirst()
        #expect(items.count == 7, "8.5 and its six sub-clauses: \(items.count)")
        let second = try #require(items.dropFirst().first)
        #expect(second.contains("8.5.1") && second.contains("QP-13") && second.contains("QR-1302"))
        #expect(page.contains("class=\"qm-ruled\"") && page.contains("☐</span> 轻微不符合"))
        #expect(try fixture.page("standards/iso9001-2015/8.5.html").contains("href=\"../../audit/iso9001-2015-8.5.html\""))
        let department = try fixture.page("audit/dept-\(SiteLinks.fileName("生产部")).html")
        #expect(department.contains("8.5.1") && department.contains("8.5.2") && !department.contains(">7.5 "), "only the department's clauses")
    }

    @Test func aBadAuditDateIsAnErrorWithItsLine() throws {
        let fixture = try FixtureManual(["site.yml": "title: T\naudits:\n  质量部: 去年\n", "a.md": doc("QP-01")])
        let result = try fixture.run("check")
        #expect(result.status == 1)
        #expect(result.stderr.contains("site.yml:3: error: the last audit of 质量部 is `去年`, not a date; write it as YYYY-MM-DD"), "\(result.stderr)")
    }
}
