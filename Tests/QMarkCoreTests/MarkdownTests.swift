import Foundation
import Testing
@testable import QMarkCore

@Suite struct MarkdownBodyTests {
    /// A linker that knows QP-05 at procedures/QP-05.md and one asset.
    let linker = BodyLinker(
        document: { reference in
            switch reference {
            case .id("QP-05"), .path("procedures/QP-05.md"): return LinkTarget(id: "QP-05", href: "../docs/QP-05.html", label: "QP-05 文件控制程序")
            default: return nil
            }
        },
        asset: { path, _ in path == "procedures/img/flow.svg" ? "../files/procedures/img/flow.svg" : nil })

    func render(_ markdown: String, unsafe: Bool = false) -> MarkdownOutput {
        MarkdownBody.render(markdown, options: MarkdownOptions(unsafeHTML: unsafe, sourceDirectory: "procedures"), linker: linker)
    }

    @Test func shortFormLinkShowsIdAndTitle() {
        let output = render("See [[QP-05]] now.\n")
        #expect(output.html == "<p>See <a href=\"../docs/QP-05.html\">QP-05 文件控制程序</a> now.</p>\n")
        #expect(output.links == [BodyLink(reference: .id("QP-05"), line: 1, showsTitle: true)])
    }

    @Test func shortFormWithLabel() {
        #expect(render("[[QP-05|the procedure]]\n").html == "<p><a href=\"../docs/QP-05.html\">the procedure</a></p>\n")
    }

    @Test func relativeLinkToSourceFileResolvesWithFragment() {
        let output = render("[文件控制](QP-05.md#scope) and [up](../procedures/QP-05.md)\n")
        #expect(output.html == "<p><a href=\"../docs/QP-05.html#scope\">文件控制</a> and <a href=\"../docs/QP-05.html\">up</a></p>\n")
        #expect(output.links.map(\.reference) == [.path("procedures/QP-05.md"), .path("procedures/QP-05.md")])
    }

    @Test func linksInsideCodeAreLeftAlone() {
        let output = render("`[[QP-99]]`\n\n```\n[[QP-98]] [x](QP-97.md)\n```\n\n    [[QP-96]]\n")
        #expect(output.links.isEmpty)
        #expect(output.problems.isEmpty)
        #expect(output.html.contains("<code>[[QP-99]]</code>"))
        #expect(output.html.contains("[[QP-98]]"))
    }

    @Test func missingDocumentIsAnErrorWithItsLine() {
        let output = render("Intro.\n\nSecond paragraph\nwith [[QP-404]] on line four.\n")
        #expect(output.problems.count == 1)
        #expect(output.problems.first?.severity == .error)
        #expect(output.problems.first?.line == 4)
        #expect(output.problems.first?.message.contains("QP-404") == true)
    }

    @Test func missingRelativeTargetIsAnError() {
        let output = render("[x](QP-77.md)\n")
        #expect(output.problems.map(\.code) == [.brokenLink])
    }

    @Test func assetLinksPointIntoFiles() {
        let output = render("![flow](img/flow.svg)\n")
        #expect(output.html == "<p><img src=\"../files/procedures/img/flow.svg\" alt=\"flow\" /></p>\n")
        #expect(output.assets == [AssetLink(path: "procedures/img/flow.svg", line: 1, isImage: true)])
    }

    @Test func rawHTMLIsOmittedUnlessAllowed() {
        let hostile = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) <b onclick=x>bold</b>\n"
        let safe = render(hostile).html
        #expect(!safe.contains("<script"))
        #expect(!safe.contains("onerror"))
        #expect(!safe.contains("onclick"))
        #expect(!safe.contains("javascript:"))
        #expect(safe.contains("<!-- raw HTML omitted -->"))
        #expect(safe.contains("<a href=\"\">click</a>"))
        let unsafe = render("<b>bold</b>\n", unsafe: true).html
        #expect(unsafe == "<p><b>bold</b></p>\n")
    }

    @Test func pipeTableWithAlignmentAndInlineMarkdown() {
        let html = render("```table\n| 项目 | 要求 |\n|:---|:---:|\n| **a** | [[QP-05]] |\n| b \\| c | 2 |\n```\n").html
        #expect(html.contains("<th style=\"text-align: left\">项目</th>"))
        #expect(html.contains("<th style=\"text-align: center\">要求</th>"))
        #expect(html.contains("<td style=\"text-align: left\"><strong>a</strong></td>"))
        #expect(html.contains("<a href=\"../docs/QP-05.html\">QP-05 文件控制程序</a>"))
        #expect(html.contains("<td style=\"text-align: left\">b | c</td>"))
        #expect(!html.contains("<pre>"))
    }

    @Test func csvTableIsPlainEscapedText() {
        let html = render("```csv\nname,value\n\"a, b\",<x>\n*c*,2\n```\n").html
        #expect(html.contains("<th>name</th>"))
        #expect(html.contains("<td>a, b</td>"))
        #expect(html.contains("<td>&lt;x&gt;</td>"))
        #expect(html.contains("<td>*c*</td>"))
    }

    @Test func malformedTableStaysCodeWithAWarning() {
        let output = render("Intro\n\n```table\n| a | b |\n| 1 | 2 |\n```\n")
        #expect(output.html.contains("<pre><code class=\"language-table\">"))
        #expect(output.problems.map(\.code) == [.malformedTable])
        #expect(output.problems.first?.severity == .warning)
        #expect(output.problems.first?.line == 5)
    }

    @Test func otherFencedBlocksStayCode() {
        #expect(render("```swift\nlet x = 1\n```\n").html == "<pre><code class=\"language-swift\">let x = 1\n</code></pre>\n")
    }

    @Test func headingsGetUniqueAnchorsInTheirOwnScript() {
        let output = render("# 目的\n\n## Scope and purpose\n\n## Scope and purpose\n\n### 4.1 *标识*\n")
        #expect(output.headings.map(\.anchor) == ["目的", "scope-and-purpose", "scope-and-purpose-1", "41-标识"])
        #expect(output.html.contains("<h1 id=\"目的\">目的</h1>\n"))
        #expect(output.html.contains("<h3 id=\"41-标识\">4.1 <em>标识</em></h3>\n"))
    }
}

@Suite struct SearchIndexTests {
    @Test func plainTextDropsTagsAndDecodesEntities() {
        let html = "<h2 id=\"x\">1 目的</h2>\n<p>A &amp; B &lt;tag&gt; <a href=\"y\">link</a></p>\n<pre><code>x &quot;y&quot;\n</code></pre>\n"
        #expect(SearchIndex.plainText(fromHTML: html) == "1 目的 A & B <tag> link x \"y\"")
    }

    /// Every Unicode white space folds to one space, whatever its width; other characters, emoji
    /// and unknown entities stay as written.
    @Test func plainTextFoldsUnicodeWhiteSpace() {
        let html = "<p>\u{3000}质量\u{3000}\u{A0}方针\u{2003}\u{202F}x\u{2028}y\u{85}z 😀 &#39;a&#39; &bogus;</p>\n"
        #expect(SearchIndex.plainText(fromHTML: html) == "质量 方针 x y z 😀 'a' &bogus;")
    }

    @Test func indexIsScripts() throws {
        let fixture = try FixtureManual(["a.md": doc("QP-1", title: "焊接", body: "正文包含 GS1 条码。\n\n## 2 检验\n\n首件检验。\n")])
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        #expect(try fixture.page("search/index.js").hasPrefix("QMARK_SEARCH.manifest({"))
        let entry = try fixture.page("search/d/0.js")
        #expect(entry.hasPrefix("QMARK_SEARCH.doc(0,{"))
        #expect(entry.contains("[\"\",\"\",\"正文包含 GS1 条码。\"],[\"2 检验\",\"2-检验\",\"首件检验。\"]"))
        #expect(entry.contains("\"url\":\"docs/QP-1.html\""))
        let folder = fixture.site.appendingPathComponent("search/s")
        let shards = try FileManager.default.contentsOfDirectory(atPath: folder.path).map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
        #expect(shards.allSatisfy { $0.hasPrefix("QMARK_SEARCH.shard(") })
        #expect(shards.contains { $0.contains("\"首件\":") } && shards.contains { $0.contains("\"gs1\":") })
        #expect(try fixture.page("search.html").contains("assets/search.js"))
    }

    @Test func termsArePairsWordsClauseNumbersAndIds() {
        let terms = SearchTerms.strings(in: "QP-08 质量方针; audits 8.5.2. process GS1")
        #expect(terms == ["qp", "08", "qp08", "质", "量", "方", "针", "质量", "质_方", "量方", "量_针", "方针", "audit", "8.5.2", "process", "gs1"])
        #expect(SearchTerms.joinedID("QR-19-01") == "qr1901")
    }

    /// The same hash as the page's script: FNV-1a over UTF-16 code units (values computed by
    /// `hash` of assets/search.js in a JavaScript engine), also beyond the Basic Multilingual Plane.
    @Test func termHashIsTheScriptsHash() {
        #expect(SearchTerms.hash("a") == 0xe40c292c)
        #expect(SearchTerms.hash("质量") == 0x64bd3008)
        #expect(SearchTerms.hash("𠀋x") == 0x3df7c30c)
    }

    @Test func sectionsFollowHeadings() {
        let sections = SearchIndex.sections(ofHTML: "<p>前言</p>\n<h2 id=\"1-目的\">1 目的</h2>\n<p>规定。</p>\n<h3>无锚</h3><p>x</p>")
        #expect(sections == [.init(heading: "", anchor: "", text: "前言"), .init(heading: "1 目的", anchor: "1-目的", text: "规定。"),
                             .init(heading: "无锚", anchor: "", text: "x")])
    }
}

