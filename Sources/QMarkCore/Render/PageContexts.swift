/// The values each template sees. Templates are logic-less, so every decision (which banner,
/// which label, how many more) is taken here; the templates only lay it out.
struct PageContexts: Sendable {
    /// The most headings a page's table of contents lists.
    static let contentsLimit = 200

    let manual: Manual
    let labels: Labels
    let links: SiteLinks
    /// The texts history pages compare, read before rendering.
    var revisionTexts: RevisionTexts
    /// Labels keyed for Mustache: `status.draft` becomes `status_draft`.
    let labelTable: [String: String]
    /// For each process, the clauses it maps itself and those its methods map (read by several pages).
    let processClauses: [String: (direct: Set<String>, methods: Set<String>)]
    /// How many covering documents a matrix row lists before "N more".
    static let matrixRowLimit = 8

    init(manual: Manual) {
        self.manual = manual
        self.revisionTexts = manual.history.texts
        self.labels = Labels(manual.config.language)
        self.links = SiteLinks(manual: manual)
        self.processClauses = PageContexts.processClauses(of: manual)
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
        ]
        if let shown = manual.coverage.first(where: { !$0.clauses.isEmpty }) {
            context["coverageURL"] = root + SiteLinks.standardURL(shown.standard.id)
        }
        if manual.showsPrinciples { context["showsPrinciples"] = true }
        if let organization = manual.config.organization { context["organization"] = organization }
        if let commit = manual.pointInTime {
            context["asOf"] = labels["as.of"].filling(String(commit.id.prefix(8)), commit.date)
        }
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
        let overdue = manual.documents.filter { Resolver.nextReview(of: $0, config: manual.config).map { $0 < manual.today } ?? false }.count
        return page(depth: 0, title: manual.config.title, nav: "home", [
            "overdueCount": overdue, "obsoleteCount": manual.documents.filter { $0.status == .obsolete }.count,
            "revisionCount": manual.revisions.reduce(0) { $0 + $1.count },
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
            lineOffset: document.bodyLine - 1, linkMentions: manual.config.linkMentions, documentID: document.id, pageTitle: document.title),
            linker: links.linker(fromDepth: 1)).html
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
        // Headings down to level 3, and no more than a reader can use: a long list would only repeat the page.
        let toc = Array(document.headings.lazy.filter { $0.level <= 3 }.prefix(PageContexts.contentsLimit))
        let top = toc.map(\.level).min() ?? 1
        values["toc"] = toc.count < 2 ? [] : toc.map { ["text": $0.text, "anchor": $0.anchor, "indent": $0.level - top] }
        values["body"] = body
        values["linksTo"] = manual.links[index].map { reference($0, root: root) }
        values["referencedBy"] = manual.backlinks[index].map { reference($0, root: root) }
        values["records"] = document.records.map { ["id": $0.id, "title": $0.title, "retention": $0.retention ?? "—", "owner": $0.owner ?? "—"] }
        if let process = document.process, document.type == .process { values["process"] = processValues(process, of: document, root: root) }
        values.merge(historyValues(at: index, root: root)) { _, new in new }
        values["printCSS"] = printStyle(for: document)
        values["today"] = manual.today.description
        if let successor = manual.supersededBy[document.id] { values["supersededBy"] = reference(successor, root: root) }
        values["supersedes"] = document.supersedes.filter { manual[id: $0.name] != nil }.map { reference($0.name, root: root) }
        return page(depth: 1, title: "\(document.id) \(document.title)", nav: "register", ["doc": values])
    }

    /// The turtle diagram of a process: inputs, outputs, with what, with whom, how, how measured.
    func processValues(_ process: ProcessDefinition, of document: Document, root: String) -> [String: Any] {
        let flow = { (flow: ProcessDefinition.Flow) -> [String: Any] in
            var values: [String: Any] = ["name": flow.name]
            if let id = flow.process { values["process"] = reference(id, root: root) } else { values["external"] = labels["external"] }
            return values
        }
        let category = process.category ?? .COP
        return [
            "category": category.rawValue, "categoryLabel": labels["category.\(category.rawValue)"],
            "inputs": process.inputs.map(flow), "outputs": process.outputs.map(flow),
            "resources": process.resources, "people": process.people,
            "methods": process.methods.map { reference($0.name, root: root) },
            "kpis": process.kpis.map { ["name": $0.name, "target": $0.target ?? "—", "frequency": $0.frequency ?? "—"] },
            "customers": manual.processes.customers(of: document.id).map { reference($0, root: root) },
            "suppliers": manual.processes.suppliers(of: document.id).map { reference($0, root: root) },
            "mapURL": root + "processes.html",
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
            "processes": processes(addressing: row.clause.id, in: standard, root: root),
        ])
    }

    // MARK: - History

    /// The history table of a document page, newest revision first, and the notice of unapproved changes.
    func historyValues(at index: Int, root: String) -> [String: Any] {
        let document = manual.documents[index]
        let revisions = manual.revisions[index]
        var values: [String: Any] = [
            "hasHistory": !revisions.isEmpty,
            "historyRows": HistoryHTML(labels: labels).tableRows(revisions, root: root),
        ]
        if let current = Resolver.currentRevision(of: document, in: revisions), document.status == .approved, current.approval != nil {
            let label = document.revision ?? "—"
            if !current.changesAfterApproval.isEmpty {
                values["changeNotice"] = labels["changed.since"].filling(label, String(current.changesAfterApproval.count))
            } else if let committed = manual.history.committedFingerprint[document.id], committed != document.fingerprint {
                values["changeNotice"] = labels["uncommitted"].filling(label)
            }
        }
        return values
    }


    /// A document's revision history page: one section per revision, newest first, each with its
    /// commits, its data changes in words and the redline of its text against the revision before.
    /// Each section has its own address (`revisions/QP-01.html#r-C`); opened at that address the
    /// page shows that revision alone.
    func historyPage(document index: Int) -> [String: Any] {
        let document = manual.documents[index]
        let revisions = manual.revisions[index]
        let root = SiteLinks.root(depth: 1)
        let anchor = { (revision: Revision) in revision.url.flatMap { $0.split(separator: "#", maxSplits: 1).last.map(String.init) } }
        let writer = HistoryHTML(labels: labels)
        var sections: [String] = [], index: [String] = []
        // Each version's body and front-matter blocks are taken apart once: it is compared with the one before and the one after.
        var previous: (body: String, blocks: [String: Substring])?
        for (position, revision) in revisions.enumerated() {
            guard revision.url != nil, let text = revisionTexts.text(of: revision), let id = anchor(revision) else { continue }
            let split = try? SourceText.split(text)
            let version = (body: split?.body ?? text, blocks: MetadataChanges.blocks(frontMatter: split?.frontMatter))
            defer { previous = version }
            var content = HistoryHTML.Content(revision: revision, documentURL: root + SiteLinks.documentURL(document.id),
                                                  documentID: document.id, text: version.body)
            if position > 0 {
                let before = revisions[position - 1]
                content.previous = (before.label, anchor(before).map { "#" + $0 })
            }
            if position + 1 < revisions.count, let next = anchor(revisions[position + 1]) {
                content.next = (revisions[position + 1].label, "#" + next)
            }
            if let previous {
                content.changes = (MetadataChanges.describe(from: previous.blocks, to: version.blocks, labels: labels, defaultStandard: manual.config.standard),
                                   Redline.compare(previous.body, version.body) { labels["unchanged.lines"].filling(String($0)) })
            }
            sections.append(writer.section(content, id: id, heading: labels["revision.page"].filling(revision.label, "\(document.id) \(document.title)")))
            index.append("<a href=\"#\(HTML.escape(id))\">\(HTML.escape(revision.label))</a>")
        }
        let values: [String: Any] = [
            "doc": reference(document, root: root),
            "sections": sections.reversed().joined(), "revisionIndex": index.reversed().joined(separator: " "),
            "heading": labels["history.of"].filling("\(document.id) \(document.title)"),
        ]
        return page(depth: 1, title: "\(document.id) \(labels["history"])", nav: "register", values)
    }

    // MARK: - Print

    /// Page-margin header and footer for printing: id, title, revision, status, effective date,
    /// the uncontrolled-copy notice and the print date (the build date until the browser prints).
    func printStyle(for document: Document) -> String {
        let css = PageContexts.cssString
        let notice = manual.config.uncontrolledNotice ?? labels["uncontrolled"]
        let state = "\(labels["revision"]) \(document.revision ?? "—") · \(labels.status(document.status)) · \(labels["effective"]) \(document.effective?.description ?? "—")"
        return """
            @page { margin: 20mm 15mm 20mm 15mm;
              @top-left { content: \(css("\(document.id) \(document.title)")); font-size: 9pt; }
              @top-right { content: \(css(state)); font-size: 9pt; }
              @bottom-left { content: \(css(notice)); font-size: 8pt; }
              @bottom-right { content: \(css("\(labels["printed"]) \(manual.today) · \(labels["page"]) ")) counter(page) " / " counter(pages); font-size: 8pt; }
            }
            """
    }

    /// A CSS string literal: quotes and backslashes escaped, and `<` so that it cannot end the style element.
    static func cssString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "<": result += "\\3C "
            case "\n", "\r": result += "\\A "
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    // MARK: - Document control pages

    func reviewPage() -> [String: Any] {
        let today = manual.today
        // Sorted as small keys with positions, then the documents looked up: sorting moves keys, not documents.
        let keys: [(next: DayDate?, ordinal: Int, id: String, index: Int)] = manual.documents.indices
            .filter { manual.documents[$0].status == .approved }
            .map { index in
                let next = Resolver.nextReview(of: manual.documents[index], config: manual.config)
                return (next, next?.ordinal ?? Int.max, manual.documents[index].id, index)
            }
            .sorted { ($0.ordinal, $0.id) < ($1.ordinal, $1.id) }
        let rows: [(Document, DayDate?)] = keys.map { (manual.documents[$0.index], $0.next) }
        func row(_ document: Document, _ next: DayDate?) -> [String: Any] {
            var values = reference(document, root: "")
            values["reviewed"] = document.reviewed?.description ?? "—"
            values["interval"] = document.reviewIntervalMonths ?? manual.config.reviewIntervalMonths
            values["next"] = next?.description ?? labels["no.review.date"]
            if let next {
                let days = today.days(until: next)
                values["state"] = days < 0 ? "overdue" : days <= 60 ? "due" : "ok"
                values["stateLabel"] = days < 0 ? labels["overdue"] : days <= 60 ? labels["due.soon"] : labels["on.schedule"]
            } else {
                values["state"] = "due"
                values["stateLabel"] = labels["no.review.date"]
            }
            return values
        }
        func byOwner(_ selected: [(Document, DayDate?)]) -> [[String: Any]] {
            let owners = Array(Set(selected.map { $0.0.owner ?? "—" })).sorted()
            return owners.map { owner in
                ["owner": owner, "documents": selected.filter { ($0.0.owner ?? "—") == owner }.map { row($0.0, $0.1) }]
            }
        }
        let overdue = rows.filter { $0.1.map { $0 < today } ?? false }
        let due = rows.filter { $0.1.map { !($0 < today) && today.days(until: $0) <= 60 } ?? false }
        var values: [String: Any] = [
            "reviewAsOf": labels["reviews.asof"].filling(today.description, String(manual.config.reviewIntervalMonths)),
            "all": rows.map { row($0.0, $0.1) },
        ]
        if !overdue.isEmpty { values["overdue"] = byOwner(overdue) }
        if !due.isEmpty { values["due"] = byOwner(due) }
        return page(depth: 0, title: labels["reviews.title"], nav: "control", values)
    }

    func archivePage() -> [String: Any] {
        let rows = manual.documents.enumerated().filter { $0.element.status == .obsolete }.map { index, document -> [String: Any] in
            var values = reference(document, root: "")
            values["withdrawn"] = Resolver.withdrawalDate(of: document, revisions: manual.revisions[index]) ?? "—"
            if let successor = manual.supersededBy[document.id] { values["supersededBy"] = reference(successor, root: "") }
            return values
        }
        var values: [String: Any] = ["documents": rows]
        if rows.isEmpty { values["empty"] = true }
        return page(depth: 0, title: labels["archive.title"], nav: "control", values)
    }

    /// How many revisions the recent-changes page lists.
    static let recentChangesLimit = 500

    func changesPage() -> [String: Any] {
        // Sorted as small keys with positions: a manual can have tens of thousands of revisions.
        var keys: [(date: String, id: String, document: Int, revision: Int)] = []
        for (index, document) in manual.documents.enumerated() {
            for (position, revision) in manual.revisions[index].enumerated() where revision.date != nil {
                keys.append((revision.last?.date ?? revision.date ?? "", document.id, index, position))
            }
        }
        keys.sort { ($0.date, $0.id) > ($1.date, $1.id) }
        let shown = keys.prefix(PageContexts.recentChangesLimit).map { (document: manual.documents[$0.document], revision: manual.revisions[$0.document][$0.revision]) }
        let rows = shown.map { entry -> [String: Any] in
            var values = reference(entry.document, root: "")
            values["label"] = entry.revision.label
            values["date"] = entry.revision.date ?? "—"
            values["summary"] = entry.revision.summary
            if let status = entry.revision.status { values["revisionStatus"] = status.rawValue; values["revisionStatusLabel"] = labels.status(status) }
            if let approvedBy = entry.revision.approvedBy { values["approvedBy"] = approvedBy }
            if let url = entry.revision.url { values["revisionURL"] = url }
            return values
        }
        var values: [String: Any] = [
            "entries": rows,
            "owners": Array(Set(manual.documents.compactMap(\.owner))).sorted().map { ["value": $0, "label": $0] },
            "typeOptions": DocumentType.allCases.map { ["value": $0.rawValue, "label": labels.type($0)] },
        ]
        if keys.count > shown.count { values["limited"] = labels["changes.limit"].filling(String(shown.count)) }
        if let notice = manual.history.notice { values["notice"] = notice }
        return page(depth: 0, title: labels["changes.title"], nav: "changes", values)
    }

    // MARK: - Processes

    func processMapPage() -> [String: Any] {
        let map = ProcessMap(graph: manual.processes, labels: labels, root: "")
        let groups = ProcessMap.bandOrder.compactMap { category -> [String: Any]? in
            let nodes = manual.processes.nodes.filter { $0.category == category }
            guard !nodes.isEmpty else { return nil }
            return ["category": category.rawValue, "label": labels["category.\(category.rawValue)"],
                    "processes": nodes.map { node -> [String: Any] in
                        var values = reference(node.id, root: "")
                        values["customers"] = manual.processes.customers(of: node.id).joined(separator: ", ")
                        values["suppliers"] = manual.processes.suppliers(of: node.id).joined(separator: ", ")
                        return values
                    }]
        }
        var values: [String: Any] = ["groups": groups]
        if !manual.processes.nodes.isEmpty { values["svg"] = map.svg() }
        return page(depth: 0, title: labels["process.map"], nav: "processes", values)
    }

    /// For each process, the clauses it maps itself and those its methods map, per standard.
    static func processClauses(of manual: Manual) -> [String: (direct: Set<String>, methods: Set<String>)] {
        var result: [String: (Set<String>, Set<String>)] = [:]
        for node in manual.processes.nodes {
            guard let document = manual[id: node.id] else { continue }
            let direct = Set(document.clauses.map { "\($0.standard)\u{1F}\($0.clause)" })
            var methods = Set<String>()
            for method in document.process?.methods ?? [] {
                for mapping in manual[id: method.name]?.clauses ?? [] { methods.insert("\(mapping.standard)\u{1F}\(mapping.clause)") }
            }
            result[node.id] = (direct, methods)
        }
        return result
    }

    /// Whether a set of mapped clauses addresses a clause: it, an ancestor or a descendant is mapped.
    static func addresses(_ mapped: Set<String>, standard: Standard, clause: String) -> Bool {
        if mapped.contains("\(standard.id)\u{1F}\(clause)") { return true }
        if standard.ancestors(of: clause).contains(where: { mapped.contains("\(standard.id)\u{1F}\($0)") }) { return true }
        return mapped.contains { key in
            guard key.hasPrefix(standard.id + "\u{1F}") else { return false }
            let other = String(key.dropFirst(standard.id.count + 1))
            return standard.ancestors(of: other).contains(clause)
        }
    }

    func processClausePage() -> [String: Any] {
        let clauses = processClauses
        let standards = manual.coverage.filter { !$0.clauses.isEmpty }.map(\.standard).map { standard -> [String: Any] in
            // Columns: the clauses of the first two levels; a deeper mapping counts for its ancestor there.
            let columns = standard.clauses.filter { $0.depth <= 2 }
            let rows = manual.processes.nodes.map { node -> [String: Any] in
                let (direct, methods) = clauses[node.id] ?? ([], [])
                var row = reference(node.id, root: "")
                row["category"] = node.category.rawValue
                row["cells"] = columns.map { clause -> [String: Any] in
                    if PageContexts.addresses(direct, standard: standard, clause: clause.id) {
                        return ["mark": "●", "kind": "direct", "title": "\(clause.id) — \(labels["direct.mark"])"]
                    }
                    if PageContexts.addresses(methods, standard: standard, clause: clause.id) {
                        return ["mark": "○", "kind": "method", "title": "\(clause.id) — \(labels["method.mark"])"]
                    }
                    return ["mark": "", "kind": "none", "title": clause.id]
                }
                return row
            }
            return ["id": standard.id, "title": standard.title(in: language),
                    "columns": columns.map { ["id": $0.id, "title": $0.title(in: language), "depth": $0.depth,
                                              "url": SiteLinks.clauseURL(standard: standard.id, clause: $0.id)] },
                    "rows": rows]
        }
        return page(depth: 0, title: labels["process.clauses"], nav: "processes", ["standards": standards])
    }

    /// The processes that address a clause, for its page.
    func processes(addressing clause: String, in standard: Standard, root: String) -> [[String: Any]] {
        let clauses = processClauses
        return manual.processes.nodes.compactMap { node in
            let (direct, methods) = clauses[node.id] ?? ([], [])
            let viaProcess = PageContexts.addresses(direct, standard: standard, clause: clause)
            guard viaProcess || PageContexts.addresses(methods, standard: standard, clause: clause) else { return nil }
            var values = reference(node.id, root: root)
            values["mark"] = viaProcess ? "●" : "○"
            values["how"] = viaProcess ? labels["direct.mark"] : labels["method.mark"]
            values["category"] = node.category.rawValue
            return values
        }
    }

    func recordsPage() -> [String: Any] {
        var rows: [(String, [String: Any])] = []
        for document in manual.documents where document.status != .obsolete {
            for record in document.records {
                var values: [String: Any] = ["id": record.id, "title": record.title, "document": reference(document, root: ""),
                                             "owner": record.owner ?? document.owner ?? "—", "kept": record.location ?? "—",
                                             "type": document.type.rawValue]
                if let retention = record.retention { values["retention"] = retention }
                rows.append((record.id, values))
            }
        }
        rows.sort { DocumentOrder.areInIncreasingOrder($0.0, $1.0) }
        return page(depth: 0, title: labels["records.register"], nav: "processes", ["records": rows.map(\.1), "count": rows.count])
    }

    func objectivesPage() -> [String: Any] {
        let groups = manual.processes.nodes.compactMap { node -> [String: Any]? in
            guard let document = manual[id: node.id], let kpis = document.process?.kpis, !kpis.isEmpty else { return nil }
            var values = reference(document, root: "")
            values["categoryLabel"] = labels["category.\(node.category.rawValue)"]
            values["category"] = node.category.rawValue
            values["kpis"] = kpis.map { ["name": $0.name, "target": $0.target ?? "—", "frequency": $0.frequency ?? "—"] }
            return values
        }
        return page(depth: 0, title: labels["objectives"], nav: "processes", ["processes": groups])
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
