import Ccmark
import Foundation
import Testing
@testable import QMarkCore

/// Every CommonMark 0.30 example, as a document body, renders through `qmark render` exactly as
/// libcmark's own safe rendering does — heading `id` attributes aside — except where GFM reads
/// it otherwise (a bare URL is a link there), when it renders as `cmark-gfm` does, and where it
/// holds one of the harmless inline tags QMark lets through.
@Suite struct CommonMarkConformanceTests {
    struct Example: Decodable, Sendable, CustomTestStringConvertible {
        var example: Int
        var section: String
        var markdown: String
        var testDescription: String { "example \(example) (\(section))" }
    }

    static let examples: [Example] = {
        let url = QMarkBinary.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures/commonmark-spec-0.30.json")
        let bundled = QMarkBinary.packageRoot.appendingPathComponent("Tests/Fixtures/commonmark-spec-0.30.json")
        let data = (try? Data(contentsOf: url)) ?? (try? Data(contentsOf: bundled)) ?? Data("[]".utf8)
        return (try? JSONDecoder().decode([Example].self, from: data)) ?? []
    }()

    /// Examples whose text is QMark's own document-link syntax: `[[foo]]` and a link to `./target.md`
    /// name documents that do not exist, which a manual must report as an error.
    static let documentLinkSyntax: Set<Int> = [483, 547, 589]

    /// Examples that GFM's autolink extension reads otherwise than CommonMark.
    static let autolinkExtension: Set<Int> = [601, 605, 607, 610, 611]

    /// Examples whose raw HTML is only harmless inline tags, which pass as libcmark passes raw HTML when allowed.
    static let harmlessTags: Set<Int> = [168]

    /// What libcmark itself renders with its default (safe) options.
    static func libcmark(_ markdown: String, unsafe: Bool = false) -> String {
        var text = markdown
        return text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                guard let html = cmark_markdown_to_html(chars.baseAddress, chars.count, unsafe ? CMARK_OPT_UNSAFE : CMARK_OPT_DEFAULT) else { return "" }
                defer { free(html) }
                return String(cString: html)
            }
        }
    }

    static let folder: FixtureManual = try! FixtureManual([:])

    @Test func allExamplesAreLoaded() {
        #expect(Self.examples.count == 652)
    }

    @Test(arguments: examples)
    func rendersAsLibcmarkDoes(_ example: Example) throws {
        let folder = "ex\(example.example)"
        let path = "\(folder)/example.md"
        try Self.folder.write(path, "---\nid: EX-\(example.example)\ntitle: Example\n---\n" + example.markdown)
        let result = try Self.folder.run("render", "--source", "manual/\(folder)", "manual/\(path)")
        if Self.documentLinkSyntax.contains(example.example) {
            #expect(result.status == 1)
            #expect(result.stderr.contains("example.md:5: error: link to missing document"))
            return
        }
        #expect(result.status == 0, "\(result.stderr)")
        let withoutAnchors = result.stdout.replacing(/<h([1-6]) id="[^"]*">/) { "<h\($0.output.1)>" }
        if Self.autolinkExtension.contains(example.example) {
            #expect(withoutAnchors != Self.libcmark(example.markdown))
            #expect(GFMOracle.comparable(withoutAnchors) == (try GFMOracle.render(example.markdown, unsafe: false)))
        } else if Self.harmlessTags.contains(example.example) {
            #expect(withoutAnchors == Self.libcmark(example.markdown, unsafe: true))
        } else {
            #expect(withoutAnchors == Self.libcmark(example.markdown))
        }
    }
}
