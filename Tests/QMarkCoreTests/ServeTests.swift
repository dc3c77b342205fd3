import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import QMarkCore

/// `qmark serve` as a user meets it: a page in the browser, a file saved, the page updated;
/// an error shown with its file and line, then fixed.
@Suite struct ServeTests {
    struct State: Decodable {
        var version: Int
        var built: Bool
        var errors: [Diagnostic]
    }

    static func get(_ url: URL) async throws -> (status: Int, body: String) {
        let (data, response) = try await URLSession.shared.data(for: URLRequest(url: url, timeoutInterval: 10))
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    static func state(_ base: URL) async throws -> State {
        let (data, _) = try await URLSession.shared.data(for: URLRequest(url: base.appendingPathComponent("__qmark/state"), timeoutInterval: 10))
        return try JSONDecoder().decode(State.self, from: data)
    }

    struct Timeout: Error, CustomStringConvertible {
        var step: String
        var last: String
        var description: String { "timed out waiting for \(step); last state: \(last)" }
    }

    /// Waits until the preview's state satisfies a condition (the watcher looks three times a
    /// second; the time allowed is for a machine busy running the rest of the suite, whose
    /// tests that wait on processes can hold every thread this test would resume on).
    static func waitFor(_ step: String, _ base: URL, seconds: Double = 300, _ condition: (State) -> Bool) async throws -> State {
        let deadline = Date().addingTimeInterval(seconds)
        var last = "none"
        while true {
            if let state = try? await state(base) {
                if condition(state) { return state }
                last = "version \(state.version), built \(state.built), \(state.errors.count) error(s)"
            }
            guard Date() < deadline else { throw Timeout(step: step, last: last) }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
    }

    /// `qmark serve` of a fixture on a port of its own, stopped when released.
    final class RunningPreview: @unchecked Sendable {
        let server: QMarkBinary.Running
        let port: Int
        var base: URL { URL(string: "http://127.0.0.1:\(port)/")! }
        var pid: Int32 { server.process.processIdentifier }

        init(_ fixture: FixtureManual, port: Int = Int.random(in: 20_000...40_000)) throws {
            self.port = port
            server = try QMarkBinary.start(["serve", "--no-history", "--port", String(port), "--templates", QMarkBinary.templates], in: fixture.root)
        }

        func stop(_ signal: Int32 = SIGTERM) {
            kill(pid, signal)
            _ = server.wait()
        }

        deinit { if server.process.isRunning { stop() } }
    }

    @Test func editsShowUpAndErrorsAreShownUntilFixed() async throws {
        let fixture = try FixtureManual(LiveSiteTests.files)
        let preview = try RunningPreview(fixture)
        let port = preview.port, base = preview.base
        let first = try await Self.waitFor("the first build", base) { $0.built }
        #expect(first.errors.isEmpty)

        let home = try await Self.get(base)
        #expect(home.status == 200)
        #expect(home.body.contains("<script src=\"/__qmark/live.js\"></script>\n</body>"), "the page script is added to every page")
        let script = try await Self.get(base.appendingPathComponent("__qmark/live.js"))
        #expect(script.status == 200 && script.body.contains("location.reload()"))
        #expect(try await Self.get(URL(string: "http://127.0.0.1:\(port)/docs/../../etc/passwd")!).status == 404)
        #expect(try await Self.get(base.appendingPathComponent(".qmark-manifest")).status == 404)
        #expect(try await Self.get(base.appendingPathComponent("docs/NOPE.html")).status == 404)

        try fixture.write("procedures/QP-02.md", doc("QP-02", title: "Internal audit", clauses: "[9.2]", body: "# Audit\n\nPlan the programme each year.\n"))
        let edited = try await Self.waitFor("the edit", base) { $0.version > first.version }
        #expect(edited.errors.isEmpty)
        #expect(try await Self.get(base.appendingPathComponent("docs/QP-02.html")).body.contains("each year"))

        try fixture.write("procedures/QP-03.md", doc("QP-03", title: "Nonconformity", clauses: "[10.2]", body: "See [[QP-99]].\n"))
        let broken = try await Self.waitFor("the error", base) { !$0.errors.isEmpty }
        #expect(broken.version == edited.version, "a manual with errors is not published")
        #expect(broken.errors.first?.file == "procedures/QP-03.md")
        #expect(broken.errors.first?.line == 13)
        #expect(broken.errors.first?.message.contains("QP-99") == true)
        #expect(try await Self.get(base.appendingPathComponent("docs/QP-03.html")).body.contains("Back to"), "the last version that built")

        try fixture.write("procedures/QP-03.md", doc("QP-03", title: "Nonconformity", clauses: "[10.2]", body: "See [[QP-02]].\n"))
        let fixed = try await Self.waitFor("the fix", base) { $0.errors.isEmpty && $0.version > edited.version }
        #expect(fixed.built)
        #expect(try await Self.get(base.appendingPathComponent("docs/QP-03.html")).body.contains("docs/QP-02.html"))
    }

    /// The lock file of the preview a `qmark serve` shows, found by the process that holds it.
    static func previewFolder(of pid: Int32) throws -> URL? {
        let temporary = FileManager.default.temporaryDirectory
        for name in try FileManager.default.contentsOfDirectory(atPath: temporary.path)
        where name.hasPrefix(".qmark-preview-") && name.hasSuffix(".qmark-lock") {
            let holder = (try? String(contentsOf: temporary.appendingPathComponent(name), encoding: .utf8)) ?? ""
            if holder.contains("qmark serve (pid \(pid))") {
                return temporary.appendingPathComponent(String(name.dropFirst().dropLast(".qmark-lock".count)))
            }
        }
        return nil
    }

    /// The front door: its own host names only (DNS rebinding), plain pages only for other sites,
    /// GET and HEAD only, idle and half-sent requests dropped in seconds, oversized heads refused;
    /// a build into the preview's folder refused; a number past any calendar shown as an error,
    /// the preview still running; what a killed preview left removed by the next.
    @Test func theDoorAnswersItsOwnNamesAndDropsSlowClients() async throws {
        let fixture = try FixtureManual(LiveSiteTests.files)
        let preview = try RunningPreview(fixture)
        let port = preview.port, base = preview.base
        let first = try await Self.waitFor("the first build", base) { $0.built }

        let script = QMarkBinary.packageRoot.appendingPathComponent("Tests/Fixtures/serve/probe.py").path
        let probe = try QMarkBinary.runTool("/usr/bin/env", ["python3", script, String(port)], in: fixture.root)
        #expect(probe.status == 0, "\(probe.stderr)")
        let found = try #require(try JSONSerialization.jsonObject(with: Data(probe.stdout.utf8)) as? [String: [String: Any]])
        let expected = ["own": 200, "loopback": 200, "ipv6": 200, "foreign": 421, "foreign-port": 421, "other-port": 421,
                        "no-host": 421, "two-hosts": 421, "post": 405, "delete": 405, "head": 200, "foreign-origin": 403,
                        "null-origin": 403, "own-origin": 200, "cross-site-fetch": 403, "cross-site-frame": 403,
                        "cross-site-link": 200, "cross-site-state": 403, "half": 408, "trickle": 408, "long-line": 414, "large-head": 431]
        for (name, status) in expected {
            #expect(found[name]?["status"] as? Int == status, "\(name): \(found[name] ?? [:])")
        }
        #expect(found["head"]?["body"] as? Int == 0 && (found["head"]?["head"] as? String)?.contains("content-length:") == true,
                "HEAD: the head of the page's answer, no body")
        #expect((found["post"]?["head"] as? String)?.contains("allow: get, head") == true)
        #expect((found["foreign"]?["head"] as? String)?.contains("connection: close") == true)
        #expect(found["events"]?["status"] as? Int == 200 && found["events"]?["event"] as? Bool == true
                && (found["events"]?["head"] as? String)?.contains("text/event-stream") == true, "events pass the door: \(found["events"] ?? [:])")
        for name in ["half", "trickle"] {
            let seconds = try #require(found[name]?["seconds"] as? Double)
            #expect(seconds >= 4 && seconds < 15, "\(name) dropped after the head's few seconds, not minutes: \(seconds) s")
        }

        // `qmark build --output` into the folder the preview shows is refused, --wait or not.
        let folder = try #require(try Self.previewFolder(of: preview.pid))
        for wait in [false, true] {
            let build = try QMarkBinary.run(["build", "--templates", QMarkBinary.templates, "--output", folder.path] + (wait ? ["--wait"] : []),
                                            in: fixture.root)
            #expect(build.status == 1)
            #expect(build.stderr.contains("is the folder a running qmark serve (pid \(preview.pid)) shows"), "\(build.stderr)")
        }
        #expect(try await Self.get(base).status == 200, "the preview is untouched")

        // A review interval past any calendar once killed the preview: now it is an error on the page.
        try fixture.write("site.yml", "title: Fixture\nlanguage: en\nreview_interval_months: 9223372036854775807\n")
        let refused = try await Self.waitFor("the error", base) { !$0.errors.isEmpty }
        #expect(refused.errors.first?.file == "site.yml" && refused.errors.first?.line == 3, "\(refused.errors)")
        #expect(refused.version == first.version)
        #expect(preview.server.process.isRunning)

        // Killed outright, a preview leaves its folder; the next one removes it.
        preview.stop(SIGKILL)
        #expect(FileManager.default.fileExists(atPath: folder.path))
        // Folders that only look like a preview's are never touched: no lock file beside them.
        let temporary = FileManager.default.temporaryDirectory
        let lookalikes = ["qmark-preview-notes-\(UUID().uuidString)", "qmark-preview-" + String(UUID().uuidString.prefix(8))]
            .map { temporary.appendingPathComponent($0) }
        for lookalike in lookalikes {
            try FileManager.default.createDirectory(at: lookalike, withIntermediateDirectories: true)
            try Data("mine".utf8).write(to: lookalike.appendingPathComponent("keep.txt"))
        }
        defer { for lookalike in lookalikes { try? FileManager.default.removeItem(at: lookalike) } }
        let next = try RunningPreview(fixture, port: port + 1)
        _ = try await Self.waitFor("the next preview", next.base) { !$0.errors.isEmpty || $0.built }
        #expect(!FileManager.default.fileExists(atPath: folder.path), "the killed preview's folder is removed")
        #expect(!FileManager.default.fileExists(atPath: folder.path + ".sock"))
        for lookalike in lookalikes {
            #expect(FileManager.default.fileExists(atPath: lookalike.appendingPathComponent("keep.txt").path), "\(lookalike.lastPathComponent) kept")
        }
    }
}
