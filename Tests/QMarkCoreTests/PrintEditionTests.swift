import Foundation
import Testing
@testable import QMarkCore

/// `print.html`: every approved document, in the order of the manual, each on its own pages with
/// its id, title, revision and status in the running header; printed to PDF by Chromium and read back.
@Suite struct PrintEditionTests {
    static func site(_ files: [String: String]) throws -> FixtureManual {
        let fixture = try FixtureManual(files)
        let result = try fixture.run("build", "--templates", QMarkBinary.templates, "--today", "2026-06-01")
        #expect(result.status == 0, "\(result.stderr)")
        return fixture
    }

    @Test func approvedDocumentsInTheOrderOfTheManualWithTheirOwnAnchors() throws {
        let fixture = try Self.site([
            "a.md": doc("QP-02", title: "内部审核程序", body: "## 1 目的\n\n见 [[QP-01]] 和 [第 1 节](#1-目的)。\n"),
            "b.md": doc("QP-01", title: "文件控制程序", body: "## 1 目的\n\n控制文件。\n"),
            "c.md": doc("QM-01", title: "质量手册", type: "manual", body: "## 1 范围\n\n全部。\n"),
            "d.md": doc("FM-01", title: "评审表", type: "form", body: "表。\n"),
            "e.md": doc("QP-03", title: "草稿程序", status: "draft", body: "未批准。\n"),
        ])
        let page = try fixture.page("print.html")
        let order = ["QM-01", "QP-01", "QP-02", "FM-01"].map { page.range(of: "id=\"doc-\($0)\"")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order.map { $0! } == order.map { $0! }.sorted(), "manual, procedures by id, forms")
        #expect(!page.contains("doc-QP-03") && !page.contains("草稿程序"), "a draft is not printed")
        #expect(page.contains("id=\"doc-QP-02-1-目的\"") && page.contains("href=\"#doc-QP-02-1-"), "anchors kept per document")
        #expect(page.contains("href=\"docs/QP-01.html\""), "links from the root")
        #expect(!page.contains("href=\"../") && !page.contains("src=\"../"))
        #expect(page.contains("@page d2 { @top-left { content: \"QP-01 文件控制程序\""))
        #expect(page.contains("size: A4"))
        #expect(!page.contains("qm-nav") && !page.contains("qm-search"), "no navigation")
        #expect(try fixture.page("index.html").contains("href=\"print.html\""))
    }

    @Test func paperComesFromSiteYml() throws {
        let fixture = try Self.site(["site.yml": "title: T\npaper: letter\n", "a.md": doc("QP-01", body: "x\n")])
        #expect(try fixture.page("print.html").contains("size: letter"))
        #expect(try fixture.page("docs/QP-01.html").contains("size: letter"))
        let bad = try FixtureManual(["site.yml": "title: T\n\npaper: B7\n", "a.md": doc("QP-01", body: "x\n")])
        let result = try bad.run("build", "--templates", QMarkBinary.templates)
        #expect(result.status == 1)
        #expect(result.stderr.contains("site.yml:3: error: unknown paper `B7`; use A4, A3, A5, letter, legal"), "\(result.stderr)")
    }

    /// The example manual printed by Chromium: A4, the cover, contents, then each document starting a
    /// page whose header names it.
    @Test func theExampleManualPrintsToPDF() async throws {
        let chromium = try #require(Browser.path, "chromium is not installed (make test-deps)")
        let pdftotext = try #require(["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                     "pdftotext is not installed (make test-deps installs poppler-utils)")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("qmark-print-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        #expect(try QMarkBinary.run(["build", "--source", "manual", "--output", output.path, "--templates", QMarkBinary.templates,
                                     "--today", ExampleSiteTests.today], in: QMarkBinary.packageRoot).status == 0)
        let pdf = output.appendingPathComponent("edition.pdf")
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("qmark-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let printed = try QMarkBinary.runTool(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)",
                                                         "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)",
                                                         output.appendingPathComponent("print.html").absoluteString], in: output)
        #expect(printed.status == 0, "\(printed.stderr)")
        let text = try QMarkBinary.runTool(pdftotext, ["-layout", pdf.path, "-"], in: output).stdout
        let pages = text.components(separatedBy: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        let manual = try await Pipeline.resolve(source: QMarkBinary.packageRoot.appendingPathComponent("manual"),
                                                options: Pipeline.Options(today: DayDate(ExampleSiteTests.today)!))
        let approved = manual.documents.filter { $0.isInForce && $0.type != .external }
        #expect(pages.count > approved.count + 2, "cover, contents, a page or more per document: \(pages.count) pages")
        #expect(pages[0].contains(manual.config.title) && pages[0].contains("打印件为非受控文件"))
        for document in approved {
            // The first page whose running header names the document starts with it.
            let page = try #require(pages.first { page in
                let header = page.split(separator: "\n").first ?? ""
                return header.contains("\(document.id) \(document.title)") && header.contains("· 已批准 ·")
            }, "no page is headed \(document.id)")
            #expect(page.split(separator: "\n").first?.contains("版本 \(document.revision ?? "—") · 已批准") == true, "\(document.id)'s header")
            #expect(page.contains("打印件为非受控文件"), "the notice on every page")
        }
        #expect(!text.contains("WI-05 静电防护作业指导书"), "a draft is not in the edition")
        let info = try QMarkBinary.runTool("/usr/bin/pdfinfo", [pdf.path], in: output).stdout
        #expect(info.contains("(A4)"), "\(info)")
    }
}
