/// Pictures of coverage drawn as SVG by QMark (no script, no library): per top-level clause, how
/// many clauses are covered, partial, uncovered and excluded; and a heat map of top-level clauses
/// against departments. Every number is written in the picture, so colour is never the only sign.
struct CoverageCharts {
    let labels: Labels
    let language: Language

    static let order: [CoverageStatus] = [.covered, .partial, .uncovered, .excluded]

    /// A stacked bar per top-level clause of the standard, with its counts written beside it.
    func byTopClause(_ coverage: StandardCoverage) -> String {
        let groups = groupRows(coverage)
        guard !groups.isEmpty else { return "" }
        let rowHeight = 30, labelWidth = 230, barWidth = 330, countsX = labelWidth + barWidth + 12, width = 820
        let height = groups.count * rowHeight + 34
        let title = labels["chart.top"].filling(coverage.standard.title(in: language))
        var svg = "<svg class=\"qm-chart\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" style=\"min-width: \((width * 11 + 12) / 13)px\" aria-labelledby=\"chart-\(Self.id(coverage))\"><title id=\"chart-\(Self.id(coverage))\">\(HTML.escape(title))</title>\n"
        for (index, group) in groups.enumerated() {
            let y = index * rowHeight
            let total = max(1, group.counts.values.reduce(0, +))
            let name = "\(group.clause.id) \(group.clause.title(in: language))"
            let summary = Self.order.map { "\(labels.coverage($0)) \(group.counts[$0] ?? 0)" }.joined(separator: ", ")
            svg += "<g><title>\(HTML.escape(name)): \(HTML.escape(summary))</title>"
            svg += "<text class=\"qm-chart-label\" x=\"0\" y=\"\(y + 19)\">\(HTML.escape(Self.clip(name, 16)))</text>"
            var x = Double(labelWidth)
            for status in Self.order {
                let count = group.counts[status] ?? 0
                guard count > 0 else { continue }
                let segment = Double(barWidth) * Double(count) / Double(total)
                svg += "<rect class=\"qm-fill-\(status.rawValue)\" x=\"\(Self.format(x))\" y=\"\(y + 5)\" width=\"\(Self.format(segment))\" height=\"20\"/>"
                x += segment
            }
            let counts = Self.order.compactMap { status -> String? in
                let count = group.counts[status] ?? 0
                return count == 0 ? nil : "\(Self.mark(status))\(count)"
            }.joined(separator: "  ")
            svg += "<text class=\"qm-chart-count\" x=\"\(countsX)\" y=\"\(y + 19)\">\(HTML.escape(counts))</text></g>\n"
        }
        let legendY = groups.count * rowHeight + 22
        var legendX = 0
        for status in Self.order {
            svg += "<rect class=\"qm-fill-\(status.rawValue)\" x=\"\(legendX)\" y=\"\(legendY - 11)\" width=\"14\" height=\"14\"/>"
            let text = "\(Self.mark(status)) \(labels.coverage(status))"
            svg += "<text class=\"qm-chart-count\" x=\"\(legendX + 20)\" y=\"\(legendY)\">\(HTML.escape(text))</text>"
            legendX += 150
        }
        return svg + "</svg>"
    }

    /// Top-level clauses against departments: in each cell, how many clauses of that part of the
    /// standard the department's documents in force map themselves; the deeper the shade, the more.
    func heatMap(_ coverage: StandardCoverage, documents: [Document]) -> String {
        let groups = groupRows(coverage)
        let departments = Set(documents.filter { $0.status != .obsolete }.compactMap(\.owner)).sorted()
        guard !groups.isEmpty, !departments.isEmpty else { return "" }
        let owners = Dictionary(documents.map { ($0.id, $0.owner ?? "") }, uniquingKeysWith: { first, _ in first })
        var cells: [[Int]] = []
        for group in groups {
            cells.append(departments.map { department in
                group.rows.filter { row in row.direct.contains { owners[$0] == department } }.count
            })
        }
        let most = max(1, cells.flatMap { $0 }.max() ?? 1)
        let labelWidth = 230, cell = 84, headerHeight = 40, rowHeight = 30
        let width = labelWidth + departments.count * cell, height = headerHeight + groups.count * rowHeight
        let title = labels["chart.heat"].filling(coverage.standard.title(in: language))
        var svg = "<svg class=\"qm-chart qm-heat\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" style=\"max-width: \(width)px; min-width: \((width * 11 + 12) / 13)px\" aria-labelledby=\"heat-\(Self.id(coverage))\"><title id=\"heat-\(Self.id(coverage))\">\(HTML.escape(title))</title>\n"
        for (column, department) in departments.enumerated() {
            let x = labelWidth + column * cell + cell / 2
            svg += "<text class=\"qm-chart-head\" x=\"\(x)\" y=\"\(headerHeight - 10)\" text-anchor=\"middle\">\(HTML.escape(Self.clip(department, 5)))</text>"
        }
        for (index, group) in groups.enumerated() {
            let y = headerHeight + index * rowHeight
            svg += "<text class=\"qm-chart-label\" x=\"0\" y=\"\(y + 19)\">\(HTML.escape(Self.clip("\(group.clause.id) \(group.clause.title(in: language))", 16)))</text>"
            for (column, count) in cells[index].enumerated() {
                let x = labelWidth + column * cell
                let shade = count == 0 ? 0 : 0.15 + 0.85 * Double(count) / Double(most)
                svg += "<g><title>\(HTML.escape("\(group.clause.id) · \(departments[column]): \(count)"))</title>"
                svg += "<rect class=\"qm-heat-cell\" x=\"\(x + 2)\" y=\"\(y + 2)\" width=\"\(cell - 4)\" height=\"\(rowHeight - 4)\" fill-opacity=\"\(Self.format(shade))\"/>"
                svg += "<rect class=\"qm-heat-frame\" x=\"\(x + 2)\" y=\"\(y + 2)\" width=\"\(cell - 4)\" height=\"\(rowHeight - 4)\"/>"
                svg += "<text class=\"\(shade > 0.55 ? "qm-heat-text-dark" : "qm-chart-count")\" x=\"\(x + cell / 2)\" y=\"\(y + 19)\" text-anchor=\"middle\">\(count == 0 ? "·" : String(count))</text></g>"
            }
            svg += "\n"
        }
        return svg + "</svg>"
    }

    struct Group {
        var clause: Clause
        var rows: [ClauseCoverage]
        var counts: [CoverageStatus: Int]
    }

    /// Each top-level clause with itself and every clause below it.
    func groupRows(_ coverage: StandardCoverage) -> [Group] {
        var groups: [Group] = []
        for row in coverage.clauses {
            if row.clause.depth == 1 {
                groups.append(Group(clause: row.clause, rows: [], counts: [:]))
            }
            guard !groups.isEmpty else { continue }
            groups[groups.count - 1].rows.append(row)
            groups[groups.count - 1].counts[row.status, default: 0] += 1
        }
        return groups
    }

    static func mark(_ status: CoverageStatus) -> String {
        switch status {
        case .covered: "✓"
        case .partial: "◐"
        case .uncovered: "✗"
        case .excluded: "—"
        }
    }

    /// Text cut to a width, a Chinese character counting as two Latin ones.
    static func clip(_ text: String, _ length: Int) -> String {
        let budget = length * 2
        var width = 0, result = ""
        for character in text {
            let wide = character.unicodeScalars.contains { SearchTerms.isCJK($0) || $0.value >= 0xFF00 }
            width += wide ? 2 : 1
            if width > budget { return result + "…" }
            result.append(character)
        }
        return result
    }
    static func format(_ value: Double) -> String { String(format: "%.1f", value) }
    static func id(_ coverage: StandardCoverage) -> String { SiteLinks.fileName(coverage.standard.id) }
}
