/// The values each template sees, as the typed page values of `PageValues.swift`. Templates are
/// logic-less, so every decision (which banner, which label, how many more) is taken here; the
/// templates only lay it out.
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
    /// How many covering documents a matrix row lists before "N more".
    static let matrixRowLimit = 8

    /// Each document's reference as seen from pages at depth 0, 1 and 2, by document position.
    let references: [[DocumentRef]]
    /// For each document in force, the documents of its type before and after it (id order); by position.
    let neighbours: [Int: (previous: Int?, next: Int?)]
    /// For each document, the clauses whose matrix rows list it (`standard:clause`), by id.
    let listedFor: [String: [String]]

    init(manual: Manual) {
        self.manual = manual
        self.revisionTexts = manual.history.texts
        let labels = Labels(manual.config.language)
        self.labels = labels
        self.references = (0...2).map { depth in
            manual.documents.map { PageContexts.makeReference($0, root: SiteLinks.root(depth: depth), labels: labels) }
        }
        var neighbours: [Int: (previous: Int?, next: Int?)] = [:]
        for type in DocumentType.allCases {
            let ofType = manual.documents.indices.filter { manual.documents[$0].type == type && manual.documents[$0].status != .obsolete }
            for (position, index) in ofType.enumerated() {
                neighbours[index] = (position > 0 ? ofType[position - 1] : nil, position + 1 < ofType.count ? ofType[position + 1] : nil)
            }
        }
        self.neighbours = neighbours
        var listedFor: [String: [String]] = [:]
        for coverage in manual.coverage {
            for row in coverage.clauses {
                for id in row.documents + row.pending { listedFor[id, default: []].append("\(coverage.standard.id):\(row.clause.id)") }
            }
        }
        self.listedFor = listedFor
        self.links = SiteLinks(manual: manual)
        self.labelTable = Dictionary(uniqueKeysWithValues: labels.table.map { ($0.key.replacingOccurrences(of: ".", with: "_"), $0.value) })
    }

    var language: Language { manual.config.language }

    // MARK: - Shared

    // Mustache sections treat any present value as true, even "" and 0: optional fields that
    // templates test with {{#key}} are set only when they hold something.

    /// A page: what every page has (where the root is, the labels, the site's name, which tab is current) and its own values.
    func page<Content: TemplateValue>(depth: Int, title: String?, nav: String, _ content: Content) -> Page<Content> {
        let root = SiteLinks.root(depth: depth)
        let frame = PageFrame(
            root: root, lang: language.rawValue, labels: labelTable, siteTitle: manual.config.title, pageTitle: title, nav: nav,
            // One standard: its matrix; several (an integrated system): the page with them side by side.
            coverageURL: manual.coverage.filter({ !$0.clauses.isEmpty }).count > 1 ? root + "standards.html"
                : manual.coverage.first(where: { !$0.clauses.isEmpty }).map { root + SiteLinks.standardURL($0.standard.id) },
            showsPrinciples: manual.showsPrinciples, organization: manual.config.organization,
            asOf: manual.pointInTime.map { labels["as.of"].filling(String($0.id.prefix(8)), $0.date) },
            showsExternal: manual.documents.contains { $0.type == .external })
        return Page(frame: frame, content: content)
    }

    /// A document as it appears in lists: id, title, revision, status with its label, link.
    /// Made once per document and page depth: the same references fill thousands of lists.
    func reference(_ id: String, root: String) -> DocumentRef {
        guard let index = manual.index(of: id) else { return DocumentRef(id: id, title: id, url: "#") }
        let depth = root.utf8.count / 3
        return depth < references.count ? references[depth][index] : reference(manual.documents[index], root: root)
    }

    func reference(_ document: Document, root: String) -> DocumentRef {
        reference(document.id, root: root)
    }

    static func makeReference(_ document: Document, root: String, labels: Labels) -> DocumentRef {
        DocumentRef(id: document.id, title: document.title, url: root + SiteLinks.documentURL(document.id), details: .init(
            revision: document.revision ?? "—", status: document.status.rawValue, statusLabel: labels.status(document.status),
            type: document.type.rawValue, typeLabel: labels.type(document.type),
            owner: document.owner ?? "—", approver: document.approver ?? "—", effective: document.effective?.description ?? "—",
            isObsolete: document.status == .obsolete, isPending: document.isPending, showStatus: !document.isInForce,
            revisionURL: document.facts.revisions.last(where: { !$0.isBeforeGit && $0.label == (document.revision ?? "—") })?.url.map { root + $0 }))
    }

    /// The excluded ancestor a clause is excluded with (its justification is given once, there).
    func excludedWith(_ row: ClauseCoverage, in standard: Standard) -> String? {
        guard row.status == .excluded else { return nil }
        let excluded = { (clause: String) in self.manual.config.exclusions.contains { $0.standard == standard.id && $0.clause == clause } }
        guard !excluded(row.clause.id) else { return nil }
        return standard.ancestors(of: row.clause.id).first(where: excluded)
    }

    func clauseReference(standard: Standard, clause: String, root: String) -> ClauseLink {
        let coverage = manual.coverage(of: standard.id)?[clause: clause]
        return ClauseLink(id: clause, title: standard[clause]?.title(in: language) ?? clause,
                          url: root + SiteLinks.clauseURL(standard: standard.id, clause: clause),
                          status: coverage?.status.rawValue ?? "uncovered", statusLabel: coverage.map { labels.coverage($0.status) } ?? "")
    }

    // MARK: - Home

    func home() -> Page<HomePage> {
        // Positions and counts, not copies of ten thousand documents.
        let current = manual.documents.indices.filter { manual.documents[$0].status != .obsolete }
        let featured = current.filter { manual.documents[$0].type == .manual || manual.documents[$0].type == .policy }
            .map { references[0][$0] }
        let standards = standardCards()
        let types = DocumentType.allCases.compactMap { type -> StatusCount? in
            let count = current.lazy.filter { manual.documents[$0].type == type }.count
            return count == 0 ? nil : StatusCount(status: type.rawValue, label: labels.typePlural(type), count: count, url: "register.html?type=\(type.rawValue)")
        }
        let statuses = DocumentStatus.allCases.map { status in
            StatusCount(status: status.rawValue, label: labels.status(status), count: manual.documents.lazy.filter { $0.status == status }.count,
                        url: "register.html?status=\(status.rawValue)")
        }
        let overdue = manual.documents.lazy.filter { $0.facts.review?.state == .overdue && $0.facts.review?.next != nil }.count
        return page(depth: 0, title: nil, nav: "home", HomePage(
            chart: manual.coverage(of: manual.config.standard).map { charts.byTopClause($0) } ?? "",
            chartStandard: manual.standard(manual.config.standard)?.title(in: language) ?? "",
            overdueCount: overdue, obsoleteCount: manual.documents.count - current.count,
            revisionCount: manual.revisionCount, documentCount: current.count,
            featured: featured, standards: standards, types: types, statuses: statuses))
    }

    func summary(_ coverage: StandardCoverage) -> [StatusCount] {
        let total = max(1, coverage.clauses.count)
        return CoverageStatus.allCases.map { status in
            let count = coverage.count(status)
            let percent = Int((Double(count) * 100 / Double(total)).rounded())
            return StatusCount(status: status.rawValue, label: labels.coverage(status), count: count, percent: percent)
        }
    }

    // MARK: - Register

    func register() -> Page<RegisterPage> {
        let root = ""
        let groups = DocumentType.allCases.compactMap { type -> RegisterPage.Group? in
            let documents = manual.documents.indices.filter { manual.documents[$0].type == type && manual.documents[$0].status != .obsolete }
            guard !documents.isEmpty else { return nil }
            return RegisterPage.Group(type: type.rawValue, label: labels.typePlural(type), count: documents.count,
                                      documents: documents.map { registerRow(manual.documents[$0], root: root) })
        }
        let obsolete = manual.documents.indices.filter { manual.documents[$0].status == .obsolete }.map { registerRow(manual.documents[$0], root: root) }
        let shown = manual.coverage.filter { !$0.clauses.isEmpty }
        let clauseOptions = shown.flatMap { coverage in
            coverage.clauses.map { row in
                Option(value: "\(coverage.standard.id):\(row.clause.id)",
                       label: (shown.count > 1 ? coverage.standard.title(in: language) + " " : "") + "\(row.clause.id) \(row.clause.title(in: language))")
            }
        }
        return page(depth: 0, title: labels["register"], nav: "register", RegisterPage(
            groups: groups, obsolete: obsolete,
            typeOptions: DocumentType.allCases.map { Option(value: $0.rawValue, label: labels.type($0)) },
            statusOptions: DocumentStatus.allCases.map { Option(value: $0.rawValue, label: labels.status($0)) },
            ownerOptions: Array(Set(manual.documents.map { $0.owner ?? "—" })).sorted().map { Option(value: $0, label: $0) },
            clauseOptions: clauseOptions))
    }

    func registerRow(_ document: Document, root: String) -> Row<RegisterPage.Clauses> {
        let pending = document.facts.pending.map { next in
            RegisterPage.PendingCell(revision: next.document.revision ?? "—", url: root + SiteLinks.pendingURL(document.id),
                                     status: next.document.status.rawValue, statusLabel: labels.status(next.document.status),
                                     takesEffect: next.takesEffect?.description)
        }
        // Each clause once, under its standard's short name; linked where the site has the clause's page.
        var order: [String] = [], byStandard: [String: [String]] = [:]
        for mapping in document.clauses where !(byStandard[mapping.standard]?.contains(mapping.clause) ?? false) {
            if byStandard[mapping.standard] == nil { order.append(mapping.standard) }
            byStandard[mapping.standard, default: []].append(mapping.clause)
        }
        let groups = order.map { id -> RegisterPage.ClauseGroup in
            let standard = manual.standard(id)
            let shown = manual.coverage(of: id) != nil
            let clauses = byStandard[id]!.sorted(by: ClauseOrder.areInIncreasingOrder).map { clause -> ClauseLink in
                if let standard, shown { return clauseReference(standard: standard, clause: clause, root: root) }
                return ClauseLink(id: clause, title: clause, url: "", status: "", statusLabel: "", plain: true)
            }
            return RegisterPage.ClauseGroup(standard: standard.map { PageContexts.shortName($0, language: language) } ?? id, clauses: clauses)
        }
        return Row(document: reference(document, root: root), extra: .init(clauses: document.clauses.map(\.clause).joined(separator: " "),
                                                                             listedFor: (listedFor[document.id] ?? []).joined(separator: " "), pending: pending,
                                                                             clauseGroups: groups))
    }

    /// A standard as a column or a list names it: `ISO 9001:2015`, `GB/T 19001-2016`, else its title, short.
    static func shortName(_ standard: Standard, language: Language) -> String {
        shortTitle(standard.title(in: language))
    }

    /// A standard's title shortened to its designation where it has one.
    static func shortTitle(_ title: String) -> String {
        if let match = title.prefixMatch(of: /(?:ISO|IEC|IATF|GB\/T|GB|AS|EN|ANSI)[ \/]?[\d.]+(?:[-:]\d{4})?/) { return String(match.output) }
        return title.count <= 18 ? title : String(title.prefix(16)) + "…"
    }

    // MARK: - Document

    /// A document body rendered as seen from its page.
    func body(of document: Document) -> String {
        MarkdownBody.render(document.body, options: MarkdownOptions(
            unsafeHTML: manual.config.unsafeHTML, sourceDirectory: (document.sourcePath as NSString).deletingLastPathComponent,
            lineOffset: document.bodyLine - 1, linkMentions: manual.config.linkMentions, documentID: document.id, pageTitle: document.title,
            taskLabels: (labels["task.open"], labels["task.done"])),
            linker: links.linker(fromDepth: 1)).html
    }

    /// A document's page: its revision in force, or (`pending`) the revision that will replace it.
    func document(at index: Int, body: String, pending: Bool = false) -> Page<DocumentPage> {
        let inForce = manual.documents[index]
        let next = inForce.facts.pending
        let document = pending ? next?.document ?? inForce : inForce
        let root = SiteLinks.root(depth: 1)
        var banner: String? = switch document.status {
        case .draft: labels["banner.draft"]
        case .review: labels["banner.review"]
        case .obsolete: labels["banner.obsolete"]
        case .approved: document.facts.awaitsEffectiveDate ? labels["banner.approved.not.yet"].filling(document.effective?.description ?? "—") : nil
        }
        var pendingNotice: DocumentView.PendingNotice?
        if pending, let next {
            if let date = next.takesEffect { banner = labels["banner.approved.later"].filling(date.description, inForce.revision ?? "—") }
            let redline = Redline.compare(inForce.body, document.body) { labels["unchanged.lines"].filling(String($0)) }
            pendingNotice = DocumentView.PendingNotice(
                text: labels["pending.in.force"].filling(inForce.revision ?? "—", inForce.effective?.description ?? "—"),
                url: root + SiteLinks.documentURL(inForce.id), linkText: labels["pending.open.in.force"].filling(inForce.revision ?? "—"),
                changesHeading: labels["pending.changes"].filling(inForce.revision ?? "—"), change: document.change,
                redline: redline.isUnchanged ? nil : redline.html, insertions: redline.insertions, deletions: redline.deletions)
        } else if let next {
            let label = next.document.revision ?? "—"
            let text = switch next.document.status {
            case .approved: labels["pending.approved"].filling(label, next.takesEffect?.description ?? "—", inForce.revision ?? "—")
            case .draft: labels["pending.draft"].filling(label)
            default: next.since.map { labels["pending.review.since"].filling(label, $0) } ?? labels["pending.review"].filling(label)
            }
            pendingNotice = DocumentView.PendingNotice(text: text, url: root + SiteLinks.pendingURL(inForce.id),
                                                       linkText: labels["pending.open"].filling(label), change: next.document.change)
        }
        var groups: [String: [String]] = [:]
        var order: [String] = []
        for mapping in document.clauses where manual.standard(mapping.standard)?.contains(mapping.clause) == true {
            if groups[mapping.standard] == nil { order.append(mapping.standard) }
            if !groups[mapping.standard, default: []].contains(mapping.clause) { groups[mapping.standard, default: []].append(mapping.clause) }
        }
        let clauseGroups = order.compactMap { id -> DocumentView.ClauseGroup? in
            guard let standard = manual.standard(id) else { return nil }
            return DocumentView.ClauseGroup(standard: standard.id, standardTitle: standard.title(in: language),
                clauses: groups[id]!.sorted(by: ClauseOrder.areInIncreasingOrder).map { clauseReference(standard: standard, clause: $0, root: root) })
        }
        let principles = document.principles.compactMap { named -> DocumentView.PrincipleLink? in
            guard let principle = Principle.named(named.name) else { return nil }
            let own = manual.principles.first { $0.principle.key == principle.key }?.document
            return DocumentView.PrincipleLink(key: principle.key, title: principle.title(in: language),
                                              url: own.map { root + SiteLinks.documentURL($0) } ?? root + "principles.html#\(principle.key)")
        }
        // Headings down to level 3, and no more than a reader can use: a long list would only repeat the page.
        let toc = Array(document.headings.lazy.filter { $0.level <= 3 }.prefix(PageContexts.contentsLimit))
        let top = toc.map(\.level).min() ?? 1
        let history = historyValues(at: index, root: root)
        let around = neighbours[index]
        let view = DocumentView(
            reference: pending ? PageContexts.makeReference(document, root: root, labels: labels) : reference(document, root: root),
            sourcePath: document.sourcePath,
            typeURL: root + "register.html?type=\(document.type.rawValue)", typePlural: labels.typePlural(document.type),
            previous: around?.previous.map { references[1][$0] }, next: around?.next.map { references[1][$0] },
            summary: document.summary, banner: banner,
            clauseGroups: clauseGroups, principles: principles,
            toc: toc.count < 2 ? [] : toc.map { DocumentView.ContentsEntry(text: $0.text, anchor: $0.anchor, indent: $0.level - top) },
            body: body,
            linksTo: document.facts.links.map { reference($0, root: root) },
            referencedBy: document.facts.backlinks.map { reference($0, root: root) },
            records: document.records.map { DocumentView.RecordRow(id: $0.id, title: $0.title, retention: $0.retention ?? "—", owner: $0.owner ?? "—") },
            process: document.type == .process ? document.process.map { processValues($0, of: document, root: root) } : nil,
            hasHistory: history.hasHistory, historyRows: history.rows, changeNotice: history.changeNotice,
            printCSS: printStyle(for: document), today: manual.today.description,
            supersededBy: document.facts.supersededBy.map { reference($0, root: root) },
            supersedes: document.supersedes.filter { manual[id: $0.name] != nil }.map { reference($0.name, root: root) },
            pending: pendingNotice, isPendingPage: pending,
            external: document.external.map { external in
                [(labels["external.number"], external.number), (labels["external.issuer"], external.issuer), (labels["external.edition"], external.edition),
                 (labels["external.received"], external.received?.description), (labels["external.location"], external.location),
                 (labels["external.check.every"], external.checkEvery.map { labels["external.months"].filling(String($0)) }),
                 (labels["external.last.checked"], external.lastChecked?.description),
                 (labels["external.next.check"], external.state == .current ? external.nextCheck?.description : nil),
                 (labels["status"], labels["external.\(external.state.rawValue)"])]
                    .compactMap { label, value in value.map { Option(value: $0, label: label) } }
            },
            distribution: pending ? nil : document.facts.distribution.map { distributionView($0, of: document, root: root) },
            // Only a web address is a link: a `javascript:` one in front-matter is shown as text, never followed.
            externalURL: document.external?.url.flatMap { ["http://", "https://"].contains(where: $0.lowercased().hasPrefix) ? $0 : nil })
        let title = pending ? "\(document.id) \(document.title) · \(labels["revision"]) \(document.revision ?? "—")" : "\(document.id) \(document.title)"
        return page(depth: 1, title: title, nav: "register", DocumentPage(doc: view))
    }

    /// The turtle diagram of a process: inputs, outputs, with what, with whom, how, how measured.
    func processValues(_ process: ProcessDefinition, of document: Document, root: String) -> ProcessView {
        let flow = { (flow: ProcessDefinition.Flow) -> ProcessView.Flow in
            ProcessView.Flow(name: flow.name, process: flow.process.map { reference($0, root: root) },
                             external: flow.process == nil ? labels["external"] : nil)
        }
        let category = process.category ?? .COP
        return ProcessView(
            category: category.rawValue, categoryLabel: labels["category.\(category.rawValue)"],
            inputs: process.inputs.map(flow), outputs: process.outputs.map(flow),
            resources: process.resources, people: process.people,
            methods: process.methods.map { reference($0.name, root: root) },
            kpis: process.kpis.map { KPIValue(name: $0.name, target: $0.target ?? "—", frequency: $0.frequency ?? "—") },
            customers: manual.processes.customers(of: document.id).map { reference($0, root: root) },
            suppliers: manual.processes.suppliers(of: document.id).map { reference($0, root: root) },
            mapURL: root + "processes.html")
    }

    var charts: CoverageCharts { CoverageCharts(labels: labels, language: language) }

    // MARK: - Audit

    /// The departments of the manual: the owners of documents in force, in name order.
    var departments: [String] {
        Set(manual.documents.filter { $0.status != .obsolete }.compactMap(\.owner)).sorted()
    }

    static func checklistURL(standard: String, clause: String) -> String { "audit/\(SiteLinks.fileName(standard))-\(SiteLinks.fileName(clause)).html" }
    static func checklistURL(department: String) -> String { "audit/dept-\(SiteLinks.fileName(department)).html" }

    /// A checklist item for one clause: what covers it, what to sample, which processes address it;
    /// with `owner`, only that department's documents and records.
    func checklistItem(_ row: ClauseCoverage, in coverage: StandardCoverage, owner: String? = nil, root: String) -> ChecklistPage.Item {
        let standard = coverage.standard
        let covering = (row.documents + row.pending).compactMap { manual[id: $0] }.filter { owner == nil || $0.owner == owner }
        return ChecklistPage.Item(
            id: row.clause.id, title: row.clause.title(in: language), standardTitle: standard.title(in: language), depth: row.clause.depth,
            status: row.status.rawValue, statusLabel: labels.coverage(row.status), justification: row.justification,
            url: root + SiteLinks.clauseURL(standard: standard.id, clause: row.clause.id),
            documents: covering.map { reference($0.id, root: root) },
            records: sampleRecords(covering, root: root),
            processes: processes(addressing: row.clause.id, in: standard, root: root).map(\.document))
    }

    /// The records the documents covering a clause produce: what an audit of it samples.
    func sampleRecords(_ covering: [Document], root: String) -> [ClausePage.SampleRecord] {
        covering.flatMap { document in
            document.records.map { record in
                ClausePage.SampleRecord(id: record.id, title: record.title, retention: record.retention, owner: record.owner ?? document.owner,
                                        document: reference(document.id, root: root), url: root + "records.html#" + record.id)
            }
        }
    }

    /// The checklist of a clause and every clause below it.
    func clauseChecklist(_ coverage: StandardCoverage, at position: Int) -> Page<ChecklistPage> {
        let root = SiteLinks.root(depth: 1)
        let clause = coverage.clauses[position].clause
        let rows = coverage.clauses[position...].prefix { $0.clause.id == clause.id || coverage.standard.ancestors(of: $0.clause.id).contains(clause.id) }
        return page(depth: 1, title: "\(labels["checklist"]) \(clause.id) \(clause.title(in: language))", nav: "coverage", ChecklistPage(
            heading: "\(labels["checklist"]) · \(clause.id) \(clause.title(in: language))", subtitle: coverage.standard.title(in: language),
            items: rows.map { checklistItem($0, in: coverage, root: root) },
            printCSS: checklistPrintStyle(top: "\(clause.id) \(clause.title(in: language))", right: "\(PageContexts.shortName(coverage.standard, language: language)) · \(labels["checklist"])")))
    }

    /// The checklist of a department: every clause its documents cover, with its documents and records.
    func departmentChecklist(_ department: String) -> Page<ChecklistPage> {
        let root = SiteLinks.root(depth: 1)
        let items = manual.coverage.filter { !$0.clauses.isEmpty }.flatMap { coverage in
            coverage.clauses.filter { row in (row.direct + row.pending).contains { manual[id: $0]?.owner == department } }
                .map { checklistItem($0, in: coverage, owner: department, root: root) }
        }
        return page(depth: 1, title: "\(labels["checklist"]) \(department)", nav: "coverage", ChecklistPage(
            heading: "\(labels["checklist"]) · \(department)", subtitle: labels["checklist.department"], items: items,
            printCSS: checklistPrintStyle(top: department, right: labels["checklist"])))
    }

    /// A printed checklist's margins on every page: what it audits and that it is a checklist at the top; the
    /// uncontrolled-copy notice, the print date and page x / y at the bottom.
    func checklistPrintStyle(top: String, right: String) -> String {
        let css = PageContexts.cssString
        let notice = manual.config.uncontrolledNotice ?? labels["uncontrolled"]
        return """
            @page { size: \(manual.config.paper.rawValue); margin: 18mm 14mm 18mm 14mm;
              @top-left { content: \(css(top)); font-size: 9pt; }
              @top-right { content: \(css(right)); font-size: 9pt; }
              @bottom-left { content: \(css(notice)); font-size: 8pt; }
              @bottom-right { content: \(css("\(labels["printed"]) \(manual.today) · \(labels["page"]) ")) counter(page) " / " counter(pages); font-size: 8pt; }
            }
            """
    }

    /// The audit programme: every department, what to audit there, and when.
    func auditProgramme() -> Page<AuditProgrammePage> {
        let root = SiteLinks.root(depth: 1)
        let shown = manual.coverage.filter { !$0.clauses.isEmpty }
        var owned = Set<String>()
        let departments = self.departments.map { department -> AuditProgrammePage.Department in
            let documents = manual.documents.filter { $0.status != .obsolete && $0.owner == department }
            var clauses: [AuditProgrammePage.ClauseGroup] = []
            for coverage in shown {
                var group = clauseGroup(coverage.standard)
                for row in coverage.clauses where row.direct.contains(where: { id in documents.contains { $0.id == id } }) {
                    group.clauses.append(clauseReference(standard: coverage.standard, clause: row.clause.id, root: root))
                    owned.insert("\(coverage.standard.id):\(row.clause.id)")
                }
                if !group.clauses.isEmpty { clauses.append(group) }
            }
            let last = manual.config.lastAudits[department]
            let next = (last ?? manual.today).adding(months: 12)
            let state = last == nil ? "never" : next.ordinal < manual.today.ordinal ? "overdue" : next.ordinal - manual.today.ordinal <= 60 ? "due" : "ok"
            return AuditProgrammePage.Department(
                name: department, checklistURL: root + PageContexts.checklistURL(department: department), documents: documents.count,
                clauses: clauses, processes: documents.filter { $0.type == .process }.map { reference($0.id, root: root) },
                lastAudit: last?.description, nextDue: last == nil ? labels["audit.now"] : next.description, state: state, stateLabel: labels["audit.\(state)"])
        }
        let unowned = shown.compactMap { coverage -> AuditProgrammePage.ClauseGroup? in
            var group = clauseGroup(coverage.standard)
            group.clauses = coverage.clauses.filter { $0.status != .excluded && $0.clause.children.isEmpty && !owned.contains("\(coverage.standard.id):\($0.clause.id)")
                && !coverage.standard.ancestors(of: $0.clause.id).contains { owned.contains("\(coverage.standard.id):\($0)") } }
                .map { clauseReference(standard: coverage.standard, clause: $0.clause.id, root: root) }
            return group.clauses.isEmpty ? nil : group
        }
        return page(depth: 1, title: labels["audit.programme"], nav: "coverage", AuditProgrammePage(departments: departments, unowned: unowned))
    }

    private func clauseGroup(_ standard: Standard) -> AuditProgrammePage.ClauseGroup {
        AuditProgrammePage.ClauseGroup(standard: PageContexts.shortName(standard, language: language), standardTitle: standard.title(in: language), clauses: [])
    }

    // MARK: - Coverage

    /// Each standard the site shows, with its coverage counts (home page and standards page, both at the root).
    func standardCards() -> [HomePage.StandardCard] {
        manual.coverage.filter { !$0.clauses.isEmpty }.map { coverage in
            HomePage.StandardCard(id: coverage.standard.id, title: coverage.standard.title(in: language),
                                  url: SiteLinks.standardURL(coverage.standard.id), total: coverage.clauses.count, summary: summary(coverage),
                                  transition: transitionLink(coverage.standard, root: ""))
        }
    }

    func standardsPage() -> Page<StandardsPage> {
        let shown = manual.coverage.filter { !$0.clauses.isEmpty }
        let cards = standardCards()
        let rows = manual.documents.indices.compactMap { index -> Row<StandardsPage.Cells>? in
            let document = manual.documents[index]
            guard document.status != .obsolete else { return nil }
            let cells = shown.map { coverage in
                StandardsPage.Cell(clauses: document.clauses.filter { $0.standard == coverage.standard.id && coverage.standard.contains($0.clause) }
                    .map(\.clause).sorted(by: ClauseOrder.areInIncreasingOrder)
                    .map { clauseReference(standard: coverage.standard, clause: $0, root: "") })
            }
            guard cells.contains(where: { !$0.clauses.isEmpty }) else { return nil }
            return Row(document: references[0][index], extra: StandardsPage.Cells(cells: cells))
        }
        return page(depth: 0, title: labels["standards.title"], nav: "coverage", StandardsPage(standards: cards, documents: rows,
            transitions: manual.transitions.map {
                TitledLink(id: $0.new.standard.id, title: labels["transition.entry"].filling($0.new.standard.title(in: language), $0.old.title(in: language)),
                           url: PageContexts.transitionURL($0.new.standard.id))
            }))
    }

    // MARK: - Edition transitions

    static func transitionURL(_ standard: String) -> String { "standards/\(SiteLinks.fileName(standard))/transition.html" }

    /// The link from a standard's card or matrix to its transition page: from the edition it
    /// replaces, or to the edition that replaces it.
    func transitionLink(_ standard: Standard, root: String) -> TitledLink? {
        if let transition = manual.transition(to: standard.id) {
            return TitledLink(id: transition.old.id, title: labels["transition.from"].filling(transition.old.title(in: language)),
                              url: root + PageContexts.transitionURL(standard.id))
        }
        return manual.transitions.first { $0.old.id == standard.id }.map {
            TitledLink(id: $0.new.standard.id, title: labels["transition.to"].filling($0.new.standard.title(in: language)),
                       url: root + PageContexts.transitionURL($0.new.standard.id))
        }
    }

    func transitionPage(_ transition: EditionTransition) -> Page<TransitionPage> {
        let root = SiteLinks.root(depth: 2)
        let new = transition.new.standard, old = transition.old
        let oldShown = manual.coverage(of: old.id) != nil
        let oldLink = { (id: String) -> ClauseLink in
            var link = self.clauseReference(standard: old, clause: id, root: root)
            link.plain = !oldShown
            return link
        }
        // Long lists stop at the matrix's limit: the documents table below and the clause pages list every document.
        let limit = PageContexts.matrixRowLimit
        let more = { (ids: [String], url: String) in ids.count > limit ? TransitionPage.More(count: ids.count - limit, url: url) : nil }
        let rows = transition.clauses.map { row in
            let newURL = root + SiteLinks.clauseURL(standard: new.id, clause: row.clause.id)
            return TransitionPage.ClauseRow(
                clause: clauseReference(standard: new, clause: row.clause.id, root: root), depth: row.clause.depth,
                from: row.predecessors.map(oldLink), isNew: row.isNew,
                toReview: row.toReview.prefix(limit).map { reference($0, root: root) }, moreToReview: more(row.toReview, "#documents"),
                mapped: row.mapped.prefix(limit).map { reference($0, root: root) }, moreMapped: more(row.mapped, newURL))
        }
        let documents = transition.documents.map { move in
            Row(document: reference(move.document, root: root), extra: TransitionPage.Moves(
                moves: move.moves.map { TransitionPage.Move(old: oldLink($0.old), new: $0.new.map { clauseReference(standard: new, clause: $0, root: root) }) },
                mapsNew: move.mapsNew.map { clauseReference(standard: new, clause: $0, root: root) }))
        }
        let counts = [
            StatusCount(status: "covered", label: labels["transition.carried"], count: transition.carriedCount),
            StatusCount(status: "new", label: labels["transition.new.count"], count: transition.newCount),
            StatusCount(status: "excluded", label: labels["transition.withdrawn.count"], count: transition.withdrawn.count),
            StatusCount(status: "uncovered", label: labels["transition.open"], count: transition.openCount),
            StatusCount(status: "partial", label: labels["transition.documents.count"], count: transition.documentsToUpdate),
        ]
        let newTitle = new.title(in: language), oldTitle = old.title(in: language)
        return page(depth: 2, title: labels["transition.title"].filling(newTitle), nav: "coverage", TransitionPage(
            new: TitledLink(id: new.id, title: newTitle, url: root + SiteLinks.standardURL(new.id)),
            old: TitledLink(id: old.id, title: oldTitle, url: oldShown ? root + SiteLinks.standardURL(old.id) : nil),
            intro: labels["transition.intro"].filling(newTitle, oldTitle),
            counts: counts, rows: rows,
            withdrawn: transition.withdrawn.map { TransitionPage.WithdrawnRow(clause: oldLink($0.clause.id), documents: $0.documents.map { reference($0, root: root) }) },
            documents: documents, documentsHint: labels["transition.documents.hint"].filling(new.id)))
    }

    func standardPage(_ coverage: StandardCoverage) -> Page<StandardPage> {
        let root = SiteLinks.root(depth: 2)
        let rows = coverage.clauses.map { row -> StandardPage.MatrixRow in
            let shown = row.documents.prefix(PageContexts.matrixRowLimit)
            return StandardPage.MatrixRow(
                id: row.clause.id, title: row.clause.title(in: language), depth: row.clause.depth,
                status: row.status.rawValue, statusLabel: labels.coverage(row.status),
                url: root + SiteLinks.clauseURL(standard: coverage.standard.id, clause: row.clause.id),
                documents: shown.map { reference($0, root: root) },
                pending: row.pending.prefix(PageContexts.matrixRowLimit).map { reference($0, root: root) },
                justification: excludedWith(row, in: coverage.standard).map { labels["excluded.with"].hasSuffix("：") ? labels["excluded.with"] + $0 : labels["excluded.with"] + " " + $0 } ?? row.justification,
                more: row.documents.count > shown.count ? row.documents.count - shown.count : nil)
        }
        return page(depth: 2, title: "\(labels["coverage"]) — \(coverage.standard.title(in: language))", nav: "coverage", StandardPage(
            standard: TitledLink(id: coverage.standard.id, title: coverage.standard.title(in: language)),
            summary: summary(coverage), total: coverage.clauses.count,
            chart: charts.byTopClause(coverage), heatMap: charts.heatMap(coverage, documents: manual.documents), rows: rows,
            otherStandards: manual.coverage.filter { $0.standard.id != coverage.standard.id && !$0.clauses.isEmpty }.map {
                TitledLink(title: $0.standard.title(in: language), url: root + SiteLinks.standardURL($0.standard.id))
            },
            transition: transitionLink(coverage.standard, root: root)))
    }

    func clausePage(_ coverage: StandardCoverage, at position: Int) -> Page<ClausePage> {
        let root = SiteLinks.root(depth: 2)
        let row = coverage.clauses[position]
        let standard = coverage.standard
        let ancestors = standard.ancestors(of: row.clause.id).reversed().map { clauseReference(standard: standard, clause: $0, root: root) }
        let direct = Set(row.direct)
        // An exclusion is justified once, on the clause excluded; its descendants say which one.
        let excludedWith = self.excludedWith(row, in: standard).map { clauseReference(standard: standard, clause: $0, root: root) }
        let covering = row.documents.compactMap { manual[id: $0] }
        return page(depth: 2, title: "\(row.clause.id) \(row.clause.title(in: language))", nav: "coverage", ClausePage(
            standard: TitledLink(id: standard.id, title: standard.title(in: language), url: root + SiteLinks.standardURL(standard.id)),
            clause: ClausePage.Clause(id: row.clause.id, title: row.clause.title(in: language), status: row.status.rawValue,
                                      statusLabel: labels.coverage(row.status), justification: excludedWith == nil ? row.justification : nil,
                                      excludedWith: excludedWith),
            ancestors: ancestors,
            children: row.clause.children.map { clauseReference(standard: standard, clause: $0, root: root) },
            documents: covering.map { document in
                let current = Resolver.currentRevision(of: document, in: document.facts.revisions)
                return Row(document: reference(document.id, root: root),
                           extra: ClausePage.Direct(direct: direct.contains(document.id), revisionURL: current?.url.map { root + $0 }))
            },
            pending: row.pending.map { reference($0, root: root) },
            processes: processes(addressing: row.clause.id, in: standard, root: root),
            records: sampleRecords(covering, root: root),
            checklistURL: root + PageContexts.checklistURL(standard: standard.id, clause: row.clause.id),
            externalNote: externalNote(for: row.clause.id), externalURL: root + "external.html"))
    }

    /// For 7.5.3 (control of documented information) and below, in any standard that numbers it so: how many external
    /// documents are controlled, how many checks are due, and where their register is.
    func externalNote(for clause: String) -> String? {
        guard clause == "7.5.3" || clause.hasPrefix("7.5.3.") else { return nil }
        let externals = manual.documents.compactMap(\.external)
        guard !externals.isEmpty else { return nil }
        let current = externals.filter { $0.state == .current }
        let due = externals.filter { $0.isCheckDue(on: manual.today) }.count
        return labels["external.note"].filling(String(current.count), String(externals.count - current.count), String(due))
    }

    // MARK: - History

    /// The history table of a document page, newest revision first, and the notice of unapproved changes.
    func historyValues(at index: Int, root: String) -> (hasHistory: Bool, rows: String, changeNotice: String?) {
        let document = manual.documents[index]
        let revisions = document.facts.revisions
        let label = document.revision ?? "—"
        let notice: String? = switch document.facts.sinceApproval {
        case .changed(let commits): labels["changed.since"].filling(label, String(commits))
        case .uncommitted: labels["uncommitted"].filling(label)
        case nil: nil
        }
        return (!revisions.isEmpty, HistoryHTML(labels: labels).tableRows(revisions, root: root), notice)
    }


    /// A document's revision history page: one section per revision, newest first, each with its
    /// commits, its data changes in words and the redline of its text against the revision before.
    /// Each section has its own address (`revisions/QP-01.html#r-C`); opened at that address the
    /// page shows that revision alone.
    func historyPage(document index: Int) -> Page<HistoryPage> {
        let document = manual.documents[index]
        let revisions = document.facts.revisions
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
        return page(depth: 1, title: "\(document.id) \(labels["history"])", nav: "register", HistoryPage(
            doc: reference(document, root: root), sections: sections.reversed().joined(),
            revisionIndex: index.reversed().joined(separator: " "), heading: labels["history.of"].filling("\(document.id) \(document.title)")))
    }

    // MARK: - Print

    /// Page-margin header and footer for printing: id, title, revision, status, effective date,
    /// the uncontrolled-copy notice and the print date (the build date until the browser prints).
    func printStyle(for document: Document) -> String {
        let css = PageContexts.cssString
        let notice = manual.config.uncontrolledNotice ?? labels["uncontrolled"]
        let state = "\(labels["revision"]) \(document.revision ?? "—") · \(labels.status(document.status)) · \(labels["effective"]) \(document.effective?.description ?? "—")"
        return """
            @page { size: \(manual.config.paper.rawValue); margin: 20mm 15mm 20mm 15mm;
              @top-left { content: \(css("\(document.id) \(document.title)")); font-size: 9pt; }
              @top-right { content: \(css(state)); font-size: 9pt; }
              @bottom-left { content: \(css(notice)); font-size: 8pt; }
              @bottom-right { content: \(css("\(labels["printed"]) \(manual.today) · \(labels["page"]) ")) counter(page) " / " counter(pages); font-size: 8pt; }
            }
            """
    }

    /// The print edition: every approved document, by type in the order of the manual (manual,
    /// policy, principles, processes, procedures, instructions, forms) and by id within a type.
    /// `body` gives a document's body as its own page has it; the edition, one folder up, takes
    /// its links from there and its anchors under the document's id.
    func printEdition(body: (Int) -> String) -> Page<PrintPage> {
        let notice = manual.config.uncontrolledNotice ?? labels["uncontrolled"]
        let css = PageContexts.cssString
        var rules = """
            @page { size: \(manual.config.paper.rawValue); margin: 20mm 15mm 20mm 15mm;
              @bottom-left { content: \(css(notice)); font-size: 8pt; }
              @bottom-right { content: \(css("\(labels["printed"]) \(manual.today) · \(labels["page"]) ")) counter(page) " / " counter(pages); font-size: 8pt; }
            }
            @page :first { @top-left { content: none; } @top-right { content: none; } }

            """
        var groups: [PrintPage.Group] = []
        var number = 0
        for type in DocumentType.allCases {
            // External documents are the issuers'; the print edition is the manual's own.
            guard type != .external else { continue }
            let indices = manual.documents.indices.filter { manual.documents[$0].type == type && manual.documents[$0].isInForce }
                .sorted { manual.documents[$0].id.localizedStandardCompare(manual.documents[$1].id) == .orderedAscending }
            guard !indices.isEmpty else { continue }
            let documents = indices.map { index -> PrintPage.Document in
                let document = manual.documents[index]
                number += 1
                let anchor = "doc-" + document.id
                let pageName = "d\(number)"
                let state = "\(labels["revision"]) \(document.revision ?? "—") · \(labels.status(document.status)) · \(labels["effective"]) \(document.effective?.description ?? "—")"
                rules += "@page \(pageName) { @top-left { content: \(css("\(document.id) \(document.title)")); font-size: 9pt; } @top-right { content: \(css(state)); font-size: 9pt; } }\n"
                return PrintPage.Document(
                    id: document.id, title: document.title, revision: document.revision ?? "—", statusLabel: labels.status(document.status),
                    effective: document.effective?.description ?? "—", owner: document.owner ?? "—", approver: document.approver ?? "—",
                    summary: document.summary, anchor: anchor, pageName: pageName,
                    body: PageContexts.oneFolderUp(body(index), anchorsUnder: anchor))
            }
            groups.append(PrintPage.Group(heading: labels.typePlural(type), documents: documents))
        }
        return page(depth: 0, title: labels["print.edition"], nav: "print", PrintPage(
            css: rules, heading: labels["print.edition"], date: manual.today.description, notice: notice, groups: groups))
    }

    /// HTML written for a page one folder down, for a page at the root: links that climb out of
    /// the folder (`../`) no longer climb, and the anchors of the text and the links to them take a
    /// prefix, so that documents printed together keep their own (every procedure has a `1-目的`).
    static func oneFolderUp(_ html: String, anchorsUnder prefix: String) -> String {
        // One pass over the bytes: the edition holds every document's body, and Foundation's
        // replacing, four times over each, was an eighth of a build.
        var source = html
        let anchorPrefix = Array((prefix + "-").utf8)
        let href = Array(" href=\"".utf8), src = Array(" src=\"".utf8), id = Array(" id=\"".utf8)
        return source.withUTF8 { bytes -> String in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 1024)
            func after(_ name: [UInt8], at end: Int) -> Bool {
                end + 1 >= name.count && bytes[(end + 1 - name.count)...end].elementsEqual(name)
            }
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                out.append(byte)
                index += 1
                guard byte == UInt8(ascii: "\"") else { continue }
                let end = index - 1
                if after(href, at: end) || after(src, at: end) {
                    if index + 2 < bytes.count, bytes[index] == UInt8(ascii: "."), bytes[index + 1] == UInt8(ascii: "."), bytes[index + 2] == UInt8(ascii: "/") {
                        index += 3
                    } else if index < bytes.count, bytes[index] == UInt8(ascii: "#"), after(href, at: end) {
                        out.append(UInt8(ascii: "#"))
                        out += anchorPrefix
                        index += 1
                    }
                } else if after(id, at: end) {
                    out += anchorPrefix
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
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

    func reviewPage() -> Page<ReviewPage> {
        let today = manual.today
        // Sorted as small keys with positions, then the documents looked up: sorting moves keys, not documents.
        let keys: [(review: DocumentFacts.Review, ordinal: Int, id: String, index: Int)] = manual.documents.indices
            .compactMap { index in
                let document = manual.documents[index]
                return document.facts.review.map { ($0, $0.next?.ordinal ?? Int.max, document.id, index) }
            }
            .sorted { ($0.ordinal, $0.id) < ($1.ordinal, $1.id) }
        let rows: [(Document, DocumentFacts.Review)] = keys.map { (manual.documents[$0.index], $0.review) }
        func row(_ document: Document, _ review: DocumentFacts.Review) -> Row<ReviewPage.Entry> {
            let label = review.next == nil ? labels["no.review.date"]
                : labels[review.state == .overdue ? "overdue" : review.state == .due ? "due.soon" : "on.schedule"]
            return Row(document: reference(document, root: ""), extra: ReviewPage.Entry(
                reviewed: document.reviewed?.description ?? "—", interval: document.reviewIntervalMonths ?? manual.config.reviewIntervalMonths,
                next: review.next?.description ?? labels["no.review.date"], state: review.state.rawValue, stateLabel: label))
        }
        func byOwner(_ selected: [(Document, DocumentFacts.Review)]) -> [ReviewPage.OwnerGroup] {
            let owners = Array(Set(selected.map { $0.0.owner ?? "—" })).sorted()
            return owners.map { owner in
                ReviewPage.OwnerGroup(owner: owner, documents: selected.filter { ($0.0.owner ?? "—") == owner }.map { row($0.0, $0.1) })
            }
        }
        // A document with no date to count from is listed as due in the table, not among those due soon.
        let overdue = rows.filter { $0.1.next != nil && $0.1.state == .overdue }
        let due = rows.filter { $0.1.next != nil && $0.1.state == .due }
        return page(depth: 0, title: labels["reviews.title"], nav: "control", ReviewPage(
            reviewAsOf: labels["reviews.asof"].filling(today.description, String(manual.config.reviewIntervalMonths)),
            all: rows.map { row($0.0, $0.1) },
            overdue: overdue.isEmpty ? nil : byOwner(overdue), due: due.isEmpty ? nil : byOwner(due)))
    }

    func archivePage() -> Page<ArchivePage> {
        let rows = manual.documents.filter { $0.status == .obsolete }.map { document in
            Row(document: reference(document, root: ""), extra: ArchivePage.Entry(
                withdrawn: document.facts.withdrawn?.description ?? "—",
                supersededBy: document.facts.supersededBy.map { reference($0, root: "") }))
        }
        return page(depth: 0, title: labels["archive.title"], nav: "control", ArchivePage(documents: rows))
    }

    /// How many revisions the recent-changes page lists.
    static let recentChangesLimit = 500

    func changesPage() -> Page<ChangesPage> {
        // Sorted as small keys with positions: a manual can have tens of thousands of revisions.
        var keys: [(date: String, id: String, document: Int, revision: Int)] = []
        for (index, document) in manual.documents.enumerated() {
            for (position, revision) in document.facts.revisions.enumerated() where revision.date != nil {
                keys.append((revision.last?.date ?? revision.date ?? "", document.id, index, position))
            }
        }
        keys.sort { ($0.date, $0.id) > ($1.date, $1.id) }
        let shown = keys.prefix(PageContexts.recentChangesLimit).map { (document: manual.documents[$0.document], revision: manual.documents[$0.document].facts.revisions[$0.revision]) }
        let rows = shown.map { entry in
            Row(document: reference(entry.document, root: ""), extra: ChangesPage.Entry(
                label: entry.revision.label, date: entry.revision.date ?? "—", summary: entry.revision.summary,
                revisionStatus: entry.revision.status?.rawValue, revisionStatusLabel: entry.revision.status.map { labels.status($0) },
                approvedBy: entry.revision.approvedBy, revisionURL: entry.revision.url))
        }
        return page(depth: 0, title: labels["changes.title"], nav: "changes", ChangesPage(
            entries: rows,
            owners: Array(Set(manual.documents.compactMap(\.owner))).sorted().map { Option(value: $0, label: $0) },
            typeOptions: DocumentType.allCases.map { Option(value: $0.rawValue, label: labels.type($0)) },
            limited: keys.count > shown.count ? labels["changes.limit"].filling(String(shown.count)) : nil,
            notice: manual.history.notice))
    }

    // MARK: - Processes

    func processMapPage() -> Page<ProcessMapPage> {
        let map = ProcessMap(graph: manual.processes, labels: labels, root: "")
        let groups = ProcessMap.bandOrder.compactMap { category -> ProcessMapPage.Group? in
            let nodes = manual.processes.nodes.filter { $0.category == category }
            guard !nodes.isEmpty else { return nil }
            return ProcessMapPage.Group(category: category.rawValue, label: labels["category.\(category.rawValue)"], processes: nodes.map { node in
                Row(document: reference(node.id, root: ""), extra: ProcessMapPage.Neighbours(
                    customers: manual.processes.customers(of: node.id).joined(separator: ", "),
                    suppliers: manual.processes.suppliers(of: node.id).joined(separator: ", ")))
            })
        }
        return page(depth: 0, title: labels["process.map"], nav: "processes", ProcessMapPage(
            groups: groups, svg: manual.processes.nodes.isEmpty ? nil : map.svg()))
    }

    func processClausePage() -> Page<ProcessClausePage> {
        let standards = manual.coverage.filter { !$0.clauses.isEmpty }.map(\.standard).map { standard -> ProcessClausePage.Table in
            // Columns: the clauses of the first two levels; a deeper mapping counts for its ancestor there.
            let columns = standard.clauses.filter { $0.depth <= 2 }
            let rows = manual.processes.nodes.map { node in
                Row(document: reference(node.id, root: ""), extra: ProcessClausePage.Cells(
                    category: node.category.rawValue,
                    cells: columns.map { clause -> ProcessClausePage.Cell in
                        switch manual.processes.addressing(node, clause.id, of: standard) {
                        case .direct: .init(mark: "●", kind: "direct", title: "\(clause.id) — \(labels["direct.mark"])")
                        case .throughMethods: .init(mark: "○", kind: "method", title: "\(clause.id) — \(labels["method.mark"])")
                        case nil: .init(mark: "", kind: "none", title: clause.id)
                        }
                    }))
            }
            return ProcessClausePage.Table(
                id: standard.id, title: standard.title(in: language),
                columns: columns.map { .init(id: $0.id, title: $0.title(in: language), depth: $0.depth,
                                             url: SiteLinks.clauseURL(standard: standard.id, clause: $0.id)) },
                rows: rows)
        }
        return page(depth: 0, title: labels["process.clauses"], nav: "processes", ProcessClausePage(standards: standards))
    }

    /// The processes that address a clause, for its page.
    func processes(addressing clause: String, in standard: Standard, root: String) -> [Row<ProcessMark>] {
        manual.processes.nodes.compactMap { node in
            guard let addressing = manual.processes.addressing(node, clause, of: standard) else { return nil }
            let viaProcess = addressing == .direct
            return Row(document: reference(node.id, root: root), extra: ProcessMark(
                mark: viaProcess ? "●" : "○", how: viaProcess ? labels["direct.mark"] : labels["method.mark"], category: node.category.rawValue))
        }
    }

    func recordsPage() -> Page<RecordsPage> {
        var rows: [(String, RecordsPage.Entry)] = []
        for document in manual.documents where document.status != .obsolete {
            for record in document.records {
                rows.append((record.id, RecordsPage.Entry(
                    id: record.id, title: record.title, document: reference(document, root: ""),
                    owner: record.owner ?? document.owner ?? "—", kept: record.location ?? "—",
                    type: document.type.rawValue, retention: record.retention)))
            }
        }
        rows.sort { DocumentOrder.areInIncreasingOrder($0.0, $1.0) }
        return page(depth: 0, title: labels["records.register"], nav: "processes", RecordsPage(records: rows.map(\.1)))
    }

    // MARK: - Distribution

    /// A person's place on the matrix page: their name, spaces as hyphens (an id may hold any other character).
    static func personAnchor(_ name: String) -> String { "p-" + name.split(whereSeparator: \.isWhitespace).joined(separator: "-") }

    func readerRows(_ state: DistributionState) -> [ReaderRow] {
        state.readers.enumerated().map { ReaderRow(name: $1.person.name, department: $1.person.department, date: $1.acknowledged?.description,
                                                   overdue: $1.overdue, anchor: PageContexts.personAnchor($1.person.name), number: $0 + 1) }
    }

    func distributionView(_ state: DistributionState, of document: Document, root: String) -> DistributionView {
        let summary = labels["distribution.summary"].filling(String(state.acknowledgedCount), String(state.readers.count), state.revision,
                                                             state.due?.description ?? "—")
            + (state.overdueCount > 0 ? " " + labels["distribution.overdue"].filling(String(state.overdueCount)) : "")
        return DistributionView(revision: state.revision, summary: summary, acknowledged: state.acknowledgedCount, total: state.readers.count,
                                overdue: state.overdueCount, readers: readerRows(state), signoffURL: root + SiteLinks.signoffURL(document.id),
                                matrixURL: root + "distribution.html")
    }

    /// People × documents in force that name a distribution, by department; then each person's documents.
    func distributionPage() -> Page<DistributionPage> {
        let documents = manual.documents.filter { $0.facts.distribution != nil }
        var departments: [DistributionPage.Department] = []
        for department in Array(Set(manual.people.map(\.department))).sorted() {
            let people = manual.people.filter { $0.department == department }.map { person -> DistributionPage.PersonRow in
                var cells: [DistributionPage.Cell] = [], own: [Row<DistributionPage.Status>] = [], outstanding = 0
                for document in documents {
                    guard let reader = document.facts.distribution?.readers.first(where: { $0.person.name == person.name }) else {
                        cells.append(.init(mark: "", kind: "none", title: "\(document.id) — \(labels["distribution.not.required"])"))
                        continue
                    }
                    let (mark, kind, label) = reader.acknowledged.map { ("✓", "ok", labels["distribution.read"].filling($0.description)) }
                        ?? (reader.overdue ? ("✗", "overdue", labels["overdue"]) : ("·", "waiting", labels["distribution.not.yet"]))
                    if reader.acknowledged == nil { outstanding += 1 }
                    cells.append(.init(mark: mark, kind: kind, title: "\(document.id) \(document.facts.distribution!.revision) — \(label)"))
                    own.append(Row(document: reference(document, root: ""), extra: .init(kind: kind, label: label)))
                }
                return .init(name: person.name, anchor: PageContexts.personAnchor(person.name), cells: cells, documents: own, outstanding: outstanding)
            }
            departments.append(.init(name: department, people: people))
        }
        let states = documents.compactMap(\.facts.distribution)
        return page(depth: 0, title: labels["distribution.matrix"], nav: "register", DistributionPage(
            documents: documents.map { reference($0, root: "") }, departments: departments,
            overdue: states.map(\.overdueCount).reduce(0, +), acknowledged: states.map(\.acknowledgedCount).reduce(0, +),
            required: states.map(\.readers.count).reduce(0, +)))
    }

    /// The sign-off sheet of a document's revision in force, to print and have signed.
    func signoffPage(document index: Int) -> Page<SignoffPage> {
        let document = manual.documents[index]
        let state = document.facts.distribution!
        return page(depth: 1, title: "\(document.id) \(labels["signoff.sheet"])", nav: "register", SignoffPage(
            doc: reference(document, root: SiteLinks.root(depth: 1)), revision: state.revision, effective: document.effective?.description ?? "—",
            due: state.due?.description ?? "—", readers: readerRows(state), today: manual.today.description))
    }

    /// The register of external-origin documents (ISO 9001 7.5.3.2), current ones first.
    func externalPage() -> Page<ExternalPage> {
        let externals = manual.documents.filter { $0.external != nil }
            .sorted { ($0.external!.state == .current ? 0 : 1, $0.id) < ($1.external!.state == .current ? 0 : 1, $1.id) }
        let rows = externals.map { document -> ExternalPage.Row in
            let external = document.external!
            let next = external.state == .current ? external.nextCheck : nil
            return ExternalPage.Row(
                document: reference(document, root: ""), number: external.number ?? "—", issuer: external.issuer ?? "—",
                edition: external.edition ?? "—", received: external.received?.description ?? "—", location: external.location ?? "—",
                owner: document.owner ?? "—", nextCheck: next?.description ?? "—", checkDue: external.isCheckDue(on: manual.today),
                state: external.state.rawValue, stateLabel: labels["external.\(external.state.rawValue)"],
                supersededBy: document.facts.supersededBy.map { reference($0, root: "") },
                usedBy: document.facts.backlinks.filter { manual[id: $0]?.type != .external }.map { reference($0, root: "") })
        }
        return page(depth: 0, title: labels["external.register"], nav: "external", ExternalPage(
            rows: rows, owners: Array(Set(externals.map { $0.owner ?? "—" })).sorted().map { Option(value: $0, label: $0) },
            states: ExternalFields.State.allCases.map { Option(value: $0.rawValue, label: labels["external.\($0.rawValue)"]) }))
    }

    func objectivesPage() -> Page<ObjectivesPage> {
        let groups = manual.processes.nodes.compactMap { node -> Row<ObjectivesPage.Measures>? in
            guard let document = manual[id: node.id], let kpis = document.process?.kpis, !kpis.isEmpty else { return nil }
            return Row(document: reference(document, root: ""), extra: ObjectivesPage.Measures(
                category: node.category.rawValue, categoryLabel: labels["category.\(node.category.rawValue)"],
                kpis: kpis.map { KPIValue(name: $0.name, target: $0.target ?? "—", frequency: $0.frequency ?? "—") }))
        }
        return page(depth: 0, title: labels["objectives"], nav: "processes", ObjectivesPage(processes: groups))
    }

    // MARK: - Search

    func searchPage() -> Page<EmptyContent> {
        page(depth: 0, title: labels["search"], nav: "search", EmptyContent())
    }

    // MARK: - Principles

    func principlesPage() -> Page<PrinciplesPage> {
        let rows = manual.principles.map { coverage in
            PrinciplesPage.Entry(
                key: coverage.principle.key, title: coverage.principle.title(in: language), clause: coverage.principle.iso9000Clause,
                documents: coverage.documents.map { reference($0, root: "") }, pending: coverage.pending.map { reference($0, root: "") },
                document: coverage.document.map { reference($0, root: "") })
        }
        return page(depth: 0, title: labels["principles.title"], nav: "principles", PrinciplesPage(rows: rows))
    }
}

import Foundation
