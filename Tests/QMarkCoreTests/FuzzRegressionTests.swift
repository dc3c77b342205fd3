import Foundation
import Testing
@testable import QMarkCore

/// Every input `make fuzz` found a fault with, kept in `Tests/Fixtures/fuzz/TARGET/` and run
/// through the same calls as its fuzz target, plus the readable case each one taught.
@Suite struct FuzzRegressionTests {
    static func inputs(_ target: String) -> [String] {
        let folder = QMarkBinary.packageRoot.appendingPathComponent("Tests/Fixtures/fuzz/\(target)")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
            .map { folder.appendingPathComponent($0).path }
    }

    static let linker = BodyLinker(document: { reference in
        if case .id(let id) = reference, id.hasPrefix("QP") { return LinkTarget(id: id, href: "\(id).html", label: id) }
        return nil
    }, asset: { _, _ in nil })

    @Test(arguments: inputs("markdown"))
    func markdown(path: String) throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        _ = DocumentParser().parse(SourceFile(path: "fuzz.md", data: bytes))
        let text = String(decoding: bytes, as: UTF8.self)
        // A body is read with its line ends folded, whoever hands it over: CR alone ends a line as LF does.
        let folded = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        #expect(MarkdownBody.render(text, options: MarkdownOptions(), linker: Self.linker).html
                == MarkdownBody.render(folded, options: MarkdownOptions(), linker: Self.linker).html)
    }

    /// A lone CR inside a table row: libcmark ends the line there, so the row ends there too, and
    /// no cell can hold a second line that opens a block (whose nodes were then left unattached).
    @Test func aLoneCarriageReturnEndsATableRow() {
        let cr = MarkdownBody.render("| a | b |\r|---|---|\r| x | y\r> quote |\r", options: MarkdownOptions(), linker: Self.linker).html
        let lf = MarkdownBody.render("| a | b |\n|---|---|\n| x | y\n> quote |\n", options: MarkdownOptions(), linker: Self.linker).html
        #expect(cr == lf)
        #expect(cr.contains("<td>y</td>") && cr.contains("<blockquote>"))
    }
}
