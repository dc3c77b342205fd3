import ArgumentParser
import Foundation
import QMarkCore

/// `qmark`: the living quality manual, from Markdown to a cross-referenced site.
struct QMarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qmark",
        abstract: "Turn a folder of Markdown quality documents into a cross-referenced website.",
        discussion: """
            A manual is a folder (default: manual/) of Markdown files that open with YAML \
            front-matter (id, title, type, revision, status, clauses …), plus site.yml.

            Typical use:
              qmark serve                 live preview: every save shows at once in the browser
              qmark check                 find every error, with file and line
              qmark build                 render manual/ into site/
              qmark coverage              which clauses of the manual's standard are covered
              qmark init                  start a new manual
              qmark adopt docs/           add front-matter to Markdown you already have
              qmark changes --since v1    what changed since a commit or tag

            Exit status: 0 success, 1 errors in the manual, 2 wrong usage.
            """,
        subcommands: [BuildCommand.self, CheckCommand.self, RenderCommand.self, CoverageCommand.self, ChangesCommand.self,
                      InitCommand.self, NewCommand.self, AdoptCommand.self, ImportCommand.self, ServeCommand.self, UpdateBenchmarkCommand.self])
}

/// The `--source` option every command takes.
struct SourceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The manual folder.", valueName: "dir"))
    var source: String = "manual"

    var url: URL { URL(fileURLWithPath: source) }
}

/// Options about history and time, shared by `build` and `check`.
struct HistoryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Use the manual as it stood at this git commit, tag or branch, read from git (the work tree is not touched).", valueName: "ref"))
    var at: String?

    @Flag(name: .customLong("no-history"), help: "Do not read revision history from git.")
    var noHistory = false

    @Option(name: .long, help: ArgumentHelp("The date to check periodic reviews against (default: today).", valueName: "yyyy-mm-dd"))
    var today: String?

    func options() throws -> Pipeline.Options {
        var options = Pipeline.Options(history: !noHistory, at: at)
        if let today {
            guard let date = DayDate(today) else { throw ValidationError("--today takes a date as YYYY-MM-DD, e.g. 2026-03-01") }
            options.today = date
        }
        return options
    }
}

/// Reads the manual's files, printing a failure as `resolveManual` does.
func loadSources(_ source: SourceOptions, options: Pipeline.Options) async throws -> ManualSources {
    do {
        return try await Pipeline.loadSources(source: source.url, options: options)
    } catch GitRepository.Failure.unknownRevision(let ref) {
        throw ValidationError(GitRepository.Failure.unknownRevision(ref).localizedDescription)
    } catch {
        DiagnosticPrinter().fail(error)
        throw ExitCode(1)
    }
}

/// Loads the manual, printing a load failure as one line and exiting 1, and a missing history as a note.
func resolveManual(_ source: SourceOptions, options: Pipeline.Options = Pipeline.Options(), timings: StageTimings? = nil) async throws -> Manual {
    let manual: Manual
    do {
        manual = try await Pipeline.resolve(source: source.url, options: options, timings: timings)
    } catch GitRepository.Failure.unknownRevision(let ref) {
        // A ref that names no commit is wrong usage, as in `changes --since`.
        throw ValidationError(GitRepository.Failure.unknownRevision(ref).localizedDescription)
    } catch {
        DiagnosticPrinter().fail(error)
        throw ExitCode(1)
    }
    if options.history {
        for notice in [manual.history.notice].compactMap({ $0 }) + manual.notes {
            FileHandle.standardError.write(Data("note: \(notice)\n".utf8))
        }
    }
    return manual
}

/// A subcommand's work. `main.swift` calls it directly so that exit codes stay ours.
protocol QMarkSubcommand: AsyncParsableCommand {
    func execute() async throws
}

extension QMarkSubcommand {
    func run() async throws { try await execute() }
}
