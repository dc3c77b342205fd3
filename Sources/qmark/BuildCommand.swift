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

    @Flag(name: .customLong("no-cache"), help: "Neither read nor write the build cache beside the output (.site.qmark-cache/), and remove it. The cache only saves time: the site is the same.")
    var noCache = false

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
        let start = Date()
        let outputURL = URL(fileURLWithPath: output)
        var options = try history.options()
        // An output inside the manual folder is not part of the manual.
        options.excluded = [outputURL]
        let cache = noCache ? nil : BuildCache(output: outputURL)
        if noCache { BuildCache(output: outputURL).clear() }
        options.cache = cache
        // Nothing to do when the inputs are those of the last build and its site is as it wrote it.
        var inputs: String?
        if let cache, let templateFolder = try? TemplateLocator.locate(explicit: templates, source: source.url) {
            options.sources = try await loadSources(source, options: options)
            inputs = await BuildInputs.fingerprint(options.sources!, source: source.url, templates: templateFolder, options: options)
            stageTimings?.record("load+fingerprint", since: start)
            if let inputs, let last = cache.lastBuild(output: outputURL), last.inputs == inputs {
                if options.history { for note in last.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) } }
                try report(last.diagnostics)
                print("\(output)/ is up to date: nothing changed since the last build (\(last.pages) pages for \(last.documents) documents, checked in \(String(format: "%.2f", Date().timeIntervalSince(start))) s)")
                if let stageTimings { FileHandle.standardError.write(Data("timings: \(stageTimings.summary)\n".utf8)) }
                return
            }
        }
        let manual = try await resolveManual(source, options: options, timings: stageTimings)
        try report(manual.diagnostics)
        do {
            let templateFolder = try TemplateLocator.locate(explicit: templates, source: source.url)
            let report = try await SiteBuilder.build(manual, source: source.url, output: outputURL, templates: templateFolder,
                                                  lock: lock, cache: cache, timings: stageTimings)
            if let cache, let inputs {
                cache.recordBuild(inputs: inputs, diagnostics: manual.diagnostics, notes: [manual.history.notice].compactMap { $0 } + manual.notes,
                                  pages: report.pages, documents: manual.documents.count, output: outputURL)
            }
            print("built \(report.pages) pages for \(manual.documents.count) documents into \(output)/ in \(String(format: "%.2f", report.seconds)) s")
            if let stageTimings { FileHandle.standardError.write(Data("timings: \(stageTimings.summary)\n".utf8)) }
        } catch {
            DiagnosticPrinter().fail(error, then: "build failed; \(output)/ was left as it was")
            throw ExitCode(1)
        }
    }

    /// Prints the findings; a manual with errors (or, with `--strict`, warnings) stops the build.
    private func report(_ diagnostics: [Diagnostic]) throws {
        DiagnosticPrinter().print(diagnostics.strict(strict))
        if diagnostics.hasErrors || (strict && !diagnostics.isEmpty) {
            FileHandle.standardError.write(Data("build failed; \(output)/ was left as it was\n".utf8))
            throw ExitCode(1)
        }
    }
}
