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

    @Test func editsShowUpAndErrorsAreShownUntilFixed() async throws {
        let fixture = try FixtureManual(LiveSiteTests.files)
        let port = Int.random(in: 20_000...40_000)
        let server = try QMarkBinary.start(["serve", "--no-history", "--port", String(port), "--templates", QMarkBinary.templates], in: fixture.root)
        defer {
            kill(server.process.processIdentifier, SIGTERM)
            _ = server.wait()
        }
        let base = URL(string: "http://127.0.0.1:\(port)/")!
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
}
