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
            With --require-coverage, a clause of the standards named (default: site.yml's \
            `standard`) that is neither covered nor excluded is an error too \
            (`uncovered-clause`), listed with its title and the documents that map near it: \
            a merge check that refuses a change leaving a requirement without a document.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var source: SourceOptions
    @OptionGroup var history: HistoryOptions

    @Option(name: .long, help: "text or json.")
    var format: Format = .text

    @Flag(name: .long, help: "Treat warnings as errors.")
    var strict = false

    @Flag(name: .long, help: "A clause neither covered nor excluded is an error.")
    var requireCoverage = false

    @Flag(name: .long, help: "A revision in force whose approving commit is not signed with an allowed key of its approver (site.yml `allowed_signers`) is an error.")
    var requireSignedApprovals = false

    @Argument(help: ArgumentHelp("With --require-coverage: the standards to require (ids, or `all` for every standard the site shows).", valueName: "standard"))
    var standards: [String] = []

    func validate() throws {
        if !standards.isEmpty && !requireCoverage { throw ValidationError("standards are named only with --require-coverage") }
    }

    func execute() async throws {
        var manual = try await resolveManual(source, options: try history.options())
        if requireCoverage {
            let shown = manual.coverage.map(\.standard.id)
            let required = standards.isEmpty ? [manual.config.standard] : standards == ["all"] ? shown : standards
            for id in required where !shown.contains(id) {
                throw ValidationError("unknown standard \(id) for --require-coverage; the site shows: \(shown.joined(separator: ", "))")
            }
            manual.diagnostics += CoverageGate.gaps(manual, standards: required)
        }
        if requireSignedApprovals { manual.diagnostics += Resolver.unsignedApprovals(manual) }
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
