import Foundation
import Testing
@testable import QMarkCore

@Suite struct HistoryTests {
    static let bodyA = "# 目的\n\n发现不合格品立即隔离。\n\n## 处置\n\nKeep records for 2 years.\n"
    static let bodyB = "# 目的\n\n发现不合格品立即标识并隔离。\n\n## 处置\n\nKeep records for 3 years.\n"

    /// A: drafted, approved with a trailer; moved to another folder; B: revised with a change note,
    /// then an editorial commit, then a content change without a new revision.
    static func scripted() throws -> GitFixture {
        let repo = try GitFixture(["site.yml": "title: T\nlanguage: en\n"])
        try repo.commit("Draft QP-08", ["procedures/QP-08.md": versioned("QP-08", revision: "A", status: "draft", body: bodyA)])
        try repo.commit("Approve QP-08 A\n\nApproved-by: 总经理 <gm@example.com>",
                        ["procedures/QP-08.md": versioned("QP-08", revision: "A", status: "approved", body: bodyA)])
        try repo.commit("Move QP-08 to control/", ["procedures/QP-08.md": nil,
                        "control/QP-08.md": versioned("QP-08", revision: "A", status: "approved", body: bodyA)])
        try repo.commit("Revise QP-08 to B\n\nApproved-by: 总经理",
                        ["control/QP-08.md": versioned("QP-08", revision: "B", status: "approved", body: bodyB, extra: "change: 增加标识要求；记录保存 3 年")])
        try repo.commit("Fix a typo\n\nEditorial: true",
                        ["control/QP-08.md": versioned("QP-08", revision: "B", status: "approved", body: bodyB + "\nSee also.\n", extra: "change: 增加标识要求；记录保存 3 年")])
        try repo.commit("Quietly change the retention",
                        ["control/QP-08.md": versioned("QP-08", revision: "B", status: "approved", body: bodyB.replacingOccurrences(of: "3 years", with: "5 years") + "\nSee also.\n", extra: "change: 增加标识要求；记录保存 3 年")])
        return repo
    }

    @Test func revisionsFollowTheDocumentAcrossAMoveAndGroupByLabel() async throws {
        let repo = try Self.scripted()
        let manual = try await repo.resolve()
        let revisions = try #require(manual[id: "QP-08"]).facts.revisions
        #expect(revisions.map(\.label) == ["A", "B"])
        #expect(revisions[0].commits.map(\.subject) == ["Draft QP-08", "Approve QP-08 A"])
        #expect(revisions[0].approvedBy == "总经理 <gm@example.com>")
        #expect(revisions[0].approval?.subject == "Approve QP-08 A")
        #expect(revisions[0].date == "2026-01-01", "the effective date in force at the approval")
        #expect(revisions[1].commits.map(\.subject) == ["Revise QP-08 to B", "Fix a typo", "Quietly change the retention"])
        #expect(revisions[1].summary == "增加标识要求；记录保存 3 年")
        #expect(revisions[1].commits[1].isEditorial)
        #expect(revisions[1].changesAfterApproval.map(\.subject) == ["Quietly change the retention"])
        #expect(revisions[1].url == "revisions/QP-08.html#r-B")
        #expect(manual.history.notice == nil)
    }

    @Test func changeAfterApprovalIsAWarningAndAnErrorWhenStrict() async throws {
        let repo = try Self.scripted()
        let manual = try await repo.resolve()
        let warning = try #require(manual.diagnostics.first { $0.code == "changed-since-approval" })
        #expect(warning.severity == .warning)
        #expect(warning.file == "control/QP-08.md")
        #expect(warning.line == 5)
        #expect(warning.message.contains("changed since revision B was approved (1 commit"))
        #expect(warning.message.contains("Quietly change the retention"))
        let strict = try repo.run("check", "--strict", "--today", "2026-06-01")
        #expect(strict.status == 1)
        // With --strict a warning is an error, and says so on its line and in the summary.
        #expect(strict.stderr.contains("control/QP-08.md:5: error: changed since revision B was approved"))
        #expect(!strict.stderr.contains(": warning:"))
        #expect(strict.stderr.contains("0 warnings"))
        #expect(try repo.run("check", "--today", "2026-06-01").status == 0)
    }

    @Test func editorialOnlyChangesRaiseNothing() async throws {
        let repo = try GitFixture()
        try repo.commit("Approve\n\nApproved-by: GM", ["a.md": versioned("A", revision: "C", status: "approved", body: "Text.\n", approver: "GM")])
        try repo.commit("Typo\n\nEditorial: true", ["a.md": versioned("A", revision: "C", status: "approved", body: "Text!\n", approver: "GM")])
        try repo.commit("Periodic review", ["a.md": versioned("A", revision: "C", status: "approved", body: "Text!\n", extra: "reviewed: 2026-01-03", approver: "GM")])
        let manual = try await repo.resolve()
        #expect(manual.diagnostics.filter { $0.code == "changed-since-approval" }.isEmpty)
        #expect(manual.documents[0].facts.revisions.last?.last?.subject == "Periodic review")
    }

    @Test func uncommittedChangeOfAnApprovedRevisionIsFlagged() async throws {
        let repo = try GitFixture()
        try repo.commit("Approve", ["a.md": versioned("A", revision: "C", status: "approved", body: "Text.\n")])
        try repo.fixture.write("a.md", versioned("A", revision: "C", status: "approved", body: "Changed text.\n"))
        let manual = try await repo.resolve()
        #expect(manual.diagnostics.contains { $0.code == "changed-since-approval" && $0.message.contains("uncommitted") })
    }

    @Test func approvalTrailerRequiredAndApproverChecked() async throws {
        let repo = try GitFixture(["site.yml": "title: T\nrequire_approval_trailer: true\n"])
        try repo.commit("Approve without trailer", ["a.md": versioned("A", revision: "A", status: "approved", body: "x\n")])
        try repo.commit("Approve with trailer\n\nApproved-by: 王建华 <wang@example.com>", ["b.md": versioned("B", revision: "A", status: "approved", body: "y\n", approver: "总经理 陈志远")])
        try repo.commit("Approved by the named approver\n\nApproved-by: 管理者代表 王建华", ["c.md": versioned("C", revision: "A", status: "approved", body: "z\n", approver: "王建华")])
        let manual = try await repo.resolve()
        let missing = manual.diagnostics.filter { $0.code == "missing-approval-trailer" }
        #expect(missing.map(\.file) == ["a.md"])
        #expect(missing.first?.severity == .error)
        let mismatch = manual.diagnostics.filter { $0.code == "approver-mismatch" }
        #expect(mismatch.map(\.file) == ["b.md"])
        #expect(mismatch.first?.message.contains("Approved-by: 王建华 <wang@example.com>") == true)
        let build = try repo.run("build", "--templates", QMarkBinary.templates, "--today", "2026-06-01")
        #expect(build.status == 1)
        #expect(build.stderr.contains("a.md:5: error: revision A is approved but no commit of it carries an `Approved-by:` trailer"))
    }

    @Test func preGitHistoryComesFirst() async throws {
        let repo = try GitFixture()
        let history = """
            history:
              - {revision: A, date: 2019-03-01, summary: 首次发布, approver: 总经理}
              - {revision: B, date: 2022-05-10, summary: 按 2015 版标准换版, approver: 总经理}
            """
        try repo.commit("Move the manual to git", ["a.md": versioned("A", revision: "C", status: "approved", body: "x\n", extra: history)])
        let manual = try await repo.resolve()
        let revisions = manual.documents[0].facts.revisions
        #expect(revisions.map(\.label) == ["A", "B", "C"])
        #expect(revisions[0].isBeforeGit && revisions[1].isBeforeGit && !revisions[2].isBeforeGit)
        #expect(revisions[1].date == "2022-05-10")
        #expect(revisions[1].approvedBy == nil && revisions[1].declaredApprover == "总经理", "a front-matter entry declares its approver")
        #expect(revisions[1].dateSource == .frontMatter)
        #expect(revisions[1].summary == "按 2015 版标准换版")
    }

    @Test func outsideGitAndInAShallowCloneTheManualStillBuilds() async throws {
        let plain = try FixtureManual(["a.md": versioned("A", revision: "C", status: "approved", body: "x\n",
                                                         extra: "history:\n  - {revision: B, date: 2020-01-01, summary: old}")])
        let result = try plain.run("build", "--templates", QMarkBinary.templates)
        #expect(result.status == 0)
        #expect(result.stderr.contains("note: the manual is not in a git repository"))
        let json = try #require(try plain.json("api/manual.json") as? [String: Any])
        let history = try #require(((json["documents"] as? [[String: Any]])?.first?["history"]) as? [[String: Any]])
        #expect(history.map { $0["revision"] as? String } == ["B"])
        #expect(history.first?["source"] as? String == "front-matter")

        let repo = try Self.scripted()
        let shallowRoot = FileManager.default.temporaryDirectory.appendingPathComponent("qmark-shallow-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: shallowRoot) }
        _ = try await GitRepository.run(["clone", "-q", "--depth", "1", "file://\(repo.root.path)", shallowRoot.path], in: repo.root)
        let shallow = try QMarkBinary.run(["build", "--templates", QMarkBinary.templates, "--today", "2026-06-01"], in: shallowRoot)
        #expect(shallow.status == 0, "\(shallow.stderr)")
        #expect(shallow.stderr.contains("note: the repository is a shallow clone"))
    }

    @Test func manualJSONCarriesTheHistory() throws {
        let repo = try Self.scripted()
        #expect(try repo.run("build", "--templates", QMarkBinary.templates, "--today", "2026-06-01").status == 0)
        let json = try #require(try repo.fixture.json("api/manual.json") as? [String: Any])
        let document = try #require((json["documents"] as? [[String: Any]])?.first)
        let history = try #require(document["history"] as? [[String: Any]])
        #expect(history.map { $0["revision"] as? String } == ["A", "B"])
        #expect(history[0]["approvedBy"] as? String == "总经理 <gm@example.com>")
        #expect((history[0]["commit"] as? String)?.count == 40)
        #expect(history[0]["date"] as? String == "2026-01-01", "dated by the effective date in force at its approval")
        #expect(history[1]["summary"] as? String == "增加标识要求；记录保存 3 年")
        #expect((history[1]["commits"] as? [String])?.count == 3)
        #expect((history[1]["changedSinceApproval"] as? [String])?.count == 1)
        #expect(history[1]["url"] as? String == "revisions/QP-08.html#r-B")
    }

    @Test func revisionPageShowsMetadataChangesAndARedline() throws {
        let repo = try Self.scripted()
        #expect(try repo.run("build", "--templates", QMarkBinary.templates, "--today", "2026-06-01").status == 0)
        let page = try repo.fixture.page("revisions/QP-08.html")
        // One section per revision, newest first, each at its own address.
        let sectionB = try #require(page.range(of: "<section class=\"qm-revision\" id=\"r-B\">"))
        let sectionA = try #require(page.range(of: "<section class=\"qm-revision\" id=\"r-A\">"))
        #expect(sectionB.lowerBound < sectionA.lowerBound)
        let b = String(page[sectionB.lowerBound..<sectionA.lowerBound]), a = String(page[sectionA.lowerBound...])
        #expect(b.contains("Revision: A → B"))
        #expect(b.contains("立即<ins>标识并</ins>隔离"))
        #expect(b.contains("Keep records for <del>2</del><ins>5</ins> years"))
        #expect(b.contains("href=\"#r-A\""))
        // Three commits in B; only the first carries the approval trailer.
        #expect(b.components(separatedBy: "qm-status-approved\">Approved by: 总经理</span>").count == 2)
        #expect(b.components(separatedBy: "<tr><td><code").count == 4)
        #expect(a.contains("first version recorded in git"))
        #expect(a.contains("href=\"#r-B\""), "the first revision links forward")
        #expect(!a.contains("<ins>"))
        let documentPage = try repo.fixture.page("docs/QP-08.html")
        #expect(documentPage.contains("href=\"../revisions/QP-08.html#r-B\""))
        // Of B's three commits only the first carries the approval trailer, and only it shows one.
        #expect(documentPage.components(separatedBy: "Approved by: 总经理</span>").count == 2)
        #expect(documentPage.contains("qm-banner-changed"))
        #expect(documentPage.contains("approval record"))
        let changes = try repo.fixture.page("changes.html")
        #expect(changes.contains("revisions/QP-08.html#r-B"))
    }

    @Test func aRevisionThatOnlyChangesDataSaysTheTextIsUnchanged() throws {
        let repo = try GitFixture(["site.yml": "title: T\nlanguage: en\n"])
        try repo.commit("Draft", ["QP-01.md": versioned("QP-01", revision: "A", status: "approved", body: "Same text.\n")])
        try repo.commit("New owner", ["QP-01.md": versioned("QP-01", revision: "B", status: "approved", body: "Same text.\n")
                                        .replacingOccurrences(of: "owner: 质量部", with: "owner: 生产部")])
        #expect(try repo.run("build", "--templates", QMarkBinary.templates, "--today", "2026-06-01").status == 0)
        let page = try repo.fixture.page("revisions/QP-01.html")
        let b = try #require(page.components(separatedBy: "id=\"r-A\"").first)
        #expect(b.contains("Owner: 质量部 → 生产部"))
        #expect(b.contains("No change to the text."))
        #expect(!b.contains("qm-redline"))
    }

    @Test func metadataChangesInWords() {
        let old = versioned("A", revision: "A", status: "draft", body: "", extra: "records:\n  - {id: QR-1, title: 记录一, retention: 3 年}")
        let new = versioned("A", revision: "B", status: "approved", body: "changed", extra: "records:\n  - {id: QR-2, title: 记录二, retention: 3 年}")
            .replacingOccurrences(of: "clauses: [8.7]", with: "clauses:\n  - 8.7\n  - 8.5.2").replacingOccurrences(of: "owner: 质量部", with: "owner: \"生产部\"")
        let lines = MetadataChanges.describe(from: old, to: new, labels: Labels(.en), defaultStandard: "iso9001-2015")
        #expect(lines == ["Revision: A → B", "Status: Draft → Approved", "Owner: 质量部 → 生产部", "Clause 8.5.2 added",
                          "Record QR-2 记录二 added", "Record QR-1 记录一 removed"])
        #expect(MetadataChanges.describe(from: old, to: new, labels: Labels(.zhCN), defaultStandard: "iso9001-2015").contains("状态：草稿 → 已批准"))
        #expect(MetadataChanges.describe(from: old, to: old, labels: Labels(.en), defaultStandard: "iso9001-2015").isEmpty)
        let longer = old.replacingOccurrences(of: "retention: 3 年", with: "retention: 5 年")
        #expect(MetadataChanges.describe(from: old, to: longer, labels: Labels(.en), defaultStandard: "iso9001-2015")
                == ["Record QR-1 Retention: 3 年 → 5 年"])
    }
}

@Suite struct IncrementalBuildTests {
    func inode(_ url: URL) throws -> UInt64 {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
    }

    @Test func unchangedHistoryPagesAreReusedAndChangedOnesRendered() throws {
        let repo = try HistoryTests.scripted()
        try repo.commit("Draft QP-09", ["control/QP-09.md": versioned("QP-09", revision: "A", status: "draft", body: "Text.\n")])
        let templates = repo.root.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: QMarkBinary.templates), to: templates)
        let build = { try repo.run("build", "--templates", "templates", "--today", "2026-06-01") }
        #expect(try build().status == 0)
        let site = repo.fixture.site
        let page8 = site.appendingPathComponent("revisions/QP-08.html"), page9 = site.appendingPathComponent("revisions/QP-09.html")
        let (i8, i9) = (try inode(page8), try inode(page9))
        let before = try String(contentsOf: page9, encoding: .utf8)
        // What git said of each version is kept beside the site, never in it.
        #expect(FileManager.default.fileExists(atPath: BuildCache(output: site).folder.appendingPathComponent("history").path))
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: site.path)).contains { $0.hasPrefix(".qmark-") && $0 != ".qmark-site" })

        #expect(try build().status == 0)
        #expect(try inode(page8) == i8, "an unchanged history page is reused")
        #expect(try inode(page9) == i9)
        #expect(try String(contentsOf: page9, encoding: .utf8) == before)

        // A new revision of QP-08 renders its history page anew, but not QP-09's.
        try repo.commit("Revise QP-08 to C\n\nApproved-by: 总经理",
                        ["control/QP-08.md": versioned("QP-08", revision: "C", status: "approved", body: "New text.\n")])
        #expect(try build().status == 0)
        #expect(try inode(page9) == i9)
        #expect(try inode(page8) != i8)
        let history = try String(contentsOf: page8, encoding: .utf8)
        #expect(history.contains("id=\"r-C\""))
        #expect(history.contains("<ins>New text.</ins>") || history.contains("<ins>New</ins>"))

        // A changed template renders every page again.
        let template = templates.appendingPathComponent("history.mustache")
        try (String(contentsOf: template, encoding: .utf8) + "<!-- restyled -->").write(to: template, atomically: true, encoding: .utf8)
        #expect(try build().status == 0)
        #expect(try inode(page9) != i9)
        #expect(try String(contentsOf: page9, encoding: .utf8).contains("<!-- restyled -->"))
    }
}
