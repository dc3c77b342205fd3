import ArgumentParser
import Foundation
import QMarkCore

struct RenderCommand: QMarkSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print the HTML of one document's body (no page around it).",
        discussion: """
            Front-matter is skipped. Links to other documents are resolved against the manual \
            in --source when the file is inside it, and written as seen from a document page.
            """)

    @OptionGroup var source: SourceOptions

    @Argument(help: ArgumentHelp("The Markdown file.", valueName: "file.md"))
    var file: String

    func execute() async throws {
        let fileURL = URL(fileURLWithPath: file)
        guard FileManager.default.fileExists(atPath: fileURL.path) else {
            throw ValidationError("no such file: \(file)")
        }
        var manual: Manual?
        if FileManager.default.fileExists(atPath: source.url.path) {
            manual = try? await Pipeline.resolve(source: source.url)
        }
        let (html, diagnostics) = try Pipeline.renderBody(file: fileURL, manual: manual, manualRoot: manual == nil ? nil : source.url)
        DiagnosticPrinter().print(diagnostics)
        if diagnostics.hasErrors { throw ExitCode(1) }
        FileHandle.standardOutput.write(Data(html.utf8))
    }
}
