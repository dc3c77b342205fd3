import Foundation
import Testing
@testable import QMarkCore

/// The search of the example site, run in Chromium by its own script over the index a build wrote:
/// the fixed queries of `Fixtures/search/queries.tsv` and what each must put first.
@Suite(.serialized) struct SearchQualityTests {
    struct Query {
        var text: String
        var first: String
        var kind: String
    }

    static let queries: [Query] = {
        let url = QMarkBinary.packageRoot.appendingPathComponent("Tests/Fixtures/search/queries.tsv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Query(text: fields[0], first: fields.count > 1 ? fields[1] : "", kind: fields.count > 2 ? fields[2] : "")
        }
    }()

    /// Each query's results (ids in order, best section of each, whether some entry held every term),
    /// as the page's script computes them.
    static func run(_ queries: [String], site: URL, obsolete: Bool = false) throws -> [[String: Any]] {
        let harness = site.appendingPathComponent("search-harness.html")
        let list = String(decoding: try JSONSerialization.data(withJSONObject: queries), as: UTF8.self)
        try """
        <!doctype html><meta charset="utf-8"><body><pre id="out"></pre>
        <script src="assets/search.js"></script>
        <script>
        var queries = \(list), results = [];
        queries.reduce(function (done, q) {
          return done.then(function () {
            return QMARK_SEARCH.top(q, { obsolete: \(obsolete) }, 12).then(function (r) {
              results.push({ q: q, complete: r.complete, total: r.total, ids: r.hits.map(function (h) { return h.id; }),
                             sections: r.hits.map(function (h) { return h.section; }) });
            });
          });
        }, Promise.resolve()).then(function () {
          document.getElementById("out").textContent = JSON.stringify({ results: results, loaded: QMARK_SEARCH.loaded });
        }, function (error) { document.getElementById("out").textContent = "error: " + error; });
        </script>
        """.write(to: harness, atomically: true, encoding: .utf8)
        let dom = try Browser.dom(of: harness)
        let text = try #require(Browser.text(ofPre: "out", in: dom), "no output: \(dom.prefix(500))")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text.prefix(300))")
        return try #require(object["results"] as? [[String: Any]])
    }

    static let site = ExampleSiteTests.build("search")

    @Test func theFixedQueriesFindTheExpectedFirstResult() throws {
        #expect(Self.queries.count >= 30)
        let results = try Self.run(Self.queries.map(\.text), site: Self.site)
        var hits = 0
        var misses: [String] = []
        for (query, result) in zip(Self.queries, results) {
            let ids = result["ids"] as? [String] ?? []
            if ids.first == query.first { hits += 1 } else { misses.append("\(query.text) (\(query.kind)): expected \(query.first), got \(ids.prefix(5))") }
        }
        print("search: \(hits) of \(Self.queries.count) queries put the expected result first")
        #expect(misses.isEmpty, "\(misses.joined(separator: "\n"))")
    }

    /// A clause number finds the clause's page in every standard that has it, then exactly what the
    /// matrices list for the clause.
    @Test func aClauseNumberFindsWhatTheMatrixLists() async throws {
        let manual = try await Pipeline.resolve(source: QMarkBinary.packageRoot.appendingPathComponent("manual"), options: Pipeline.Options(today: DayDate(ExampleSiteTests.today)!))
        let clauses = ["5.1", "8.5.2", "9.2", "7.5.3", "8.7"]
        let results = try Self.run(clauses, site: Self.site)
        for (clause, result) in zip(clauses, results) {
            let rows = manual.coverage.compactMap { $0[clause: clause] }
            #expect(!rows.isEmpty)
            let listed = Set(rows.flatMap { $0.documents + $0.pending })
            let ids = result["ids"] as? [String] ?? []
            #expect(Array(ids.prefix(rows.count)) == Array(repeating: clause, count: rows.count), "\(clause): its pages first: \(ids)")
            #expect(Set(ids.dropFirst(rows.count).prefix(listed.count)) == listed, "\(clause): the matrices list \(listed.sorted()), search gave \(ids)")
        }
    }

    @Test func resultsNameTheirBestSectionAndObsoleteDocumentsOnlyWhenAsked() throws {
        let results = try Self.run(["首件", "管理评审输入", "合同评审程序"], site: Self.site)
        #expect((results[0]["sections"] as? [String])?.first == "5 首件检验")
        #expect((results[1]["sections"] as? [String])?.first == "3 输入")
        #expect((results[2]["ids"] as? [String])?.contains("QP-30") == false)
        let withObsolete = try Self.run(["合同评审程序"], site: Self.site, obsolete: true)
        #expect((withObsolete[0]["ids"] as? [String])?.contains("QP-30") == true)
    }

    @Test func aNearMissSaysNothingHoldsEveryTerm() throws {
        let results = try Self.run(["纠正错施", "纠正措施"], site: Self.site)
        #expect(results[0]["complete"] as? Bool == false)
        #expect(results[1]["complete"] as? Bool == true)
    }

    /// The search page itself: results from the query in the address, the best section linked,
    /// matches marked, and the keyboard: ↓ from the box to the first result, ↓ to the next, Esc back.
    @Test func theSearchPageWorksFromTheKeyboard() throws {
        let page = Self.site.appendingPathComponent("search.html")
        var html = try String(contentsOf: page, encoding: .utf8)
        html = html.replacingOccurrences(of: "</body>", with: """
            <script>
            setTimeout(function () {
              var input = document.getElementById("qm-search-q"), seen = [];
              function key(target, name) { target.dispatchEvent(new KeyboardEvent("keydown", { key: name, bubbles: true })); seen.push(document.activeElement.getAttribute("href") || document.activeElement.id); }
              var first = document.querySelector("#qm-search-results li");
              var result = { value: input.value, count: document.querySelectorAll("#qm-search-results li").length,
                             firstTitle: first ? first.querySelector("a.qm-result-title").textContent : "",
                             section: first && first.querySelector(".qm-result-section") ? first.querySelector(".qm-result-section").getAttribute("href") : "",
                             marks: first ? first.querySelectorAll("mark").length : 0 };
              key(input, "ArrowDown"); key(document.activeElement, "ArrowDown"); key(document.activeElement, "Escape");
              result.focus = seen;
              var out = document.createElement("pre"); out.id = "out"; out.textContent = JSON.stringify(result); document.body.appendChild(out);
            }, 2000);
            </script></body>
            """)
        let copy = Self.site.appendingPathComponent("search-keyboard.html")
        try html.write(to: copy, atomically: true, encoding: .utf8)
        let dom = try Browser.dom(of: URL(string: copy.absoluteString + "?q=%E9%A6%96%E4%BB%B6")!)
        let text = try #require(Browser.text(ofPre: "out", in: dom), "\(dom.suffix(800))")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(result["value"] as? String == "首件")
        #expect((result["count"] as? Int ?? 0) >= 3)
        #expect(result["firstTitle"] as? String == "QP-13 生产过程控制程序")
        #expect(result["section"] as? String == "docs/QP-13.html#5-首件检验")
        #expect((result["marks"] as? Int ?? 0) > 0)
        let focus = result["focus"] as? [String] ?? []
        #expect(focus.count == 3 && focus[0] == "docs/QP-13.html" && focus[1] != focus[0] && focus[2] == "qm-search-q", "\(focus)")
    }
}
