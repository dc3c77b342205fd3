import Foundation

/// The chain of stages over one manual: Load → Parse/Resolve → Render → Write.
/// Commands call these; none of them prints or exits.
public enum Pipeline {
    /// Loads and resolves a manual folder (the stages every command shares).
    public static func resolve(source: URL, io: FileIO = .disk, timings: StageTimings? = nil) async throws -> Manual {
        let sources = try timings.measure("load") { try ManualSources.load(from: source, io: io) }
        let start = Date()
        let manual = await Resolver.resolve(sources)
        timings?.record("parse+resolve", since: start)
        return manual
    }

    /// Renders one Markdown file's body to HTML, resolving document links against the manual
    /// around it when there is one. Links are written as seen from a document page.
    public static func renderBody(file: URL, manual: Manual?, manualRoot: URL?) throws -> (html: String, diagnostics: [Diagnostic]) {
        let data = try Data(contentsOf: file)
        let relative = manualRoot.flatMap { RelativePath.of(file, under: $0) } ?? file.lastPathComponent
        let source: SourceText
        do {
            source = try SourceText.split(try SourceText.decode(data))
        } catch .notUTF8(let line) {
            return ("", [.error(.notUTF8, relative, line, "file is not valid UTF-8; save it as UTF-8")])
        } catch {
            return ("", [.error(.unterminatedFrontMatter, relative, 1, "front-matter opened with `---` on line 1 is never closed")])
        }
        let options = MarkdownOptions(unsafeHTML: manual?.config.unsafeHTML ?? false,
                                      sourceDirectory: (relative as NSString).deletingLastPathComponent,
                                      lineOffset: source.bodyLine - 1)
        let linker = manual.map { SiteLinks(manual: $0).linker(fromDepth: 1) }
            ?? BodyLinker(document: { _ in nil }, asset: { _ in nil })
        let output = MarkdownBody.render(source.body, options: options, linker: linker)
        return (output.html, output.problems.map { $0.diagnostic(file: relative) })
    }
}

/// Paths relative to the manual folder.
enum RelativePath {
    static func of(_ file: URL, under root: URL) -> String? {
        let base = root.standardizedFileURL.resolvingSymlinksInPath().path
        let full = file.standardizedFileURL.resolvingSymlinksInPath().path
        guard full.hasPrefix(base + "/") else { return nil }
        return String(full.dropFirst(base.count + 1))
    }
}
