import Foundation

/// `qmark import`: Word procedures (`.docx`, and `.doc`/`.wps` through LibreOffice) become
/// Markdown documents with front-matter, read by pandoc (its document model, not its Markdown:
/// QMark decides the Markdown) and by QMark from the package itself (headers, text boxes,
/// numbering, tracked changes). Each file is imported or refused on its own, with a reason.
public enum WordImport {
    public struct Options: Sendable {
        /// The folder the documents are written into (a folder of the manual).
        public var into: URL
        /// The type of every imported document, instead of the one its title suggests.
        public var type: DocumentType?
        /// Replace a document of the same name.
        public var force = false
        /// Report what would be written, write nothing.
        public var dryRun = false
        /// Ids already in use (the manual's), so that no id is given twice.
        public var takenIDs: Set<String> = []

        public init(into: URL) {
            self.into = into
        }
    }

    /// What became of one file.
    public struct Report: Encodable, Sendable {
        public enum Outcome: String, Encodable, Sendable { case imported, refused, skipped }

        public var file: String
        public var outcome: Outcome
        public var reason: String?
        public var output: String?
        public var frontMatter: [String: String] = [:]
        /// Front-matter fields the control block did not give (and where the value came from instead, if anywhere).
        public var notFound: [String] = []
        public var headings = 0
        public var numberedHeadings = 0
        public var tables = 0
        public var mergedTables = 0
        public var mergedCells = 0
        public var images = 0
        public var convertedImages = 0
        public var equations = 0
        public var textBoxes = 0
        public var footnotes = 0
        public var trackedChangesAccepted = 0
        public var commentsDropped = 0
        public var controlLinesRemoved = 0
        public var runningLinesRemoved = 0
        public var joinedParagraphs = 0
        public var tableOfContentsDropped = false
        /// Chinese characters of the Word body (and its control block), and how many of them the Markdown keeps.
        public var chineseCharacters = 0
        public var chineseCharactersKept = 0
        /// Chinese characters left out as the page layout's (control block, running titles, page numbers, contents).
        public var chineseLayoutCharacters = 0
        public var notes: [String] = []

        init(file: String, outcome: Outcome, reason: String? = nil) {
            self.file = file
            self.outcome = outcome
            self.reason = reason
        }
    }

    /// The programs an import uses, found on the `PATH`.
    struct Tools {
        var pandoc: String?
        var soffice: String?

        static func find() -> Tools {
            Tools(pandoc: which("pandoc"), soffice: which("soffice") ?? which("libreoffice"))
        }

        static func which(_ name: String) -> String? {
            for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
                let path = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
            return nil
        }
    }

    /// The Word files among the paths given: files as they are, folders searched for `.docx`, `.doc` and `.wps`.
    public static func files(_ paths: [URL]) -> [URL] {
        var found: [URL] = []
        for path in paths {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path.path, isDirectory: &isFolder), isFolder.boolValue {
                for relative in (try? FileIO.disk.listFiles(path)) ?? [] {
                    let lower = relative.lowercased()
                    guard lower.hasSuffix(".docx") || lower.hasSuffix(".doc") || lower.hasSuffix(".wps"),
                          !(relative as NSString).lastPathComponent.hasPrefix("~$") else { continue }
                    found.append(path.appendingPathComponent(relative))
                }
            } else {
                found.append(path)
            }
        }
        return found
    }

    /// Imports each file; one that cannot be read is refused with its reason, the others go on.
    public static func run(_ files: [URL], options: Options) async -> [Report] {
        let tools = Tools.find()
        var taken = options.takenIDs
        var reports: [Report] = []
        for file in files {
            var report: Report
            do {
                report = try await importFile(file, options: options, tools: tools, taken: &taken)
            } catch let failure as Failure {
                report = Report(file: file.path, outcome: failure.isSkip ? .skipped : .refused, reason: failure.description)
            } catch {
                report = Report(file: file.path, outcome: .refused, reason: "\(error)")
            }
            reports.append(report)
        }
        return reports
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        var isSkip = false
    }

    static func importFile(_ file: URL, options: Options, tools: Tools, taken: inout Set<String>) async throws -> Report {
        guard let handle = try? FileHandle(forReadingFrom: file) else { throw Failure(description: "cannot be read (missing, or not permitted)") }
        let head = (try? handle.read(upToCount: 8)) ?? Data()
        try? handle.close()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("qmark-import-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var report = Report(file: file.path, outcome: .imported)
        var docx = file
        if WordPackage.isOLE(head) {
            guard let soffice = tools.soffice else {
                throw Failure(description: "is a Word 97–2003 (.doc) or WPS file, which needs LibreOffice to read: install it (`sudo apt-get install libreoffice-writer-nogui`) and import again")
            }
            docx = try convert(file, with: soffice, in: scratch)
            report.notes.append("converted from Word 97–2003/WPS format by LibreOffice")
        } else if !WordPackage.isZIP(head) {
            throw Failure(description: "is not a Word document (.docx, .doc or .wps): its first bytes are neither a ZIP package nor an OLE file")
        }
        let package: WordPackage
        do {
            package = try WordPackage(url: docx)
        } catch let failure as WordPackage.Failure {
            throw Failure(description: failure.description)
        }
        guard let pandoc = tools.pandoc else {
            throw Failure(description: "needs pandoc to read Word documents: install it (`sudo apt-get install pandoc`) and import again")
        }
        let media = scratch.appendingPathComponent("media")
        let json: Data
        do {
            json = try run(pandoc, ["--from", "docx", "--to", "json", "--track-changes=accept", "--extract-media=\(media.path)", docx.path], timeout: 300)
        } catch let failure as Failure {
            throw Failure(description: "pandoc could not read it: \(failure.description)")
        }
        let blocks = try PandocAST.blocks(fromJSON: json)

        var writer = WordMarkdown()
        writer.headingNumbered = package.headingNumbered
        writer.wordTables = package.tables
        // The control block in the page header comes first; one in the body fills what it lacks.
        for part in package.headers {
            switch part {
            case .table(let rows): writer.control.read(table: rows)
            case .paragraph(let line): writer.control.read(line: line)
            }
        }
        let stem = (file.lastPathComponent as NSString).deletingPathExtension
        // Pictures: copied beside the document; EMF and WMF (which browsers do not show) drawn as PNG.
        // The folder is named after the id, known once the control block is read: placeholders until then.
        var pictures: [(from: URL, name: String, token: String)] = []
        let targets = Set(collectImages(blocks))
        for target in targets.sorted() {
            let source = URL(fileURLWithPath: target)
            var name = source.lastPathComponent
            var from = source
            if ["emf", "wmf", "tif", "tiff"].contains(source.pathExtension.lowercased()) {
                if let soffice = tools.soffice, let drawn = try? convertPicture(source, with: soffice, in: scratch) {
                    from = drawn
                    name = (name as NSString).deletingPathExtension + "." + drawn.pathExtension
                    report.convertedImages += 1
                } else {
                    report.notes.append("\(name) is EMF, WMF or TIFF and could not be drawn as SVG or PNG (LibreOffice is needed): browsers will not show it")
                }
            }
            let token = "qmark-picture-\(pictures.count)-\(UUID().uuidString.prefix(8))"
            pictures.append((from, name, token))
            writer.images[target] = token
        }
        var body = writer.markdown(blocks, textBoxes: package.textBoxes)
        let control = writer.control

        // Front-matter.
        let id = frontMatterID(control: control, stem: stem, taken: taken)
        taken.insert(id)
        let folderName = "\(id)-files"
        for picture in pictures { body = body.replacingOccurrences(of: picture.token, with: folderName + "/" + picture.name) }
        // One line: a title broken over two lines in Word is one title.
        let title = (control.values[.title] ?? writer.title ?? package.title ?? stem)
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        // The type the title suggests (作业指导书, Procedure …), else the document number (WI-…, QP-…), as `qmark adopt` reads names.
        var (guessed, reason) = Adoption.guessType(path: "", stem: title)
        if reason.hasPrefix("nothing") { (guessed, reason) = Adoption.guessType(path: "", stem: id) }
        let type = options.type ?? guessed
        var fields: [(String, String)] = [("id", id), ("title", title), ("type", type.rawValue)]
        if let revision = control.revision { fields.append(("revision", revision)) } else { report.notFound.append("revision") }
        fields.append(("status", "draft"))
        if let effective = control.effective { fields.append(("effective", effective.description)) } else { report.notFound.append("effective") }
        if let owner = ControlBlock.name(control.values[.owner]) { fields.append(("owner", owner)) } else { report.notFound.append("owner") }
        if let approver = ControlBlock.name(control.values[.approver]) { fields.append(("approver", approver)) } else { report.notFound.append("approver") }
        if control.id == nil { report.notFound.append("id (document number): taken from the file name") }
        if control.values[.title] == nil { report.notFound.append("title in the control block: \(writer.title != nil ? "the first heading" : package.title != nil ? "the file's properties" : "the file name")") }
        for (key, value) in fields { report.frontMatter[key] = value }
        var text = "---\n"
        for (key, value) in fields { text += "\(key): \(NewDocument.yamlText(value))\n" }
        text += "# Imported from \(NewDocument.yamlText(file.lastPathComponent)) by qmark import: check it, map its clauses, then approve it.\n---\n"
        text += body

        let counts = writer.counts
        report.headings = counts.headings
        report.numberedHeadings = counts.numberedHeadings
        report.tables = counts.tables
        report.mergedTables = counts.mergedTables
        report.mergedCells = counts.mergedCells
        report.images = counts.images
        report.equations = counts.equations
        report.textBoxes = counts.textBoxes
        report.footnotes = counts.footnotes
        report.trackedChangesAccepted = package.trackedInsertions + package.trackedDeletions
        report.commentsDropped = package.comments
        report.controlLinesRemoved = counts.controlLinesRemoved
        report.runningLinesRemoved = counts.runningLinesRemoved
        report.joinedParagraphs = counts.joinedParagraphs
        report.tableOfContentsDropped = counts.tableOfContentsDropped
        if counts.equations > 0 { report.notes.append("\(counts.equations) equation(s) kept as TeX text in code spans: check them") }
        if counts.rawDropped > 0 { report.notes.append("\(counts.rawDropped) embedded object(s) pandoc could not read were left out") }
        if counts.textBoxes > 0 { report.notes.append("\(counts.textBoxes) text box(es) kept as quotes at the end: move them where they belong") }
        let headerText = package.headers.map { part -> String in
            switch part {
            case .paragraph(let line): return line
            case .table(let rows): return rows.map { $0.joined(separator: " ") }.joined(separator: "\n")
            }
        }.joined(separator: "\n")
        // What the Word file says, less what was left out as the page layout's (reported above).
        var wanted = chineseCounts(package.bodyText + package.textBoxes.joined(separator: "\n"))
        for (character, count) in chineseCounts(writer.removedText) { wanted[character, default: 0] -= count }
        wanted = wanted.filter { $0.value > 0 }
        report.chineseLayoutCharacters = chineseCounts(writer.removedText).values.reduce(0, +)
        report.chineseCharacters = wanted.values.reduce(0, +)
        let kept = chineseCounts(text + headerText)
        report.chineseCharactersKept = wanted.reduce(0) { $0 + min($1.value, kept[$1.key] ?? 0) }

        // Writing: the document and its pictures, or nothing.
        let target = options.into.appendingPathComponent(id + ".md")
        report.output = target.path
        if FileManager.default.fileExists(atPath: target.path), !options.force {
            throw Failure(description: "\(target.path) exists; import with --force to replace it", isSkip: true)
        }
        guard !options.dryRun else { return report }
        let pictureFolder = options.into.appendingPathComponent(folderName)
        do {
            try FileManager.default.createDirectory(at: options.into, withIntermediateDirectories: true)
            if !pictures.isEmpty { try FileManager.default.createDirectory(at: pictureFolder, withIntermediateDirectories: true) }
            for picture in pictures {
                let destination = pictureFolder.appendingPathComponent(picture.name)
                try? FileManager.default.removeItem(at: destination)
                try FileManager.default.copyItem(at: picture.from, to: destination)
            }
            try Data(text.utf8).write(to: target, options: .atomic)
        } catch {
            throw Failure(description: "could not be written into \(options.into.path): \(error.localizedDescription)")
        }
        return report
    }

    /// The id: the document number (`XZTC/CX-08-2022` → `XZTC-CX-08-2022`), else the file name's
    /// characters an id allows (as `qmark adopt` does), else `DOC-01`…; never one already taken.
    static func frontMatterID(control: ControlBlock?, stem: String, taken: Set<String>) -> String {
        var id = control?.id ?? Adoption.idFromName(stem)
        if id.isEmpty {
            var number = 1
            while taken.contains(String(format: "DOC-%02d", number)) { number += 1 }
            id = String(format: "DOC-%02d", number)
        }
        var unique = id, suffix = 2
        while taken.contains(unique) { unique = "\(id)-\(suffix)"; suffix += 1 }
        return unique
    }

    static func collectImages(_ blocks: [PandocBlock]) -> [String] {
        func inlines(_ list: [PandocInline]) -> [String] {
            list.flatMap { node -> [String] in
                switch node {
                case .image(_, let target): return [target]
                case .emph(let inner), .strong(let inner), .underline(let inner), .strike(let inner), .superscript(let inner),
                     .subscriptText(let inner), .smallCaps(let inner), .span(_, let inner), .link(let inner, _), .quoted(_, let inner):
                    return inlines(inner)
                case .note(let blocks): return collectImages(blocks)
                default: return []
                }
            }
        }
        return blocks.flatMap { block -> [String] in
            switch block {
            case .para(let list), .plain(let list), .header(_, let list): return inlines(list)
            case .lineBlock(let lines): return lines.flatMap(inlines)
            case .quote(let inner), .div(let inner): return collectImages(inner)
            case .ordered(_, _, let items), .bullet(let items): return items.flatMap(collectImages)
            case .definitions(let entries): return entries.flatMap { inlines($0.0) + $0.1.flatMap(collectImages) }
            case .table(let table): return table.rows.flatMap { $0.flatMap { collectImages($0.blocks) } }
            default: return []
            }
        }
    }

    /// Chinese characters by character.
    static func chineseCounts(_ text: String) -> [Character: Int] {
        var counts: [Character: Int] = [:]
        for character in text where WordMarkdown.isCJK(character) { counts[character, default: 0] += 1 }
        return counts
    }

    // MARK: - Programs

    /// A `.doc` or `.wps` converted to `.docx` by LibreOffice, in a profile of its own (a running LibreOffice is not disturbed).
    static func convert(_ file: URL, with soffice: String, in scratch: URL) throws -> URL {
        let input = scratch.appendingPathComponent("source." + (file.pathExtension.isEmpty ? "doc" : file.pathExtension.lowercased()))
        try FileManager.default.copyItem(at: file, to: input)
        _ = try run(soffice, ["-env:UserInstallation=file://\(scratch.path)/profile", "--headless", "--norestore",
                              "--convert-to", "docx:MS Word 2007 XML", "--outdir", scratch.appendingPathComponent("converted").path, input.path], timeout: 300)
        let output = scratch.appendingPathComponent("converted/source.docx")
        guard FileManager.default.fileExists(atPath: output.path) else {
            throw Failure(description: "LibreOffice could not convert it to .docx (damaged, password-protected, or not a Word file)")
        }
        return output
    }

    /// An EMF or WMF picture drawn by LibreOffice as SVG, cut to the drawing (LibreOffice puts it on a
    /// whole page); as PNG when the SVG says nothing of where the drawing is.
    static func convertPicture(_ picture: URL, with soffice: String, in scratch: URL) throws -> URL {
        let folder = scratch.appendingPathComponent("pictures-\(UUID().uuidString.prefix(6))")
        let stem = (picture.lastPathComponent as NSString).deletingPathExtension
        // A drawing (EMF, WMF) as SVG; a TIFF photograph as PNG.
        if !["tif", "tiff"].contains(picture.pathExtension.lowercased()) {
            _ = try run(soffice, ["-env:UserInstallation=file://\(scratch.path)/profile", "--headless", "--norestore",
                                  "--convert-to", "svg", "--outdir", folder.path, picture.path], timeout: 120)
            let svg = folder.appendingPathComponent(stem + ".svg")
            if let text = try? String(contentsOf: svg, encoding: .utf8), let cropped = croppedSVG(text) {
                try Data(cropped.utf8).write(to: svg)
                return svg
            }
        }
        _ = try run(soffice, ["-env:UserInstallation=file://\(scratch.path)/profile", "--headless", "--norestore",
                              "--convert-to", "png", "--outdir", folder.path, picture.path], timeout: 120)
        let png = folder.appendingPathComponent(stem + ".png")
        guard FileManager.default.fileExists(atPath: png.path) else { throw Failure(description: "no picture") }
        return png
    }

    /// LibreOffice's SVG of a page with the drawing on it, its view cut to the shapes' bounding boxes
    /// (in hundredths of a millimetre); nil when it names none.
    static func croppedSVG(_ svg: String) -> String? {
        var box: (minX: Double, minY: Double, maxX: Double, maxY: Double)?
        for match in svg.matches(of: /<rect class="BoundingBox"[^>]*?x="(-?[\d.]+)" y="(-?[\d.]+)" width="([\d.]+)" height="([\d.]+)"/) {
            guard let x = Double(match.1), let y = Double(match.2), let width = Double(match.3), let height = Double(match.4), width > 0, height > 0 else { continue }
            box = box.map { (min($0.minX, x), min($0.minY, y), max($0.maxX, x + width), max($0.maxY, y + height)) } ?? (x, y, x + width, y + height)
        }
        guard let box, let root = svg.firstMatch(of: /<svg [^>]*>/) else { return nil }
        let margin = 50.0
        let (x, y) = (box.minX - margin, box.minY - margin)
        let (width, height) = (box.maxX - box.minX + 2 * margin, box.maxY - box.minY + 2 * margin)
        var tag = String(root.output)
        tag = tag.replacing(/\swidth="[^"]*"/, with: " width=\"\(Int(width / 100))mm\"")
        tag = tag.replacing(/\sheight="[^"]*"/, with: " height=\"\(Int(height / 100))mm\"")
        tag = tag.replacing(/\sviewBox="[^"]*"/, with: " viewBox=\"\(Int(x)) \(Int(y)) \(Int(width)) \(Int(height))\"")
        return svg.replacingCharacters(in: root.range, with: tag)
    }

    /// Runs a program to its end (or kills it after `timeout` seconds); its standard output, or a failure with its first error line.
    static func run(_ program: String, _ arguments: [String], timeout: TimeInterval) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qmark-run-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out"), err = folder.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                throw Failure(description: "\((program as NSString).lastPathComponent) took longer than \(Int(timeout)) s")
            }
            usleep(20_000)
        }
        try? outHandle.close()
        try? errHandle.close()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self)
                .split(separator: "\n").first.map(String.init) ?? "exit status \(process.terminationStatus)"
            throw Failure(description: message)
        }
        return (try? Data(contentsOf: out)) ?? Data()
    }
}
