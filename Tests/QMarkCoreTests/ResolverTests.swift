import Foundation
import Testing
@testable import QMarkCore

@Suite struct ResolverTests {
    @Test func linksBothFormsAndBacklinks() async throws {
        let fixture = try FixtureManual([
            "a/QP-01.md": doc("QP-01", body: "# X\n\nSee [[QP-02]] and [three](../b/c/QP-03.md).\n"),
            "b/QP-02.md": doc("QP-02", extra: "references: [QP-01]"),
            "b/c/QP-03.md": doc("QP-03", body: "Back to [one](../../a/QP-01.md#x).\n"),
        ])
        let manual = try await fixture.resolve()
        #expect(manual.diagnostics.isEmpty)
        let one = try #require(manual[id: "QP-01"])
        #expect(one.facts.links == ["QP-02", "QP-03"])
        #expect(one.facts.backlinks == ["QP-02", "QP-03"])
        #expect(try #require(manual[id: "QP-02"]).facts.backlinks == ["QP-01"])
    }

    @Test func unknownClauseSuggestsTheNearestOne() async throws {
        let fixture = try FixtureManual(["QP-01.md": doc("QP-01", clauses: "[7.9]")])
        let manual = try await fixture.resolve()
        let error = try #require(manual.diagnostics.first { $0.code == "unknown-clause" })
        #expect(error.message == "unknown clause 7.9 for iso9001-2015; did you mean 7.1?")
        #expect(error.file == "QP-01.md")
        #expect(error.line == 10)
    }

    @Test func duplicateIdNamesTheFirstFile() async throws {
        let fixture = try FixtureManual(["a.md": doc("QP-01"), "b.md": doc("QP-01")])
        let manual = try await fixture.resolve()
        let error = try #require(manual.diagnostics.first { $0.code == "duplicate-id" })
        #expect(error.file == "b.md")
        #expect(error.line == 2)
        #expect(error.message.contains("a.md:2"))
    }

    @Test func carefulControllerWarnings() async throws {
        let fixture = try FixtureManual([
            "a.md": "---\nid: A\ntitle: T\ntype: form\nstatus: approved\nclauses: [7.5, 8.7, 7.5]\n---\n",
            "b.md": "---\nid: B\ntitle: T\ntype: procedure\nstatus: draft\n---\n",
        ])
        let manual = try await fixture.resolve()
        let codes = Set(manual.diagnostics.map(\.code))
        #expect(codes == ["missing-approver", "missing-effective-date", "clause-mapped-twice", "no-clauses"])
        #expect(manual.diagnostics.allSatisfy { $0.severity == .warning })
        #expect(manual.diagnostics.first { $0.code == "clause-mapped-twice" }?.line == 6)
    }

    @Test func principlesAndTheirDocuments() async throws {
        let fixture = try FixtureManual([
            "p.md": doc("P-05", type: "principle", clauses: "[10.3]", extra: "key: improvement"),
            "q.md": doc("QP-01", extra: "principles: [improvement, customer-focus]"),
            "r.md": doc("QP-02", status: "draft", extra: "principles: [improvement]"),
        ])
        let manual = try await fixture.resolve()
        #expect(manual.diagnostics.isEmpty)
        let improvement = try #require(manual.principles.first { $0.principle.key == "improvement" })
        #expect(improvement.document == "P-05")
        #expect(improvement.documents == ["QP-01"])
        #expect(improvement.pending == ["QP-02"])
        #expect(manual.principles.count == 7)
    }

    @Test func settingsExclusionsAndUnknownStandard() async throws {
        let fixture = try FixtureManual([
            "site.yml": "title: T\nlanguage: en\nexclusions:\n  8.3: design is the customer's\n  9.9: nope\n",
            "a.md": doc("A", clauses: "{iso9001-2015: [8.7], nosuch: [1]}"),
        ])
        let manual = try await fixture.resolve()
        #expect(manual.config.language == .en)
        let codes = manual.diagnostics.map { "\($0.file):\($0.line):\($0.code)" }
        #expect(codes.contains("site.yml:5:unknown-clause"))
        #expect(codes.contains("a.md:10:unknown-standard"))
        #expect(manual.coverage(of: "iso9001-2015")?[clause: "8.3.2"]?.status == .excluded)
    }
}
