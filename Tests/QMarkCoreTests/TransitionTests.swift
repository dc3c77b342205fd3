import Foundation
import Testing
@testable import QMarkCore

/// Edition transitions, on a fictitious standard in two editions (ACME QS 2020 and 2026): the new
/// edition's catalogue says which edition it replaces and how the clauses carry over; QMark shows
/// for each new clause the documents to review, the new requirements and the withdrawn clauses.
@Suite struct TransitionTests {
    static let old = """
        id: acme-qs-2020
        title: ACME Quality Standard 2020
        clauses:
          - id: 4
            title: Context
            clauses:
              - {id: 4.1, title: Issues}
              - {id: 4.2, title: Interested parties}
              - {id: 4.10, title: Climate}
          - id: 6
            title: Planning
            clauses:
              - {id: 6.1, title: Risks and opportunities}
              - {id: 6.2, title: Objectives}
          - id: 7
            title: Support
            clauses:
              - {id: 7.5, title: Documented information}
              - {id: 7.6, title: Knowledge}
          - id: 8
            title: Operation
            clauses:
              - {id: 8.2, title: Requirements}
              - {id: 8.3, title: Design}
              - {id: 8.4, title: Purchasing}
          - id: 9
            title: Evaluation
            clauses:
              - {id: 9.1, title: Monitoring}
              - {id: 9.2, title: Internal audit}
          - id: 10
            title: Improvement
            clauses:
              - {id: 10.1, title: Nonconformity}
              - {id: 10.2, title: Suggestion box}
        """

    /// Line numbers matter: the diagnostics tests name them.
    static let new = """
        id: acme-qs-2026
        title: ACME Quality Standard 2026
        supersedes: acme-qs-2020
        map:
          6.1: [6.1.1, 6.1.2]
          8.2: [8.3]
          8.3: [8.4]
          8.4: [8.5]
          9.2: [9.1]
          10.2: []
        clauses:
          - id: 4
            title: Context
            clauses:
              - {id: 4.1, title: Issues}
              - {id: 4.2, title: Interested parties}
              - {id: 4.3, title: Quality culture, new: true}
              - {id: 4.10, title: Climate action}
          - id: 6
            title: Planning
            clauses:
              - id: 6.1
                title: Actions to address risks and opportunities
                clauses:
                  - {id: 6.1.1, title: Risks}
                  - {id: 6.1.2, title: Opportunities}
              - {id: 6.2, title: Objectives}
          - id: 7
            title: Support
            clauses:
              - {id: 7.5, title: Documented information}
          - id: 8
            title: Operation
            clauses:
              - {id: 8.2, title: Operational planning, new: true}
              - {id: 8.3, title: Requirements}
              - {id: 8.4, title: Design}
              - {id: 8.5, title: Purchasing}
          - id: 9
            title: Evaluation
            clauses:
              - {id: 9.1, title: Monitoring and audit}
          - id: 10
            title: Improvement
            clauses:
              - {id: 10.1, title: Nonconformity}
          - id: 11
            title: Ethics
            new: true
            clauses:
              - {id: 11.1, title: Whistleblowing}
        """

    static func files(site: String = "title: T\nlanguage: en\nstandard: acme-qs-2020\nstandards: [acme-qs-2020, acme-qs-2026]\n") -> [String: String] {
        [
            "site.yml": site,
            "standards/acme-qs-2020.yml": old,
            "standards/acme-qs-2026.yml": new,
            "a.md": doc("QP-01", title: "Context and risks", clauses: "[4.1, 6.1, 4.10]"),
            "b.md": doc("QP-02", title: "Customer requirements", clauses: "\n  acme-qs-2020: [8.2, 8.3]\n  acme-qs-2026: [8.3]"),
            "c.md": doc("QP-03", title: "Internal audit", clauses: "[9.2, 10.2, 7.6]"),
            "d.md": doc("QP-04", title: "Monitoring", status: "draft", clauses: "[9.1]"),
            "e.md": doc("QP-05", title: "Old documents", status: "obsolete", clauses: "[7.5]", extra: "withdrawn: 2026-01-02"),
        ]
    }

    @Test func theCatalogueReadsTheEditionItReplacesAndTheMapAsText() throws {
        let (standard, diagnostics) = CatalogueParser.parse(SourceFile(path: "standards/acme-qs-2026.yml", data: Data(Self.new.utf8)))
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let edition = try #require(standard?.edition)
        #expect(edition.supersedes == "acme-qs-2020" && edition.line == 3)
        #expect(edition.entries.map(\.old) == ["6.1", "8.2", "8.3", "8.4", "9.2", "10.2"], "clause ids as written, 10.2 not 10.199…")
        #expect(edition.entries[0].new == ["6.1.1", "6.1.2"] && edition.entries[0].line == 5)
        #expect(edition.entries[5].new.isEmpty, "`[]`: withdrawn")
        #expect(standard?["4.3"]?.isNew == true && standard?["11"]?.isNew == true && standard?["11.1"]?.isNew == false)
        #expect(standard?["4.10"] != nil && standard?["4.1"] != nil, "4.10 stays 4.10")
    }

    @Test func eachNewClauseKnowsWhatItTakesOverAndWhoMustReviewIt() async throws {
        let fixture = try FixtureManual(Self.files())
        let manual = try await fixture.resolve()
        #expect(!manual.diagnostics.contains { $0.code == DiagnosticCode.editionMap.rawValue }, "\(manual.diagnostics)")
        let transition = try #require(manual.transition(to: "acme-qs-2026"))
        #expect(transition.old.id == "acme-qs-2020")
        let row = { (id: String) in transition.clauses.first { $0.clause.id == id }! }
        // Same id: carried over. Renumbered: 8.2 → 8.3 → 8.4 → 8.5, and 8.2 is new.
        #expect(row("4.1").predecessors == ["4.1"] && row("4.10").predecessors == ["4.10"] && row("4.2").predecessors == ["4.2"])
        #expect(row("8.3").predecessors == ["8.2"] && row("8.4").predecessors == ["8.3"] && row("8.5").predecessors == ["8.4"])
        #expect(row("8.2").isNew && row("4.3").isNew && row("11").isNew && row("11.1").isNew, "marked new, or below a clause marked new")
        // A split: 6.1 becomes 6.1.1 and 6.1.2; the new 6.1 heading is a regrouping, not a requirement.
        #expect(row("6.1.1").predecessors == ["6.1"] && row("6.1.2").predecessors == ["6.1"])
        #expect(row("6.1").isHeading && !row("6.1").isNew)
        // A merge: 9.1 takes over its own 9.1 and 9.2.
        #expect(row("9.1").predecessors == ["9.1", "9.2"])
        #expect(transition.newCount == 4 && transition.carriedCount == 18)

        // Documents: those mapping a predecessor and not yet the new clause are to review; drafts too, never obsolete ones.
        #expect(row("6.1.1").toReview == ["QP-01"] && row("6.1.2").toReview == ["QP-01"])
        #expect(row("9.1").toReview == ["QP-03", "QP-04"])
        #expect(row("8.3").toReview.isEmpty && row("8.3").mapped == ["QP-02"] && row("8.3").status == .covered, "QP-02 maps 8.3 of 2026 already")
        #expect(row("8.4").toReview == ["QP-02"], "QP-02's Design mapping (old 8.3) moved to 8.4")
        #expect(row("8").mapped == ["QP-02"] && row("8").status == .partial)
        #expect(row("7.5").toReview.isEmpty, "only an obsolete document mapped 7.5")
        #expect(row("4.3").toReview.isEmpty && row("4.3").status == .uncovered, "a new requirement stays uncovered until mapped")

        // Withdrawn: 7.6 (no clause of 2026 has it) and 10.2 (`10.2: []`), with the documents that map them.
        #expect(transition.withdrawn.map(\.clause.id) == ["7.6", "10.2"])
        #expect(transition.withdrawn.allSatisfy { $0.documents == ["QP-03"] })

        // What each document's clauses became.
        #expect(transition.documents.map(\.document) == ["QP-01", "QP-02", "QP-03", "QP-04"])
        let moves = { (id: String) in transition.documents.first { $0.document == id }!.moves.map { "\($0.old)→\($0.new.joined(separator: "+"))" } }
        #expect(moves("QP-01") == ["4.1→4.1", "4.10→4.10", "6.1→6.1.1+6.1.2"])
        #expect(moves("QP-03") == ["7.6→", "9.2→9.1", "10.2→"])
        #expect(transition.documents[1].mapsNew == ["8.3"] && transition.documentsToUpdate == 3)
    }

    @Test func aNewEditionOfABuiltInStandardIsTheUsersCatalogue() async throws {
        // No title of a real future edition is shipped: the user writes the new catalogue (fictitious here).
        let fixture = try FixtureManual([
            "site.yml": "title: T\nlanguage: en\nstandards: [iso9001-2015, iso9001-next]\n",
            "standards/next.yml": """
                id: iso9001-next
                title: Quality management systems (next edition, fictitious)
                supersedes: iso9001-2015
                map:
                  7.1.6: [7.1.5]
                clauses:
                  - id: 7
                    title: Support
                    clauses:
                      - {id: 7.1.5, title: Resources and knowledge}
                      - {id: 7.5, title: Documented information}
                      - {id: 7.6, title: Climate, new: true}
                """,
            "a.md": doc("QP-01", title: "Knowledge", clauses: "[7.1.6, 7.5]"),
        ])
        let manual = try await fixture.resolve()
        let transition = try #require(manual.transition(to: "iso9001-next"))
        #expect(transition.old.id == "iso9001-2015" && transition.old.sourcePath == nil, "the built-in edition")
        let row = { (id: String) in transition.clauses.first { $0.clause.id == id }! }
        #expect(row("7.1.5").predecessors == ["7.1.5", "7.1.6"] && row("7.1.5").toReview == ["QP-01"])
        #expect(row("7.5").toReview == ["QP-01"] && row("7.6").isNew)
        #expect(transition.withdrawn.contains { $0.clause.id == "8.3" }, "clauses the new catalogue lacks are withdrawn")
        #expect(CatalogueParser.builtins.allSatisfy { $0.edition == nil }, "built-in catalogues declare no transition")
    }

    @Test func mistakesInTheMapAreNamedWithTheirLines() async throws {
        var files = Self.files()
        files["standards/acme-qs-2026.yml"] = """
            id: acme-qs-2026
            title: ACME Quality Standard 2026
            supersedes: acme-qs-2020
            map:
              6.9: [6.1]
              8.2: [8.33]
              4.1: [13]
            clauses:
              - {id: 4, title: Context}
              - {id: 6, title: Planning, clauses: [{id: 6.1, title: Risks}]}
              - {id: 8, title: Operation, clauses: [{id: 8.3, title: Requirements}]}
              - {id: 12, title: Unmarked}
              - {id: 13, title: Both, new: true}
              - {id: 14, title: Unsure, new: maybe}
            """
        let fixture = try FixtureManual(files)
        let all = try await fixture.resolve().diagnostics
        #expect(all.contains { $0.file == "standards/acme-qs-2026.yml" && $0.line == 14 && $0.severity == .error && $0.message == "`new` must be true or false" }, "\(all)")
        let found = all.filter { $0.code == DiagnosticCode.editionMap.rawValue }.map { "\($0.line) \($0.severity) \($0.message)" }
        #expect(found.contains { $0.hasPrefix("5 error `map` names clause 6.9, which acme-qs-2020 does not have") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("6 error `map` sends 8.2 to clause 8.33, which acme-qs-2026 does not have") }, "\(found)")
        #expect(found.contains("12 warning clause 12 of acme-qs-2026 has no predecessor in acme-qs-2020: map a clause to it in `map:` or mark it `new: true`"), "\(found)")
        #expect(found.contains { $0.hasPrefix("13 warning clause 13 is marked `new: true` but `map` gives it 4.1") }, "\(found)")
        #expect(!found.contains { $0.contains("clause 6.1 ") || $0.contains("clause 8.3 ") || $0.contains("clause 4 ") }, "carried by id or by the map")

        files["standards/acme-qs-2026.yml"] = "id: acme-qs-2026\ntitle: ACME 2026\nsupersedes: acme-qs-2002\nclauses:\n  - {id: 4, title: Context}\n"
        let unknown = try await FixtureManual(files).resolve().diagnostics.filter { $0.code == DiagnosticCode.editionMap.rawValue }
        #expect(unknown.count == 1 && unknown[0].severity == .error && unknown[0].line == 3 && unknown[0].file == "standards/acme-qs-2026.yml")
        #expect(unknown[0].message.hasPrefix("`supersedes` names unknown standard `acme-qs-2002`") && unknown[0].message.contains("acme-qs-2020"), "\(unknown)")

        files["standards/acme-qs-2026.yml"] = "id: acme-qs-2026\ntitle: ACME 2026\nmap:\n  4: [4]\nclauses:\n  - {id: 4, title: Context}\n"
        let orphan = try await FixtureManual(files).resolve().diagnostics.filter { $0.code == DiagnosticCode.editionMap.rawValue }
        #expect(orphan.count == 1 && orphan[0].line == 4 && orphan[0].message.contains("`map:` needs `supersedes:`"), "\(orphan)")
    }

    @Test func theTransitionPageTheReportsAndTheirErrors() throws {
        let fixture = try FixtureManual(Self.files())
        let build = try fixture.run("build", "--templates", QMarkBinary.templates)
        #expect(build.status == 0, "\(build.stderr)")
        let page = try fixture.page("standards/acme-qs-2026/transition.html")
        #expect(page.contains("<h1>Transition <span class=\"qm-subtitle\">ACME Quality Standard 2020 → ACME Quality Standard 2026</span></h1>"))
        #expect(page.contains("<span class=\"qm-transition-number\">4</span> new requirements"))
        #expect(page.contains("<span class=\"qm-transition-number\">3</span> documents to update"))
        // 8.4 Design takes over the old 8.3, linked to its clause page, and QP-02 is to review against it.
        let design = try #require(page.components(separatedBy: "<tr").first { $0.contains(">Design</a>") })
        #expect(design.contains("href=\"../../standards/acme-qs-2020/8.3.html\"") && design.contains("QP-02"))
        let culture = try #require(page.components(separatedBy: "<tr").first { $0.contains(">Quality culture</a>") })
        #expect(culture.contains("qm-badge-new") && culture.contains("qm-cov-uncovered"))
        #expect(page.contains(">Suggestion box</td>"), "withdrawn clauses listed")
        // Both matrices and the standards page lead to it.
        #expect(try fixture.page("standards/acme-qs-2026/index.html").contains("href=\"../../standards/acme-qs-2026/transition.html\">⇄ Transition from ACME Quality Standard 2020"))
        #expect(try fixture.page("standards/acme-qs-2020/index.html").contains("⇄ Being replaced by ACME Quality Standard 2026 (transition)"))
        #expect(try fixture.page("standards.html").contains("<a href=\"standards/acme-qs-2026/transition.html\">ACME Quality Standard 2026, replacing ACME Quality Standard 2020</a>"))
        // The workbook has a sheet for it, read back by openpyxl.
        let sheets = try #require(try ExportsTests.read(fixture.site)["sheets"] as? [String: [String: Any]])
        // Named by the standards' titles, not their ids.
        let sheet = try #require(sheets["Transition ACME Quality Sta…"]?["rows"] as? [[Any]], "\(sheets.keys)")
        #expect(sheet.first as? [String] == ["Clause", "Clause title", "Kind", "Taken over from (ACME Quality Sta…)", "In the new edition", "To review", "Mapped already"])
        let cells = sheet.map { $0.map { ($0 as? String) ?? "" } }
        #expect(cells.contains(["  8.4", "Design", "Carried over", "8.3", "Not covered", "QP-02 Customer requirements", ""]), "\(cells)")
        #expect(cells.contains { $0[0] == "  4.3" && $0[2] == "New requirement" && $0[3].isEmpty })
        #expect(cells.contains { $0[1] == "Suggestion box" && $0[2] == "withdrawn" && $0[3] == "10.2" && $0[5] == "QP-03 Internal audit" })
        let coverage = try #require(try fixture.json("api/coverage.json") as? [String: Any])
        let transitions = try #require(coverage["transitions"] as? [[String: Any]])
        #expect(transitions.count == 1 && transitions[0]["supersedes"] as? String == "acme-qs-2020")
        #expect((transitions[0]["summary"] as? [String: Int])?["new"] == 4)

        let text = try fixture.run("coverage", "--transition")
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("  8.4      from 8.3          uncovered Design  [review: QP-02]"), "\(text.stdout)")
        #expect(text.stdout.contains("  4.3      NEW               uncovered Quality culture"))
        #expect(text.stdout.contains("  QP-03: 7.6 → withdrawn; 9.2 → 9.1; 10.2 → withdrawn  (not yet mapped to acme-qs-2026)"))
        #expect(text.stdout.contains("18 carried over, 4 new, 2 withdrawn;"))
        let csv = try fixture.run("coverage", "--transition", "--format", "csv")
        let lines = csv.stdout.components(separatedBy: "\r\n")
        #expect(lines[0] == "\u{FEFF}standard,supersedes,clause,depth,title,kind,from,status,review,mapped")
        #expect(lines.contains("acme-qs-2026,acme-qs-2020,9.1,2,Monitoring and audit,carried,9.1 9.2,uncovered,QP-03 QP-04,"))
        #expect(lines.contains("acme-qs-2026,acme-qs-2020,,2,Suggestion box,withdrawn,10.2,,QP-03,"))
        let json = try fixture.run("coverage", "--transition", "--format", "json", "--standard", "acme-qs-2026")
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let clauses = try #require(decoded.first?["clauses"] as? [[String: Any]])
        #expect(clauses.contains { $0["id"] as? String == "6.1" && $0["kind"] as? String == "heading" })

        let notANewEdition = try fixture.run("coverage", "--transition", "--standard", "acme-qs-2020")
        #expect(notANewEdition.status == 2 && notANewEdition.stderr.contains("acme-qs-2020 declares no edition it replaces"), "\(notANewEdition.stderr)")
        #expect(try fixture.run("coverage", "--transition", "--format", "xlsx").status == 2)
        try fixture.write("site.yml", "title: T\nlanguage: en\nstandard: acme-qs-2020\nstandards: [acme-qs-2020]\n")
        let none = try fixture.run("coverage", "--transition")
        #expect(none.status == 2 && none.stderr.contains("no standard the site shows replaces another edition"), "\(none.stderr)")
        // Named, a new edition the site does not show yet still has its transition.
        #expect(try fixture.run("coverage", "--transition", "--standard", "acme-qs-2026").stdout.contains("18 carried over"))
    }

    @Test func longListsStopAtTheMatrixLimit() throws {
        var files = Self.files()
        for n in 10..<20 { files["x\(n).md"] = doc("WI-\(n)", title: "Audit step \(n)", type: "instruction", clauses: "[9.2]") }
        let fixture = try FixtureManual(files)
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        let page = try fixture.page("standards/acme-qs-2026/transition.html")
        let monitoring = try #require(page.components(separatedBy: "<tr").first { $0.contains(">Monitoring and audit</a>") })
        // QP-03, QP-04 and ten instructions: eight shown, four more in the table of documents below.
        #expect(monitoring.components(separatedBy: "class=\"qm-docref\"").count - 1 == 8)
        #expect(monitoring.contains("<a class=\"qm-more\" href=\"#documents\">+4 more</a>"), "\(monitoring)")
    }
}
