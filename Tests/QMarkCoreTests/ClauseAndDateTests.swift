import Testing
@testable import QMarkCore

@Suite struct ClauseOrderTests {
    @Test(arguments: [
        ("4", "4.1"), ("4.1", "4.4.2"), ("4.4.2", "10"), ("5.1", "5.2"), ("5.2", "5.10"), ("9", "10"),
        ("8.5.6", "8.6"), ("CSR-5.1", "CSR-5.10"), ("1", "1.10"),
    ])
    func naturalOrder(_ pair: (String, String)) {
        #expect(ClauseOrder.areInIncreasingOrder(pair.0, pair.1))
        #expect(!ClauseOrder.areInIncreasingOrder(pair.1, pair.0))
    }

    @Test func sortsAWholeList() {
        let sorted = ["10", "4.4.2", "5.10", "4", "5.1", "4.1", "5.2"].sorted(by: ClauseOrder.areInIncreasingOrder)
        #expect(sorted == ["4", "4.1", "4.4.2", "5.1", "5.2", "5.10", "10"])
    }

    @Test func documentIdsSortNaturally() {
        #expect(["QP-10", "QP-2", "QP-1"].sorted(by: DocumentOrder.areInIncreasingOrder) == ["QP-1", "QP-2", "QP-10"])
    }
}

@Suite struct DayDateTests {
    @Test(arguments: ["2026-03-01", "2024-02-29", "1999-12-31"])
    func validDates(_ text: String) {
        #expect(DayDate(text)?.description == text)
    }

    @Test(arguments: ["2026-02-30", "2025-02-29", "2026-13-01", "2026-3-1", "01.03.2026", "2026-03-01T10:00", "", "tomorrow"])
    func malformedDates(_ text: String) {
        #expect(DayDate(text) == nil)
    }

    /// Date arithmetic never traps, however many months are added: the result is clamped to the
    /// dates a source can write.
    @Test func addingMonthsNeverTraps() {
        let date = DayDate(year: 2026, month: 1, day: 31)
        #expect(date.adding(months: 1).description == "2026-02-28")
        #expect(date.adding(months: -13).description == "2024-12-31")
        #expect(date.adding(months: 1200).description == "2126-01-31")
        #expect(date.adding(months: .max) == DayDate.latest)
        #expect(date.adding(months: .min) == DayDate.earliest)
        #expect(date.adding(months: 400_000_000_000_000_000) == DayDate.latest)
        #expect(DayDate(year: 9999, month: 12, day: 1).adding(months: 1) == DayDate.latest)
        #expect(DayDate(year: 0, month: 1, day: 1).adding(months: -1) == DayDate.earliest)
    }
}

@Suite struct SuggestionTests {
    @Test func suggestsNearestClauseInCatalogueOrder() {
        let ids = CatalogueParser.iso9001.clauses.map(\.id)
        #expect(Suggestion.nearest(to: "7.9", in: ids) == "7.1")
        #expect(Suggestion.nearest(to: "procedur", in: DocumentType.allCases.map(\.rawValue)) == "procedure")
        #expect(Suggestion.nearest(to: "zzzzzz", in: ["customer-focus"]) == nil)
    }
}

@Suite struct BuiltinCatalogueTests {
    @Test func hasEveryClauseWithBothTitles() {
        let standard = CatalogueParser.iso9001
        #expect(standard.id == "iso9001-2015")
        #expect(standard.clauses.count == 91)
        #expect(standard["8.7"]?.title == "Control of nonconforming outputs")
        #expect(standard["8.7"]?.titleZh == "不合格输出的控制")
        #expect(standard["7.1.5.2"]?.parent == "7.1.5")
        #expect(standard["10"]?.children == ["10.1", "10.2", "10.3"])
        #expect(standard.ancestors(of: "7.5.3.1") == ["7.5.3", "7.5", "7"])
        // Paragraphs without a title of their own take their parent's.
        #expect(standard["4.4.1"]?.titleZh == "质量管理体系及其过程")
        #expect(standard["5.10"] == nil)
    }

    /// Each built-in catalogue holds exactly the clauses of its reference table, in its order,
    /// with both titles (`—`: no title of its own, the parent's is shown).
    @Test(arguments: [(CatalogueParser.iso9001, "iso9001-2015"), (CatalogueParser.iso14001, "iso14001-2015"), (CatalogueParser.iso45001, "iso45001-2018")])
    func matchesItsReferenceTable(_ standard: Standard, _ id: String) throws {
        #expect(standard.id == id && standard.sourcePath == nil)
        let url = QMarkBinary.packageRoot.appendingPathComponent("Tests/Fixtures/reference/\(id)-clauses.md")
        let rows = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            .filter { $0.hasPrefix("| ") && $0.dropFirst(2).first?.isNumber == true }
            .map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } }
        #expect(rows.count > 40)
        #expect(standard.clauses.map(\.id) == rows.map { $0[0] }, "the same clauses in the same order")
        for row in rows {
            let clause = try #require(standard[row[0]])
            let parent = clause.parent.flatMap { standard[$0] }
            #expect(clause.title == (row[1] == "—" ? parent?.title : row[1]), "\(id) \(row[0]) en")
            #expect(clause.titleZh == (row[2] == "—" ? parent?.titleZh : row[2]), "\(id) \(row[0]) zh")
            #expect(clause.depth == row[0].split(separator: ".").count, "\(id) \(row[0]) depth")
        }
    }
}
