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
        let revisions = try #require(manual[id: "QP-08"]).facts.revisions
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

    static func bomb(key: String) -> String {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        for level in 1...8 { lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]") }
        lines.append("\(key): *a8")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A few hundred bytes of nested aliases must not expand into billions of values, wherever YAML is read.
    @Test(arguments: ["site.yml", "standards/bomb.yml", "QP-01.md"])
    func yamlAliasBombsAreRefusedWithTheirLine(file: String) throws {
        let fixture = try FixtureManual(["a.md": doc("QP-00")])
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        let before = try fixture.siteSnapshot()
        switch file {
        case "site.yml": try fixture.write(file, "title: T\n" + Self.bomb(key: "exclusions"))
        case "QP-01.md": try fixture.write(file, "---\nid: QP-01\ntitle: T\n" + Self.bomb(key: "references") + "---\nBody.\n")
        default: try fixture.write(file, "id: bomb\ntitle: B\n" + Self.bomb(key: "clauses"))
        }
        let result = try fixture.run("build", "--templates", QMarkBinary.templates)
        #expect(result.status == 1)
        let line = file == "QP-01.md" ? 5 : file == "site.yml" ? 3 : 4
        #expect(result.stderr.contains("\(file):\(line): error: YAML aliases"), "\(result.stderr)")
        #expect(try fixture.siteSnapshot() == before)
    }

    @Test func activeFilesAreNeverPublishedAsTheyAre() throws {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script><rect width=\"4\" height=\"4\"/></svg>"
        let fixture = try FixtureManual([
            "a.md": doc("QP-01", body: "![flow](flow.svg) [page](page.html) [data](feed.xml) [draft](draft.svg)\n\n[manual](outside/../../secret.pdf)\n"),
            "flow.svg": svg, "draft.svg": svg, "page.html": "<script>alert(1)</script>", "feed.xml": "<x/>",
            "notes.docx": "internal draft", "drafts/old.pdf": "old",
        ])
        let result = try fixture.run("build", "--templates", QMarkBinary.templates)
        #expect(result.status == 0, "\(result.stderr)")
        let files = fixture.site.appendingPathComponent("files")
        #expect(!FileManager.default.fileExists(atPath: files.path), "nothing is linked that may be published")
        let page = try fixture.page("docs/QP-01.html")
        #expect(page.contains("<img src=\"data:image/svg+xml;base64,"))
        #expect(page.contains("<a href=\"\">page</a>"))
        #expect(!page.contains("page.html") && !page.contains("secret.pdf"))
        #expect(result.stderr.contains("a.md:13: warning: page.html is not published"))
        #expect(result.stderr.contains("a.md:13: warning: feed.xml is not published"))
        #expect(result.stderr.contains("a.md:13: warning: draft.svg is not published"))
        #expect(result.stderr.contains("a.md:15: warning: link `outside/../../secret.pdf` leaves the manual folder"))
        #expect(result.stderr.contains("site.yml:1: warning: 2 files are not published because no document links them (drafts/old.pdf and 1 more)"))
        // Listed under assets:, a file is published; an active one still is not.
        try fixture.write("site.yml", "title: T\nassets: [notes.docx, drafts/, page.html]\n")
        let listed = try fixture.run("build", "--templates", QMarkBinary.templates)
        #expect(listed.status == 0)
        #expect(FileManager.default.fileExists(atPath: files.appendingPathComponent("notes.docx").path))
        #expect(FileManager.default.fileExists(atPath: files.appendingPathComponent("drafts/old.pdf").path))
        #expect(!FileManager.default.fileExists(atPath: files.appendingPathComponent("page.html").path))
        // With unsafe_html the author takes responsibility: linked active files are published.
        try fixture.write("site.yml", "title: T\nunsafe_html: true\n")
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        #expect(FileManager.default.fileExists(atPath: files.appendingPathComponent("page.html").path))
    }

    /// Output stays in proportion to input: a very wide header over many short rows, a long title.
    @Test func outputIsBoundedByTheInput() throws {
        let wide = "| " + (0..<20_000).map { "h\($0)" }.joined(separator: " | ") + " |\n|" + String(repeating: "-|", count: 20_000) + "\n"
            + String(repeating: "| x |\n", count: 1_000)
        let csv = "```csv\n" + (0..<20_000).map { "c\($0)" }.joined(separator: ",") + "\n" + String(repeating: "y\n", count: 1_000) + "```\n"
        let fixture = try FixtureManual(["a.md": doc("QP-01", body: wide + "\n" + csv)])
        let result = try fixture.run("build", "--templates", QMarkBinary.templates)
        #expect(result.status == 0)
        #expect(result.stderr.contains("warning: table rows have far fewer cells than the header's 20000"))
        let input = wide.utf8.count + csv.utf8.count
        let page = try Data(contentsOf: fixture.site.appendingPathComponent("docs/QP-01.html")).count
        #expect(page < 20 * input, "page \(page) bytes for \(input) bytes of tables")
        // One-byte rows under a wide header: the padding is in proportion to the bytes, not the cells.
        // (A two-byte row is some twenty bytes of table HTML, a two-byte header cell eleven: no padding
        // at all makes such a table ten times its text; the padding adds at most two and a half.)
        let narrow = "```csv\n" + Array(repeating: "h", count: 20_000).joined(separator: ",") + "\n" + String(repeating: "x\n", count: 20_000) + "```\n"
        try fixture.write("a.md", doc("QP-01", body: narrow))
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        let narrowPage = try Data(contentsOf: fixture.site.appendingPathComponent("docs/QP-01.html")).count
        #expect(narrowPage < 50_000 + 13 * narrow.utf8.count, "page \(narrowPage) bytes for \(narrow.utf8.count) bytes of CSV")

        try fixture.write("b.md", doc("QP-02", title: String(repeating: "很长的标题", count: 100)))
        let long = try fixture.run("check")
        #expect(long.status == 1)
        #expect(long.stderr.contains("b.md:3: error: the title is 500 characters long"))
    }

    /// `[[ID]]` shows the id and title of its document: a 300-character title linked 20,000 times
    /// would make a page 90 times its text. Past an allowance, links show the id alone, with a warning.
    @Test func linksRepeatingALongTitleStayInProportion() throws {
        let title = String(repeating: "文件控制程序", count: 50)
        let body = "开始。\n\n" + String(repeating: "[[QP-01]] ", count: 20_000) + "\n"
        let fixture = try FixtureManual(["a.md": doc("QP-01", title: title), "b.md": doc("QP-02", body: body)])
        let result = try fixture.run("build", "--templates", QMarkBinary.templates)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("b.md:15: warning: [[ID]] links repeat their documents' titles so often"), "\(result.stderr)")
        let page = try fixture.page("docs/QP-02.html")
        #expect(page.utf8.count < 100_000 + 8 * body.utf8.count, "page \(page.utf8.count) bytes for \(body.utf8.count) bytes")
        #expect(page.contains(">QP-01 \(title)</a>"))
        #expect(page.contains(">QP-01</a>"))
        // A few links to the same title stay whole, without a warning.
        try fixture.write("b.md", doc("QP-02", body: "见 [[QP-01]] 与 [[QP-01]]。\n"))
        let few = try fixture.run("check")
        #expect(!few.stderr.contains("link-labels") && !few.stderr.contains("repeat their documents"))
    }

    /// A page's table of contents lists at most 200 headings: 250,000 one-letter headings do not make it 250,000 entries long.
    @Test func theTableOfContentsIsBounded() throws {
        let fixture = try FixtureManual(["a.md": doc("QP-01", body: String(repeating: "## a\n", count: 1_000))])
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        let page = try fixture.page("docs/QP-01.html")
        #expect(page.components(separatedBy: "<li class=\"qm-toc-").count - 1 == 200)
        #expect(page.contains("id=\"a-999\""))
    }

    /// Block quotes or lists nested past fifty levels are refused with their line; the site stays.
    @Test func blocksNestedTooDeepAreRefused() throws {
        let fixture = try FixtureManual(["a.md": doc("QP-01", body: "正文。\n\n" + String(repeating: "> ", count: 10) + "ok\n")])
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        let before = try fixture.siteSnapshot()
        try fixture.write("a.md", doc("QP-01", body: "正文。\n\n" + String(repeating: ">", count: 100_000) + " deep\n"))
        let result = try fixture.run("build", "--templates", QMarkBinary.templates)
        #expect(result.status == 1)
        #expect(result.stderr.contains("a.md:15: error: block quotes and lists are nested more than 50 levels deep"), "\(result.stderr)")
        #expect(try fixture.siteSnapshot() == before)
        let lists = (0..<60).map { String(repeating: "  ", count: $0) + "- item\n" }.joined()
        try fixture.write("a.md", doc("QP-01", body: lists))
        #expect(try fixture.run("check").stderr.contains("nested more than 50 levels"))
    }

    @Test func aSiteLeftAsideByAKilledBuildIsPutBackFirst() throws {
        let fixture = try FixtureManual(["a.md": doc("QP-01")])
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        let before = try fixture.siteSnapshot()
        // A build killed between the two renames of a swap: the site moved aside, none in its place.
        let aside = fixture.root.appendingPathComponent(".site.qmark-previous-12345678")
        try FileManager.default.moveItem(at: fixture.site, to: aside)
        try FileManager.default.createDirectory(at: fixture.root.appendingPathComponent(".site.qmark-staging-abcdef01/docs"), withIntermediateDirectories: true)
        try fixture.write("b.md", "---\nid: QP-02\n---\n")
        let failed = try fixture.run("build", "--templates", QMarkBinary.templates)
        #expect(failed.status == 1)
        #expect(try fixture.siteSnapshot() == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.root.path).filter { $0.hasPrefix(".site.") && $0 != ".site.qmark-cache" }
        #expect(leftovers.isEmpty)
    }

    @Test func aSecondBuildIntoTheSameOutputFailsAtOnceOrWaits() throws {
        let fixture = try FixtureManual(["a.md": doc("QP-01")])
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        // Another build holds the output.
        let lock = try BuildLock(for: fixture.site, wait: false)
        let busy = try fixture.run("build", "--templates", QMarkBinary.templates)
        #expect(busy.status == 1)
        #expect(busy.stderr.contains("another qmark build is writing into"))
        #expect(busy.stderr.contains("--wait"))
        let waiting = try QMarkBinary.start(["build", "--wait", "--templates", QMarkBinary.templates], in: fixture.root)
        Thread.sleep(forTimeInterval: 0.5)
        lock.release()
        let waited = waiting.wait()
        #expect(waited.status == 0, "\(waited.stderr)")
        #expect(FileManager.default.fileExists(atPath: fixture.site.appendingPathComponent("index.html").path))
    }

    @Test func concurrentBuildsNeverBreakTheSite() throws {
        let fixture = try FixtureManual((1...30).reduce(into: [:]) { $0["d\($1).md"] = doc("QP-\($1)") })
        for _ in 0..<4 {
            let builds = try (0..<2).map { _ in try QMarkBinary.start(["build", "--wait", "--templates", QMarkBinary.templates], in: fixture.root) }
            for build in builds {
                let result = build.wait()
                #expect(result.status == 0, "\(result.stderr)")
            }
            #expect(FileManager.default.fileExists(atPath: fixture.site.appendingPathComponent("docs/QP-30.html").path))
        }
    }

    @Test func aSymlinkedOutputIsFollowedAndAnOutputInsideTheManualIsNotRead() throws {
        let fixture = try FixtureManual(["a.md": doc("QP-01", body: "![x](img.png)\n"), "img.png": "png"])
        let releases = fixture.root.appendingPathComponent("releases/r1")
        try FileManager.default.createDirectory(at: releases, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: fixture.site.path, withDestinationPath: "releases/r1")
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: fixture.site.path) == "releases/r1")
        #expect(FileManager.default.fileExists(atPath: releases.appendingPathComponent("docs/QP-01.html").path))
        // A .gitignore in the output stays.
        try "*\n".write(to: releases.appendingPathComponent(".gitignore"), atomically: true, encoding: .utf8)
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        #expect(FileManager.default.fileExists(atPath: releases.appendingPathComponent(".gitignore").path))
        // An output inside the manual folder is not read back as part of the manual.
        for _ in 0..<2 {
            let inside = try fixture.run("build", "--output", "manual/site", "--templates", QMarkBinary.templates)
            #expect(inside.status == 0, "\(inside.stderr)")
        }
        let published = fixture.manual.appendingPathComponent("site/files")
        #expect(try FileManager.default.contentsOfDirectory(atPath: published.path) == ["img.png"])
    }

    @Test func controlCharactersAreRefusedAndNeverReachTheTerminal() throws {
        let fixture = try FixtureManual(["a.md": "---\nid: QP-01\ntitle: \"Red \\e[31m alert \\0 \\f\"\n---\nBody.\n"])
        let result = try fixture.run("check")
        #expect(result.status == 1)
        #expect(result.stderr.contains("a.md:3: error: `title` holds the control character U+001B"))
        #expect(!result.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0 || $0.value == 0x0C })
    }

    @Test func aSymlinkedDocumentIsSaidToBeSkipped() async throws {
        let fixture = try FixtureManual(["a.md": doc("QP-01")])
        let outside = fixture.root.appendingPathComponent("secret.md")
        try doc("QP-99").write(to: outside, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: fixture.manual.appendingPathComponent("link.md").path, withDestinationPath: outside.path)
        let check = try fixture.run("check")
        #expect(check.stderr.contains("link.md:1: warning: is a symbolic link and is not read"))
        #expect(try await fixture.resolve().documents.map(\.id) == ["QP-01"])
    }

    @Test func aWriteErrorNamesItsPathOnce() {
        #expect(WriteError.cannotWrite("/x/site", "You can’t save the file “site” because /x/site is read-only.").errorDescription?
                    .components(separatedBy: "/x/site").count == 2)
    }
}

/// A build killed at any moment leaves, at the output path, the previous site or the complete new
/// one — never nothing, never a mixture — and the next build cleans up after it.
@Suite struct CrashSafetyTests {
    static let documents = 2_000

    static func manual() throws -> FixtureManual {
        var files: [String: String] = [:]
        for number in 1...documents {
            files["docs/D-\(number).md"] = doc("D-\(number)", body: "第 \(number) 号文件。见 D-\(number % documents + 1)。\n")
        }
        return try FixtureManual(files)
    }

    static func expectWholeSite(_ fixture: FixtureManual, _ round: Int) {
        let site = fixture.site
        for path in [".qmark-site", "index.html", "search.html", "docs/D-1.html", "docs/D-\(documents).html"] {
            #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(path).path), "round \(round): \(path)")
        }
    }

    static func leftovers(_ fixture: FixtureManual) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: fixture.root.path).filter { $0.hasPrefix(".site.qmark-") && !$0.hasSuffix("-lock") && !$0.hasSuffix("-cache") }
    }

    static let build = ["build", "--no-history", "--templates", QMarkBinary.templates]

    @Test func killedAtRandomMomentsNeverLosesTheSite() throws {
        let fixture = try Self.manual()
        #expect(try QMarkBinary.run(Self.build, in: fixture.root).status == 0)
        var generator = SeededGenerator(seed: 9)
        var killedBeforeTheEnd = 0
        var lastPublished: Int?
        for round in 1...12 {
            try fixture.write("docs/D-1.md", doc("D-1", body: "第 \(round) 版。\n"))
            let build = try QMarkBinary.start(Self.build, in: fixture.root)
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...4, using: &generator))
            kill(build.process.processIdentifier, SIGKILL)
            if build.wait().status != 0 { killedBeforeTheEnd += 1 }
            // Whatever moment it died at, the output is a whole site: the marker, the home page, every document,
            // holding this round's text or the text of the last build that got as far as publishing.
            Self.expectWholeSite(fixture, round)
            let page = try fixture.page("docs/D-1.html")
            let published = lastPublished.map { "第 \($0) 版" } ?? "第 1 号文件"
            #expect(page.contains("第 \(round) 版") || page.contains(published), "round \(round)")
            if page.contains("第 \(round) 版") { lastPublished = round }
        }
        #expect(killedBeforeTheEnd > 3)
        let final = try QMarkBinary.run(Self.build, in: fixture.root)
        #expect(final.status == 0, "\(final.stderr)")
        #expect(try Self.leftovers(fixture).isEmpty)
    }

    /// Killed the moment the new site takes the output's place: while the previous site, now under
    /// the staging name, is being removed. The output is the new site; the next build removes the rest.
    @Test func killedInsideTheSwapLeavesTheNewSite() throws {
        let fixture = try Self.manual()
        #expect(try QMarkBinary.run(Self.build, in: fixture.root).status == 0)
        var caughtInside = 0
        for round in 1...4 {
            try fixture.write("docs/D-1.md", doc("D-1", body: "第 \(round) 版。\n"))
            var before = stat()
            stat(fixture.site.path, &before)
            let build = try QMarkBinary.start(Self.build, in: fixture.root)
            // The output's inode changes at the exchange; kill on the first sight of it.
            var now = stat()
            let deadline = Date().addingTimeInterval(120)
            var exchanged = false
            while Date() < deadline, build.process.isRunning {
                if stat(fixture.site.path, &now) == 0, now.st_ino != before.st_ino { exchanged = true; break }
                usleep(200)
            }
            kill(build.process.processIdentifier, SIGKILL)
            let result = build.wait()
            if result.status != 0, !(try Self.leftovers(fixture).isEmpty) { caughtInside += 1 }
            Self.expectWholeSite(fixture, round)
            // Killed once the exchange was seen, or finished: the output is this round's site.
            if exchanged || result.status == 0 {
                #expect(try fixture.page("docs/D-1.html").contains("第 \(round) 版"), "round \(round): exchanged \(exchanged), status \(result.status)")
            }
            // The next build starts by removing what the killed one left, and publishes whole.
            let next = try QMarkBinary.run(Self.build, in: fixture.root)
            #expect(next.status == 0, "\(next.stderr)")
            #expect(try Self.leftovers(fixture).isEmpty, "round \(round)")
        }
        // The previous site of 2,000 pages takes long enough to remove that the kill lands inside the swap.
        #expect(caughtInside > 0)
    }
}
