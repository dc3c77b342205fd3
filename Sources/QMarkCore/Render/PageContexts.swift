/// The values each template sees. Templates are logic-less, so every decision (which banner,
/// which label, how many more) is taken here; the templates only lay it out.
struct PageContexts: Sendable {
    let manual: Manual
    let labels: Labels
    let links: SiteLinks
    /// Labels keyed for Mustache: `status.draft` becomes `status_draft`.
    let labelTable: [String: String]
    /// How many covering documents a matrix row lists before "N more".
    static let matrixRowLimit = 8

    init(manual: Manual) {
        self.manual = manual
        self.labels = Labels(manual.config.language)
        self.links = SiteLinks(manual: manual)
        self.labelTable = Dictionary(uniqueKeysWithValues: labels.table.map { ($0.key.replacingOccurrences(of: ".", with: "_"), $0.value) })
    }

    var language: Language { manual.config.language }

    // MARK: - Shared

    // Mustache sections treat any present value as true, even "" and 0: keys that templates
    // test with {{#key}} are set only when they hold something.

    /// What every page has: where the root is, the labels, the site's name, which tab is current.
    func page(depth: Int, title: String, nav: String, _ values: [String: Any]) -> [String: Any] {
        let root = SiteLinks.root(depth: depth)
        var context: [String: Any] = [
            "root": root, "lang": language.rawValue, "l": labelTable, "siteTitle": manual.config.title,
            "pageTitle": title, "nav_\(nav)": true,
            "coverageURL": root + SiteLinks.standardURL(manual.config.standard),
        ]
        if let organization = manual.config.organization { context["organization"] = organization }
        context.merge(values) { _, page in page }
        return context
    }

    /// A document as it appears in lists: id, title, revision, status with its label, link.
    func reference(_ id: String, root: String) -> [String: Any] {
        guard let document = manual[id: id] else { return ["id": id, "title": id, "url": "#"] }
        return reference(document, root: root)
    }

    func reference(_ document: Document, root: String) -> [String: Any] {
        [
            "id": document.id, "title": document.title, "revision": document.revision ?? "—",
            "status": document.status.rawValue, "statusLabel": labels.status(document.status),
            "type": document.type.rawValue, "typeLabel": labels.type(document.type),
            "owner": document.owner ?? "—", "approver": document.approver ?? "—",
            "effective": document.effective?.description ?? "—",
            "url": root + SiteLinks.documentURL(document.id),
            "isObsolete": document.status == .obsolete, "isPending": document.status.isPending,
            "showStatus": document.status != .approved,
        ]
    }

    func clauseReference(standard: Standard, clause: String, root: String) -> [String: Any] {
        let coverage = manual.coverage(of: standard.id)?[clause: clause]
        return [
            "id": clause, "title": standard[clause]?.title(in: language) ?? clause,
            "url": root + SiteLinks.clauseURL(standard: standard.id, clause: clause),
            "status": coverage?.status.rawValue ?? "uncovered",
            "statusLabel": coverage.map { labels.coverage($0.status) } ?? "",
        ]
    }

    // MARK: - Home

    func home() -> [String: Any] {
        let root = ""
        let current = manual.currentDocuments
        let featured = current.filter { $0.type == .manual || $0.type == .policy }.map { reference($0, root: root) }
        let standards = manual.coverage.filter { !$0.clauses.isEmpty }.map { coverage in
            [
                "id": coverage.standard.id, "title": coverage.standard.title(in: language),
                "url": SiteLinks.standardURL(coverage.standard.id), "total": coverage.clauses.count,
                "summary": summary(coverage),
            ] as [String: Any]
        }
        let types = DocumentType.allCases.compactMap { type -> [String: Any]? in
            let count = current.lazy.filter { $0.type == type }.count
            return count == 0 ? nil : ["label": labels.typePlural(type), "count": count, "url": "register.html#type-\(type.rawValue)"]
        }
        let statuses = DocumentStatus.allCases.map { status in
            ["status": status.rawValue, "label": labels.status(status), "count": manual.documents.lazy.filter { $0.status == status }.count] as [String: Any]
        }
        return page(depth: 0, title: manual.config.title, nav: "home", [
            "featured": featured, "standards": standards, "types": types, "statuses": statuses,
            "documentCount": current.count,
        ])
    }

    func summary(_ coverage: StandardCoverage) -> [[String: Any]] {
        let total = max(1, coverage.clauses.count)
        return CoverageStatus.allCases.map { status in
            let count = coverage.count(status)
            let percent = Int((Double(count) * 100 / Double(total)).rounded())
            return ["status": status.rawValue, "label": labels.coverage(status), "count": count, "percent": percent]
        }
    }

    // MARK: - Register

    func register() -> [String: Any] {
        let root = ""
        let groups = DocumentType.allCases.compactMap { type -> [String: Any]? in
            let documents = manual.documents.filter { $0.type == type && $0.status != .obsolete }
            guard !documents.isEmpty else { return nil }
            return ["type": type.rawValue, "label": labels.typePlural(type), "count": documents.count,
                    "documents": documents.map { registerRow($0, root: root) }]
        }
        let obsolete = manual.documents.filter { $0.status == .obsolete }.map { registerRow($0, root: root) }
        return page(depth: 0, title: labels["register"], nav: "register", [
            "groups": groups, "obsolete": obsolete, "hasObsolete": !obsolete.isEmpty,
            "typeOptions": DocumentType.allCases.map { ["value": $0.rawValue, "label": labels.type($0)] },
            "statusOptions": DocumentStatus.allCases.map { ["value": $0.rawValue, "label": labels.status($0)] },
        ])
    }

    func registerRow(_ document: Document, root: String) -> [String: Any] {
        var row = reference(document, root: root)
        row["clauses"] = document.clauses.map(\.clause).joined(separator: " ")
        return row
    }

    // MARK: - Document

    /// A document body rendered as seen from its page.
    func body(of document: Document) -> String {
        MarkdownBody.render(document.body, options: MarkdownOptions(
            unsafeHTML: manual.config.unsafeHTML, sourceDirectory: (document.sourcePath as NSString).deletingLastPathComponent,
            lineOffset: document.bodyLine - 1), linker: links.linker(fromDepth: 1)).html
    }

    func document(at index: Int, body: String) -> [String: Any] {
        let document = manual.documents[index]
        let root = SiteLinks.root(depth: 1)
        var values = reference(document, root: root)
        values["sourcePath"] = document.sourcePath
        switch document.status {
        case .draft: values["banner"] = labels["banner.draft"]
        case .review: values["banner"] = labels["banner.review"]
        case .obsolete: values["banner"] = labels["banner.obsolete"]
        case .approved: break
        }
        var groups: [String: [String]] = [:]
        var order: [String] = []
        for mapping in document.clauses where manual.standard(mapping.standard)?.contains(mapping.clause) == true {
            if groups[mapping.standard] == nil { order.append(mapping.standard) }
            if !groups[mapping.standard, default: []].contains(mapping.clause) { groups[mapping.standard, default: []].append(mapping.clause) }
        }
        values["clauseGroups"] = order.compactMap { id -> [String: Any]? in
            guard let standard = manual.standard(id) else { return nil }
            return ["standard": standard.id, "standardTitle": standard.title(in: language),
                    "clauses": groups[id]!.sorted(by: ClauseOrder.areInIncreasingOrder).map { clauseReference(standard: standard, clause: $0, root: root) }]
        }
        values["principles"] = document.principles.compactMap { named -> [String: Any]? in
            guard let principle = Principle.named(named.name) else { return nil }
            let own = manual.principles.first { $0.principle.key == principle.key }?.document
            return ["key": principle.key, "title": principle.title(in: language),
                    "url": own.map { root + SiteLinks.documentURL($0) } ?? root + "principles.html#\(principle.key)"]
        }
        let toc = document.headings.filter { $0.level <= 3 }
        if toc.count >= 2 {
            let top = toc.map(\.level).min() ?? 1
            values["toc"] = toc.map { ["text": $0.text, "anchor": $0.anchor, "indent": $0.level - top] }
        }
        values["body"] = body
        values["linksTo"] = manual.links[index].map { reference($0, root: root) }
        values["referencedBy"] = manual.backlinks[index].map { reference($0, root: root) }
        values["records"] = document.records.map { ["id": $0.id, "title": $0.title, "retention": $0.retention ?? "—", "owner": $0.owner ?? "—"] }
        if let process = document.process { values["process"] = processValues(process, root: root) }
        return page(depth: 1, title: "\(document.id) \(document.title)", nav: "register", ["doc": values])
    }

    func processValues(_ process: ProcessDefinition, root: String) -> [String: Any] {
        let flow = { (flow: ProcessDefinition.Flow) -> [String: Any] in
            var values: [String: Any] = ["name": flow.name]
            if let id = flow.process { values["process"] = reference(id, root: root) }
            return values
        }
        return [
            "category": process.category?.rawValue ?? "—",
            "inputs": process.inputs.map(flow), "outputs": process.outputs.map(flow),
            "resources": process.resources, "people": process.people,
            "methods": process.methods.map { reference($0.name, root: root) },
            "kpis": process.kpis.map { ["name": $0.name, "target": $0.target ?? "—", "frequency": $0.frequency ?? "—"] },
        ]
    }

    // MARK: - Coverage

    func standardPage(_ coverage: StandardCoverage) -> [String: Any] {
        let root = SiteLinks.root(depth: 2)
        let rows = coverage.clauses.map { row -> [String: Any] in
            let shown = row.documents.prefix(PageContexts.matrixRowLimit)
            var values: [String: Any] = [
                "id": row.clause.id, "title": row.clause.title(in: language), "depth": row.clause.depth,
                "indent": row.clause.depth - 1, "status": row.status.rawValue, "statusLabel": labels.coverage(row.status),
                "url": root + SiteLinks.clauseURL(standard: coverage.standard.id, clause: row.clause.id),
                "documents": shown.map { reference($0, root: root) },
                "pending": row.pending.prefix(PageContexts.matrixRowLimit).map { reference($0, root: root) },
            ]
            if let justification = row.justification { values["justification"] = justification }
            if row.documents.count > shown.count { values["more"] = row.documents.count - shown.count }
            return values
        }
        return page(depth: 2, title: "\(labels["coverage"]) — \(coverage.standard.title(in: language))", nav: "coverage", [
            "standard": ["id": coverage.standard.id, "title": coverage.standard.title(in: language)],
            "summary": summary(coverage), "total": coverage.clauses.count, "rows": rows,
            "otherStandards": manual.coverage.filter { $0.standard.id != coverage.standard.id && !$0.clauses.isEmpty }.map {
                ["title": $0.standard.title(in: language), "url": root + SiteLinks.standardURL($0.standard.id)]
            },
        ])
    }

    func clausePage(_ coverage: StandardCoverage, at position: Int) -> [String: Any] {
        let root = SiteLinks.root(depth: 2)
        let row = coverage.clauses[position]
        let standard = coverage.standard
        let ancestors = standard.ancestors(of: row.clause.id).reversed().map { clauseReference(standard: standard, clause: $0, root: root) }
        let direct = Set(row.direct)
        var clause: [String: Any] = ["id": row.clause.id, "title": row.clause.title(in: language), "status": row.status.rawValue,
                                     "statusLabel": labels.coverage(row.status)]
        if let justification = row.justification { clause["justification"] = justification }
        return page(depth: 2, title: "\(row.clause.id) \(row.clause.title(in: language))", nav: "coverage", [
            "standard": ["id": standard.id, "title": standard.title(in: language), "url": root + SiteLinks.standardURL(standard.id)],
            "clause": clause,
            "ancestors": ancestors,
            "children": row.clause.children.map { clauseReference(standard: standard, clause: $0, root: root) },
            "documents": row.documents.map { id -> [String: Any] in
                var values = reference(id, root: root)
                values["direct"] = direct.contains(id)
                return values
            },
            "pending": row.pending.map { reference($0, root: root) },
        ])
    }

    // MARK: - Search

    func searchPage() -> [String: Any] {
        page(depth: 0, title: labels["search"], nav: "search", [:])
    }

    // MARK: - Principles

    func principlesPage() -> [String: Any] {
        let rows = manual.principles.map { coverage -> [String: Any] in
            var values: [String: Any] = [
                "key": coverage.principle.key, "title": coverage.principle.title(in: language),
                "clause": coverage.principle.iso9000Clause,
                "documents": coverage.documents.map { reference($0, root: "") },
                "pending": coverage.pending.map { reference($0, root: "") },
            ]
            if let own = coverage.document { values["document"] = reference(own, root: "") }
            return values
        }
        return page(depth: 0, title: labels["principles.title"], nav: "principles", ["rows": rows])
    }
}

import Foundation
