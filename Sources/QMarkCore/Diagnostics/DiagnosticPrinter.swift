import Foundation

/// Prints diagnostics to standard error as `path:line: severity: message`, coloured only on a terminal.
public struct DiagnosticPrinter: Sendable {
    public var useColour: Bool

    public init(useColour: Bool = isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil) {
        self.useColour = useColour
    }

    public func line(for diagnostic: Diagnostic) -> String {
        var diagnostic = diagnostic
        // Whatever a file holds, nothing in it reaches the terminal as a control sequence.
        diagnostic.message = DiagnosticPrinter.visible(diagnostic.message)
        diagnostic.file = DiagnosticPrinter.visible(diagnostic.file)
        guard useColour else { return diagnostic.formatted }
        let colour = diagnostic.severity == .error ? "\u{1B}[1;31m" : "\u{1B}[1;33m"
        return "\u{1B}[1m\(diagnostic.file):\(diagnostic.line):\u{1B}[0m \(colour)\(diagnostic.severity.rawValue):\u{1B}[0m \(diagnostic.message)"
    }

    /// Control characters written as `\u{1B}`: seen, never obeyed.
    static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The one way a failure that stops a command is printed: as a diagnostic when it knows its
    /// file and line, else as `error: message`; never with a second `error:` inside.
    public func fail(_ error: Error, then more: String? = nil) {
        FileHandle.standardError.write(Data((line(for: error) + "\n" + (more.map { $0 + "\n" } ?? "")).utf8))
    }

    /// The line `fail` prints for an error.
    public func line(for error: Error) -> String {
        if let diagnostic = (error as? LocatedFailure)?.diagnostic { return line(for: diagnostic) }
        return "error: " + DiagnosticPrinter.visible(error.localizedDescription)
    }

    /// `error: message`, for a failure that is not a thrown error.
    public func fail(message: String) {
        FileHandle.standardError.write(Data(("error: " + DiagnosticPrinter.visible(message) + "\n").utf8))
    }

    public func print(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        var text = diagnostics.map(line(for:)).joined(separator: "\n") + "\n"
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        text += "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
        FileHandle.standardError.write(Data(text.utf8))
    }
}

extension Array where Element == Diagnostic {
    /// Files in path order, then lines, errors before warnings on the same line.
    public func sortedForDisplay() -> [Diagnostic] {
        sorted { ($0.file, $0.line, $0.severity == .error ? 0 : 1, $0.message) < ($1.file, $1.line, $1.severity == .error ? 0 : 1, $1.message) }
    }

    public var hasErrors: Bool { contains { $0.severity == .error } }
}
