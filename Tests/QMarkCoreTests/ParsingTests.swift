import Foundation
import Testing
@testable import QMarkCore

@Suite struct DocumentParsingTests {
    func parse(_ text: String, path: String = "procedures/QP-01.md") -> DocumentParser.Outcome {
        DocumentParser().parse(SourceFile(path: path, data: Data(text.utf8)))
    }

    @Test func readsEveryField() throws {
        let outcome = parse("""
            ---
            id: QP-08
            title: 不合格输出控制程序
            type: procedure
            revision: C
            status: approved
            effective: 2026-03-01
            owner: 质量部
            approver: 总经理
            clauses: [8.7, 10.2]
            principles: [improvement]
            references: [QP-05]
            records:
              - id: QR-0801
                title: 不合格品处理单
                retention: 3 年
            ---
            # 目的
            """)
        let document = try #require(outcome.document)
        #expect(outcome.diagnostics.isEmpty)
        #expect(document.id == "QP-08")
        #expect(document.type == .procedure)
        #expect(document.status == .approved)
        #expect(document.revision == "C")
        #expect(document.effective?.description == "2026-03-01")
        #expect(document.clauses.map(\.clause) == ["8.7", "10.2"])
        #expect(document.clauses.map(\.line) == [10, 10])
        #expect(document.principles.map(\.name) == ["improvement"])
        #expect(document.records.first?.retention == "3 年")
        #expect(document.bodyLine == 18)
        #expect(document.headings.first?.anchor == "目的")
    }

    @Test func clauseIdsKeepTheirTextQuotedOrNot() throws {
        let document = try #require(parse("""
            ---
            id: A
            title: T
            clauses:
              iso9001-2015: [5.1, "5.10", 8.10, 7.50]
              csr-acme: [5.10, '5.1']
            ---
            """).document)
        #expect(document.clauses.map(\.clause) == ["5.1", "5.10", "8.10", "7.50", "5.10", "5.1"])
        #expect(document.clauses.map(\.standard) == ["iso9001-2015", "iso9001-2015", "iso9001-2015", "iso9001-2015", "csr-acme", "csr-acme"])
    }

    @Test func crlfAndByteOrderMarkParseLikeAnyOther() throws {
        let text = "\u{FEFF}---\r\nid: QP-01\r\ntitle: 标题\r\nclauses: [5.10]\r\n---\r\n# Heading\r\n\r\nBody [[QP-02]]\r\n"
        let outcome = parse(text)
        let document = try #require(outcome.document)
        #expect(outcome.diagnostics.filter { $0.severity == .error }.isEmpty)
        #expect(document.id == "QP-01")
        #expect(document.title == "标题")
        #expect(document.clauses.map(\.clause) == ["5.10"])
        #expect(document.bodyLinks == [BodyLink(reference: .id("QP-02"), line: 8, showsTitle: true)])
        #expect(!document.body.contains("\r"))
    }

    @Test func notUTF8NamesTheLine() {
        var data = Data("---\nid: A\ntitle: T\n---\nline five\n".utf8)
        data.append(contentsOf: [0xB2, 0xBB, 0xBA, 0xCF, 0x0A]) // GBK bytes on line 6
        let outcome = DocumentParser().parse(SourceFile(path: "a.md", data: data))
        #expect(outcome.document == nil)
        #expect(outcome.diagnostics.map(\.code) == ["not-utf8"])
        #expect(outcome.diagnostics.first?.line == 6)
    }

    @Test func readmeWithoutFrontMatterIsNotADocument() {
        let outcome = parse("# Notes\n", path: "README.md")
        #expect(!outcome.isDocument)
        #expect(outcome.diagnostics.isEmpty)
    }

    @Test func yamlErrorPointsAtTheFileLine() {
        let outcome = parse("---\nid: A\ntitle: [unclosed\nstatus: draft\n---\n")
        #expect(outcome.diagnostics.first?.code == "yaml-syntax")
        #expect((outcome.diagnostics.first?.line ?? 0) >= 3)
    }

    @Test func unknownKeyIsAWarningWithASuggestion() {
        let outcome = parse("---\nid: A\ntitle: T\nclause: [7.5]\n---\n")
        let warning = outcome.diagnostics.first { $0.code == "unknown-key" }
        #expect(warning?.severity == .warning)
        #expect(warning?.line == 4)
        #expect(warning?.message.contains("did you mean clauses?") == true)
    }
}

@Suite struct SourceTextTests {
    @Test func splitsFrontMatterAndCountsLines() throws {
        let source = try SourceText.split("---\na: 1\nb: 2\n---\nbody\n")
        #expect(source.frontMatter == "a: 1\nb: 2\n")
        #expect(source.body == "body\n")
        #expect(source.bodyLine == 5)
    }

    @Test func noFrontMatter() throws {
        let source = try SourceText.split("# Title\n")
        #expect(source.frontMatter == nil)
        #expect(source.bodyLine == 1)
    }

    @Test func unterminatedFrontMatterThrows() {
        #expect(throws: SourceText.Problem.self) { try SourceText.split("---\nid: A\n") }
    }
}

@Suite struct CatalogueTests {
    @Test func userCatalogueKeepsFiveTenApartFromFiveOne() throws {
        let yaml = """
            id: csr-acme
            title: ACME
            clauses:
              - id: 5
                title: Delivery
                clauses:
                  - id: 5.1
                    title: On-time delivery
                  - id: 5.10
                    title: Packaging labels
                  - id: 5.2
                    title: Notice
            """
        let (standard, diagnostics) = CatalogueParser.parse(SourceFile(path: "standards/acme.yml", data: Data(yaml.utf8)))
        #expect(diagnostics.isEmpty)
        let acme = try #require(standard)
        #expect(acme.clauses.map(\.id) == ["5", "5.1", "5.10", "5.2"])
        #expect(acme["5.10"]?.title == "Packaging labels")
        #expect(acme["5.1"]?.title == "On-time delivery")
        #expect(acme["5.10"]?.parent == "5")
    }

    @Test func duplicateClauseIsAnError() {
        let yaml = "id: x\ntitle: X\nclauses:\n  - id: 1\n    title: A\n  - id: 1\n    title: B\n"
        let (_, diagnostics) = CatalogueParser.parse(SourceFile(path: "standards/x.yml", data: Data(yaml.utf8)))
        #expect(diagnostics.map(\.code) == ["duplicate-clause"])
        #expect(diagnostics.first?.line == 6)
    }
}
