import Foundation
@testable import QMarkCore

/// A fixture manual in a git repository with a scripted history: each commit at a fixed date.
final class GitFixture: @unchecked Sendable {
    let fixture: FixtureManual
    private var day = 0
    var root: URL { fixture.root }

    init(_ files: [String: String] = [:]) throws {
        fixture = try FixtureManual(files)
        try git("init", "-q", "-b", "main")
        try git("config", "user.name", "李敏")
        try git("config", "user.email", "limin@example.com")
        try git("config", "commit.gpgsign", "false")
    }

    /// Writes files (nil removes one) and commits them with `message`, one day after the previous commit.
    @discardableResult
    func commit(_ message: String, _ files: [String: String?] = [:], author: String? = nil) throws -> String {
        for (path, text) in files {
            if let text { try fixture.write(path, text) } else { try fixture.remove(path) }
        }
        try git("add", "-A")
        day += 1
        let date = String(format: "2026-01-%02dT10:00:00+08:00", day)
        var arguments = ["commit", "-q", "--allow-empty", "-m", message]
        if let author { arguments += ["--author", author] }
        try git(arguments, environment: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date])
        return String(decoding: try git("rev-parse", "HEAD"), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    func git(_ arguments: String...) throws -> Data { try git(arguments) }

    @discardableResult
    func git(_ arguments: [String], environment: [String: String] = [:]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = root
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
        return data
    }

    func run(_ arguments: String...) throws -> CommandResult { try QMarkBinary.run(arguments, in: root) }

    func resolve(today: String = "2026-06-01") async throws -> Manual {
        try await Pipeline.resolve(source: fixture.manual, options: Pipeline.Options(today: DayDate(today)!))
    }
}

/// A document with the fields history cares about.
func versioned(_ id: String, revision: String, status: String, body: String, extra: String = "", approver: String = "总经理") -> String {
    """
    ---
    id: \(id)
    title: 不合格输出控制程序
    type: procedure
    revision: \(revision)
    status: \(status)
    effective: 2026-01-01
    owner: 质量部
    approver: \(approver)
    clauses: [8.7]
    \(extra)
    ---
    \(body)
    """
}
