import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import QMarkCore

/// A process document: `flows` are `(name, process?)` pairs.
func process(_ id: String, category: String = "COP", inputs: [(String, String?)] = [], outputs: [(String, String?)] = [],
             methods: [String] = [], kpis: String = "    - {name: 准时率, target: ≥ 98%, frequency: 每月}",
             clauses: String = "[8.1]", records: String = "") -> String {
    let flow = { (list: [(String, String?)], key: String) in
        list.map { "    - name: \($0.0)" + ($0.1.map { "\n      \(key): \($0)" } ?? "") }.joined(separator: "\n")
    }
    return """
        ---
        id: \(id)
        title: 过程 \(id)
        type: process
        revision: A
        status: approved
        effective: 2026-01-01
        owner: 生产部
        approver: GM
        clauses: \(clauses)
        \(records)
        process:
          category: \(category)
          inputs:
        \(flow(inputs, "from"))
          outputs:
        \(flow(outputs, "to"))
          resources: [ERP, 贴片机]
          people: [计划员]
          methods: [\(methods.joined(separator: ", "))]
          kpis:
        \(kpis)
        ---
        # \(id)
        """
}

@Suite struct ProcessParsingTests {
    @Test func readsTheTurtle() throws {
        let text = process("PR-01", inputs: [("顾客订单", nil), ("交期", "PR-02")], outputs: [("评审后的合同", "PR-02")], methods: ["QP-11"])
        let outcome = DocumentParser().parse(SourceFile(path: "PR-01.md", data: Data(text.utf8)))
        let document = try #require(outcome.document)
        #expect(outcome.diagnostics.isEmpty)
        let turtle = try #require(document.process)
        #expect(turtle.category == .COP)
        #expect(turtle.inputs.map(\.name) == ["顾客订单", "交期"])
        #expect(turtle.inputs.map(\.process) == [nil, "PR-02"])
        #expect(turtle.inputs.map(\.line) == [15, 16])
        #expect(turtle.outputs.map(\.process) == ["PR-02"])
        #expect(turtle.resources == ["ERP", "贴片机"])
        #expect(turtle.people == ["计划员"])
        #expect(turtle.methods.map(\.name) == ["QP-11"])
        #expect(turtle.kpis.first?.target == "≥ 98%")
        #expect(turtle.kpis.first?.frequency == "每月")
    }
}

@Suite struct ProcessValidationTests {
    static func resolve(_ files: [String: String]) async throws -> Manual {
        try await FixtureManual(files).resolve()
    }

    @Test func categoryOutsideTheThreeIsAnError() async throws {
        let manual = try await Self.resolve(["a.md": process("PR-01", category: "XP", outputs: [("x", nil)])])
        let error = try #require(manual.diagnostics.first { $0.severity == .error })
        #expect(error.message.contains("unknown process category `XP`; use COP, SP or MP"))
        #expect(error.line == 13)
        #expect(manual.diagnostics.filter { $0.severity == .error }.count == 1)
    }

    @Test func kpiWithoutTargetIsAnError() async throws {
        let manual = try await Self.resolve(["a.md": process("PR-01", outputs: [("x", nil)], kpis: "    - {name: 一次合格率, frequency: 每周}")])
        let error = try #require(manual.diagnostics.first { $0.code == "kpi-without-target" })
        #expect(error.severity == .error)
        #expect(error.message.contains("一次合格率"))
        #expect(error.line == 22)
    }

    @Test func unknownProcessIdIsAnErrorWithASuggestion() async throws {
        let manual = try await Self.resolve([
            "a.md": process("PR-01", inputs: [("订单", "PR-20")], outputs: [("合同", "PR-02")]),
            "b.md": process("PR-02", inputs: [("合同", "PR-01")], outputs: [("产品", nil)]),
        ])
        let error = try #require(manual.diagnostics.first { $0.code == "unknown-process" })
        #expect(error.severity == .error)
        #expect(error.file == "a.md")
        #expect(error.line == 15)
        #expect(error.message == "unknown process `PR-20`; did you mean PR-01?" || error.message == "unknown process `PR-20`; did you mean PR-02?")
    }

    @Test func flowToADocumentThatIsNotAProcessIsAnError() async throws {
        let manual = try await Self.resolve([
            "a.md": process("PR-01", outputs: [("合同", "QP-11")]),
            "b.md": doc("QP-11"),
        ])
        #expect(manual.diagnostics.contains { $0.code == "unknown-process" && $0.message.contains("`QP-11` is a procedure, not a process") })
    }

    @Test func oneSidedFlowAndProcessWithoutOutputAreWarnings() async throws {
        let manual = try await Self.resolve([
            "a.md": process("PR-01", outputs: [("合同", "PR-02")]),
            "b.md": process("PR-02", inputs: [("计划", "PR-03")], outputs: [("产品", nil)]),
            "c.md": process("PR-03", category: "SP"),
        ])
        let warnings = manual.diagnostics.filter { $0.severity == .warning }.map { "\($0.file):\($0.line):\($0.code)" }
        #expect(warnings.contains("a.md:17:one-sided-flow"), "PR-02 does not list PR-01 as a source")
        #expect(warnings.contains("b.md:15:one-sided-flow"), "PR-03 does not list PR-02 as a customer")
        #expect(warnings.contains("c.md:12:process-without-output"))
        #expect(!manual.diagnostics.hasErrors)
    }

    @Test func unknownMethodIsAnError() async throws {
        let manual = try await Self.resolve(["a.md": process("PR-01", outputs: [("x", nil)], methods: ["QP-404"])])
        #expect(manual.diagnostics.contains { $0.severity == .error && $0.message.contains("`methods` names unknown document `QP-404`") })
    }
}

@Suite struct ProcessGraphTests {
    /// PR-01 → PR-02 → PR-03 → PR-01 (a cycle), PR-11 (SP) supplies PR-02, PR-21 (MP) reviews PR-03.
    static let cycle: [String: String] = [
        "p1.md": process("PR-01", inputs: [("订单", nil), ("反馈", "PR-03")], outputs: [("合同", "PR-02")], methods: ["QP-11"]),
        "p2.md": process("PR-02", inputs: [("合同", "PR-01"), ("物料", "PR-11")], outputs: [("产品", "PR-03")], clauses: "[8.5.1]"),
        "p3.md": process("PR-03", inputs: [("产品", "PR-02")], outputs: [("反馈", "PR-01"), ("数据", "PR-21"), ("交付", nil)], clauses: "[8.6]"),
        "p11.md": process("PR-11", category: "SP", inputs: [("供方物料", nil)], outputs: [("物料", "PR-02")], clauses: "[8.4]"),
        "p21.md": process("PR-21", category: "MP", inputs: [("数据", "PR-03")], outputs: [("决定", nil)], clauses: "[9.3]"),
        "q11.md": doc("QP-11", clauses: "[8.2.3]"),
    ]

    @Test func customersAndSuppliersFollowFromAndTo() async throws {
        let manual = try await FixtureManual(Self.cycle).resolve()
        #expect(!manual.diagnostics.hasErrors, "\(manual.diagnostics)")
        #expect(manual.diagnostics.filter { $0.code == "one-sided-flow" }.isEmpty)
        let graph = manual.processes
        #expect(graph.nodes.map(\.id) == ["PR-01", "PR-02", "PR-03", "PR-11", "PR-21"])
        #expect(graph.customers(of: "PR-01") == ["PR-02"])
        #expect(graph.suppliers(of: "PR-01") == ["PR-03"])
        #expect(graph.customers(of: "PR-03") == ["PR-01", "PR-21"])
        #expect(graph.suppliers(of: "PR-02") == ["PR-01", "PR-11"])
        #expect(graph.externalInputs == ["PR-01": ["订单"], "PR-11": ["供方物料"]])
        #expect(graph.externalOutputs == ["PR-03": ["交付"], "PR-21": ["决定"]])
        #expect(graph.links.count == 5)
    }

    @Test func layoutBreaksTheCycleAndPutsBandsInOrder() async throws {
        let manual = try await FixtureManual(Self.cycle).resolve()
        let map = ProcessMap(graph: manual.processes, labels: Labels(.en), root: "")
        let ranks = map.ranks()
        #expect(ranks["PR-01"]! < ranks["PR-02"]!)
        #expect(ranks["PR-02"]! < ranks["PR-03"]!)
        let (positions, _, _) = map.layout()
        #expect(positions["PR-01"]!.x < positions["PR-02"]!.x && positions["PR-02"]!.x < positions["PR-03"]!.x, "arrows run left to right")
        #expect(positions["PR-21"]!.y < positions["PR-01"]!.y, "management above")
        #expect(positions["PR-11"]!.y > positions["PR-01"]!.y, "support below")
    }

    final class SVGCounter: NSObject, XMLParserDelegate {
        var nodes: [String] = []
        var links: [String] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            if name == "g", attributes["class"]?.hasPrefix("qm-node qm-node-") == true, let id = attributes["data-id"] { nodes.append(id) }
            if name == "a", let href = attributes["href"] { links.append(href) }
        }
    }

    @Test func mapIsWellFormedXMLWithOneNodePerProcess() async throws {
        let manual = try await FixtureManual(Self.cycle).resolve()
        let svg = ProcessMap(graph: manual.processes, labels: Labels(.zhCN), root: "").svg()
        let parser = XMLParser(data: Data(svg.utf8))
        let counter = SVGCounter()
        parser.delegate = counter
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(counter.nodes.sorted() == ["PR-01", "PR-02", "PR-03", "PR-11", "PR-21"])
        #expect(Set(counter.links) == Set(["docs/PR-01.html", "docs/PR-02.html", "docs/PR-03.html", "docs/PR-11.html", "docs/PR-21.html"]))
        #expect(svg.components(separatedBy: "class=\"qm-flow\"").count - 1 >= 5 + 4)
    }

    @Test func sitePagesShowTurtleMapMatrixAndProcessesOnClausePages() throws {
        let fixture = try FixtureManual(Self.cycle.merging(["site.yml": "title: T\nlanguage: en\n"]) { a, _ in a })
        let result = try fixture.run("build", "--templates", QMarkBinary.templates)
        #expect(result.status == 0, "\(result.stderr)")
        let page = try fixture.page("docs/PR-02.html")
        #expect(page.contains("Turtle diagram"))
        #expect(page.contains("合同 <span class=\"qm-from\">← <a href=\"../docs/PR-01.html\">PR-01 过程 PR-01</a>"))
        #expect(page.contains("<h3>Internal customers</h3><ul><li><a href=\"../docs/PR-03.html\">"))
        // An input from outside the manual names no process: not the process whose page it is.
        let pr01Page = try fixture.page("docs/PR-01.html")
        #expect(pr01Page.contains("订单 <span class=\"qm-from\">← external party</span>"))
        #expect(!pr01Page.contains("订单 <span class=\"qm-from\">← <a"))
        let map = try fixture.page("processes.html")
        #expect(map.contains("<svg") && map.contains("data-id=\"PR-21\""))
        let matrix = try fixture.page("process-clauses.html")
        let pr01 = try #require(matrix.components(separatedBy: "docs/PR-01.html").dropFirst().first?.components(separatedBy: "</tr>").first)
        #expect(pr01.contains("qm-pc-method"), "PR-01 reaches 8.2 through its method QP-11")
        let clause = try fixture.page("standards/iso9001-2015/8.5.html")
        #expect(clause.contains("Processes that address it"))
        #expect(clause.contains("PR-02"))
        #expect(!clause.contains("docs/PR-21.html"))
        let json = try #require(try fixture.json("api/manual.json") as? [String: Any])
        let pr03 = try #require((json["documents"] as? [[String: Any]])?.first { $0["id"] as? String == "PR-03" })
        let turtle = try #require(pr03["process"] as? [String: Any])
        #expect(turtle["category"] as? String == "COP")
        #expect(turtle["customers"] as? [String] == ["PR-01", "PR-21"])
        #expect(turtle["suppliers"] as? [String] == ["PR-02"])
        #expect((turtle["outputs"] as? [[String: Any]])?.compactMap { $0["to"] as? String } == ["PR-01", "PR-21"])
        #expect(((json["documents"] as? [[String: Any]])?.first { $0["id"] as? String == "QP-11" })?.keys.contains("process") == true)
        let objectives = try fixture.page("objectives.html")
        #expect(objectives.contains("准时率") && objectives.contains("≥ 98%"))
    }
}

@Suite struct RecordsRegisterTests {
    @Test func listsEveryRecordAndFlagsMissingRetention() async throws {
        let fixture = try FixtureManual([
            "site.yml": "title: T\nlanguage: en\n",
            "a.md": doc("QP-08", extra: "records:\n  - {id: QR-0801, title: 不合格品处理单, retention: 3 年, location: 质量部档案室}\n  - {id: QR-0802, title: 让步单}"),
            "b.md": doc("QP-09", extra: "records:\n  - {id: QR-0901, title: 纠正措施报告, retention: 3 年, owner: 生产部}"),
            "old.md": doc("QP-01", status: "obsolete", extra: "records:\n  - {id: QR-0801, title: 旧表, retention: 1 年}"),
        ])
        let manual = try await fixture.resolve()
        let warning = try #require(manual.diagnostics.first { $0.code == "record-without-retention" })
        #expect(warning.file == "a.md")
        #expect(warning.message.contains("QR-0802"))
        #expect(!manual.diagnostics.contains { $0.code == "duplicate-record" }, "an obsolete document's records do not clash")
        #expect(try fixture.run("build", "--templates", QMarkBinary.templates).status == 0)
        let page = try fixture.page("records.html")
        #expect(page.contains("<tr id=\"QR-0801\""))
        #expect(page.contains("质量部档案室"))
        #expect(page.contains("not stated"))
        #expect(page.contains("<td>生产部</td>"))
        #expect(!page.contains("旧表"))
        let search = try fixture.searchEntries()
        #expect(search.contains("\"id\":\"QR-0901\"") && search.contains("records.html#QR-0901"))
    }

    @Test func duplicateRecordIdIsAnError() async throws {
        let manual = try await FixtureManual([
            "a.md": doc("QP-08", extra: "records:\n  - {id: QR-1, title: A, retention: 1 年}"),
            "b.md": doc("QP-09", extra: "records:\n  - {id: QR-1, title: B, retention: 1 年}"),
        ]).resolve()
        let error = try #require(manual.diagnostics.first { $0.code == "duplicate-record" })
        #expect(error.severity == .error)
        #expect(error.file == "b.md")
        #expect(error.line == 12)
    }
}
