import Foundation
import Testing
@testable import QMarkCore

@Suite struct ChangesCommandTests {
    /// Tagged audit, then: QP-01 revised, QP-02 edited without a new revision, QP-03 withdrawn,
    /// QP-04 added, QP-05 removed, QP-06 untouched.
    static func repository() throws -> GitFixture {
        let repo = try GitFixture(["site.yml": "title: T\nlanguage: en\n"])
        try repo.commit("Initial manual", [
            "QP-01.md": versioned("QP-01", revision: "A", status: "approved", body: "One.\n"),
            "QP-02.md": versioned("QP-02", revision: "A", status: "approved", body: "Two.\n"),
            "QP-03.md": versioned("QP-03", revision: "B", status: "approved", body: "Three.\n"),
            "QP-05.md": versioned("QP-05", revision: "A", status: "approved", body: "Five.\n"),
            "QP-06.md": versioned("QP-06", revision: "A", status: "approved", body: "Six.\n"),
        ])
        try repo.git("tag", "audit-2025")
        try repo.commit("Revise QP-01\n\nApproved-by: GM", ["QP-01.md": versioned("QP-01", revision: "B", status: "approved", body: "One, revised.\n")])
        try repo.commit("Edit QP-02", ["QP-02.md": versioned("QP-02", revision: "A", status: "approved", body: "Two, edited.\n")])
        try repo.commit("Withdraw QP-03", ["QP-03.md": versioned("QP-03", revision: "B", status: "obsolete", body: "Three.\n", extra: "withdrawn: 2026-01-04")])
        try repo.commit("Add QP-04, remove QP-05", ["QP-04.md": versioned("QP-04", revision: "A", status: "approved", body: "Four.\n"), "QP-05.md": nil])
        return repo
    }

    @Test func listsEveryKindOfChange() throws {
        let repo = try Self.repository()
        let json = try repo.run("changes", "--since", "audit-2025", "--format", "json")
        #expect(json.status == 0, "\(json.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report["since"] as? String == "audit-2025")
        let documents = try #require(report["documents"] as? [[String: Any]])
        let kinds = documents.map { "\($0["change"] as! String) \($0["id"] as! String)" }
        #expect(kinds == ["added QP-04", "revised QP-01", "withdrawn QP-03", "edited QP-02", "removed QP-05"])
        let revised = try #require(documents.first { $0["id"] as? String == "QP-01" })
        #expect(revised["fromRevision"] as? String == "A")
        #expect(revised["toRevision"] as? String == "B")
        #expect(revised["redlines"] as? [String] == ["revisions/QP-01.html#r-B"])
        #expect((revised["commits"] as? [[String: Any]])?.map { $0["summary"] as? String } == ["Revise QP-01"])

        let text = try repo.run("changes", "--since", "audit-2025")
        #expect(text.stdout.contains("Changes since audit-2025"))
        #expect(text.stdout.contains("revised   QP-01"))
        #expect(text.stdout.contains("[A → B]"))
        let markdown = try repo.run("changes", "--since", "audit-2025", "--format", "markdown", "--site-url", "https://qms.example.com/")
        #expect(markdown.stdout.contains("| revised | [QP-01](https://qms.example.com/docs/QP-01.html) |"))
        #expect(markdown.stdout.contains("[B](https://qms.example.com/revisions/QP-01.html#r-B)"))
    }

    @Test func unknownRefIsWrongUsageAndNoGitIsAnError() throws {
        let repo = try Self.repository()
        let unknown = try repo.run("changes", "--since", "no-such-tag")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown git revision `no-such-tag`"))
        let plain = try FixtureManual(["a.md": doc("A")])
        let result = try plain.run("changes", "--since", "HEAD")
        #expect(result.status == 1)
        #expect(result.stderr.contains("not in a git repository"))
    }
}

@Suite struct PointInTimeTests {
    @Test func buildsTheManualAsItStoodWithoutTouchingTheWorkTree() throws {
        let repo = try ChangesCommandTests.repository()
        try repo.fixture.write("QP-06.md", versioned("QP-06", revision: "A", status: "approved", body: "Uncommitted edit.\n"))
        let result = try repo.run("build", "--at", "audit-2025", "--output", "audit-site", "--templates", QMarkBinary.templates, "--today", "2026-06-01")
        #expect(result.status == 0, "\(result.stderr)")
        let site = repo.root.appendingPathComponent("audit-site")
        let qp01 = try String(contentsOf: site.appendingPathComponent("docs/QP-01.html"), encoding: .utf8)
        #expect(qp01.contains("One.") && !qp01.contains("revised"))
        #expect(qp01.contains("qm-asof"))
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("docs/QP-05.html").path))
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("docs/QP-04.html").path))
        let qp06 = try String(contentsOf: site.appendingPathComponent("docs/QP-06.html"), encoding: .utf8)
        #expect(!qp06.contains("Uncommitted edit"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: site.appendingPathComponent("api/manual.json"))) as? [String: Any])
        let qp01History = (json["documents"] as? [[String: Any]])?.first { $0["id"] as? String == "QP-01" }?["history"] as? [[String: Any]]
        #expect(qp01History?.map { $0["revision"] as? String } == ["A"])
        let status = String(decoding: try repo.git("status", "--porcelain"), as: UTF8.self)
        #expect(status.contains("QP-06.md"), "the uncommitted edit is still there")
        #expect(try String(contentsOf: repo.fixture.manual.appendingPathComponent("QP-06.md"), encoding: .utf8).contains("Uncommitted edit"))
    }

    @Test func unknownRefFails() throws {
        let repo = try ChangesCommandTests.repository()
        let result = try repo.run("build", "--at", "v9", "--templates", QMarkBinary.templates)
        // Wrong usage, as in `changes --since v9`.
        #expect(result.status == 2)
        #expect(try repo.run("changes", "--since", "v9").status == 2)
        #expect(result.stderr.contains("unknown git revision `v9`"))
    }
}

@Suite struct LifecycleAndReviewTests {
    static func manual() throws -> FixtureManual {
        try FixtureManual([
            "site.yml": "title: T\nlanguage: en\nreview_interval_months: 12\nuncontrolled_notice: \"Copy \\\"B\\\" — check <online>\"\n",
            "old.md": versioned("QP-01", revision: "C", status: "obsolete", body: "Old.\n", extra: "withdrawn: 2026-02-15"),
            "new.md": versioned("QP-11", revision: "A", status: "approved", body: "New.\n", extra: "supersedes: QP-01\nreviewed: 2025-03-01"),
            "due.md": versioned("QP-12", revision: "A", status: "approved", body: "Due.\n", extra: "reviewed: 2025-07-20").replacingOccurrences(of: "质量部", with: "生产部"),
            "fine.md": versioned("QP-13", revision: "A", status: "approved", body: "Fine.\n", extra: "reviewed: 2026-01-10\nreview_interval_months: 24"),
            "draft.md": versioned("QP-14", revision: "A", status: "draft", body: "Draft.\n", extra: "supersedes: QP-11"),
        ])
    }

    @Test func overdueReviewsWarnAndTheReviewPageGroupsByOwner() async throws {
        let fixture = try Self.manual()
        let manual = try await Pipeline.resolve(source: fixture.manual, options: Pipeline.Options(today: DayDate("2026-06-01")!))
        let overdue = manual.diagnostics.filter { $0.code == "review-overdue" }
        #expect(overdue.map(\.file) == ["new.md"])
        #expect(overdue.first?.message.contains("overdue for periodic review since 2026-03-01 (last reviewed 2025-03-01, every 12 months)") == true)
        #expect(overdue.first?.line == 12)
        #expect(manual[id: "QP-13"]?.facts.review == DocumentFacts.Review(next: DayDate("2028-01-10"), state: .ok))
        #expect(manual[id: "QP-11"]?.facts.review == DocumentFacts.Review(next: DayDate("2026-03-01"), state: .overdue))
        #expect(manual[id: "QP-12"]?.facts.review == DocumentFacts.Review(next: DayDate("2026-07-20"), state: .due), "due within 60 days")
        #expect(manual[id: "QP-14"]?.facts.review == nil, "a draft is not reviewed")
        #expect(manual[id: "QP-01"]?.facts.supersededBy == "QP-11")
        #expect(manual[id: "QP-01"]?.facts.withdrawn == DayDate("2026-02-15"))

        let build = try fixture.run("build", "--templates", QMarkBinary.templates, "--today", "2026-06-01")
        #expect(build.status == 0, "\(build.stderr)")
        let reviews = try fixture.page("reviews.html")
        #expect(!reviews.contains("qm-asof"), "a normal build has no point-in-time banner")
        #expect(reviews.contains("As of 2026-06-01."))
        let overdueSection = try #require(reviews.components(separatedBy: "Due within 60 days").first)
        #expect(overdueSection.contains("QP-11"))
        #expect(!overdueSection.contains("QP-12"))
        let dueSection = try #require(reviews.components(separatedBy: "Due within 60 days").dropFirst().first?.components(separatedBy: "All approved documents").first)
        #expect(dueSection.contains("<h3>生产部</h3>"))
        #expect(dueSection.contains("QP-12"))
        #expect(!dueSection.contains("QP-13"))
    }

    @Test func supersededDocumentsPointForwardAndTheArchiveListsThem() throws {
        let fixture = try Self.manual()
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates, "--today", "2026-06-01").status == 0)
        let old = try fixture.page("docs/QP-01.html")
        #expect(old.contains("Superseded by: <a href=\"../docs/QP-11.html\">QP-11"))
        #expect(old.contains("OBSOLETE"))
        let new = try fixture.page("docs/QP-11.html")
        #expect(new.contains("Supersedes: <a href=\"../docs/QP-01.html\">"))
        let archive = try fixture.page("archive.html")
        #expect(archive.contains("QP-01"))
        #expect(archive.contains("2026-02-15"))
        #expect(archive.contains("docs/QP-11.html"))
        #expect(!archive.contains("docs/QP-13.html"))
    }

    @Test func supersedingADocumentStillInForceIsAWarningAndAnUnknownOneAnError() async throws {
        let fixture = try FixtureManual([
            "a.md": versioned("A", revision: "A", status: "approved", body: "x\n", extra: "supersedes: [B, Z]"),
            "b.md": versioned("B", revision: "A", status: "approved", body: "y\n"),
        ])
        let manual = try await fixture.resolve()
        #expect(manual.diagnostics.contains { $0.code == "supersedes-current-document" && $0.severity == .warning && $0.message.contains("supersedes B") })
        #expect(manual.diagnostics.contains { $0.code == "unknown-reference" && $0.severity == .error && $0.message.contains("`Z`") })
    }

    @Test func printedPagesCarryIdentityStatusNoticeAndDate() throws {
        let fixture = try Self.manual()
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates, "--today", "2026-06-01").status == 0)
        let page = try fixture.page("docs/QP-01.html")
        #expect(page.contains("<style media=\"print\" id=\"qm-print\" data-date=\"2026-06-01\">"))
        #expect(page.contains("@top-left { content: \"QP-01 不合格输出控制程序\";"))
        #expect(page.contains("@top-right { content: \"Revision C · Obsolete · Effective 2026-01-01\";"))
        #expect(page.contains("@bottom-left { content: \"Copy \\\"B\\\" — check \\3C online>\";"))
        #expect(page.contains("Printed 2026-06-01"))
        let chinese = try FixtureManual(["a.md": versioned("A", revision: "A", status: "approved", body: "x\n")])
        #expect(try chinese.run("build", "--templates", QMarkBinary.templates).status == 0)
        #expect(try chinese.page("docs/A.html").contains("打印件为非受控文件"))
    }
}
