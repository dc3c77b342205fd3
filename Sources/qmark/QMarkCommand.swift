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
              qmark check                 find every error, with file and line
              qmark build                 render manual/ into site/
              qmark coverage              which ISO 9001 clauses are covered

            Exit status: 0 success, 1 errors in the manual, 2 wrong usage.
            """,
        subcommands: [BuildCommand.self, CheckCommand.self, RenderCommand.self, CoverageCommand.self])
}

/// The `--source` option every command takes.
struct SourceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The manual folder.", valueName: "dir"))
    var source: String = "manual"

    var url: URL { URL(fileURLWithPath: source) }
}

/// Loads the manual, printing a load failure as one line and exiting 1.
func resolveManual(_ options: SourceOptions, timings: StageTimings? = nil) async throws -> Manual {
    do {
        return try await Pipeline.resolve(source: options.url, timings: timings)
    } catch {
        FileHandle.standardError.write(Data("error: \(error.localizedDescription)\n".utf8))
        throw ExitCode(1)
    }
}

/// A subcommand's work. `main.swift` calls it directly so that exit codes stay ours.
protocol QMarkSubcommand: AsyncParsableCommand {
    func execute() async throws
}

extension QMarkSubcommand {
    func run() async throws { try await execute() }
}
