import Foundation
import Testing
@testable import QMarkCore

/// The build cache beside the output only ever saves time: a build that uses it, one that finds
/// it stale, corrupted or from another QMark, and one with `--no-cache` give the same site.
@Suite struct BuildCacheTests {
    static let files: [String: String] = [
        "site.yml": "title: 质量手册\nlanguage: zh-CN\nstandards: [iso9001-2015, iso14001-2015]\n",
        "procedures/QP-01.md": """
            ---
            id: QP-01
            title: 文件控制程序
            type: procedure
            revision: A
            status: approved
            owner: 质量部
            approver: 总经理
            effective: 2026-01-10
            clauses: {iso9001-2015: [7.5.2, 7.5.3], iso14001-2015: [7.5.3]}
            ---
            # 目的

            See EP-01 for environmental records.

            | 步骤 | 责任 | 说明 |
            |---|---|---|
            | 起草 | 各部门 | 按模板<br>编写 |
            | 审批 | 总经理 | 签字 |

            """,
        "procedures/EP-01.md": """
            ---
            id: EP-01
            title: Environmental aspects
            type: procedure
            revision: B
            status: approved
            owner: HSE
            approver: General manager
            effective: 2026-02-01
            clauses: {iso14001-2015: [6.1.2]}
            ---
            # Purpose

            Identify aspects; records per QP-01.

            """,
    ]

    static func fixture() throws -> FixtureManual {
        let fixture = try FixtureManual(files)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: QMarkBinary.templates), to: fixture.root.appendingPathComponent("templates"))
        return fixture
    }

    static func build(_ fixture: FixtureManual, _ extra: String...) throws -> CommandResult {
        try QMarkBinary.run(["build", "--templates", "templates", "--today", "2026-06-01"] + extra, in: fixture.root)
    }

    static func cache(_ fixture: FixtureManual) -> URL { BuildCache(output: fixture.site).folder }

    /// Every file of a site, dot-files included, with its bytes.
    static func snapshot(_ site: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in FolderWalk(site.path, includingHidden: true)?.files ?? [] { files[path] = try Data(contentsOf: site.appendingPathComponent(path)) }
        return files
    }

    /// A clean build of the manual as it is now, without the cache, into a folder of its own.
    static func clean(_ fixture: FixtureManual) throws -> [String: Data] {
        let result = try QMarkBinary.run(["build", "--templates", "templates", "--today", "2026-06-01", "--no-cache", "--output", "clean"], in: fixture.root)
        #expect(result.status == 0, "\(result.stderr)")
        defer { try? FileManager.default.removeItem(at: fixture.root.appendingPathComponent("clean")) }
        return try snapshot(fixture.root.appendingPathComponent("clean"))
    }

    @Test func aSecondBuildWithNothingChangedDoesNothingAndSaysSo() throws {
        let fixture = try Self.fixture()
        let first = try Self.build(fixture)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(FileManager.default.fileExists(atPath: Self.cache(fixture).path))
        #expect(!(try Self.snapshot(fixture.site)).keys.contains { $0.hasPrefix(".qmark-") && $0 != ".qmark-site" }, "the cache is never in the site")
        let page = fixture.site.appendingPathComponent("docs/QP-01.html")
        let before = try FileManager.default.attributesOfItem(atPath: page.path)[.modificationDate] as? Date

        let second = try Self.build(fixture)
        #expect(second.status == 0)
        #expect(second.stdout.contains("is up to date"), "\(second.stdout)")
        #expect(try FileManager.default.attributesOfItem(atPath: page.path)[.modificationDate] as? Date == before)
        #expect(try Self.snapshot(fixture.site) == Self.clean(fixture))
        // The warnings of the last build are printed again: a build says the same of the same manual.
        #expect(first.stderr == second.stderr)
    }

    @Test func anEditADeletedPageANewDayOrAnotherTemplateBuildsAgain() throws {
        let fixture = try Self.fixture()
        #expect(try Self.build(fixture).status == 0)

        try fixture.write("procedures/EP-01.md", Self.files["procedures/EP-01.md"]!.replacingOccurrences(of: "Identify aspects", with: "Identify and evaluate aspects"))
        var result = try Self.build(fixture)
        #expect(result.stdout.hasPrefix("built"), "\(result.stdout)")
        #expect(try fixture.page("docs/EP-01.html").contains("Identify and evaluate aspects"))
        #expect(try Self.snapshot(fixture.site) == Self.clean(fixture))

        // A page removed from the site by hand: the site is no longer what the cache describes.
        try FileManager.default.removeItem(at: fixture.site.appendingPathComponent("docs/QP-01.html"))
        result = try Self.build(fixture)
        #expect(result.stdout.hasPrefix("built"))
        #expect(FileManager.default.fileExists(atPath: fixture.site.appendingPathComponent("docs/QP-01.html").path))

        // A page edited by hand.
        try Data("x".utf8).write(to: fixture.site.appendingPathComponent("index.html"))
        result = try Self.build(fixture)
        #expect(result.stdout.hasPrefix("built"))
        #expect(try Self.snapshot(fixture.site) == Self.clean(fixture))

        result = try QMarkBinary.run(["build", "--templates", "templates", "--today", "2026-06-02"], in: fixture.root)
        #expect(result.stdout.hasPrefix("built"), "another day: periodic reviews are counted to it")

        let layout = fixture.root.appendingPathComponent("templates/layout.mustache")
        try (try String(contentsOf: layout, encoding: .utf8) + "\n<!-- restyled -->\n").write(to: layout, atomically: true, encoding: .utf8)
        result = try Self.build(fixture)
        #expect(result.stdout.hasPrefix("built"))
        #expect(try fixture.page("index.html").contains("restyled"))
    }

    @Test func aCorruptedOrForeignCacheGivesTheSameSite() throws {
        let fixture = try Self.fixture()
        #expect(try Self.build(fixture).status == 0)
        let expected = try Self.clean(fixture)
        let cache = Self.cache(fixture)
        for name in try FileManager.default.contentsOfDirectory(atPath: cache.path) {
            try Data("qmark-cache 1 another-qmark\n{\"inputs\":".utf8).write(to: cache.appendingPathComponent(name))
        }
        var result = try Self.build(fixture)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("built"))
        #expect(try Self.snapshot(fixture.site) == expected)

        // Garbage under this QMark's own header.
        let header = BuildCache(output: fixture.site).header
        try Data((header + "\n\u{0}\u{1}not json").utf8).write(to: cache.appendingPathComponent("build"))
        result = try Self.build(fixture)
        #expect(result.stdout.hasPrefix("built"))
        #expect(try Self.snapshot(fixture.site) == expected)
    }

    @Test func noCacheNeitherReadsNorWritesItAndRemovesIt() throws {
        let fixture = try Self.fixture()
        #expect(try Self.build(fixture).status == 0)
        #expect(FileManager.default.fileExists(atPath: Self.cache(fixture).path))
        let result = try Self.build(fixture, "--no-cache")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("built"), "--no-cache builds even when nothing changed")
        #expect(!FileManager.default.fileExists(atPath: Self.cache(fixture).path))
    }

    @Test func aFailingBuildAfterACachedOneStillFailsAndKeepsTheSite() throws {
        let fixture = try Self.fixture()
        #expect(try Self.build(fixture).status == 0)
        let site = try Self.snapshot(fixture.site)
        try fixture.write("procedures/EP-01.md", Self.files["procedures/EP-01.md"]!.replacingOccurrences(of: "[6.1.2]", with: "[6.1.9]"))
        let result = try Self.build(fixture)
        #expect(result.status == 1)
        #expect(result.stderr.contains("procedures/EP-01.md:10:"), "\(result.stderr)")
        #expect(try Self.snapshot(fixture.site) == site)
        // Put back: the site is the one the cache describes, and nothing is built.
        try fixture.write("procedures/EP-01.md", Self.files["procedures/EP-01.md"]!)
        #expect(try Self.build(fixture).stdout.contains("is up to date"))
        // With --strict, the warnings of the last build fail this one, as they would have.
        try fixture.write("procedures/EP-01.md", Self.files["procedures/EP-01.md"]!.replacingOccurrences(of: "---\n# Purpose", with: "review_due: 2027-01-01\n---\n# Purpose"))
        #expect(try Self.build(fixture).stdout.hasPrefix("built"))
        let warned = try Self.build(fixture)
        #expect(warned.stdout.contains("is up to date"))
        #expect(warned.stderr.contains("procedures/EP-01.md:11: warning: unknown key `review_due`"), "\(warned.stderr)")
        let strict = try Self.build(fixture, "--strict")
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("procedures/EP-01.md:11: error: unknown key `review_due`"))
    }
}
