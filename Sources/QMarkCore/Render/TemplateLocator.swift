import Foundation

/// Finds the folder of Mustache templates and the stylesheet.
public enum TemplateLocator {
    /// No template folder could be found.
    public enum Failure: LocalizedError {
        case notFound([String])
        /// What to tell the user.
        public var errorDescription: String? {
            switch self {
            case .notFound(let tried):
                return "no templates found (looked for layout.mustache in \(tried.joined(separator: ", "))); pass --templates DIR"
            }
        }
    }

    /// `--templates`, else `templates/` beside the manual folder, else `./templates`, else the ones shipped beside the executable.
    public static func locate(explicit: String?, source: URL) throws -> URL {
        let manager = FileManager.default
        var candidates: [URL] = []
        if let explicit {
            candidates = [URL(fileURLWithPath: explicit)]
        } else {
            candidates.append(source.standardizedFileURL.deletingLastPathComponent().appendingPathComponent("templates"))
            candidates.append(URL(fileURLWithPath: "templates"))
            let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            var folder = executable.deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(folder.appendingPathComponent("templates"))
                candidates.append(folder.appendingPathComponent("share/qmark/templates"))
                folder = folder.deletingLastPathComponent()
            }
        }
        for candidate in candidates where manager.fileExists(atPath: candidate.appendingPathComponent("layout.mustache").path) {
            return candidate
        }
        throw Failure.notFound(candidates.map(\.path))
    }
}
