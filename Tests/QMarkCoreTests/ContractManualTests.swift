import Foundation
import Testing
@testable import QMarkCore

/// A manual exercising every rule of CONTRACT §1, built through the real `qmark`, with its
/// `coverage.json` and `manual.json` checked exactly.
@Suite struct ContractManualTests {
    static func manual() throws -> FixtureManual {
        try FixtureManual([
            "site.yml": """
                title: Contract Manual
                organization: ACME Works
                language: en
                standard: iso9001-2015
                exclusions:
                  8.3: We build to customer drawings.
                  csr-acme:
                    6: No rail shipments.
                """,
            "standards/acme.yml": """
                id: csr-acme
                title: ACME customer-specific requirements
                clauses:
                  - id: 5
                    title: Delivery
                    clauses:
                      - id: 5.1
                        title: On-time delivery
                      - id: 5.10
                        title: Packaging labels
                  - id: 6
                    title: Rail
                """,
            "deep/nested/folder/QP-05.md": doc("QP-05", title: "Document control", clauses: "[7.5]",
                body: "# Scope\n\nSee [[QP-08]] and [nonconforming](../../../procedures/QP-08.md#scope).\n\n`[[NOPE]]` stays code.\n"),
            "procedures/QP-08.md": doc("QP-08", title: "Nonconforming outputs",
                clauses: "\n  iso9001-2015: [8.7, 10.2]\n  csr-acme: [5.10]",
                extra: "principles: [improvement]\nreferences: [QP-05]",
                body: "# Scope\n\n<script>alert('x')</script>\n\n[click me](javascript:alert(1))\n\n<img src=x onerror=alert(1)>\n"),
            "procedures/QP-09.md": doc("QP-09", title: "Draft labels", status: "draft", clauses: "{csr-acme: [5.1]}"),
            "procedures/QP-10.md": doc("QP-10", title: "In review", status: "review", clauses: "[8.7.1]"),
            "archive/QP-01.md": doc("QP-01", title: "Old procedure", status: "obsolete", clauses: "[4, 5, 6]", body: "Replaced by [[QP-05]].\n"),
            "principles/P-05.md": doc("P-05", title: "Improvement", type: "principle", clauses: "[10.3]", extra: "key: improvement"),
            "assets/flow.txt": "not markdown",
        ])
    }

    @Test func buildsAndTheJSONOutputsAreExactlyRight() throws {
        let fixture = try Self.manual()
        let result = try fixture.run("build", "--templates", QMarkBinary.templates)
        #expect(result.status == 0, "\(result.stderr)")

        // coverage.json
        let coverage = try #require(try fixture.json("api/coverage.json") as? [String: Any])
        let standards = try #require(coverage["standards"] as? [[String: Any]])
        #expect(standards.map { $0["id"] as? String } == ["iso9001-2015", "csr-acme"])
        let iso = Dictionary(uniqueKeysWithValues: (standards[0]["clauses"] as! [[String: Any]]).map { ($0["id"] as! String, $0) })
        func row(_ id: String) -> (String, [String], [String], String?) {
            let clause = iso[id]!
            return (clause["status"] as! String, clause["documents"] as! [String], clause["pending"] as! [String], clause["justification"] as? String)
        }
        #expect((standards[0]["clauses"] as! [[String: Any]]).count == 91)
        #expect(row("7.5") == ("covered", ["QP-05"], [], nil))
        #expect(row("7.5.3.2") == ("covered", ["QP-05"], [], nil))
        #expect(row("7") == ("partial", ["QP-05"], [], nil))
        #expect(row("8.7") == ("covered", ["QP-08"], ["QP-10"], nil))
        #expect(row("8.7.1") == ("covered", ["QP-08"], ["QP-10"], nil))
        #expect(row("8.3") == ("excluded", [], [], "We build to customer drawings."))
        #expect(row("8.3.4") == ("excluded", [], [], "We build to customer drawings."))
        #expect(row("10") == ("partial", ["P-05", "QP-08"], [], nil))
        #expect(row("4") == ("uncovered", [], [], nil), "obsolete documents cover nothing")
        #expect(iso["8.7"]?["title"] as? String == "Control of nonconforming outputs")
        #expect((standards[0]["clauses"] as! [[String: Any]]).allSatisfy { $0.keys.contains("justification") })

        let acme = (standards[1]["clauses"] as! [[String: Any]]).map { ($0["id"] as! String, $0["status"] as! String, $0["documents"] as! [String], $0["pending"] as! [String]) }
        #expect(acme.map(\.0) == ["5", "5.1", "5.10", "6"])
        #expect(acme[1] == ("5.1", "uncovered", [], ["QP-09"]))
        #expect(acme[2] == ("5.10", "covered", ["QP-08"], []))
        #expect(acme[0] == ("5", "partial", ["QP-08"], ["QP-09"]))
        #expect(acme[3] == ("6", "excluded", [], []))

        let principles = try #require(coverage["principles"] as? [[String: Any]])
        #expect(principles.count == 7)
        let improvement = try #require(principles.first { $0["key"] as? String == "improvement" })
        #expect(improvement["documents"] as? [String] == ["QP-08"])
        #expect(improvement["document"] as? String == "P-05")

        // manual.json
        let manual = try #require(try fixture.json("api/manual.json") as? [String: Any])
        #expect(manual["title"] as? String == "Contract Manual")
        #expect(manual["language"] as? String == "en")
        let documents = try #require(manual["documents"] as? [[String: Any]])
        #expect(documents.map { $0["id"] as? String } == ["P-05", "QP-01", "QP-05", "QP-08", "QP-09", "QP-10"])
        let qp08 = try #require(documents.first { $0["id"] as? String == "QP-08" })
        #expect(qp08["url"] as? String == "docs/QP-08.html")
        #expect(qp08["revision"] as? String == "A")
        #expect(qp08["status"] as? String == "approved")
        #expect(qp08["effective"] as? String == "2026-01-01")
        #expect(qp08["owner"] as? String == "QA")
        #expect(qp08["approver"] as? String == "GM")
        #expect(qp08["type"] as? String == "procedure")
        #expect(qp08["clauses"] as? [String: [String]] == ["iso9001-2015": ["8.7", "10.2"], "csr-acme": ["5.10"]])
        #expect(qp08["principles"] as? [String] == ["improvement"])
        #expect(qp08["links"] as? [String] == ["QP-05"])
        #expect(qp08["backlinks"] as? [String] == ["QP-05"])
        #expect(qp08["history"] as? [Any] != nil)
        let qp05 = try #require(documents.first { $0["id"] as? String == "QP-05" })
        #expect(qp05["links"] as? [String] == ["QP-08"])
        #expect(qp05["backlinks"] as? [String] == ["QP-01", "QP-08"])
        let qp09 = try #require(documents.first { $0["id"] as? String == "QP-09" })
        #expect(qp09["clauses"] as? [String: [String]] == ["csr-acme": ["5.1"]])
        #expect(FileManager.default.fileExists(atPath: fixture.site.appendingPathComponent(qp09["url"] as! String).path))
    }

    @Test func pagesCarryLinksStatusAndNoHostileMarkup() throws {
        let fixture = try Self.manual()
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        let qp05 = try fixture.page("docs/QP-05.html")
        #expect(qp05.contains("<a href=\"../docs/QP-08.html\">QP-08 Nonconforming outputs</a>"))
        #expect(qp05.contains("<a href=\"../docs/QP-08.html#scope\">nonconforming</a>"))
        #expect(qp05.contains("<code>[[NOPE]]</code>"))
        let qp08 = try fixture.page("docs/QP-08.html")
        #expect(!qp08.contains("<script>alert"))
        #expect(!qp08.contains("onerror"))
        #expect(!qp08.contains("javascript:"))
        #expect(qp08.contains("<h1 id=\"scope\">Scope</h1>"))
        #expect(qp08.contains("href=\"../standards/csr-acme/5.10.html\""))
        let draft = try fixture.page("docs/QP-09.html")
        #expect(draft.contains("qm-banner-draft"))
        #expect(draft.contains("DRAFT"))
        let obsolete = try fixture.page("docs/QP-01.html")
        #expect(obsolete.contains("qm-doc-obsolete"))
        #expect(obsolete.contains("OBSOLETE"))
        let register = try fixture.page("register.html")
        #expect(register.contains("id=\"type-obsolete\""))
        #expect(try fixture.page("standards/csr-acme/5.10.html").contains("Packaging labels"))
        #expect(try fixture.page("standards/csr-acme/5.1.html").contains("On-time delivery"))
        let matrix = try fixture.page("standards/iso9001-2015/index.html")
        #expect(matrix.contains("We build to customer drawings."))
        #expect(matrix.contains("Not covered"), "status is written, not only coloured")
        // A file no document links is not published (CONTRACT: only files that documents link or embed).
        #expect(!FileManager.default.fileExists(atPath: fixture.site.appendingPathComponent("files/assets/flow.txt").path))
    }

    @Test func unsafeHTMLPassesOnlyWhenAllowed() throws {
        let fixture = try FixtureManual([
            "site.yml": "title: T\nunsafe_html: true\n",
            "a.md": doc("A", body: "<div class=\"note\">kept</div>\n"),
        ])
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        #expect(try fixture.page("docs/A.html").contains("<div class=\"note\">kept</div>"))
    }
}
