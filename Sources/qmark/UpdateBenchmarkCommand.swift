import ArgumentParser
import Foundation
import QMarkCore

/// `qmark update-benchmark`: how long the preview's update takes after one edit (used by `make bench`).
struct UpdateBenchmarkCommand: QMarkSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "update-benchmark",
        abstract: "Time the in-place update of a site after one document is edited (for make bench).",
        discussion: """
            Builds the manual into --output, then edits the document given (appends a line to its \
            body, then takes it away again) --runs times, timing each update. The document is \
            left as it was. Prints the times in milliseconds and their median.
            """,
        shouldDisplay: false)

    @OptionGroup var source: SourceOptions

    @Option(name: .long, help: ArgumentHelp("Where to build.", valueName: "dir"))
    var output: String

    @Option(name: .long, help: ArgumentHelp("The templates.", valueName: "dir"))
    var templates: String = "templates"

    @Option(name: .long, help: ArgumentHelp("The document to edit, relative to the manual.", valueName: "path"))
    var edit: String

    @Option(name: .long, help: "How many edits to time.")
    var runs = 5

    func execute() async throws {
        let live = LiveSite(source: source.url, output: URL(fileURLWithPath: output), templates: URL(fileURLWithPath: templates))
        let first = try await live.update()
        guard first.built else {
            DiagnosticPrinter().print(first.diagnostics)
            throw ExitCode(1)
        }
        let file = source.url.appendingPathComponent(edit)
        let original = try Data(contentsOf: file)
        defer { try? original.write(to: file) }
        var times: [Double] = []
        for run in 0..<runs {
            var edited = original
            edited.append(Data("\nEdited for timing, run \(run).\n".utf8))
            try edited.write(to: file)
            let update = try await live.update(changed: [edit])
            times.append(update.seconds * 1000)
            print(String(format: "update %d: %.1f ms, %d page(s) rendered, %d file(s) written", run + 1, update.seconds * 1000, update.rendered, update.written.count))
        }
        try original.write(to: file)
        _ = try await live.update(changed: [edit])
        let median = times.sorted()[times.count / 2]
        print(String(format: "first build %.2f s; median update %.1f ms", first.seconds, median))
    }
}
