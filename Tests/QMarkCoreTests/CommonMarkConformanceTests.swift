import Ccmark
import Foundation
import Testing
@testable import QMarkCore

/// Every CommonMark 0.30 example, as a document body, renders through QMark's Markdown reader exactly as
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

    /// Examples whose raw HTML block is a table and nothing else, which passes (as `qmark import` writes merged cells),
    /// dressed as the site's tables are.
    static let plainTables: Set<Int> = [149, 160]

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

    /// A body as `qmark render` reads it — after four lines of front-matter, in a manual where no
    /// other document exists — through the library.
    static func render(_ markdown: String) -> (html: String, problems: [BodyProblem]) {
        let nothing = BodyLinker(document: { _ in nil }, asset: { _, _ in nil })
        let output = MarkdownBody.render(markdown, options: MarkdownOptions(lineOffset: 4), linker: nothing)
        return (output.html, output.problems)
    }

    static func withoutAnchors(_ html: String) -> String {
        html.replacing(/<h([1-6]) id="[^"]*">/) { "<h\($0.output.1)>" }
    }

    @Test func allExamplesAreLoaded() {
        #expect(Self.examples.count == 652)
    }

    @Test(arguments: examples)
    func rendersAsLibcmarkDoes(_ example: Example) throws {
        let (html, problems) = Self.render(example.markdown)
        let errors = problems.filter { $0.severity == .error }
        if Self.documentLinkSyntax.contains(example.example) {
            #expect(errors.contains { $0.line == 5 && $0.message.hasPrefix("link to missing document") }, "\(problems)")
            return
        }
        #expect(errors.isEmpty, "\(errors)")
        let withoutAnchors = Self.withoutAnchors(html)
        if Self.autolinkExtension.contains(example.example) {
            #expect(withoutAnchors != Self.libcmark(example.markdown))
            #expect(GFMOracle.comparable(withoutAnchors) == (try GFMOracle.render(example.markdown, unsafe: false)))
        } else if Self.plainTables.contains(example.example) {
            let dressed = Self.libcmark(example.markdown, unsafe: true)
                .replacingOccurrences(of: "<table>", with: "<div class=\"qm-table-wrap\"><table class=\"qm-table\">")
                .replacingOccurrences(of: "</table>", with: "</table></div>")
            #expect(withoutAnchors == dressed)
        } else if Self.harmlessTags.contains(example.example) {
            #expect(withoutAnchors == Self.libcmark(example.markdown, unsafe: true))
        } else {
            #expect(withoutAnchors == Self.libcmark(example.markdown))
        }
    }

    static let folder: FixtureManual = try! FixtureManual([:])

    /// A few examples through the real `qmark render`: the command prints what the library renders,
    /// and exits 1 with the file and line for a link to a missing document.
    @Test(arguments: [1, 42, 483, 601])
    func theCommandPrintsWhatTheLibraryRenders(number: Int) throws {
        let example = try #require(Self.examples.first { $0.example == number })
        let path = "ex\(number)/example.md"
        try Self.folder.write(path, "---\nid: EX-\(number)\ntitle: Example\n---\n" + example.markdown)
        let result = try Self.folder.run("render", "--source", "manual/ex\(number)", "manual/\(path)")
        if Self.documentLinkSyntax.contains(number) {
            #expect(result.status == 1)
            #expect(result.stderr.contains("example.md:5: error: link to missing document"))
        } else {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == Self.render(example.markdown).html)
        }
    }
}
