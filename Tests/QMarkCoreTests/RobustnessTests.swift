import Foundation
import Testing
@testable import QMarkCore

/// Names, bytes and brackets as they arrive from the world: a department's long Chinese name, a
/// clause id of 300 characters, a GBK file name from a Windows zip, a paragraph of bracket soup,
/// control characters in text, a commit naming two approvers.
@Suite struct RobustnessTests {
    // MARK: - Names too long for the file system

    @Test func fileNamesStayShortAndOnePerID() {
        let department = String(repeating: "质量管理部门", count: 5) // 30 characters, 90 bytes
        let long = String(repeating: "A", count: 300), longer = String(repeating: "A", count: 299) + "B"
        for id in [department, long, longer, "." + long] {
            let name = SiteLinks.fileName(id)
            #expect(name.utf8.count <= SiteLinks.longestFileName, "\(name)")
            #expect(!name.hasPrefix("."))
        }
        #expect(SiteLinks.fileName(long) != SiteLinks.fileName(longer), "one name per id")
        #expect(SiteLinks.fileName(long).hasPrefix("AAAA") && SiteLinks.fileName(long).contains("~"), "a readable start, then the hash")
        #expect(SiteLinks.fileName("QP-01") == "QP-01", "short names as they were")
        #expect(SiteLinks.fileName("生产部") == "_E7_94_9F_E4_BA_A7_E9_83_A8")
        // A shortened name never ends inside a character: whole `_XX` escapes, three to a Chinese character.
        let kept = SiteLinks.fileName(department).split(separator: "~")[0]
        #expect(kept.split(separator: "_").allSatisfy { $0.count == 2 } && kept.split(separator: "_").count % 3 == 0)
    }

    /// An owner of 28 Chinese characters and a clause id of 300 passed `check` and then failed
    /// `build` with "File name too long": both now succeed, and the pages are where links point.
    @Test func longNamesBuildAsTheyCheck() throws {
        let owner = String(repeating: "质量与环境职业健康安全管理部", count: 2) // 28 characters
        let clause = String(repeating: "x", count: 300)
        let fixture = try FixtureManual([
            "site.yml": "title: T\nlanguage: en\nstandards: [iso9001-2015, csr-long]\n",
            "standards/long.yml": "id: csr-long\ntitle: Long\nclauses:\n  - id: \(clause)\n    title: A very long clause\n",
            "a.md": doc("QP-01", clauses: "\n  iso9001-2015: [7.5]\n  csr-long: [\(clause)]").replacingOccurrences(of: "owner: QA", with: "owner: \(owner)"),
        ])
        let check = try fixture.run("check")
        #expect(check.status == 0, "\(check.stderr)")
        let build = try fixture.run("build", "--templates", QMarkBinary.templates)
        #expect(build.status == 0, "check and build agree: \(build.stderr)")
        let department = "audit/dept-\(SiteLinks.fileName(owner)).html"
        let clausePage = SiteLinks.clauseURL(standard: "csr-long", clause: clause)
        let checklist = PageContexts.checklistURL(standard: "csr-long", clause: clause)
        for path in [department, clausePage, checklist] {
            #expect(FileManager.default.fileExists(atPath: fixture.site.appendingPathComponent(path).path), "\(path)")
            #expect(path.split(separator: "/").allSatisfy { $0.utf8.count < 255 })
        }
        #expect(try fixture.page("audit/index.html").contains("href=\"../\(department)\""))
        #expect(try fixture.page("standards/csr-long/index.html").contains(clausePage.dropFirst("standards/csr-long/".count)))
    }

    // MARK: - A file name that is not UTF-8

    /// Writes a file whose name holds bytes that are not UTF-8 (as GBK names from a Windows zip arrive).
    static func writeRaw(_ folder: URL, name: [UInt8], _ text: String) throws {
        let path = Array(folder.path.utf8) + [UInt8(ascii: "/")] + name + [0]
        let descriptor = path.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        #expect(descriptor >= 0)
        _ = Array(text.utf8).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }

    @Test func aFileNameThatIsNotUTF8IsNamedAndTheOthersStillCheck() throws {
        let fixture = try FixtureManual(["site.yml": "title: T\nlanguage: en\n", "procedures/QP-01.md": doc("QP-01"),
                                         "procedures/QP-02.md": doc("QP-02", body: "See [[QP-99]].\n")])
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 1)
        try fixture.write("procedures/QP-02.md", doc("QP-02"))
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        let before = try fixture.siteSnapshot()
        // 文件.md and 图像.png in GBK, and a broken link beside them.
        try Self.writeRaw(fixture.manual.appendingPathComponent("procedures"), name: [0xCE, 0xC4, 0xBC, 0xFE] + Array(".md".utf8), doc("QP-03"))
        try Self.writeRaw(fixture.manual.appendingPathComponent("procedures"), name: [0xCD, 0xBC, 0xCF, 0xF1] + Array(".png".utf8), "png")
        try fixture.write("procedures/QP-02.md", doc("QP-02", body: "See [[QP-99]].\n"))
        for command in [["check"], ["build", "--templates", QMarkBinary.templates]] {
            let result = try QMarkBinary.run(command, in: fixture.root)
            #expect(result.status == 1)
            #expect(result.stderr.contains(#"procedures/\xCE\xC4\xBC\xFE.md:1: error: this file's name is not UTF-8, so it is not read"#), "\(result.stderr)")
            #expect(result.stderr.contains(#"procedures/\xCD\xBC\xCF\xF1.png:1: warning: this file's name is not UTF-8"#), "\(result.stderr)")
            #expect(result.stderr.contains("procedures/QP-02.md:13: error: link to missing document `QP-99`"), "the other files still check: \(result.stderr)")
            #expect(!result.stderr.contains("doesn't exist"))
        }
        #expect(try fixture.siteSnapshot() == before, "nothing written")
    }

    // MARK: - libcmark's quadratic brackets

    static func render(_ markdown: String) -> MarkdownOutput {
        MarkdownBody.render(markdown, options: MarkdownOptions(unsafeHTML: false, sourceDirectory: ""),
                            linker: BodyLinker(document: { _ in nil }, asset: { _, _ in nil }))
    }

    /// `![[]()` repeated: libcmark 0.30.2 walks back over every open `![` at each link. The
    /// paragraph's `![` are written as text, with a warning; nothing else changes.
    @Test func bracketSoupIsDefused() {
        let soup = String(repeating: "![[]()", count: 200_000) // 1.2 MB, one paragraph
        #expect(ImageOpeners.cost(Array(soup.utf8), 0..<soup.utf8.count) > ImageOpeners.stepLimit)
        let text = "# Title\n\nA normal paragraph ![logo](logo.png).\n\n" + soup + "\n\n```\n![[]()\n```\n"
        let (defused, lines) = ImageOpeners.defused(text)
        #expect(lines == [5])
        #expect(ImageOpeners.cost(Array(defused.utf8), 0..<defused.utf8.count) <= ImageOpeners.stepLimit)
        #expect(defused.hasPrefix("# Title\n\nA normal paragraph ![logo](logo.png).\n\n!\\[[]()!\\[[]()"))
        #expect(defused.hasSuffix("\n\n```\n![[]()\n```\n"), "fenced code stays as written")
        #expect(defused.split(separator: "\n", omittingEmptySubsequences: false).count == text.split(separator: "\n", omittingEmptySubsequences: false).count)

        let output = Self.render(String(repeating: "![[]()", count: 20_000))
        #expect(output.problems.contains { $0.code == .bracketsDefused && $0.line == 1 })
        #expect(output.html.hasPrefix("<p>![<a href=\"\"></a>![<a href=\"\"></a>"), "\(output.html.prefix(80))")
    }

    /// What real documents hold is left alone: hundreds of images that close, links in a table.
    @Test func realImagesAndLinksAreNotTouched() {
        let gallery = (1...2_000).map { "![photo \($0)](p\($0).png) [detail](d\($0).md)" }.joined(separator: " ")
        #expect(ImageOpeners.defused(gallery).lines.isEmpty)
        let table = "| part | photo |\n|---|---|\n" + (1...1_000).map { "| P\($0) | ![p](p\($0).png) [x](x.md) |" }.joined(separator: "\n")
        #expect(ImageOpeners.defused(table).text == table)
        #expect(Self.render("![photo](p.png) and \\![ and ![x](y.png)").problems.isEmpty)
    }

    // MARK: - Control characters in text

    @Test func controlCharactersInTextAreDroppedWithAWarning() throws {
        let fixture = try FixtureManual(["site.yml": "title: T\nlanguage: en\n",
                                         "a.md": doc("QP-01", body: "Line one.\n\nBell \u{07} and escape \u{1B}[31m red, \u{7F} delete, \u{85} next line.\n")])
        let build = try fixture.run("build", "--templates", QMarkBinary.templates)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains("a.md:15: warning: the text holds the control character U+0007 (and 3 more), which no page can show; it is left out"), "\(build.stderr)")
        let page = try fixture.page("docs/QP-01.html")
        #expect(page.contains("Bell  and escape [31m red,  delete,  next line."))
        let controls = { (text: String) in text.unicodeScalars.contains { SourceText.isStrayControl($0) } }
        let entries = try fixture.searchEntries(), edition = try fixture.page("print.html")
        #expect(!controls(page) && !controls(entries) && !controls(edition))
        #expect(!controls(build.stderr))
    }

    // MARK: - Approval trailers

    @Test func twoApproversInOneCommitAndAnOlderMismatchAreWarned() async throws {
        let repo = try GitFixture()
        try repo.commit("QP-08 A\n\nApproved-by: 总经理 陈志远\nApproved-by: 李敏",
                        ["QP-08.md": versioned("QP-08", revision: "A", status: "approved", body: "正文 A。", extra: "change: 首次发布")])
        try repo.commit("QP-08 B\n\nApproved-by: 王建华",
                        ["QP-08.md": versioned("QP-08", revision: "B", status: "approved", body: "正文 B。", extra: "change: 修订", approver: "王建华")])
        let manual = try await repo.resolve()
        let repeated = manual.diagnostics.filter { $0.code == DiagnosticCode.approvalTrailerRepeated.rawValue }
        #expect(repeated.count == 1)
        #expect(repeated.first?.message.contains("carries 2 `Approved-by:` trailers (总经理 陈志远; 李敏); the revision record shows the last, 李敏") == true,
                "\(repeated)")
        let mismatch = manual.diagnostics.filter { $0.code == DiagnosticCode.approverMismatch.rawValue }
        #expect(mismatch.count == 1, "\(mismatch)")
        #expect(mismatch.first?.message.contains("revision A declared `approver: 总经理` but was approved with `Approved-by: 李敏`") == true, "\(mismatch)")
        #expect(mismatch.first?.file == "QP-08.md" && mismatch.first?.line == 9)
    }
}
