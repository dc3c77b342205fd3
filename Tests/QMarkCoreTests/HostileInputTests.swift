import Foundation
import Testing
@testable import QMarkCore

/// A controlled record never lost, never leaked: hostile and careless input, input by input.
@Suite struct HostileInputTests {
    /// Every control byte but NUL in a commit message: the commit keeps its place in the record.
    @Test func commitMessagesWithAnyControlByteStayInTheHistory() async throws {
        let repo = try GitFixture()
        try repo.commit("Draft QP-08", ["QP-08.md": versioned("QP-08", revision: "A", status: "draft", body: "正文。")])
        let controls = (1...31).map { String(UnicodeScalar(UInt8($0))) }.joined() + "\u{7F}"
        try repo.fixture.write("QP-08.md", versioned("QP-08", revision: "A", status: "approved", body: "正文。"))
        try repo.git("add", "-A")
        try repo.git(["commit", "-q", "--cleanup=verbatim", "-m", "Approve\u{1E}QP-08\u{1F}A \(controls)\n\nBody \(controls)\n\nApproved-by: 总经理"],
                     environment: ["GIT_AUTHOR_DATE": "2026-01-05T10:00:00+08:00", "GIT_COMMITTER_DATE": "2026-01-05T10:00:00+08:00"])
        let manual = try await repo.resolve()
        let revisions = manual.revisions[try #require(manual.index(of: "QP-08"))]
        #expect(revisions.flatMap(\.commits).count == 2)
        #expect(revisions.last?.commits.last?.subject.hasPrefix("Approve\u{1E}QP-08\u{1F}A") == true)
        #expect(revisions.last?.approvedBy == "总经理")
        #expect(!manual.diagnostics.contains { $0.code == "changed-since-approval" })
        let changes = try repo.run("changes", "--since", "HEAD~1", "--format", "json")
        #expect(changes.status == 0, "\(changes.stderr)")
        #expect(changes.stdout.contains("QP-08"))
    }

    /// `[[a|` repeated: the short-link scanner is linear (the pattern it replaced backtracked to the end of the line at each `[[`).
    @Test func shortLinkScanIsLinear() {
        for size in [1_000, 100_000] {
            let text = String(repeating: "[[a|", count: size / 4)
            #expect(ShortLink.matches(in: Substring(text)).isEmpty)
            #expect(ShortLink.steps(in: Substring(text)) <= 3 * text.utf8.count)
        }
        let links = ShortLink.matches(in: "see [[QP-05]], [[QP-06|the form]] and [[bad id]] [[x|]] [[QP-07|a[b]]")
        #expect(links.map(\.id) == ["QP-05", "QP-06", "QP-07"])
        #expect(links.map(\.label) == [nil, "the form", "a[b"])
    }
}
