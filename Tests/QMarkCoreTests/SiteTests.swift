import Foundation
import Testing
@testable import QMarkCore

/// The example manual in `manual/` builds, and its site has no broken internal link.
@Suite struct ExampleSiteTests {
    @Test func exampleManualBuildsWithWorkingLinksEverywhere() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("qmark-example-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try QMarkBinary.run(["build", "--source", "manual", "--output", output.path, "--templates", "templates",
                                          "--today", ExampleSiteTests.today], in: QMarkBinary.packageRoot)
        #expect(result.status == 0, "\(result.stderr)")
        // One document is left overdue for periodic review on purpose, and one external standard's yearly check is due;
        // a note appears in a shallow clone.
        let findings = result.stderr.split(separator: "\n").filter { !$0.hasPrefix("note:") }
        #expect(findings == ["external/GB-4706.1-2005.md:12: warning: check of GB-4706.1-2005 (edition 2005) is due since 2026-12-01 (last checked 2025-12-01, every 12 months): check with 国家质量监督检验检疫总局、国家标准化管理委员会 that it is still the edition in force, then record `last_checked: 2026-12-07`",
                             "procedures/QP-09.md:9: warning: overdue for periodic review since 2026-10-20 (last reviewed 2025-10-20, every 12 months); review it and record `reviewed: 2026-12-07`",
                             "0 errors, 2 warnings"], "\(result.stderr)")

        let pages = try FileManager.default.subpathsOfDirectory(atPath: output.path).filter { $0.hasSuffix(".html") }
        #expect(pages.count > 100)
        var broken: [String] = []
        var checked = 0
        var anchorsByPage: [String: Set<String>] = [:]
        func anchors(_ path: String) -> Set<String> {
            if let known = anchorsByPage[path] { return known }
            let html = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            let ids = Set(html.matches(of: /\sid="([^"]+)"/).map { String($0.output.1) })
            anchorsByPage[path] = ids
            return ids
        }
        for page in pages {
            let file = output.appendingPathComponent(page)
            let html = try String(contentsOf: file, encoding: .utf8)
            for match in html.matches(of: /(?:href|src)="([^"]*)"/) {
                let link = String(match.output.1)
                checked += 1
                if link.hasPrefix("http:") || link.hasPrefix("https:") || link.hasPrefix("mailto:") { continue }
                // An SVG image written into its page.
                if link.hasPrefix("data:image/svg+xml;base64,"), Data(base64Encoded: String(link.dropFirst(26))) != nil { continue }
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                // A query (`register.html?type=form`) sets a page's filters; the page is the file before it.
                let beforeQuery = String(parts[0].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
                let path = beforeQuery.removingPercentEncoding ?? beforeQuery
                let target = path.isEmpty ? file : file.deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL
                guard FileManager.default.fileExists(atPath: target.path) else { broken.append("\(page): \(link)"); continue }
                if parts.count == 2, !parts[1].isEmpty, target.pathExtension == "html" {
                    let fragment = String(parts[1]).removingPercentEncoding ?? String(parts[1])
                    if !anchors(target.path).contains(fragment) { broken.append("\(page): \(link) (no anchor)") }
                }
            }
        }
        #expect(checked > 3000, "links checked: \(checked)")
        #expect(broken.isEmpty, "broken links: \(broken.prefix(20))")
    }

    static let today = "2026-12-07"

    /// The example manual built into a folder of its own (left for the suite's lifetime: the
    /// browser tests of a suite share one build).
    static func build(_ name: String) -> URL {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("qmark-\(name)-\(UUID().uuidString)")
        _ = try? QMarkBinary.run(["build", "--source", "manual", "--output", output.path, "--templates", QMarkBinary.templates,
                                  "--today", today], in: QMarkBinary.packageRoot)
        return output
    }

    /// The evidence an auditor follows from a claim: the document with its title, its revision
    /// linked to the revision record, its effective date; the records to sample; exclusions.
    @Test func coverageClaimsCarryTheirEvidence() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("qmark-evidence-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        #expect(try QMarkBinary.run(["build", "--source", "manual", "--output", output.path, "--templates", "templates",
                                     "--today", Self.today], in: QMarkBinary.packageRoot).status == 0)
        let page = { (path: String) in (try? String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)) ?? "" }
        let matrix = page("standards/iso9001-2015/index.html")
        #expect(matrix.contains("<span class=\"qm-id\">QP-13</span> 生产过程控制程序</a>"), "titles visible on the matrix")
        #expect(matrix.contains("<span class=\"qm-id\">QP-26</span> 产品安全与法规符合性管理程序</a> <span class=\"qm-rev qm-pending\">审核中</span>"),
                "documents in review named with their titles too")
        // WI-04's revision C is in review: its revision B, in force, covers 7.1.5.2.
        #expect(!matrix.contains("<span class=\"qm-id\">WI-04</span> 通用量具内部校准作业指导书</a> <span class=\"qm-rev qm-pending\">"))
        #expect(page("docs/WI-04.html").contains("版本 C 审核中"))
        #expect(page("print.html").contains("拉力计 0–500 N") && !page("print.html").contains("扭力扳手 0.5–5 N·m"))
        // The customer's requirements in transition to their fifth edition: 1.10 moved to 1.3, QP-14 to review against it.
        let transition = page("standards/csr-kelong-2027/transition.html")
        let moved = transition.components(separatedBy: "<tr").first { $0.contains(">外箱标签使用科隆 GS1 条码及二维码格式</a>") } ?? ""
        #expect(moved.contains(">1.10</a>") && moved.contains("<span class=\"qm-id\">QP-14</span> 标识和可追溯性控制程序</a>"), "\(moved)")
        let clause = page("standards/iso9001-2015/8.5.2.html")
        #expect(clause.contains("<a href=\"../../records.html#QR-1302\">QR-1302</a>"), "the records to sample")
        if FileManager.default.fileExists(atPath: output.appendingPathComponent("revisions/QP-13.html").path) {
            // (A shallow clone has no history to link to.)
            #expect(matrix.contains("href=\"../../revisions/QP-13.html#r-F\""))
            #expect(clause.contains("<a href=\"../../revisions/QP-13.html#r-F\">F</a>"))
        }
        let excluded = page("standards/iso9001-2015/8.3.1.html")
        #expect(excluded.contains("随上级条款不适用： <a href=\"../../standards/iso9001-2015/8.3.html\">8.3 "))
        #expect(!excluded.contains("qm-exclusion"), "the justification is given once, on 8.3")
        #expect(page("standards/iso9001-2015/8.3.html").contains("qm-exclusion"))
        #expect(matrix.contains("随上级条款不适用：8.3"))
    }

    @Test func exampleManualIsCompleteAndCoversEveryClause() async throws {
        let manual = try await Pipeline.resolve(source: QMarkBinary.packageRoot.appendingPathComponent("manual"),
                                                options: Pipeline.Options(today: DayDate(Self.today)!))
        #expect(manual.diagnostics.map(\.code) == ["external-check-due", "review-overdue"])
        #expect(manual.documents.count >= 25)
        #expect(manual.documents.contains { $0.status == .draft })
        #expect(manual.documents.contains { $0.status == .obsolete })
        #expect(Set(manual.documents.filter { $0.type == .principle }.compactMap(\.principleKey)) == Set(Principle.keys))
        let iso = try #require(manual.coverage(of: "iso9001-2015"))
        #expect(iso.clauses.allSatisfy { $0.status == .covered || $0.status == .excluded })
        #expect(iso[clause: "8.3"]?.status == .excluded)
        #expect(manual.config.language == .zhCN)
        let qp05 = try #require(manual[id: "QP-05"]).facts.revisions
        #expect(qp05.prefix(3).map(\.label) == ["A", "B", "C"], "revisions made before git, from front-matter")
    }

    /// Whether this clone of QMark holds the example manual's history (a shallow clone does not).
    static let exampleHistoryIsThere: Bool = {
        let result = try? QMarkBinary.runTool("/usr/bin/git", ["rev-parse", "--is-shallow-repository"], in: QMarkBinary.packageRoot)
        return result?.status == 0 && result?.stdout.hasPrefix("false") == true
    }()

    /// The example manual's own git history shows real revisions; skipped, and shown as skipped, in a shallow clone.
    @Test(.enabled(if: exampleHistoryIsThere, "a shallow clone holds no history of the example manual"))
    func exampleManualHasRealRevisionsInGit() async throws {
        let manual = try await Pipeline.resolve(source: QMarkBinary.packageRoot.appendingPathComponent("manual"),
                                                options: Pipeline.Options(today: DayDate(Self.today)!))
        #expect(manual.history.notice == nil)
        let qp19 = try #require(manual[id: "QP-19"]).facts.revisions
        #expect(qp19.suffix(2).map(\.label) == ["C", "D"])
        #expect(qp19.last?.approvedBy == "管理者代表 王建华")
        #expect(qp19.last?.summary == "增加重复发生的不合格的升级处理；让步接收单保存期限改为 5 年")
        let wi01 = try #require(manual[id: "WI-01"]).facts.revisions
        #expect(wi01.last?.commits.contains { $0.isEditorial } == true)
        #expect(wi01.last?.changesAfterApproval.isEmpty == true)
    }
}

/// Command-line behaviour: exit codes, formats, the writer's guarantees.
@Suite struct CommandLineTests {
    @Test(arguments: [["build", "--bogus"], ["coverage", "--format", "xml"], ["check", "--format"], ["frobnicate"], ["render"]])
    func wrongUsageExitsTwo(_ arguments: [String]) throws {
        let fixture = try FixtureManual(["a.md": doc("A")])
        let result = try QMarkBinary.run(arguments, in: fixture.root)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    @Test func helpExitsZero() throws {
        let result = try QMarkBinary.run(["build", "--help"], in: QMarkBinary.packageRoot)
        #expect(result.status == 0)
        #expect(result.stdout.contains("--source"))
        #expect(result.stdout.contains("--output"))
    }

    @Test func missingManualFolderIsAnErrorNotACrash() throws {
        let fixture = try FixtureManual([:])
        let result = try QMarkBinary.run(["check", "--source", "nowhere"], in: fixture.root)
        #expect(result.status == 1)
        #expect(result.stderr.contains("nowhere"))
    }

    @Test func checkJSONListsWarningsWithCodes() throws {
        let fixture = try FixtureManual(["a.md": "---\nid: A\ntitle: T\nstatus: approved\nclauses: [7.5]\n---\n"])
        let result = try fixture.run("check", "--format", "json")
        #expect(result.status == 0)
        let findings = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(Set(findings.compactMap { $0["code"] as? String }) == ["missing-approver", "missing-effective-date", "missing-field"])
        #expect(findings.allSatisfy { Set($0.keys) == ["severity", "code", "file", "line", "message"] })
        #expect(try fixture.run("check", "--strict").status == 1)
    }

    @Test func coverageFormats() throws {
        let fixture = try FixtureManual(["a.md": doc("QP-1", clauses: "[8.7]")])
        let text = try fixture.run("coverage")
        #expect(text.status == 0)
        // The row of 8.7 says covered ("uncovered" would contain the word too).
        let row = text.stdout.split(separator: "\n").map { $0.split(separator: " ") }.first { $0.first == "8.7" }
        #expect(row?.dropFirst().first == "covered", "\(text.stdout)")
        let csv = try fixture.run("coverage", "--format", "csv")
        #expect(csv.stdout.hasPrefix("\u{FEFF}standard,clause,depth,title,status,documents,pending,justification\r\n"))
        #expect(csv.stdout.contains("iso9001-2015,8.7,2,Control of nonconforming outputs,covered,QP-1,,") || csv.stdout.contains("iso9001-2015,8.7,2,不合格输出的控制,covered,QP-1,,"))
        let json = try fixture.run("coverage", "--format", "json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["standards"] as? [Any])?.count == 1)
    }

    @Test func renderPrintsTheBodyWithResolvedLinks() throws {
        let fixture = try FixtureManual(["p/a.md": doc("A", body: "# Hi\n\n[[B]]\n"), "p/b.md": doc("B", title: "Bee")])
        let result = try fixture.run("render", "manual/p/a.md")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "<h1 id=\"hi\">Hi</h1>\n<p><a href=\"../docs/B.html\">B Bee</a></p>\n")
    }

    @Test func removedDocumentsLeaveNoStalePagesAndTheREADMEStays() throws {
        let fixture = try FixtureManual(["a.md": doc("A"), "b.md": doc("B")])
        try FileManager.default.createDirectory(at: fixture.site, withIntermediateDirectories: true)
        try Data("# site\n".utf8).write(to: fixture.site.appendingPathComponent("README.md"))
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        #expect(FileManager.default.fileExists(atPath: fixture.site.appendingPathComponent("docs/B.html").path))
        try fixture.remove("b.md")
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        #expect(!FileManager.default.fileExists(atPath: fixture.site.appendingPathComponent("docs/B.html").path))
        #expect(try String(contentsOf: fixture.site.appendingPathComponent("README.md"), encoding: .utf8) == "# site\n")
        // The build cache beside the site is kept on purpose; nothing else is left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.root.path).filter { $0.contains("qmark-") && !$0.hasSuffix("qmark-cache") }
        #expect(leftovers.isEmpty)
    }

    @Test func refusesToReplaceAFolderItDidNotBuild() throws {
        let fixture = try FixtureManual(["a.md": doc("A")])
        let precious = fixture.root.appendingPathComponent("precious")
        try FileManager.default.createDirectory(at: precious, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: precious.appendingPathComponent("thesis.txt"))
        let result = try fixture.run("build", "--output", "precious", "--templates", QMarkBinary.templates)
        #expect(result.status == 1)
        #expect(result.stderr.contains("refusing"))
        #expect(try String(contentsOf: precious.appendingPathComponent("thesis.txt"), encoding: .utf8) == "keep")
    }

    @Test func brokenTemplateFailsWithoutTouchingTheSite() throws {
        let fixture = try FixtureManual(["a.md": doc("A")])
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        let before = try fixture.siteSnapshot()
        let templates = fixture.root.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: QMarkBinary.templates), to: templates)
        try Data("{{#unclosed}}".utf8).write(to: templates.appendingPathComponent("index.mustache"))
        let result = try fixture.run("build", "--templates", "templates")
        #expect(result.status == 1)
        #expect(result.stderr.contains("index.mustache"))
        #expect(try fixture.siteSnapshot() == before)
    }
}
