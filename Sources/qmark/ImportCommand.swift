import ArgumentParser
import Foundation
import QMarkCore

struct ImportCommand: QMarkSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn Word procedures (.docx, .doc, .wps) into Markdown documents with front-matter.",
        discussion: """
            Each file becomes DIR/<id>.md (its pictures in DIR/<id>-files/): front-matter from \
            its control block (文件编号, 版本, 生效日期, 批准 … in the page header, a table at the \
            top or a line), status draft; headings with their numbers as printed, lists, tables \
            (HTML tables where cells are merged), pictures (EMF/WMF drawn as SVG, TIFF as PNG); the control \
            block, running titles, page numbers and the table of contents left out; tracked \
            changes accepted. A report says what became front-matter and what was approximated. \
            Needs pandoc, and LibreOffice for .doc/.wps and EMF pictures. Existing files are not \
            replaced without --force; --dry-run writes nothing.
            """)

    @Argument(help: ArgumentHelp("Word files, or folders to search for them.", valueName: "file|folder"))
    var paths: [String]

    @Option(name: .long, help: ArgumentHelp("The folder of the manual to write the documents into.", valueName: "dir"))
    var into: String

    @Option(name: .long, help: ArgumentHelp("The manual whose ids are taken (default: manual/ when it exists).", valueName: "dir"))
    var source: String?

    @Option(name: .long, help: ArgumentHelp("The type of every document imported (default: from its title).", valueName: "type"))
    var type: String?

    @Flag(name: .long, help: "Replace documents that exist.")
    var force = false

    @Flag(name: .customLong("dry-run"), help: "Print what would be done; write nothing.")
    var dryRun = false

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(name: .long, help: "text or json.")
    var format: Format = .text

    func validate() throws {
        if let type, DocumentType(rawValue: type) == nil {
            throw ValidationError("--type takes one of \(DocumentType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func execute() async throws {
        var options = WordImport.Options(into: URL(fileURLWithPath: into))
        options.type = type.flatMap(DocumentType.init(rawValue:))
        options.force = force
        options.dryRun = dryRun
        let manualFolder = URL(fileURLWithPath: source ?? "manual")
        if FileManager.default.fileExists(atPath: manualFolder.path),
           let manual = try? await Pipeline.resolve(source: manualFolder, options: Pipeline.Options(history: false)) {
            options.takenIDs = Set(manual.documents.map(\.id))
        }
        let files = WordImport.files(paths.map { URL(fileURLWithPath: $0) })
        guard !files.isEmpty else { throw ValidationError("no Word files (.docx, .doc, .wps) in \(paths.joined(separator: ", "))") }
        let reports = await WordImport.run(files, options: options)
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(reports))
            print()
        case .text:
            for report in reports { print(Self.text(report, dryRun: dryRun)) }
            let imported = reports.filter { $0.outcome == .imported }.count
            print("\(imported) of \(reports.count) file\(reports.count == 1 ? "" : "s") \(dryRun ? "would be imported" : "imported")"
                  + (imported > 0 ? "; next: check each document, map its clauses, then qmark check --source \(source ?? into)" : ""))
        }
        if reports.contains(where: { $0.outcome == .refused }) { throw ExitCode(1) }
    }

    static func text(_ report: WordImport.Report, dryRun: Bool) -> String {
        let name = (report.file as NSString).lastPathComponent
        guard report.outcome == .imported else {
            return "\(report.outcome.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(report.file): \(report.reason ?? "")"
        }
        var lines = ["\(dryRun ? "would import" : "imported ") \(name) → \(report.output ?? "")"]
        let order = ["id", "title", "type", "revision", "status", "effective", "owner", "approver"]
        lines.append("  front-matter: " + order.compactMap { key in report.frontMatter[key].map { "\(key) \($0)" } }.joined(separator: " · "))
        if !report.notFound.isEmpty { lines.append("  not in the control block: " + report.notFound.joined(separator: "; ")) }
        var body = ["\(report.headings) heading\(report.headings == 1 ? "" : "s") (\(report.numberedHeadings) numbered)"]
        if report.tables > 0 { body.append("\(report.tables) table\(report.tables == 1 ? "" : "s")" + (report.mergedTables > 0 ? " (\(report.mergedTables) with \(report.mergedCells) merged cells, as HTML)" : "")) }
        if report.images > 0 { body.append("\(report.images) picture\(report.images == 1 ? "" : "s")" + (report.convertedImages > 0 ? " (\(report.convertedImages) EMF, WMF or TIFF drawn for the browser)" : "")) }
        if report.textBoxes > 0 { body.append("\(report.textBoxes) text box\(report.textBoxes == 1 ? "" : "es")") }
        if report.equations > 0 { body.append("\(report.equations) equation\(report.equations == 1 ? "" : "s")") }
        if report.footnotes > 0 { body.append("\(report.footnotes) footnote\(report.footnotes == 1 ? "" : "s") (inline)") }
        lines.append("  body: " + body.joined(separator: ", "))
        var removed: [String] = []
        if report.controlLinesRemoved > 0 { removed.append("control block ×\(report.controlLinesRemoved)") }
        if report.runningLinesRemoved > 0 { removed.append("running titles and page numbers ×\(report.runningLinesRemoved)") }
        if report.tableOfContentsDropped { removed.append("the table of contents") }
        if report.trackedChangesAccepted > 0 { removed.append("\(report.trackedChangesAccepted) tracked change(s) accepted") }
        if report.commentsDropped > 0 { removed.append("\(report.commentsDropped) comment(s) dropped") }
        if report.joinedParagraphs > 0 { removed.append("\(report.joinedParagraphs) paragraph(s) split by a page break joined") }
        if !removed.isEmpty { lines.append("  from the layout: " + removed.joined(separator: ", ")) }
        if report.chineseCharacters > 0 {
            let share = Double(report.chineseCharactersKept) / Double(report.chineseCharacters) * 100
            lines.append("  Chinese characters kept: \(report.chineseCharactersKept) of \(report.chineseCharacters) (\(String(format: "%.1f", share))%)"
                         + (report.chineseLayoutCharacters > 0 ? ", besides \(report.chineseLayoutCharacters) left out with the layout" : ""))
        }
        for note in report.notes { lines.append("  note: \(note)") }
        return lines.joined(separator: "\n")
    }
}
