import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import QMarkCore

/// CONTRACT §1 coverage rules, on a small catalogue:
/// 1 ─ 1.1 ─ 1.1.1, 1.1.2 ; 1.2 ; 2 ─ 2.1, 2.2 ; 3 ─ 3.1 ; 4 ─ 4.1, 4.2
@Suite struct CoverageTests {
    static let catalogue = """
        id: t
        title: T
        clauses:
          - id: 1
            title: One
            clauses:
              - id: 1.1
                title: One one
                clauses:
                  - {id: 1.1.1, title: a}
                  - {id: 1.1.2, title: b}
              - {id: 1.2, title: One two}
          - id: 2
            title: Two
            clauses:
              - {id: 2.1, title: a}
              - {id: 2.2, title: b}
          - id: 3
            title: Three
            clauses:
              - {id: 3.1, title: a}
          - id: 4
            title: Four
            clauses:
              - {id: 4.1, title: a}
              - {id: 4.2, title: b}
        """

    func coverage(_ documents: [(String, DocumentStatus, [String])], exclusions: [String: String] = [:]) -> StandardCoverage {
        let (standard, _) = CatalogueParser.parse(SourceFile(path: "standards/t.yml", data: Data(Self.catalogue.utf8)))
        let docs = documents.map { id, status, clauses in
            Document(id: id, title: id, type: .procedure, revision: "A", status: status, effective: nil, owner: nil, approver: nil,
                     principleKey: nil, clauses: clauses.map { ClauseMapping(standard: "t", clause: $0, line: 1) },
                     principles: [], references: [], records: [], process: nil, sourcePath: "\(id).md", body: "", bodyLine: 1,
                     bodyLinks: [], assetLinks: [], headings: [], keyLines: [:])
        }
        let excluded = exclusions.map { Exclusion(standard: "t", clause: $0.key, justification: $0.value, line: 1) }
        // The manual hands documents over in natural id order; so does this helper.
        let ordered = docs.sorted { DocumentOrder.areInIncreasingOrder($0.id, $1.id) }
        return CoverageCalculator.coverage(of: standard!, documents: ordered, exclusions: excluded)
    }

    func status(_ coverage: StandardCoverage, _ clause: String) -> CoverageStatus? { coverage[clause: clause]?.status }

    @Test func mappingAClauseCoversItAndEverythingUnderIt() {
        let result = coverage([("D1", .approved, ["1.1"])])
        #expect(status(result, "1.1") == .covered)
        #expect(status(result, "1.1.1") == .covered)
        #expect(status(result, "1.1.2") == .covered)
        #expect(status(result, "1") == .partial)
        #expect(status(result, "1.2") == .uncovered)
        #expect(result[clause: "1.1.1"]?.documents == ["D1"])
        #expect(result[clause: "1"]?.documents == ["D1"])
        #expect(result[clause: "1.1.1"]?.direct == [])
    }

    @Test func everyChildCoveredOrExcludedCoversTheParent() {
        let result = coverage([("D1", .approved, ["2.1"])], exclusions: ["2.2": "not applicable"])
        #expect(status(result, "2.2") == .excluded)
        #expect(status(result, "2") == .covered)
        #expect(result[clause: "2.2"]?.justification == "not applicable")
    }

    @Test func exclusionReachesDescendantsAndBeatsMapping() {
        let result = coverage([("D1", .approved, ["1.1.1"])], exclusions: ["1.1": "n/a"])
        #expect(status(result, "1.1") == .excluded)
        #expect(status(result, "1.1.1") == .excluded)
        #expect(result[clause: "1.1.2"]?.justification == "n/a")
        #expect(status(result, "1") == .uncovered)
    }

    @Test func partialNeedsACoveredDescendantAtAnyDepth() {
        let result = coverage([("D1", .approved, ["1.1.2"])])
        #expect(status(result, "1.1") == .partial)
        #expect(status(result, "1") == .partial)
        #expect(status(result, "1.1.1") == .uncovered)
    }

    @Test func draftsAndReviewArePendingOnly() {
        let result = coverage([("D1", .draft, ["3"]), ("D2", .review, ["3.1"])])
        #expect(status(result, "3") == .uncovered)
        #expect(status(result, "3.1") == .uncovered)
        #expect(result[clause: "3"]?.pending == ["D1", "D2"])
        #expect(result[clause: "3.1"]?.pending == ["D1", "D2"])
        #expect(result[clause: "3"]?.documents == [])
    }

    @Test func obsoleteDocumentsCountForNothing() {
        let result = coverage([("OLD", .obsolete, ["4"])])
        #expect(status(result, "4") == .uncovered)
        #expect(result[clause: "4"]?.documents == [])
        #expect(result[clause: "4"]?.pending == [])
    }

    @Test func documentsListAncestorsAndDescendantsNaturallySorted() {
        let result = coverage([("QP-10", .approved, ["1"]), ("QP-2", .approved, ["1.1.1"]), ("QP-3", .approved, ["2"])])
        #expect(result[clause: "1.1"]?.documents == ["QP-2", "QP-10"])
        #expect(result[clause: "1"]?.documents == ["QP-2", "QP-10"])
        #expect(result[clause: "1.2"]?.documents == ["QP-10"])
        #expect(result[clause: "1"]?.direct == ["QP-10"])
    }

    @Test func countsPerStatus() {
        let result = coverage([("D1", .approved, ["1"])], exclusions: ["4": "n/a"])
        #expect(result.count(.covered) == 5)
        #expect(result.count(.excluded) == 3)
        #expect(result.count(.uncovered) == 5)
        #expect(result.clauses.map(\.clause.id) == ["1", "1.1", "1.1.1", "1.1.2", "1.2", "2", "2.1", "2.2", "3", "3.1", "4", "4.1", "4.2"])
    }
}

/// `qmark check --require-coverage`: the gate a merge check runs.
@Suite struct CoverageGateTests {
    static let catalogue = """
        id: csr-mini
        title: Mini customer requirements
        clauses:
          - id: 1
            title: Planning
            clauses:
              - id: 1.1
                title: Quality plan
              - id: 1.2
                title: Control plan
          - id: 2
            title: Records
        """

    @Test func aClauseNeitherCoveredNorExcludedFailsTheGate() throws {
        let fixture = try FixtureManual([
            "site.yml": "title: T\nstandard: csr-mini\nstandards: [csr-mini, iso14001-2015]\n",
            "standards/csr-mini.yml": Self.catalogue,
            "a.md": doc("QP-01", title: "Planning", clauses: "[1.1]"),
            "b.md": doc("QP-02", title: "Control plans", status: "draft", clauses: "[1.2]"),
            "c.md": doc("EP-01", title: "Environmental aspects", clauses: "\n  iso14001-2015: [6.1.2]"),
        ])
        let result = try fixture.run("check", "--require-coverage")
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("standards/csr-mini.yml:9: error: csr-mini 1.2 Control plan is not covered; drafts mapping it, not yet approved: QP-02; near it: QP-01 maps 1.1") }, "\(result.stderr)")
        #expect(lines.contains { $0.hasPrefix("standards/csr-mini.yml:4: error: csr-mini 1 Planning is only partly covered; not covered below it: 1.2; drafts mapping it, not yet approved: QP-02; near it: QP-01 maps 1.1") }, "\(result.stderr)")
        #expect(lines.contains { $0.hasPrefix("standards/csr-mini.yml:11: error: csr-mini 2 Records is not covered; no document maps a clause near it") }, "\(result.stderr)")
        #expect(!result.stderr.contains("1.1 Quality plan"), "a covered clause is not a gap")
        #expect(!result.stderr.contains("iso14001-2015"), "only the standard asked for")

        // Another standard by name: ISO 14001's clauses, built in, reported against site.yml's `standard` line.
        let other = try fixture.run("check", "--require-coverage", "iso14001-2015", "--format", "json")
        #expect(other.status == 1)
        let diagnostics = try #require(try JSONSerialization.jsonObject(with: Data(other.stdout.utf8)) as? [[String: Any]])
        let gaps = diagnostics.filter { $0["code"] as? String == "uncovered-clause" }
        #expect(gaps.contains { ($0["message"] as? String)?.hasPrefix("iso14001-2015 6.1.1 ") == true && ($0["message"] as? String)?.contains("EP-01 maps 6.1.2") == true })
        #expect(gaps.allSatisfy { $0["file"] as? String == "site.yml" && $0["line"] as? Int == 2 })
        #expect(!gaps.contains { ($0["message"] as? String)?.hasPrefix("iso14001-2015 6.1.2 ") == true }, "mapped by an approved document")

        // Excluding the gaps with a justification, and approving the draft, opens the gate.
        try fixture.write("site.yml", "title: T\nstandard: csr-mini\nexclusions:\n  2: 记录由客户系统保存。\n")
        try fixture.write("b.md", doc("QP-02", title: "Control plans", clauses: "[1.2]"))
        let open = try fixture.run("check", "--require-coverage")
        #expect(open.status == 0, "\(open.stderr)")
        let unknown = try fixture.run("check", "--require-coverage", "iso-nope")
        #expect(unknown.status == 2 && unknown.stderr.contains("unknown standard iso-nope"), "\(unknown.stderr)")
    }
}

/// The pictures of coverage: drawn as SVG with every count written, never by colour alone.
@Suite struct CoverageChartTests {
    @Test func barsPerTopClauseAndAHeatMapOfDepartments() throws {
        let fixture = try FixtureManual([
            "site.yml": "title: T\nlanguage: en\nexclusions:\n  8.3: No design.\n",
            "a.md": doc("QP-01", title: "Production", clauses: "[8.5.1, 8.5.2]").replacingOccurrences(of: "owner: QA", with: "owner: Production"),
            "b.md": doc("QP-02", title: "Documents", clauses: "[7.5]"),
        ])
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        let matrix = try fixture.page("standards/iso9001-2015/index.html")
        #expect(matrix.contains("<svg class=\"qm-chart\" role=\"img\""))
        #expect(matrix.contains("<title>8 Operation: Covered 2, Partial 2, Not covered 20, Excluded 7</title>"), "each bar says its counts")
        #expect(matrix.contains(">✓2  ◐2  ✗20  —7</text>"), "counts written beside the bars")
        #expect(matrix.contains("<svg class=\"qm-chart qm-heat\"") && matrix.contains(">Production</text>") && matrix.contains(">QA</text>"))
        #expect(matrix.contains("<title>8 · Production: 2</title>"), "8.5.1 and 8.5.2 mapped by Production")
        #expect(try fixture.page("index.html").contains("<svg class=\"qm-chart\""), "the home page shows the site's standard")
        // Each picture is well-formed XML on its own (an SVG viewer or an office tool can take it out of the page).
        let pictures = matrix.components(separatedBy: "<svg ").dropFirst().map { "<svg " + $0.components(separatedBy: "</svg>")[0] + "</svg>" }
        #expect(pictures.count == 2)
        for svg in pictures {
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "") line \(parser.lineNumber)")
        }
    }
}
