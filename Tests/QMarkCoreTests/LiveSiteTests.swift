import Foundation
import Testing
@testable import QMarkCore

/// An updated site is the site a clean build makes of the same manual, byte for byte, after
/// every kind of edit; and an update rewrites only what changed.
@Suite struct LiveSiteTests {
    static let today = DayDate("2026-06-01")!

    static let files: [String: String] = [
        "site.yml": "title: T\nlanguage: en\n",
        "procedures/QP-01.md": doc("QP-01", title: "Control of documents", clauses: "[7.5.2, 7.5.3]",
                                   body: "# Purpose\n\nSee [[QP-02]] and QP-03.\n\n| A | B |\n|---|---|\n| 1 | x<br>y |\n"),
        "procedures/QP-02.md": doc("QP-02", title: "Internal audit", clauses: "[9.2]", body: "# Audit\n\nPlan the programme.\n"),
        "procedures/QP-03.md": doc("QP-03", title: "Nonconformity", clauses: "{iso9001-2015: [10.2], acme-2026: [\"1\"]}", body: "Back to [[QP-01]].\n"),
        "procedures/QP-04.md": doc("QP-04", title: "Old procedure", status: "obsolete", clauses: "[8.7]", extra: "withdrawn: 2026-02-01"),
        "standards/acme.yml": "id: acme-2026\ntitle: ACME rules\nclauses:\n  - id: \"1\"\n    title: One\n  - id: \"1.1\"\n    title: One one\n",
    ]

    /// Every file of a folder with its bytes.
    static func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in FolderWalk(folder.path)?.files ?? [] { files[path] = try Data(contentsOf: folder.appendingPathComponent(path)) }
        // Dot-files too: the marker.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasPrefix(".") {
            files[name] = try? Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    /// A clean build of the manual as it is now, in process, into a folder of its own.
    static func cleanBuild(_ fixture: FixtureManual, templates: URL, history: Bool) async throws -> [String: Data] {
        let output = fixture.root.appendingPathComponent("clean-\(UUID().uuidString.prefix(6))")
        var options = Pipeline.Options(history: history, today: today)
        options.cache = BuildCache(output: output)
        options.excluded = [output]
        let manual = try await Pipeline.resolve(source: fixture.manual, options: options)
        #expect(!manual.diagnostics.hasErrors, "\(manual.diagnostics)")
        _ = try await SiteBuilder.build(manual, source: fixture.manual, output: output, templates: templates)
        defer {
            try? FileManager.default.removeItem(at: output)
            BuildCache(output: output).clear()
        }
        return try snapshot(output)
    }

    static func copyTemplates(to folder: URL) throws -> URL {
        let copy = folder.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: QMarkBinary.templates), to: copy)
        return copy
    }

    /// Each edit: what it changes (manual-relative paths, nil text removes), or a template.
    struct Edit: Sendable, CustomTestStringConvertible {
        var name: String
        var files: [String: String?] = [:]
        var template: (name: String, find: String, replace: String)?
        var testDescription: String { name }
    }

    static let edits: [Edit] = [
        Edit(name: "body", files: ["procedures/QP-02.md": doc("QP-02", title: "Internal audit", clauses: "[9.2]", body: "# Audit\n\nPlan the programme each year.\n")]),
        Edit(name: "title", files: ["procedures/QP-02.md": doc("QP-02", title: "Internal audits", clauses: "[9.2]", body: "# Audit\n\nPlan the programme.\n")]),
        Edit(name: "status", files: ["procedures/QP-03.md": doc("QP-03", title: "Nonconformity", status: "draft", clauses: "[10.2]", body: "Back to [[QP-01]].\n")]),
        Edit(name: "clauses", files: ["procedures/QP-02.md": doc("QP-02", title: "Internal audit", clauses: "{iso9001-2015: [9.2, 9.3], acme-2026: [\"1.1\"]}", body: "# Audit\n\nPlan the programme.\n")]),
        Edit(name: "link added", files: ["procedures/QP-02.md": doc("QP-02", title: "Internal audit", clauses: "[9.2]", body: "# Audit\n\nPlan the programme; see [[QP-03]].\n")]),
        Edit(name: "link removed", files: ["procedures/QP-03.md": doc("QP-03", title: "Nonconformity", clauses: "[10.2]", body: "No links now.\n")]),
        Edit(name: "document added", files: ["forms/FM-01.md": doc("FM-01", title: "Audit checklist", type: "form", clauses: "[9.2.2]", body: "Uses [[QP-02]].\n")]),
        Edit(name: "document removed", files: ["procedures/QP-04.md": nil]),
        Edit(name: "document renamed", files: ["procedures/QP-02.md": nil,
                                               "audit/QP-02-internal-audit.md": doc("QP-02", title: "Internal audit", clauses: "[9.2]", body: "# Audit\n\nPlan the programme.\n")]),
        Edit(name: "site.yml", files: ["site.yml": "title: T2\nlanguage: zh-CN\norganization: ACME\n"]),
        Edit(name: "catalogue", files: ["standards/acme.yml": "id: acme-2026\ntitle: ACME rules 2\nclauses:\n  - id: \"1\"\n    title: One\n  - id: \"1.1\"\n    title: One point one\n"]),
        Edit(name: "new edition", files: ["standards/acme-2027.yml": "id: acme-2027\ntitle: ACME rules 2027\nsupersedes: acme-2026\nmap:\n  \"1.1\": [\"1.2\"]\nclauses:\n  - id: \"1\"\n    title: One\n    clauses:\n      - {id: \"1.2\", title: One two}\n      - {id: \"1.3\", title: One three, new: true}\n",
                                          "site.yml": "title: T\nlanguage: en\nstandards: [iso9001-2015, acme-2026, acme-2027]\n"]),
        Edit(name: "template", template: ("document", "<p class=\"qm-source qm-muted\">", "<p class=\"qm-source qm-muted\" data-edited>")),
    ]

    @Test(arguments: edits)
    func updateEqualsACleanBuild(_ edit: Edit) async throws {
        let fixture = try FixtureManual(Self.files)
        let templates = try Self.copyTemplates(to: fixture.root)
        let live = LiveSite(source: fixture.manual, output: fixture.site, templates: templates, options: Pipeline.Options(today: Self.today))
        let first = try await live.update()
        #expect(first.built, "\(first.diagnostics)")
        #expect(try Self.snapshot(fixture.site) == (try await Self.cleanBuild(fixture, templates: templates, history: true)))

        for (path, text) in edit.files {
            if let text { try fixture.write(path, text) } else { try fixture.remove(path) }
        }
        if let change = edit.template {
            let file = templates.appendingPathComponent(change.name + ".mustache")
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(text.contains(change.find))
            try text.replacingOccurrences(of: change.find, with: change.replace).write(to: file, atomically: true, encoding: .utf8)
        }
        let update = try await live.update(changed: Array(edit.files.keys))
        #expect(update.built, "\(update.diagnostics)")
        #expect(!update.written.isEmpty)
        let updated = try Self.snapshot(fixture.site)
        let clean = try await Self.cleanBuild(fixture, templates: templates, history: true)
        #expect(Set(updated.keys) == Set(clean.keys), "files: only updated \(Set(updated.keys).subtracting(clean.keys)), only clean \(Set(clean.keys).subtracting(updated.keys))")
        for (path, data) in clean where updated[path] != data {
            Issue.record("\(path) differs from a clean build after the \(edit.name) edit")
        }
    }

    @Test func aBodyEditRewritesThatPageAndWhatShowsIt() async throws {
        let fixture = try FixtureManual(Self.files)
        let live = LiveSite(source: fixture.manual, output: fixture.site, templates: URL(fileURLWithPath: QMarkBinary.templates),
                            options: Pipeline.Options(today: Self.today))
        _ = try await live.update()
        let nothing = try await live.update()
        #expect(nothing.written.isEmpty, "nothing changed: \(nothing.written)")
        #expect(nothing.rendered == 0)

        try fixture.write("procedures/QP-02.md", doc("QP-02", title: "Internal audit", clauses: "[9.2]", body: "# Audit\n\nPlan the programme each year.\n"))
        let body = try await live.update(changed: ["procedures/QP-02.md"])
        #expect(body.rendered == 2, "only QP-02's page and the print edition have another value")
        #expect(body.written.filter { !$0.hasPrefix("search/") } == ["docs/QP-02.html", "print.html"], "the JSON does not hold bodies")
        #expect(body.written.contains { $0.hasPrefix("search/d/") } && body.written.contains { $0.hasPrefix("search/s/") }, "\(body.written)")

        try fixture.write("procedures/QP-02.md", doc("QP-02", title: "Internal audits", clauses: "[9.2]", body: "# Audit\n\nPlan the programme each year.\n"))
        let title = try await live.update(changed: ["procedures/QP-02.md"])
        // The title shows on its page, where QP-01 links to it, on the register and the clause page.
        for page in ["docs/QP-02.html", "docs/QP-01.html", "register.html", "standards/iso9001-2015/9.2.html"] {
            #expect(title.written.contains(page), "\(page) shows the title")
        }
        #expect(!title.written.contains("docs/QP-04.html"))
        #expect(!title.written.contains("standards/iso9001-2015/8.7.html"))
    }

    @Test func anErrorWritesNothingAndTheNextFixBuilds() async throws {
        let fixture = try FixtureManual(Self.files)
        let live = LiveSite(source: fixture.manual, output: fixture.site, templates: URL(fileURLWithPath: QMarkBinary.templates),
                            options: Pipeline.Options(today: Self.today))
        _ = try await live.update()
        let before = try Self.snapshot(fixture.site)
        try fixture.write("procedures/QP-03.md", doc("QP-03", title: "Nonconformity", clauses: "[10.2]", body: "See [[QP-99]].\n"))
        let broken = try await live.update(changed: ["procedures/QP-03.md"])
        #expect(!broken.built)
        #expect(broken.diagnostics.contains { $0.file == "procedures/QP-03.md" && $0.line == 13 && $0.severity == .error })
        #expect(try Self.snapshot(fixture.site) == before)
        try fixture.write("procedures/QP-03.md", doc("QP-03", title: "Nonconformity", clauses: "[10.2]", body: "See [[QP-02]].\n"))
        let fixed = try await live.update(changed: ["procedures/QP-03.md"])
        #expect(fixed.built)
        #expect(try fixture.page("docs/QP-03.html").contains("docs/QP-02.html"))
    }

    @Test func historyFollowsCommits() async throws {
        let git = try GitFixture(Self.files)
        try git.commit("First version")
        let fixture = git.fixture
        let templates = URL(fileURLWithPath: QMarkBinary.templates)
        let live = LiveSite(source: fixture.manual, output: fixture.site, templates: templates, options: Pipeline.Options(today: Self.today))
        _ = try await live.update()
        let revised = doc("QP-02", title: "Internal audit", clauses: "[9.2]", body: "# Audit\n\nPlan the programme each year.\n")
            .replacingOccurrences(of: "revision: A", with: "revision: B")
        try git.commit("Revision B of QP-02", ["procedures/QP-02.md": revised])
        let update = try await live.update(changed: ["procedures/QP-02.md"])
        #expect(update.written.contains("revisions/QP-02.html"))
        #expect(try fixture.page("revisions/QP-02.html").contains("Revision B of QP-02"))
        #expect(try Self.snapshot(fixture.site) == (try await Self.cleanBuild(fixture, templates: templates, history: true)))
    }
}

/// `qmark build` keeps each unchanged file of the previous site (hard-linked, same inode and
/// date) and writes anew only those whose bytes changed.
@Suite struct UnchangedFilesTests {
    static func inodes(_ site: URL) throws -> [String: UInt64] {
        var result: [String: UInt64] = [:]
        for path in FolderWalk(site.path)?.files ?? [] {
            let attributes = try FileManager.default.attributesOfItem(atPath: site.appendingPathComponent(path).path)
            result[path] = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value
        }
        return result
    }

    @Test func aRebuildRewritesOnlyWhatChanged() throws {
        let fixture = try FixtureManual(LiveSiteTests.files)
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates, "--today", "2026-06-01").status == 0)
        let before = try Self.inodes(fixture.site)
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates, "--today", "2026-06-01").status == 0)
        let same = try Self.inodes(fixture.site)
        #expect(same == before, "nothing changed, every file kept")

        try fixture.write("procedures/QP-02.md", doc("QP-02", title: "Internal audit", clauses: "[9.2]", body: "# Audit\n\nPlan the programme each year.\n"))
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates, "--today", "2026-06-01").status == 0)
        let after = try Self.inodes(fixture.site)
        let rewritten = Set(after.keys.filter { after[$0] != before[$0] })
        #expect(rewritten.filter { !$0.hasPrefix("search/") } == Set(["docs/QP-02.html", "print.html"]), "\(rewritten.sorted())")
        #expect(rewritten.contains { $0.hasPrefix("search/d/") }, "the entry of the document whose body changed")
        #expect(try fixture.page("docs/QP-02.html").contains("each year"))
    }
}

@Suite struct SummaryFieldTests {
    @Test func aSummaryShowsUnderTheTitleAndIsNotAnUnknownKey() throws {
        let fixture = try FixtureManual([
            "a.md": doc("QP-01", extra: "summary: 规定文件的编制、审批、发放和更改"),
            "b.md": doc("QP-02"),
        ])
        let result = try fixture.run("build", "--no-history", "--templates", QMarkBinary.templates)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("summary"), "a known key: \(result.stderr)")
        #expect(try fixture.page("docs/QP-01.html").contains("<h1>Document QP-01</h1>\n    <p class=\"qm-lead\">规定文件的编制、审批、发放和更改</p>"))
        #expect(try !fixture.page("docs/QP-02.html").contains("qm-lead"))
    }
}

/// Finding one's way: breadcrumbs, previous and next within a type, filters that can be linked to.
@Suite struct NavigationTests {
    @Test func breadcrumbsNeighboursAndLinkableFilters() throws {
        var files = LiveSiteTests.files
        files["forms/FM-01.md"] = doc("FM-01", title: "Audit checklist", type: "form", clauses: "[9.2.2]", body: "Form.\n")
        let fixture = try FixtureManual(files)
        let result = try fixture.run("build", "--no-history", "--templates", QMarkBinary.templates)
        #expect(result.status == 0, "\(result.stderr)")

        let qp02 = try fixture.page("docs/QP-02.html")
        #expect(qp02.contains("<a href=\"../index.html\">Home</a> › <a href=\"../register.html?type=procedure\">Procedures</a> › <span class=\"qm-id\" aria-current=\"page\">QP-02</span>"))
        #expect(qp02.contains("rel=\"prev\" href=\"../docs/QP-01.html\""))
        #expect(qp02.contains("rel=\"next\" href=\"../docs/QP-03.html\""))
        let qp03 = try fixture.page("docs/QP-03.html")
        #expect(!qp03.contains("rel=\"next\""), "QP-04 is obsolete and FM-01 another type: QP-03 is the last procedure in force")
        #expect(try !fixture.page("docs/FM-01.html").contains("qm-doc-pager"), "the only form has no neighbours")
        #expect(qp02.contains("<title>QP-02 Internal audit · T</title>"))
        #expect(qp02.contains("<nav class=\"qm-nav\" aria-label=\"Main\">"))
        // Printed on A4, without what only works on a screen.
        #expect(qp02.contains("@page { size: A4;"))
        let css = try String(contentsOf: fixture.site.appendingPathComponent("assets/qmark.css"), encoding: .utf8)
        #expect(css.contains(".qm-screen-only, .qm-commits, .qm-doc-pager, .qm-source, .qm-breadcrumb, .qm-show-all { display: none !important; }"))
        #expect(try fixture.page("standards/iso9001-2015/9.2.html").contains("<th>Owner</th><th>Mapping</th>"), "no empty column header")

        let home = try fixture.page("index.html")
        #expect(home.contains("<title>T</title>"), "the home page's title is the site's, once")
        #expect(home.contains("<a href=\"register.html?type=procedure\">Procedures</a>"))
        #expect(home.contains("<a href=\"register.html?status=obsolete\">"))

        // The clause filter selects what the matrix lists for the clause, and nothing that only shares its digits.
        let register = try fixture.page("register.html")
        let row = try #require(register.components(separatedBy: "<tr data-type=\"procedure\"").first { $0.contains("docs/QP-02.html") })
        #expect(row.contains("data-owner=\"QA\""))
        // Mapping 9.2 covers its sub-clauses too, as the matrix says; not 9.3, nor 10.2 or 2.9.
        #expect(row.contains("data-clause=\"iso9001-2015:9 iso9001-2015:9.2 iso9001-2015:9.2.1 iso9001-2015:9.2.2\""), "\(row.prefix(200))")
        // Two standards are shown: each option names its standard.
        #expect(register.contains("<option value=\"iso9001-2015:9.2\">ISO 9001:2015 Quality management systems — Requirements 9.2 Internal audit</option>"))
        #expect(register.contains("<option value=\"acme-2026:1.1\">ACME rules 1.1 One one</option>"))
    }
}
