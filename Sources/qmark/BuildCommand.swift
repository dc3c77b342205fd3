import ArgumentParser
import Foundation
import QMarkCore

struct BuildCommand: QMarkSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Check the manual and render the whole site.",
        discussion: """
            The site is written to a temporary folder and swapped into place only when the \
            whole build succeeded: on any error nothing is written and the previous site stays \
            exactly as it was. Warnings are printed but do not stop the build (see --strict).
            """)

    @OptionGroup var source: SourceOptions
    @OptionGroup var history: HistoryOptions

    @Option(name: .long, help: ArgumentHelp("Where to write the site.", valueName: "dir"))
    var output: String = "site"

    @Option(name: .long, help: ArgumentHelp("The Mustache templates and stylesheet (default: templates/ beside the manual, else ./templates, else the ones installed with qmark).", valueName: "dir"))
    var templates: String?

    @Flag(name: .long, help: "Treat warnings as errors.")
    var strict = false

    @Flag(name: .long, help: "Print how long each stage took.")
    var timings = false

    @Flag(name: .long, help: "When another build is writing into the same output, wait for it (default: fail at once).")
    var wait = false

    func execute() async throws {
        let stageTimings = timings ? StageTimings() : nil
        // The output's lock is held from the start: two builds never interleave, and a site a killed
        // build left aside is put back before anything else happens.
        let lock: BuildLock
        do {
            lock = try BuildLock(for: URL(fileURLWithPath: output), wait: wait)
        } catch {
            DiagnosticPrinter().fail(error)
            throw ExitCode(1)
        }
        defer { lock.release() }
        var options = try history.options()
        options.cache = URL(fileURLWithPath: output)
        // An output inside the manual folder is not part of the manual.
        options.excluded = [URL(fileURLWithPath: output)]
        let manual = try await resolveManual(source, options: options, timings: stageTimings)
        let printer = DiagnosticPrinter()
        printer.print(manual.diagnostics.strict(strict))
        if manual.diagnostics.hasErrors || (strict && !manual.diagnostics.isEmpty) {
            FileHandle.standardError.write(Data("build failed; \(output)/ was left as it was\n".utf8))
            throw ExitCode(1)
        }
        do {
            let templateFolder = try TemplateLocator.locate(explicit: templates, source: source.url)
            let report = try await SiteBuilder.build(manual, source: source.url, output: URL(fileURLWithPath: output), templates: templateFolder,
                                                  lock: lock, timings: stageTimings)
            print("built \(report.pages) pages for \(manual.documents.count) documents into \(output)/ in \(String(format: "%.2f", report.seconds)) s")
            if let stageTimings { FileHandle.standardError.write(Data("timings: \(stageTimings.summary)\n".utf8)) }
        } catch {
            DiagnosticPrinter().fail(error, then: "build failed; \(output)/ was left as it was")
            throw ExitCode(1)
        }
    }
}
