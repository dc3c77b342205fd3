import ArgumentParser
import Foundation
import QMarkCore

struct ChangesCommand: QMarkSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract: "List documents added, revised, withdrawn or edited since a git commit.",
        discussion: """
            Compares the manual as it is now with the manual at --since (a commit, tag or branch): \
            added, revised (new `revision`), withdrawn (now obsolete), edited (content changed \
            without a new revision) and removed documents, with the commits and the pages of the \
            revisions' redlines. For "changes since the last audit": tag the audited commit and \
            run `qmark changes --since audit-2025`.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, markdown, json }

    @OptionGroup var source: SourceOptions

    @Option(name: .long, help: ArgumentHelp("The git commit, tag or branch to compare with.", valueName: "ref"))
    var since: String

    @Option(name: .long, help: "text, markdown or json.")
    var format: Format = .text

    @Option(name: .customLong("site-url"), help: ArgumentHelp("Prefix for links to pages (e.g. https://qms.example.com/), so that they work outside the site.", valueName: "url"))
    var siteURL: String = ""

    func execute() async throws {
        let manual = try await resolveManual(source)
        guard manual.history.repository != nil, manual.history.notice == nil else {
            DiagnosticPrinter().fail(message: manual.history.notice ?? "no git history")
            throw ExitCode(1)
        }
        let report: ChangeReport
        do {
            report = try await ChangeReport.since(since, manual: manual)
        } catch let failure as GitRepository.Failure {
            if case .unknownRevision = failure { throw ValidationError(failure.localizedDescription) }
            DiagnosticPrinter().fail(failure)
            throw ExitCode(1)
        }
        switch format {
        case .text: print(report.text(siteURL: siteURL), terminator: "")
        case .markdown: print(report.markdown(siteURL: siteURL), terminator: "")
        case .json: print(String(decoding: try report.json(siteURL: siteURL), as: UTF8.self))
        }
    }
}
