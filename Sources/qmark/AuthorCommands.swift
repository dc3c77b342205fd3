import ArgumentParser
import Foundation
import QMarkCore

/// `qmark init [DIR]`: a new manual that builds at once.
struct InitCommand: QMarkSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new manual that builds at once.",
        discussion: """
            Writes site.yml, a quality manual, a quality policy, one procedure (every \
            front-matter field shown, with a comment) and one form into DIR, which must not \
            exist or be empty. Exits 1 when DIR holds files.
            """)

    @Argument(help: ArgumentHelp("The folder of the new manual.", valueName: "dir"))
    var folder: String = "manual"

    @Option(name: .long, help: "zh-CN or en: the language of the example documents and of the site.")
    var language: String = "zh-CN"

    func execute() async throws {
        guard let language = Language(rawValue: language) ?? (language.lowercased().hasPrefix("zh") ? .zhCN : nil) else {
            throw ValidationError("--language takes zh-CN or en")
        }
        let written: [String]
        do {
            written = try ManualTemplate.create(in: URL(fileURLWithPath: folder), language: language, today: .today())
        } catch {
            DiagnosticPrinter().fail(error)
            throw ExitCode(1)
        }
        print("created \(folder)/ with \(written.count) files:")
        for path in written { print("  \(folder)/\(path)") }
        print("""

            next:
              qmark serve --source \(folder)                      a live preview: edit a file, the page shows it
              qmark build --source \(folder) --output site      then open site/index.html
              qmark new procedure QP-02 "…" --source \(folder)  to add a document
              edit \(folder)/site.yml: your organization, standards and exclusions
            """)
    }
}

/// `qmark new TYPE ID TITLE`: a document with its front-matter filled in.
struct NewCommand: QMarkSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a new document with its front-matter filled in.",
        discussion: """
            The document starts as a draft at the first revision, dated today, in the folder \
            where documents of its type live, with the owner and approver most documents of its \
            type name. Refuses an id already in use (exit 1).
            """)

    @OptionGroup var source: SourceOptions

    @Argument(help: ArgumentHelp("manual, policy, principle, process, procedure, instruction or form.", valueName: "type"))
    var type: String

    @Argument(help: ArgumentHelp("The new document's id, e.g. QP-27.", valueName: "id"))
    var id: String

    @Argument(help: ArgumentHelp("Its title.", valueName: "title"))
    var title: String

    func execute() async throws {
        guard let documentType = DocumentType(rawValue: type.lowercased()) else {
            throw ValidationError("unknown type \(type); use \(DocumentType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard !title.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("the title is empty") }
        let manual = try await resolveManual(source, options: Pipeline.Options(history: false))
        do {
            let (path, text) = try NewDocument.make(type: documentType, id: id, title: title, in: manual, today: .today())
            let url = source.url.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            do {
                try Data(text.utf8).write(to: url, options: .withoutOverwriting)
            } catch {
                throw NewDocument.Failure.fileExists("\(source.source)/\(path)")
            }
            print("created \(source.source)/\(path): \(documentType.rawValue) \(id) “\(title)”, a draft; fill in its clauses and body, then `qmark check`")
        } catch {
            DiagnosticPrinter().fail(error)
            throw ExitCode(1)
        }
    }
}

/// `qmark adopt DIR`: front-matter for Markdown that has none.
struct AdoptCommand: QMarkSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "adopt",
        abstract: "Add front-matter to existing Markdown files that have none.",
        discussion: """
            For each Markdown file in DIR (any depth) without front-matter: id from the file \
            name, title from the first `# ` heading, type guessed from the name (and said), \
            status draft. Nothing below the front-matter changes; files that have front-matter \
            and README.md are left alone, so running it again changes nothing. --dry-run only \
            prints what it would do.
            """)

    @Argument(help: ArgumentHelp("The folder of Markdown files.", valueName: "dir"))
    var folder: String

    @Option(name: .long, help: ArgumentHelp("The manual the files belong to, whose ids are taken (default: DIR itself).", valueName: "dir"))
    var source: String?

    @Flag(name: .customLong("dry-run"), help: "Print what would be done; change nothing.")
    var dryRun = false

    func execute() async throws {
        let root = URL(fileURLWithPath: folder)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("no such folder: \(folder)")
        }
        var taken = Set<String>()
        let manualFolder = URL(fileURLWithPath: source ?? folder)
        if let manual = try? await Pipeline.resolve(source: manualFolder, options: Pipeline.Options(history: false)) {
            taken = Set(manual.documents.map(\.id))
        }
        let survey: Adoption.Survey
        do {
            survey = try Adoption.survey(root, taken: taken)
            if !dryRun { try Adoption.apply(survey.plans, in: root, siteConfig: survey.siteConfig) }
        } catch {
            DiagnosticPrinter().fail(error)
            throw ExitCode(1)
        }
        let verb = dryRun ? "would add" : "added"
        for plan in survey.plans {
            print("\(folder)/\(plan.path): \(verb) id \(plan.id), title “\(plan.title)” (from \(plan.titleSource)), type \(plan.type.rawValue) (from \(plan.typeReason)), status draft")
        }
        if let siteConfig = survey.siteConfig {
            print("\(folder)/site.yml: \(dryRun ? "would write" : "wrote") the manual's settings (\(siteConfig.split(separator: "\n").dropFirst().joined(separator: ", ")))")
        }
        if !survey.notDocuments.isEmpty {
            print("left alone as project notes, not documents: " + survey.notDocuments.joined(separator: ", "))
        }
        if !survey.alreadyAdopted.isEmpty {
            print("\(survey.alreadyAdopted.count) file\(survey.alreadyAdopted.count == 1 ? "" : "s") already had front-matter and \(survey.alreadyAdopted.count == 1 ? "was" : "were") left alone")
        }
        if survey.plans.isEmpty {
            print("nothing to adopt: every Markdown file in \(folder)/ has front-matter")
        } else {
            print("""

                check in each file: the type, then add owner, approver, revision and the clauses it addresses;
                set status: approved with an effective date once it is approved. Then: qmark check --source \(source ?? folder)
                """)
        }
    }
}
