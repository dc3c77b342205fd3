import Foundation
@testable import QMarkCore

/// A manual written into a fresh temporary folder, removed when the value is released.
final class FixtureManual: @unchecked Sendable {
    let root: URL
    var manual: URL { root.appendingPathComponent("manual") }
    var site: URL { root.appendingPathComponent("site") }

    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("qmark-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: manual, withIntermediateDirectories: true)
        for (path, text) in files { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        try write(path, data: Data(text.utf8))
    }

    func write(_ path: String, data: Data) throws {
        let url = manual.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: manual.appendingPathComponent(path))
    }

    /// Resolves the manual in process.
    func resolve() async throws -> Manual {
        try await Pipeline.resolve(source: manual)
    }

    /// Runs the real `qmark` with `--source` pointing here, from the fixture's folder.
    func run(_ arguments: String...) throws -> CommandResult {
        try QMarkBinary.run(arguments, in: root)
    }

    /// What the search index holds of every entry (its `search/d/` scripts, joined).
    func searchEntries() throws -> String {
        let folder = site.appendingPathComponent("search/d")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            .map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }.joined(separator: "\n")
    }

    func page(_ path: String) throws -> String {
        try String(contentsOf: site.appendingPathComponent(path), encoding: .utf8)
    }

    func json(_ path: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: site.appendingPathComponent(path)))
    }

    /// Every file of the site with its bytes, to prove a failed build changed nothing.
    func siteSnapshot() throws -> [String: Data] {
        var snapshot: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(at: site, includingPropertiesForKeys: nil) else { return snapshot }
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            snapshot[url.path] = try Data(contentsOf: url)
        }
        return snapshot
    }

    deinit { try? FileManager.default.removeItem(at: root) }
}

struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// The `qmark` executable built beside the tests.
enum QMarkBinary {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let url: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("qmark")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return packageRoot.appendingPathComponent(".build/debug/qmark")
    }()

    static var templates: String { packageRoot.appendingPathComponent("templates").path }

    static func run(_ arguments: [String], in folder: URL) throws -> CommandResult {
        try start(arguments, in: folder).wait()
    }

    /// A `qmark` started and left running, its output going to files of its own. Files, not
    /// pipes: a pipe whose write end another process started at the same moment inherited stays
    /// open after this one is killed, and reading it to its end would wait for that other one.
    final class Running: @unchecked Sendable {
        let process: Process
        private let outFile: URL, errFile: URL

        init(_ process: Process, out: URL, err: URL) {
            self.process = process
            self.outFile = out
            self.errFile = err
        }

        func wait() -> CommandResult {
            process.waitUntilExit()
            defer { try? FileManager.default.removeItem(at: outFile.deletingLastPathComponent()) }
            let out = (try? Data(contentsOf: outFile)) ?? Data(), err = (try? Data(contentsOf: errFile)) ?? Data()
            return CommandResult(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                                 stderr: String(decoding: err, as: UTF8.self))
        }
    }

    static func start(_ arguments: [String], in folder: URL) throws -> Running {
        try start(url, arguments, in: folder)
    }

    /// Another program (git), run to its end.
    static func runTool(_ executable: String, _ arguments: [String], in folder: URL) throws -> CommandResult {
        try start(URL(fileURLWithPath: executable), arguments, in: folder).wait()
    }

    static func start(_ executable: URL, _ arguments: [String], in folder: URL) throws -> Running {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qmark-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let out = folder.appendingPathComponent("stdout"), err = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        return Running(process, out: out, err: err)
    }
}

/// Front-matter plus body, for terse fixtures.
func doc(_ id: String, title: String? = nil, type: String = "procedure", status: String = "approved",
         clauses: String = "[7.5]", extra: String = "", body: String = "Text.\n") -> String {
    """
    ---
    id: \(id)
    title: \(title ?? "Document \(id)")
    type: \(type)
    revision: A
    status: \(status)
    effective: 2026-01-01
    owner: QA
    approver: GM
    clauses: \(clauses)
    \(extra)
    ---
    \(body)
    """
}

/// Debian's `cmark-gfm` with GitHub's extensions: the reference QMark's GFM is proved against.
enum GFMOracle {
    static let path = ["/usr/bin/cmark-gfm", "/usr/local/bin/cmark-gfm"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func render(_ markdown: String, unsafe: Bool, extensions: Bool = true) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path ?? "/usr/bin/cmark-gfm")
        process.arguments = (extensions ? ["-e", "table", "-e", "autolink", "-e", "strikethrough", "-e", "tasklist", "-e", "tagfilter"] : [])
            + (unsafe ? ["--unsafe"] : [])
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(markdown.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// QMark's HTML as cmark-gfm would write it: tables without QMark's wrapper and classes,
    /// alignment as `align`, headings without anchors, a loose task item's checkbox before its paragraph.
    static func comparable(_ html: String) -> String {
        html.replacingOccurrences(of: "<div class=\"qm-table-wrap\"><table class=\"qm-table\">", with: "<table>")
            .replacingOccurrences(of: "</table></div>", with: "</table>")
            .replacing(#/ style="text-align: (\w+)"/#) { " align=\"\($0.output.1)\"" }
            .replacing(#/<h([1-6]) id="[^"]*">/#) { "<h\($0.output.1)>" }
            .replacing(#/<li>\n<p>(<input [^>]*\/>) /#) { "<li>\($0.output.1) \n<p>" }
    }
}
