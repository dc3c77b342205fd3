import Foundation
import Testing
@testable import QMarkCore

/// The revision record an auditor samples: each revision dated by its approval (the effective
/// date), described by its `change:` note or visibly by a commit subject, approved with evidence
/// (`Approved-by:`) or only as declared; and warnings where the record contradicts itself.
@Suite struct RevisionRecordTests {
    static let body = "# 目的\n\n发现不合格品立即隔离。\n"

    static func repo() throws -> GitFixture {
        let repo = try GitFixture(["site.yml": "title: T\nlanguage: en\n"])
        try repo.commit("Approve QP-08 A\n\nApproved-by: 总经理",
                        ["procedures/QP-08.md": versioned("QP-08", revision: "A", status: "approved", body: body, extra: "change: 首次发布")])
        try repo.commit("Update QP-08", ["procedures/QP-08.md": versioned("QP-08", revision: "C", status: "approved", body: body + "\n更多。\n")])
        return repo
    }

    @Test func datesDescriptionsAndApprovalAreWhatTheRecordSays() async throws {
        let repo = try Self.repo()
        let manual = try await repo.resolve()
        let revisions = try #require(manual[id: "QP-08"]).facts.revisions
        #expect(revisions.map(\.label) == ["A", "C"])
        #expect(revisions[0].date == "2026-01-01" && revisions[0].dateSource == .effective, "the effective date, not the commit's")
        #expect(revisions[0].summary == "首次发布" && !revisions[0].summaryIsCommitSubject)
        #expect(revisions[0].approvedBy == "总经理")
        #expect(revisions[1].summary == "Update QP-08" && revisions[1].summaryIsCommitSubject)
        #expect(revisions[1].approvedBy == nil && revisions[1].declaredApprover == "总经理")

        #expect(try repo.run("build", "--templates", QMarkBinary.templates, "--today", "2026-06-01").status == 0)
        let page = try String(contentsOf: repo.root.appendingPathComponent("site/docs/QP-08.html"), encoding: .utf8)
        #expect(page.contains("总经理 <span class=\"qm-evidence\""), "evidenced by a trailer")
        #expect(page.contains("declared in the document, no approval record"), "only declared, and said so")
        #expect(page.contains("commit message (no change: note):</span> <span class=\"qm-commit-subject\">Update QP-08</span>"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: repo.root.appendingPathComponent("site/api/manual.json"))) as? [String: Any])
        let history = try #require(((json["documents"] as? [[String: Any]])?.first)?["history"] as? [[String: Any]])
        #expect(history[0]["dateSource"] as? String == "effective" && history[0]["approval"] as? String == "trailer" && history[0]["summarySource"] as? String == "change")
        #expect(history[1]["approval"] as? String == "declared" && history[1]["summarySource"] as? String == "commit" && history[1]["approvedBy"] as? String == "总经理")
    }

    @Test func aRecordThatContradictsItselfIsWarnedAbout() async throws {
        let repo = try Self.repo()
        // B after C: the label goes backwards; effective long after the approving commit; no change note.
        try repo.commit("Revise QP-08", ["procedures/QP-08.md": versioned("QP-08", revision: "B", status: "approved", body: Self.body + "\n再改。\n")
            .replacingOccurrences(of: "effective: 2026-01-01", with: "effective: 2027-09-01")])
        let manual = try await repo.resolve(today: "2026-06-01")
        let record = manual.diagnostics.filter { $0.file == "procedures/QP-08.md" }
        #expect(record.contains { $0.code == "revision-without-change" && $0.line == 5 && $0.message.contains("revision B is approved but does not say what changed") })
        #expect(record.contains { $0.code == "revision-inconsistent" && $0.line == 5 && $0.message.contains("revision B follows revision C: the label goes backwards") })
        #expect(record.contains { $0.code == "revision-inconsistent" && $0.line == 7 && $0.message.contains("`effective: 2027-09-01` is") && $0.message.contains("days after revision B was approved") && $0.message.contains("more than the 90 days `effective_within_days` allows") })

        // A manual that approves revisions long before they take effect says so in site.yml.
        try repo.commit("Allow two years", ["site.yml": "title: T\nlanguage: en\neffective_within_days: 730\n"])
        let allowed = try await repo.resolve(today: "2026-06-01").diagnostics.filter { $0.file == "procedures/QP-08.md" && $0.message.contains("days after revision") }
        #expect(allowed.isEmpty, "\(allowed)")
        try repo.commit("Bad setting", ["site.yml": "title: T\nlanguage: en\neffective_within_days: soon\n"])
        let bad = try await repo.resolve(today: "2026-06-01").diagnostics.filter { $0.file == "site.yml" }
        #expect(bad.contains { $0.severity == .error && $0.line == 3 && $0.message.contains("`effective_within_days` must be a whole number of days") }, "\(bad)")
    }

    @Test func aNoteOfWhatChangedSilencesTheWarning() async throws {
        let repo = try Self.repo()
        try repo.commit("Describe C", ["procedures/QP-08.md": versioned("QP-08", revision: "C", status: "approved", body: Self.body + "\n更多。\n", extra: "change: 增加隔离区标识")])
        let manual = try await repo.resolve()
        #expect(!manual.diagnostics.contains { $0.code == "revision-without-change" })
        #expect(manual[id: "QP-08"]?.facts.revisions.last?.summary == "增加隔离区标识")
    }
}
