import Foundation
import Testing
@testable import QMarkCore

/// Every kind of bad input CONTRACT lists fails the build with exit 1, names the file and line,
/// and leaves the previous site byte for byte as it was.
@Suite struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var file: String
        var content: Data
        /// `path:line: error:` expected on standard error.
        var location: String
        var message: String
        var testDescription: String { name }

        init(_ name: String, _ file: String, _ text: String, at location: String, _ message: String) {
            self.name = name
            self.file = file
            self.content = Data(text.utf8)
            self.location = location
            self.message = message
        }

        init(_ name: String, _ file: String, bytes: Data, at location: String, _ message: String) {
            self.name = name
            self.file = file
            self.content = bytes
            self.location = location
            self.message = message
        }
    }

    static let cases: [Case] = [
        Case("YAML that does not parse", "procedures/QP-09.md", "---\nid: QP-09\ntitle: [oops\nstatus: draft\n---\n",
             at: "procedures/QP-09.md:4", "YAML does not parse"),
        Case("missing id", "procedures/QP-09.md", "---\ntitle: No id\n---\n", at: "procedures/QP-09.md:1", "missing `id`"),
        Case("missing title", "procedures/QP-09.md", "---\nid: QP-09\ntype: form\n---\n", at: "procedures/QP-09.md:1", "missing `title`"),
        Case("id used twice", "procedures/QP-09.md", doc("QP-02"), at: "procedures/QP-09.md:2", "id `QP-02` is already used by procedures/QP-02.md:2"),
        Case("unknown type", "procedures/QP-09.md", doc("QP-09", type: "procedur"), at: "procedures/QP-09.md:4", "unknown type `procedur`; did you mean procedure?"),
        Case("unknown status", "procedures/QP-09.md", doc("QP-09", status: "aproved"), at: "procedures/QP-09.md:6", "unknown status `aproved`; did you mean approved?"),
        Case("unknown clause", "procedures/QP-09.md", doc("QP-09", clauses: "[8.7, 7.9]"), at: "procedures/QP-09.md:10", "unknown clause 7.9 for iso9001-2015; did you mean 7.1?"),
        Case("unknown clause of a user standard", "procedures/QP-09.md", doc("QP-09", clauses: "{csr-acme: [5.11]}"), at: "procedures/QP-09.md:10", "unknown clause 5.11 for csr-acme"),
        Case("unknown standard", "procedures/QP-09.md", doc("QP-09", clauses: "{csr-acmee: [5.1]}"), at: "procedures/QP-09.md:10", "unknown standard `csr-acmee`; did you mean csr-acme?"),
        Case("unknown principle key", "procedures/QP-09.md", doc("QP-09", extra: "principles: [improvment]"), at: "procedures/QP-09.md:11", "unknown principle `improvment`; did you mean improvement?"),
        Case("malformed date", "procedures/QP-09.md", doc("QP-09").replacingOccurrences(of: "2026-01-01", with: "2026-02-30"), at: "procedures/QP-09.md:7", "malformed date `2026-02-30`"),
        Case("short link to a missing document", "procedures/QP-09.md", doc("QP-09", body: "Intro.\n\nSee [[QP-99]].\n"), at: "procedures/QP-09.md:15", "link to missing document `QP-99`"),
        Case("relative link to a missing document", "procedures/QP-09.md", doc("QP-09", body: "See [x](../forms/FM-99.md).\n"), at: "procedures/QP-09.md:13", "no file forms/FM-99.md"),
        Case("file that is not UTF-8", "procedures/QP-09.md", bytes: Data("---\nid: QP-09\ntitle: ".utf8) + Data([0xCE, 0xC4, 0xBC, 0xFE]) + Data("\n---\n".utf8),
             at: "procedures/QP-09.md:3", "not valid UTF-8"),
        Case("front-matter never closed", "procedures/QP-09.md", "---\nid: QP-09\ntitle: T\n", at: "procedures/QP-09.md:1", "never closed"),
        Case("no front-matter", "procedures/QP-09.md", "# Just text\n", at: "procedures/QP-09.md:1", "no front-matter"),
        Case("catalogue clause defined twice", "standards/dup.yml", "id: dup\ntitle: D\nclauses:\n  - {id: 1, title: a}\n  - {id: 1, title: b}\n",
             at: "standards/dup.yml:5", "clause `1` is already defined"),
        Case("site.yml with an unknown language", "site.yml", "title: T\nlanguage: fr\n", at: "site.yml:2", "unknown language `fr`"),
        // Numbers past any calendar: once they overflowed the date arithmetic and killed check, build and serve.
        Case("review interval past Int in site.yml", "site.yml", "title: T\nlanguage: en\nreview_interval_months: 9223372036854775807\n",
             at: "site.yml:3", "`review_interval_months` must be a whole number of months from 1 to 1200, e.g. 12 (not `9223372036854775807`)"),
        Case("review interval of a document past any calendar", "procedures/QP-09.md", doc("QP-09", extra: "review_interval_months: 400000000000000000"),
             at: "procedures/QP-09.md:11", "`review_interval_months` must be a whole number of months from 1 to 1200"),
        Case("review interval of a negative number of months", "procedures/QP-09.md", doc("QP-09", extra: "review_interval_months: -9223372036854775808"),
             at: "procedures/QP-09.md:11", "`review_interval_months` must be a whole number of months from 1 to 1200"),
        Case("effective_within_days past Int", "site.yml", "title: T\nlanguage: en\neffective_within_days: 99999999999999999999\n",
             at: "site.yml:3", "`effective_within_days` must be a whole number of days from 0 to 36500, e.g. 90"),
    ]

    static func goodManual() throws -> FixtureManual {
        try FixtureManual([
            "site.yml": "title: Fixture\nlanguage: en\n",
            "standards/acme.yml": "id: csr-acme\ntitle: ACME\nclauses:\n  - id: 5\n    title: Delivery\n    clauses:\n      - {id: 5.1, title: On time}\n      - {id: 5.10, title: Labels}\n",
            "procedures/QP-01.md": doc("QP-01", body: "See [[QP-02]].\n"),
            "procedures/QP-02.md": doc("QP-02"),
        ])
    }

    @Test(arguments: cases)
    func failsWithFileAndLineAndKeepsThePreviousSite(_ bad: Case) throws {
        let fixture = try Self.goodManual()
        let first = try fixture.run("build", "--templates", QMarkBinary.templates)
        #expect(first.status == 0, "good manual must build: \(first.stderr)")
        let before = try fixture.siteSnapshot()
        #expect(!before.isEmpty)

        try fixture.write(bad.file, data: bad.content)
        let result = try fixture.run("build", "--templates", QMarkBinary.templates)
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(bad.location): error: "), "stderr was: \(result.stderr)")
        #expect(result.stderr.contains(bad.message), "stderr was: \(result.stderr)")
        #expect(try fixture.siteSnapshot() == before, "the previous site must be untouched")

        let check = try fixture.run("check", "--format", "json")
        #expect(check.status == 1)
        let findings = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [[String: Any]])
        let error = findings.first { ($0["severity"] as? String) == "error" }
        #expect(error?["file"] as? String == bad.location.split(separator: ":").first.map(String.init))
        #expect(error?["line"] as? Int == Int(bad.location.split(separator: ":").last!))
        #expect((error?["code"] as? String)?.isEmpty == false)
    }

    /// A template that does not parse is reported once, as a diagnostic with its file and line, and the site stays.
    @Test func aBrokenTemplateIsOneDiagnostic() throws {
        let fixture = try Self.goodManual()
        let templates = fixture.root.appendingPathComponent("mine")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: QMarkBinary.templates), to: templates)
        #expect(try fixture.run("build", "--templates", templates.path).status == 0)
        let before = try fixture.siteSnapshot()
        let index = templates.appendingPathComponent("index.mustache")
        try (try String(contentsOf: index, encoding: .utf8) + "{{#unclosed}}\n").write(to: index, atomically: true, encoding: .utf8)
        let result = try fixture.run("build", "--templates", templates.path)
        #expect(result.status == 1)
        // Found at the end of the file, where the section should have closed.
        #expect(result.stderr.contains(/mine\/index\.mustache:6[0-9]: error: template does not parse/), "\(result.stderr)")
        #expect(result.stderr.components(separatedBy: "error:").count == 2, "one `error:` on the line: \(result.stderr)")
        #expect(try fixture.siteSnapshot() == before)
    }

    /// A failure without a file and line is `error: message`, never a diagnostic of an empty file at line 0.
    @Test func aFailureWithoutALocationIsPlainError() {
        let printer = DiagnosticPrinter(useColour: false)
        #expect(printer.line(for: SiteRenderer.Failure.write("index.html", "No space left on device"))
                == "error: cannot write index.html: No space left on device")
        #expect(printer.line(for: SiteRenderer.Failure.template("t/index.mustache", line: 3, message: "expectedSectionEnd"))
                == "t/index.mustache:3: error: template does not parse: expectedSectionEnd")
    }
}
