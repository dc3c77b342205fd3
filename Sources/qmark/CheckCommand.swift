import ArgumentParser
import Foundation
import QMarkCore

struct CheckCommand: QMarkSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the manual without writing anything.",
        discussion: """
            Prints every error and warning as `path:line: severity: message`, paths relative to \
            the manual. With --format json, prints an array of \
            {severity, code, file, line, message} on standard output instead.
            Exits 1 when there is an error (or, with --strict, a warning).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var source: SourceOptions
    @OptionGroup var history: HistoryOptions

    @Option(name: .long, help: "text or json.")
    var format: Format = .text

    @Flag(name: .long, help: "Treat warnings as errors.")
    var strict = false

    func execute() async throws {
        let manual = try await resolveManual(source, options: try history.options())
        switch format {
        case .text:
            DiagnosticPrinter().print(manual.diagnostics.strict(strict))
            if manual.diagnostics.isEmpty {
                print("\(manual.documents.count) documents checked: no errors, no warnings")
            }
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(manual.diagnostics.strict(strict)), as: UTF8.self))
        }
        if manual.diagnostics.hasErrors || (strict && !manual.diagnostics.isEmpty) { throw ExitCode(1) }
    }
}
