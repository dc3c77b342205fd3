/// Draws the process map as SVG: management processes above, customer-oriented processes in the
/// middle, support processes below; each node links to its process page.
///
/// Layout: customer-oriented processes are ordered by the longest path of the flows between them
/// (cycles broken where a depth-first walk meets them), so that arrows run left to right.
/// Management and support processes sit above and below the processes they exchange with
/// (the mean position of their neighbours), which keeps lines short and crossings few.
struct ProcessMap {
    let graph: ProcessGraph
    let labels: Labels
    /// From the page to the site root, for node links.
    let root: String

    static let nodeWidth = 140.0, nodeHeight = 64.0, gap = 36.0, bandGap = 110.0, margin = 24.0, top = 92.0
    static let bandOrder: [ProcessDefinition.Category] = [.MP, .COP, .SP]

    struct Placed { var id: String; var x: Double; var y: Double }
    /// Left and right nodes for parties outside the system.
    static let outsideIn = "\u{1}in", outsideOut = "\u{1}out"

    // MARK: - Layout

    /// Centre of every node, and the canvas size.
    func layout() -> (positions: [String: Placed], width: Double, height: Double) {
        let step = ProcessMap.nodeWidth + ProcessMap.gap
        let rank = ranks()
        var positions: [String: Placed] = [:]
        let y = { (band: Int) in ProcessMap.top + Double(band) * (ProcessMap.nodeHeight + ProcessMap.bandGap) + ProcessMap.nodeHeight / 2 }
        // The outside parties beside the middle band serve its processes; the others get their own marks.
        let middleIDs = Set(graph.nodes.filter { $0.category == .COP }.map(\.id))
        let hasOutsideIn = graph.externalInputs.keys.contains(where: middleIDs.contains)
        let hasOutsideOut = graph.externalOutputs.keys.contains(where: middleIDs.contains)

        // The middle band: outside parties at the ends, processes by rank.
        var x = ProcessMap.margin + ProcessMap.nodeWidth / 2
        if hasOutsideIn {
            positions[ProcessMap.outsideIn] = Placed(id: ProcessMap.outsideIn, x: x, y: y(1))
            x += step
        }
        let middle = graph.nodes.filter { $0.category == .COP }.map(\.id).sorted { a, b in
            (rank[a] ?? 0) != (rank[b] ?? 0) ? (rank[a] ?? 0) < (rank[b] ?? 0) : DocumentOrder.areInIncreasingOrder(a, b)
        }
        for id in middle {
            positions[id] = Placed(id: id, x: x, y: y(1))
            x += step
        }
        if hasOutsideOut { positions[ProcessMap.outsideOut] = Placed(id: ProcessMap.outsideOut, x: x, y: y(1)) }

        // Upper and lower bands: each node near the mean position of the nodes it exchanges with.
        for (band, category) in [(0, ProcessDefinition.Category.MP), (2, .SP)] {
            let ids = graph.nodes.filter { $0.category == category }.map(\.id)
            let desired = ids.map { id -> (String, Double) in
                let neighbours = graph.links.compactMap { $0.from == id ? $0.to : $0.to == id ? $0.from : nil }
                    .compactMap { positions[$0]?.x }
                let fallback = ProcessMap.margin + ProcessMap.nodeWidth / 2 + Double(rank[id] ?? 0) * step
                return (id, neighbours.isEmpty ? fallback : neighbours.reduce(0, +) / Double(neighbours.count))
            }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : DocumentOrder.areInIncreasingOrder($0.0, $1.0) }
            var next = ProcessMap.margin + ProcessMap.nodeWidth / 2
            for (id, want) in desired {
                let placed = max(want, next)
                positions[id] = Placed(id: id, x: placed, y: y(band))
                next = placed + step
            }
        }
        let width = (positions.values.map(\.x).max() ?? 0) + ProcessMap.nodeWidth / 2 + ProcessMap.margin
        let height = y(2) + ProcessMap.nodeHeight / 2 + ProcessMap.margin + 84
        return (positions, max(width, 480), height)
    }

    /// Longest-path rank of every process over the flows between processes of the same category,
    /// with cycles broken by a depth-first walk that starts where work enters from outside.
    func ranks() -> [String: Int] {
        let ids = graph.nodes.map(\.id)
        let category = Dictionary(uniqueKeysWithValues: graph.nodes.map { ($0.id, $0.category) })
        var successors: [String: [String]] = [:]
        for link in graph.links where category[link.from] == category[link.to] { successors[link.from, default: []].append(link.to) }
        for id in ids { successors[id]?.sort(by: DocumentOrder.areInIncreasingOrder) }
        // Drop back edges: the edges that close a cycle in a depth-first walk from the processes in id order.
        var state: [String: Int] = [:] // 1 on the stack, 2 done
        var forward: [String: [String]] = [:]
        func visit(_ id: String) {
            state[id] = 1
            for next in successors[id] ?? [] {
                if state[next] == 1 { continue }
                forward[id, default: []].append(next)
                if state[next] == nil { visit(next) }
            }
            state[id] = 2
        }
        // Start from processes that receive from outside, then from those nothing of their band feeds.
        let incoming = Set(graph.links.filter { category[$0.from] == category[$0.to] }.map(\.to))
        let priority = { (id: String) in self.graph.externalInputs[id] != nil ? 0 : incoming.contains(id) ? 2 : 1 }
        for id in ids.sorted(by: { priority($0) != priority($1) ? priority($0) < priority($1) : DocumentOrder.areInIncreasingOrder($0, $1) })
        where state[id] == nil {
            visit(id)
        }
        var rank: [String: Int] = [:]
        var predecessors: [String: [String]] = [:]
        for (from, targets) in forward { for to in targets { predecessors[to, default: []].append(from) } }
        func rankOf(_ id: String, _ depth: Int) -> Int {
            if let known = rank[id] { return known }
            guard depth < ids.count else { return 0 }
            let value = (predecessors[id] ?? []).map { rankOf($0, depth + 1) + 1 }.max() ?? 0
            rank[id] = value
            return value
        }
        for id in ids { _ = rankOf(id, 0) }
        return rank
    }

    // MARK: - Drawing

    func svg() -> String {
        let (positions, width, height) = layout()
        let w = ProcessMap.nodeWidth, h = ProcessMap.nodeHeight
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" class="qm-map" role="group" \
            width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" preserveAspectRatio="xMinYMin meet" \
            aria-label="\(xml(labels["process.map"]))">
            <defs><marker id="qm-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#5b6675"/></marker></defs>

            """
        // Band labels.
        for (band, category) in ProcessMap.bandOrder.enumerated() {
            let y = ProcessMap.top - 60 + Double(band) * (h + ProcessMap.bandGap)
            svg += "<text class=\"qm-band\" x=\"\(ProcessMap.margin)\" y=\"\(Int(y))\">\(xml(labels["category.\(category.rawValue)"]))</text>\n"
        }
        // Flows first, so that nodes are drawn over them.
        var attachments: [String: Int] = [:]
        func offset(_ id: String, _ side: String) -> Double {
            let key = id + side
            let count = attachments[key, default: 0]
            attachments[key] = count + 1
            return Double((count + 1) / 2) * (count % 2 == 0 ? 1 : -1) * 10
        }
        func path(from a: Placed, to b: Placed, title: String) {
            var d: String
            if abs(a.y - b.y) < 1 {
                if b.x > a.x {
                    let sy = a.y + offset(a.id, "r"), ty = b.y + offset(b.id, "l")
                    let sx = a.x + w / 2, tx = b.x - w / 2
                    if b.x - a.x <= ProcessMap.nodeWidth + ProcessMap.gap + 1 {
                        d = "M\(f(sx)),\(f(sy)) C\(f(sx + 18)),\(f(sy)) \(f(tx - 18)),\(f(ty)) \(f(tx)),\(f(ty))"
                    } else { // over the nodes in between
                        let lift = a.y - h / 2 - 18 - min(40, (b.x - a.x) / 20)
                        d = "M\(f(a.x + 20)),\(f(a.y - h / 2)) C\(f(a.x + 20)),\(f(lift)) \(f(b.x - 20)),\(f(lift)) \(f(b.x - 20)),\(f(b.y - h / 2))"
                    }
                } else { // a back flow: under the band
                    let drop = a.y + h / 2 + 22 + min(40, (a.x - b.x) / 20)
                    d = "M\(f(a.x - 20)),\(f(a.y + h / 2)) C\(f(a.x - 20)),\(f(drop)) \(f(b.x + 20)),\(f(drop)) \(f(b.x + 20)),\(f(b.y + h / 2))"
                }
            } else {
                let down = b.y > a.y
                let sy = down ? a.y + h / 2 : a.y - h / 2, ty = down ? b.y - h / 2 : b.y + h / 2
                let sx = a.x + offset(a.id, down ? "b" : "t"), tx = b.x + offset(b.id, down ? "t" : "b")
                let middle = (sy + ty) / 2
                d = "M\(f(sx)),\(f(sy)) C\(f(sx)),\(f(middle)) \(f(tx)),\(f(middle)) \(f(tx)),\(f(ty))"
            }
            svg += "<path class=\"qm-flow\" d=\"\(d)\" marker-end=\"url(#qm-arrow)\"><title>\(xml(title))</title></path>\n"
        }
        for link in graph.links {
            guard let a = positions[link.from], let b = positions[link.to] else { continue }
            path(from: a, to: b, title: "\(link.from) → \(link.to): \(link.names.joined(separator: "、"))")
        }
        for node in graph.nodes {
            guard let p = positions[node.id] else { continue }
            if node.category == .COP {
                if let names = graph.externalInputs[node.id], let a = positions[ProcessMap.outsideIn] {
                    path(from: a, to: p, title: "\(labels["external"]) → \(node.id): \(names.joined(separator: "、"))")
                }
                if let names = graph.externalOutputs[node.id], let b = positions[ProcessMap.outsideOut] {
                    path(from: p, to: b, title: "\(node.id) → \(labels["external"]): \(names.joined(separator: "、"))")
                }
                continue
            }
            // Management processes take outside inputs from above, support processes from below.
            let above = node.category == .MP
            for (names, incoming) in [(graph.externalInputs[node.id], true), (graph.externalOutputs[node.id], false)] {
                guard let names else { continue }
                let px = p.x + (incoming ? -w / 4 : w / 4)
                let edge = above ? p.y - h / 2 : p.y + h / 2
                let pill = above ? edge - 30 : edge + 30
                let (from, to) = incoming ? (pill + (above ? 9 : -9), edge) : (edge, pill + (above ? 9 : -9))
                svg += "<g class=\"qm-outside qm-outside-small\"><title>\(xml((incoming ? labels["inputs"] : labels["outputs"]) + ": " + names.joined(separator: "、")))</title>"
                    + "<rect x=\"\(f(px - 30))\" y=\"\(f(pill - 9))\" width=\"60\" height=\"18\" rx=\"9\"/>"
                    + "<text x=\"\(f(px))\" y=\"\(f(pill + 4))\" text-anchor=\"middle\">\(xml(labels["external.short"]))</text></g>\n"
                svg += "<path class=\"qm-flow\" d=\"M\(f(px)),\(f(from)) L\(f(px)),\(f(to))\" marker-end=\"url(#qm-arrow)\"/>\n"
            }
        }
        // Parties outside the system.
        for id in [ProcessMap.outsideIn, ProcessMap.outsideOut] {
            guard let p = positions[id] else { continue }
            svg += "<g class=\"qm-outside\"><rect x=\"\(f(p.x - w / 2))\" y=\"\(f(p.y - h / 2))\" width=\"\(f(w))\" height=\"\(f(h))\" rx=\"32\"/>"
                + "<text x=\"\(f(p.x))\" y=\"\(f(p.y - 4))\" text-anchor=\"middle\">\(xml(labels["outside.title"]))</text>"
                + "<text class=\"qm-node-sub\" x=\"\(f(p.x))\" y=\"\(f(p.y + 14))\" text-anchor=\"middle\">\(xml(labels["outside.parties"]))</text></g>\n"
        }
        // Processes.
        for node in graph.nodes {
            guard let p = positions[node.id] else { continue }
            let lines = ProcessMap.wrap(node.title, width: w - 16)
            svg += "<a xlink:href=\"\(xml(root + SiteLinks.documentURL(node.id)))\" href=\"\(xml(root + SiteLinks.documentURL(node.id)))\">"
                + "<g class=\"qm-node qm-node-\(node.category.rawValue)\" data-id=\"\(xml(node.id))\">"
                + "<title>\(xml("\(node.id) \(node.title) (\(labels["category.\(node.category.rawValue)"]))"))</title>"
                + "<rect x=\"\(f(p.x - w / 2))\" y=\"\(f(p.y - h / 2))\" width=\"\(f(w))\" height=\"\(f(h))\" rx=\"6\"/>"
                + "<text class=\"qm-node-id\" x=\"\(f(p.x - w / 2 + 8))\" y=\"\(f(p.y - h / 2 + 15))\">\(xml(node.id))</text>"
                + "<text class=\"qm-node-cat\" x=\"\(f(p.x + w / 2 - 8))\" y=\"\(f(p.y - h / 2 + 15))\" text-anchor=\"end\">\(node.category.rawValue)</text>"
            for (index, line) in lines.enumerated() {
                svg += "<text class=\"qm-node-title\" x=\"\(f(p.x))\" y=\"\(f(p.y + 6 + Double(index) * 16 - Double(lines.count - 1) * 4))\" text-anchor=\"middle\">\(xml(line))</text>"
            }
            svg += "</g></a>\n"
        }
        // Legend: colour and words.
        var x = ProcessMap.margin
        let y = height - 22
        for category in ProcessMap.bandOrder {
            svg += "<g class=\"qm-node-\(category.rawValue) qm-legend\"><rect x=\"\(f(x))\" y=\"\(f(y - 11))\" width=\"14\" height=\"14\" rx=\"3\"/>"
                + "<text x=\"\(f(x + 20))\" y=\"\(f(y))\">\(category.rawValue) \(xml(labels["category.\(category.rawValue)"]))</text></g>\n"
            x += 190
        }
        return svg + "</svg>"
    }

    /// Splits a title into at most two lines that fit the node (CJK characters count double).
    static func wrap(_ title: String, width: Double) -> [String] {
        let perLine = Int(width / 7)
        var lines: [String] = [], current = "", units = 0
        for character in title {
            let cost = character.unicodeScalars.first.map { RedlineTokens.isCJK($0) } == true ? 2 : 1
            if units + cost > perLine {
                lines.append(current)
                current = ""
                units = 0
                if lines.count == 2 { break }
            }
            current.append(character)
            units += cost
        }
        if lines.count < 2, !current.isEmpty { lines.append(current) }
        if lines.count == 2, lines.joined().count < title.count { lines[1] = String(lines[1].dropLast()) + "…" }
        return lines
    }

    func f(_ value: Double) -> String { String(Int(value.rounded())) }

    func xml(_ text: String) -> String {
        HTML.escape(text).replacingOccurrences(of: "'", with: "&#39;")
    }
}
