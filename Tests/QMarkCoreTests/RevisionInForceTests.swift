import Foundation
import Testing
@testable import QMarkCore

/// The site publishes each document's revision in force on the build's date, never the working
/// copy: a revision in review, a draft, or an approved revision whose date is ahead is pending,
/// shown beside the one in force and never in its place.
@Suite struct RevisionInForceTests {
    static let site = "title: 质量手册\nlanguage: zh-CN\nstandards: [iso9001-2015, iso14001-2015]\n"

    static func qp01(_ revision: String, _ status: String, effective: String, change: String, body: String) -> String {
        """
        ---
        id: QP-01
        title: 文件控制程序
        type: procedure
        revision: \(revision)
        status: \(status)
        owner: 质量部
        approver: 总经理
        effective: \(effective)
        change: \(change)
        clauses: {iso9001-2015: [7.5], iso14001-2015: [7.5]}
        ---
        # 目的

        \(body)

        | 步骤 | 责任 | 说明 |
        |---|---|---|
        | 起草 | 各部门 | 按模板<br>编写 |
        | 审批 | 总经理 | 签字 |

        """
    }

    static let bodyA = "文件经总经理批准后发布。纸质文件加盖受控章。"
    static let bodyB = "文件经总经理批准后发布。电子文件以电子签名批准，不再加盖受控章。"

    /// QP-01 A approved and committed (with a trailer), then B committed in review; a form that links to QP-01.
    static func reviewOverApproved() throws -> GitFixture {
        let repo = try GitFixture(["site.yml": site])
        try FileManager.default.copyItem(at: URL(fileURLWithPath: QMarkBinary.templates), to: repo.root.appendingPathComponent("templates"))
        try repo.commit("QP-01 A\n\nApproved-by: 总经理",
                        ["procedures/QP-01.md": qp01("A", "approved", effective: "2026-01-01", change: "首次发布", body: bodyA),
                         "forms/FM-01.md": "---\nid: FM-01\ntitle: 文件更改申请表\ntype: form\nrevision: A\nstatus: approved\nowner: 质量部\neffective: 2026-01-01\nchange: 首次发布\n---\n按 QP-01 填写。\n"])
        try repo.commit("QP-01 B to review",
                        ["procedures/QP-01.md": qp01("B", "review", effective: "2026-03-01", change: "改用电子签名", body: bodyB)])
        return repo
    }

    static func build(_ repo: GitFixture, today: String = "2026-06-01", _ extra: String...) throws -> CommandResult {
        let result = try QMarkBinary.run(["build", "--templates", "templates", "--today", today] + extra, in: repo.root)
        #expect(result.status == 0, "\(result.stderr)")
        return result
    }

    static func manualJSON(_ repo: GitFixture) throws -> [String: Any] {
        let documents = (try repo.fixture.json("api/manual.json") as? [String: Any])?["documents"] as? [[String: Any]] ?? []
        return documents.first { $0["id"] as? String == "QP-01" } ?? [:]
    }

    @Test func aRevisionInReviewLeavesTheApprovedOneInForceEverywhere() async throws {
        let repo = try Self.reviewOverApproved()
        _ = try Self.build(repo)
        let fixture = repo.fixture

        // The page: revision A's text and data, a notice naming B, linking to B's own page.
        let page = try fixture.page("docs/QP-01.html")
        #expect(page.contains("纸质文件加盖受控章"))
        #expect(!page.contains("电子签名批准"))
        #expect(page.contains("qm-banner-pending"))
        #expect(page.contains("版本 B 审核中（自 2026-01-02 起），尚未生效。"))
        #expect(page.contains("改用电子签名"))
        #expect(page.contains("../pending/QP-01.html"))
        #expect(!page.contains("qm-banner-review"), "the page in force carries no review banner")

        // B's page: its banner, its body, and the redline against A.
        let pending = try fixture.page("pending/QP-01.html")
        #expect(pending.contains("qm-banner-review"))
        #expect(pending.contains("电子签名批准"))
        #expect(pending.contains("与现行版本 A 相比的改动"))
        #expect(pending.contains("<ins>") && pending.contains("<del>"))
        #expect(pending.contains("href=\"../docs/QP-01.html\""))

        // Coverage in both standards, the matrix, the gate and the exports.
        let coverage = try QMarkBinary.run(["coverage", "--format", "json", "--today", "2026-06-01", "--standard", "all"], in: repo.root)
        #expect(coverage.status == 0)
        #expect(coverage.stdout.contains("\"status\" : \"covered\"") || coverage.stdout.contains("\"status\":\"covered\""), "\(coverage.stdout.prefix(400))")
        let json = try fixture.json("api/coverage.json") as? [String: Any]
        for standard in (json?["standards"] as? [[String: Any]]) ?? [] {
            let row = (standard["clauses"] as? [[String: Any]])?.first { $0["id"] as? String == "7.5" }
            #expect(row?["status"] as? String == "covered", "\(standard["id"] ?? "")")
            #expect(row?["documents"] as? [String] == ["QP-01"])
        }
        let document = try Self.manualJSON(repo)
        #expect(document["revision"] as? String == "A")
        #expect(document["status"] as? String == "approved")
        #expect(document["inForce"] as? Bool == true)
        let next = document["pending"] as? [String: Any]
        #expect(next?["revision"] as? String == "B")
        #expect(next?["status"] as? String == "review")
        #expect(next?["url"] as? String == "pending/QP-01.html")
        let register = try String(contentsOf: fixture.site.appendingPathComponent("api/register.csv"), encoding: .utf8)
        #expect(register.contains("QP-01,文件控制程序,procedure,A,approved,2026-01-01,"))
        #expect(register.contains(",B,review,2026-03-01"))

        // The register shows both; the print edition and search carry A, and B is found, marked.
        let registerPage = try fixture.page("register.html")
        #expect(registerPage.contains("pending/QP-01.html"))
        let print = try fixture.page("print.html")
        #expect(print.contains("纸质文件加盖受控章") && !print.contains("电子签名批准"))
        let entries = try fixture.searchEntries()
        #expect(entries.contains("docs/QP-01.html") && entries.contains("pending/QP-01.html"))

        // The clause page and the checklist name A.
        let clause = try fixture.page("standards/iso9001-2015/7.5.html")
        #expect(clause.contains("QP-01"))
        #expect(!clause.contains("qm-pending") || clause.contains("QP-01"))
    }

    @Test func anApprovedRevisionTakesOverOnItsEffectiveDateAndNotBefore() async throws {
        let repo = try Self.reviewOverApproved()
        try repo.commit("QP-01 B approved\n\nApproved-by: 总经理",
                        ["procedures/QP-01.md": Self.qp01("B", "approved", effective: "2026-02-15", change: "改用电子签名", body: Self.bodyB)])
        // Before the date: A in force, B pending as approved for later.
        _ = try Self.build(repo, today: "2026-02-14")
        var page = try repo.fixture.page("docs/QP-01.html")
        #expect(page.contains("纸质文件加盖受控章"))
        #expect(page.contains("版本 B 已批准，将于 2026-02-15 生效"))
        let pending = try repo.fixture.page("pending/QP-01.html")
        #expect(pending.contains("已批准 —— 将于 2026-02-15 生效；在此之前以版本 A 为准。"))
        #expect(try Self.manualJSON(repo)["revision"] as? String == "A")
        // On the date: B in force, no pending page.
        _ = try Self.build(repo, today: "2026-02-15")
        page = try repo.fixture.page("docs/QP-01.html")
        #expect(page.contains("电子签名批准"))
        #expect(!page.contains("qm-banner-pending"))
        #expect(!FileManager.default.fileExists(atPath: repo.fixture.site.appendingPathComponent("pending/QP-01.html").path))
        #expect(try Self.manualJSON(repo)["revision"] as? String == "B")
        #expect(try Self.manualJSON(repo)["pending"] is NSNull)
    }

    @Test func aFirstDraftAndAFirstRevisionNotYetEffectiveAreNotInForce() async throws {
        let repo = try GitFixture(["site.yml": "title: T\nlanguage: en\n"])
        try repo.commit("Draft EP-01", ["ehs/EP-01.md": "---\nid: EP-01\ntitle: Environmental aspects\ntype: procedure\nrevision: A\nstatus: draft\nowner: HSE\nclauses: {iso14001-2015: [6.1.2]}\n---\nIdentify aspects.\n"])
        try repo.commit("Approve SP-01\n\nApproved-by: GM", ["ehs/SP-01.md": "---\nid: SP-01\ntitle: Hazard identification\ntype: procedure\nrevision: A\nstatus: approved\nowner: HSE\napprover: GM\neffective: 2026-03-01\nchange: First issue\nclauses: {iso45001-2018: [6.1.2]}\n---\nIdentify hazards.\n"])
        var manual = try await repo.resolve(today: "2026-02-01")
        #expect(manual[id: "EP-01"]?.isInForce == false)
        #expect(manual[id: "EP-01"]?.facts.pending == nil, "a first draft keeps its draft page")
        #expect(manual[id: "SP-01"]?.isInForce == false)
        #expect(manual[id: "SP-01"]?.isPending == true)
        manual = try await repo.resolve(today: "2026-03-01")
        #expect(manual[id: "SP-01"]?.isInForce == true)
    }

    @Test func atAnOlderCommitTheRevisionInForceThenIsPublished() async throws {
        let repo = try Self.reviewOverApproved()
        let first = String(decoding: try repo.git("rev-list", "--max-parents=0", "HEAD"), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.commit("QP-01 B approved\n\nApproved-by: 总经理",
                        ["procedures/QP-01.md": Self.qp01("B", "approved", effective: "2026-01-05", change: "改用电子签名", body: Self.bodyB)])
        // At HEAD, B is in force.
        var manual = try await repo.resolve()
        #expect(manual[id: "QP-01"]?.revision == "B")
        #expect(manual[id: "QP-01"]?.facts.pending == nil)
        // At the commit before B was approved, B was in review and A in force.
        var options = Pipeline.Options(today: DayDate("2026-06-01")!)
        options.at = "HEAD~1"
        manual = try await Pipeline.resolve(source: repo.fixture.manual, options: options)
        #expect(manual[id: "QP-01"]?.revision == "A")
        #expect(manual[id: "QP-01"]?.facts.pending?.document.revision == "B")
        options.at = first
        manual = try await Pipeline.resolve(source: repo.fixture.manual, options: options)
        #expect(manual[id: "QP-01"]?.revision == "A")
        #expect(manual[id: "QP-01"]?.facts.pending == nil)
    }

    @Test func anObsoleteRevisionInGitIsNotInForceAndAWorkTreeEditStillWarns() async throws {
        let repo = try GitFixture(["site.yml": "title: T\nlanguage: en\n"])
        let doc = { (revision: String, status: String, body: String) in
            "---\nid: QP-09\ntitle: Old control\ntype: procedure\nrevision: \(revision)\nstatus: \(status)\nowner: QA\napprover: GM\neffective: 2026-01-01\nchange: Issue \(revision)\nwithdrawn: 2026-01-03\nclauses: [8.7]\n---\n\(body)\n"
        }
        try repo.commit("QP-09 A\n\nApproved-by: GM", ["procedures/QP-09.md": doc("A", "approved", "Segregate.")])
        try repo.commit("QP-09 withdrawn", ["procedures/QP-09.md": doc("A", "obsolete", "Segregate.")])
        try repo.commit("QP-09 B drafted to reinstate it", ["procedures/QP-09.md": doc("B", "draft", "Segregate and tag.")])
        var manual = try await repo.resolve()
        // A was withdrawn: nothing is in force, and the draft reinstating it is shown as a draft, not A.
        #expect(manual[id: "QP-09"]?.revision == "B")
        #expect(manual[id: "QP-09"]?.isInForce == false)
        #expect(manual[id: "QP-09"]?.facts.pending == nil)

        // A work-tree edit of an approved document without a new revision: still in force, still warned.
        let edited = try GitFixture(["site.yml": "title: T\nlanguage: en\n"])
        try edited.commit("QP-09 A\n\nApproved-by: GM", ["procedures/QP-09.md": doc("A", "approved", "Segregate.")])
        try edited.fixture.write("procedures/QP-09.md", doc("A", "approved", "Segregate and scrap."))
        manual = try await edited.resolve()
        #expect(manual[id: "QP-09"]?.body.contains("scrap") == true)
        #expect(manual[id: "QP-09"]?.facts.sinceApproval == .uncommitted)
        #expect(manual[id: "QP-09"]?.facts.pending == nil)
    }

    @Test func theChangeReportSaysARevisionIsPendingAndWhenItTakesEffect() async throws {
        let repo = try Self.reviewOverApproved()
        var report = try await ChangeReport.since("HEAD~1", manual: try await repo.resolve())
        let entry = try #require(report.entries.first { $0.id == "QP-01" })
        #expect(entry.kind == .pending)
        #expect(entry.toRevision == "A")
        #expect(entry.pending == "B (review)")
        #expect(report.text().contains("pending: B (review)"))
        try repo.commit("QP-01 B approved\n\nApproved-by: 总经理",
                        ["procedures/QP-01.md": Self.qp01("B", "approved", effective: "2026-09-01", change: "改用电子签名", body: Self.bodyB)])
        report = try await ChangeReport.since("HEAD~2", manual: try await repo.resolve(today: "2026-06-01"))
        #expect(report.entries.first { $0.id == "QP-01" }?.pending == "B (approved, in force from 2026-09-01)")
        report = try await ChangeReport.since("HEAD~2", manual: try await repo.resolve(today: "2026-09-01"))
        #expect(report.entries.first { $0.id == "QP-01" }?.kind == .revised)
        #expect(report.entries.first { $0.id == "QP-01" }?.pending == nil)
    }

    @Test func theLiveSiteShowsTheRevisionInForceAsABuildDoes() async throws {
        let repo = try Self.reviewOverApproved()
        let output = repo.root.appendingPathComponent("live")
        let live = LiveSite(source: repo.fixture.manual, output: output, templates: repo.root.appendingPathComponent("templates"),
                            options: Pipeline.Options(today: DayDate("2026-06-01")!))
        let update = try await live.update()
        #expect(update.built)
        let page = try String(contentsOf: output.appendingPathComponent("docs/QP-01.html"), encoding: .utf8)
        #expect(page.contains("纸质文件加盖受控章"))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("pending/QP-01.html").path))
    }
}
