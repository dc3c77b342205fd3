import Foundation

/// The git repository a manual lives in, read through the `git` command.
///
/// Every read is one process for the whole manual (`git log`, `git cat-file --batch`,
/// `git ls-tree`), never one per document. Reads are `async`: the process is waited for on a
/// thread of its own, never on the threads Swift concurrency runs tasks on.
public struct GitRepository: Sendable {
    /// The work tree's top folder.
    public let root: URL
    /// The manual folder relative to `root`, with a trailing `/` (empty at the top).
    public let manualPrefix: String
    public let isShallow: Bool

    /// Why git could not be read.
    public enum Failure: LocalizedError, Sendable {
        case notARepository(String)
        case command(String, String)
        case unknownRevision(String)

        public var errorDescription: String? {
            switch self {
            case .notARepository(let path): return "\(path) is not in a git repository"
            case let .command(command, message): return "git \(command) failed: \(message)"
            case .unknownRevision(let ref): return "unknown git revision `\(ref)`; give a commit, tag or branch, e.g. HEAD~3 or v2025-audit"
            }
        }
    }

    /// Finds the repository holding `manual`; nil when git is missing or the folder is not in a repository.
    public static func find(manual: URL) async -> GitRepository? {
        guard let output = try? await run(["rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository"], in: manual) else { return nil }
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3 else { return nil }
        return GitRepository(root: URL(fileURLWithPath: lines[0]), manualPrefix: lines[1], isShallow: lines[2] == "true")
    }

    // MARK: - Reads

    /// `git log` of the manual folder, newest first, with the blob each commit wrote for each file.
    func log(upTo ref: String? = nil) async throws -> [GitLog.Commit] {
        var arguments = ["-c", "core.quotePath=false", "log", "-z", "--raw", "--no-abbrev", "--no-color", "--no-renames",
                         "--format=\(GitLog.format)"]
        if let ref { arguments.append(ref) }
        arguments += ["--", manualPrefix.isEmpty ? "." : manualPrefix]
        return GitLog.parse(try await git(arguments))
    }

    /// The contents of many blobs, through one `git cat-file --batch`.
    func blobs(_ ids: [String]) async throws -> [String: Data] {
        guard !ids.isEmpty else { return [:] }
        let input = Data((ids.joined(separator: "\n") + "\n").utf8)
        let output = try await git(["cat-file", "--batch"], input: input)
        var result: [String: Data] = [:]
        result.reserveCapacity(ids.count)
        var index = output.startIndex
        while index < output.endIndex {
            guard let newline = output[index...].firstIndex(of: 0x0A) else { break }
            let header = String(decoding: output[index..<newline], as: UTF8.self).split(separator: " ")
            index = output.index(after: newline)
            guard header.count == 3, let size = Int(header[2]) else { continue } // "<id> missing"
            let end = output.index(index, offsetBy: size)
            result[String(header[0])] = output[index..<end]
            index = output.index(after: end) // the newline after the contents
        }
        return result
    }

    /// Files of the manual folder at a commit: manual-relative path → blob id.
    func tree(at ref: String) async throws -> [String: String] {
        let output = try await git(["-c", "core.quotePath=false", "ls-tree", "-r", "-z", "--full-tree", ref, "--",
                              manualPrefix.isEmpty ? "." : manualPrefix])
        var files: [String: String] = [:]
        for entry in output.split(separator: 0) {
            // "<mode> blob <id>\t<path>"
            guard let tab = entry.firstIndex(of: 0x09) else { continue }
            let meta = String(decoding: entry[entry.startIndex..<tab], as: UTF8.self).split(separator: " ")
            let path = String(decoding: entry[entry.index(after: tab)...], as: UTF8.self)
            guard meta.count == 3, meta[1] == "blob", path.hasPrefix(manualPrefix) else { continue }
            files[String(path.dropFirst(manualPrefix.count))] = String(meta[2])
        }
        return files
    }

    /// The full id of a commit, or an error naming the ref.
    func resolve(_ ref: String) async throws -> String {
        do {
            return String(decoding: try await git(["rev-parse", "--verify", "--quiet", "\(ref)^{commit}"]), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw Failure.unknownRevision(ref)
        }
    }

    /// The signatures of these commits, verified by git against an allowed-signers file (SSH
    /// signatures; `gpg.ssh.allowedSignersFile`), in one `git log` over them.
    func signatures(of commits: [String], allowedSigners: URL) async throws -> [String: CommitSignature] {
        guard !commits.isEmpty else { return [:] }
        let output = try await git(["-c", "gpg.ssh.allowedSignersFile=\(allowedSigners.path)", "log", "--no-walk=unsorted", "--stdin",
                                    "--format=%H%x1f%G?%x1f%GS%x1e"], input: Data(commits.joined(separator: "\n").utf8 + [0x0A]))
        var found: [String: CommitSignature] = [:]
        for record in String(decoding: output, as: UTF8.self).split(separator: "\u{1E}") {
            let fields = record.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\u{1F}", omittingEmptySubsequences: false)
            guard fields.count >= 2, let status = fields[1].first else { continue }
            found[String(fields[0])] = CommitSignature(status: status, signer: fields.count > 2 ? String(fields[2]) : "")
        }
        return found
    }

    // MARK: - Running git

    func git(_ arguments: [String], input: Data? = nil) async throws -> Data {
        try await GitRepository.run(arguments, in: root, input: input)
    }

    /// Runs git and gives its standard output; waits on a thread of its own.
    static func run(_ arguments: [String], in folder: URL, input: Data? = nil) async throws -> Data {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try runAndWait(arguments, in: folder, input: input) })
            }
        }
    }

    private static func runAndWait(_ arguments: [String], in folder: URL, input: Data?) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["LC_ALL"] = "C"
        process.environment = environment
        let output = Pipe(), errors = Pipe(), feed = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input == nil ? FileHandle.nullDevice : feed
        do { try process.run() } catch { throw Failure.command(arguments.first ?? "", error.localizedDescription) }
        if let input {
            // Feed stdin from another thread so that a large output cannot block the write.
            let writer = feed.fileHandleForWriting
            Thread.detachNewThread {
                writer.write(input)
                try? writer.close()
            }
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure.command(arguments.filter { !$0.hasPrefix("-") }.first ?? "", String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return data
    }
}
