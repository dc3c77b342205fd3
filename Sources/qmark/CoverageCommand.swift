import ArgumentParser
import Foundation
import QMarkCore

struct CoverageCommand: QMarkSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Print the clause-coverage matrix.",
        discussion: """
            A clause is excluded (site.yml exclusions), covered (mapped by an approved document, \
            itself or through an ancestor, or all of its children covered or excluded), partial \
            (some sub-clause covered) or uncovered. --format json prints what api/coverage.json holds; \
            --format xlsx writes the workbook api/qmark.xlsx holds (the matrix per standard, with --standard \
            that one only, the register, the records and the revision log) to standard output.
            With --transition, the move to a new edition instead: for each standard the site shows \
            whose catalogue declares `supersedes:` (or the one --standard names), each clause of the new \
            edition with the old clauses it takes over and the documents to review, the new requirements, \
            the withdrawn clauses and what each document's clauses became (text, csv or json).
            Exits 1 when the manual has errors, since coverage would not be trustworthy.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, csv, json, xlsx }

    @OptionGroup var source: SourceOptions
    @OptionGroup var history: HistoryOptions

    @Option(name: .long, help: "text, csv, json or xlsx (a workbook, written to standard output: redirect it to a file).")
    var format: Format = .text

    @Option(name: .long, help: ArgumentHelp("This standard (e.g. iso14001-2015), or `all` for every standard the site shows; default: site.yml's `standard`.", valueName: "id"))
    var standard: String?

    @Flag(name: .long, help: "The transition to a new edition of a standard (its catalogue has `supersedes:` and `map:`).")
    var transition = false

    func validate() throws {
        if transition && format == .xlsx { throw ValidationError("--transition prints text, csv or json; the workbook holds the matrices") }
    }

    func execute() async throws {
        // The revision in force on the day (`--today`, `--at`) is what covers a clause.
        let manual = try await resolveManual(source, options: try history.options())
        if manual.diagnostics.hasErrors {
            DiagnosticPrinter().print(manual.diagnostics.filter { $0.severity == .error })
            throw ExitCode(1)
        }
        if let standard, standard != "all", manual.standard(standard) == nil {
            throw ValidationError("unknown standard \(standard); known: \(manual.standards.map(\.id).joined(separator: ", "))")
        }
        if transition {
            try printTransition(manual)
            return
        }
        switch format {
        case .text: print(CoverageReport.text(manual, standard: standard), terminator: "")
        case .csv: print(CoverageReport.csv(manual, standard: standard), terminator: "")
        case .json: print(String(decoding: try APIDocuments.coverageJSON(manual), as: UTF8.self))
        case .xlsx:
            guard isatty(STDOUT_FILENO) == 0 else {
                throw ValidationError("a workbook is not for the terminal: redirect it, e.g. qmark coverage --format xlsx > coverage.xlsx")
            }
            FileHandle.standardOutput.write(try APIDocuments.workbook(manual, standard: standard))
        }
    }

    private func printTransition(_ manual: Manual) throws {
        if let standard, standard != "all", manual.standard(standard)?.edition == nil {
            throw ValidationError("\(standard) declares no edition it replaces; a new edition's catalogue has `supersedes: <old id>` and `map:`")
        }
        let transitions = CoverageReport.transitions(manual, standard: standard)
        guard !transitions.isEmpty else {
            throw ValidationError("no standard the site shows replaces another edition: add the new edition's catalogue to standards/ with `supersedes:` and `map:`, and its id to site.yml `standards:`")
        }
        let language = manual.config.language
        switch format {
        case .text: print(CoverageReport.transitionText(transitions, language: language), terminator: "")
        case .csv: print(CoverageReport.transitionCSV(transitions, language: language), terminator: "")
        case .json: print(String(decoding: try APIDocuments.transitionJSON(transitions, language: language), as: UTF8.self))
        case .xlsx: preconditionFailure("refused by validate()")
        }
    }
}
