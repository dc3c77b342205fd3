import Foundation

/// `api/manual.json` and `api/coverage.json` (CONTRACT §3). Keys may be added; these keep their meaning.
public enum APIDocuments {
    /// `api/manual.json`: every document with its metadata, clauses, links and backlinks.
    public static func manualJSON(_ manual: Manual) throws -> Data {
        try Values.encode(ManualJSON(manual))
    }

    /// `api/coverage.json`: every clause of every standard with its status and documents, and the principles.
    public static func coverageJSON(_ manual: Manual) throws -> Data {
        try Values.encode(CoverageJSON(manual))
    }

    /// The transitions asked for (`qmark coverage --transition --format json`).
    public static func transitionJSON(_ transitions: [EditionTransition], language: Language) throws -> Data {
        try Values.encode(transitions.map { TransitionJSON($0, language: language) })
    }

    /// `api/qmark.xlsx`, or with `standard` only that standard's matrix beside the register, records and revisions.
    public static func workbook(_ manual: Manual, standard: String? = nil) throws -> Data {
        var coverage = CoverageJSON(manual)
        if let standard, standard != "all" {
            coverage.standards = coverage.standards.filter { $0.id == standard }
            coverage.transitions = coverage.transitions.filter { $0.standard == standard }
        }
        let manualValues = ManualJSON(manual)
        return try Exports.workbook(manual: manualValues, coverage: coverage, labels: Labels(manual.config.language)).data()
    }

    /// What the two files hold, as values: equal values encode to equal files.
    struct Values: Equatable, Sendable {
        var manual: ManualJSON
        var coverage: CoverageJSON

        init(_ manual: Manual) {
            self.manual = ManualJSON(manual)
            self.coverage = CoverageJSON(manual)
        }

        /// The JSON files and the exports made from the same values.
        func files() throws -> [(path: String, data: Data)] {
            [("api/manual.json", try Values.encode(manual)), ("api/coverage.json", try Values.encode(coverage))]
                + (try Exports.files(manual: manual, coverage: coverage))
        }

        static func encode(_ value: some Encodable) throws -> Data {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return try encoder.encode(value)
        }
    }
}

/// Encodes nil as `null`, so a key is always present.
struct Nullable<Value: Encodable & Equatable & Sendable>: Encodable, Equatable, Sendable {
    var value: Value?
    init(_ value: Value?) { self.value = value }
    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}

struct ManualJSON: Encodable, Equatable, Sendable {
    struct DocumentJSON: Encodable, Equatable, Sendable {
        var id: String
        var title: String
        var type: String
        var revision: Nullable<String>
        var status: String
        var effective: Nullable<String>
        var owner: Nullable<String>
        var approver: Nullable<String>
        var url: String
        var source: String
        var clauses: [String: [String]]
        var principles: [String]
        var references: [String]
        var links: [String]
        var backlinks: [String]
        var records: [RecordJSON]
        var process: Nullable<ProcessJSON>
        var history: [HistoryJSON]
        /// False for a revision that is not in force (a first draft, one in review, approved for a later date).
        var inForce: Bool
        /// The revision that will replace this one: a draft, in review, or approved for a later date.
        var pending: Nullable<PendingJSON>
        /// For an external-origin document: its issuer, edition, controlled copy and checks.
        var external: Nullable<ExternalJSON> = Nullable(nil)
        /// For a document in force with a distribution: who must read its revision in force, who has, who is overdue.
        var distribution: Nullable<DistributionJSON> = Nullable(nil)
    }
    struct DistributionJSON: Encodable, Equatable, Sendable {
        struct Read: Encodable, Equatable, Sendable { var name: String; var date: String }
        var revision: String
        var due: Nullable<String>
        var required: [String]
        var acknowledged: [Read]
        var overdue: [String]
    }
    struct ExternalJSON: Encodable, Equatable, Sendable {
        var issuer: Nullable<String>
        var number: Nullable<String>
        var edition: Nullable<String>
        var received: Nullable<String>
        var location: Nullable<String>
        var checkEvery: Nullable<Int>
        var lastChecked: Nullable<String>
        var nextCheck: Nullable<String>
        var status: String
        var supersededBy: Nullable<String>
        var url: Nullable<String>
        /// Our documents that refer to it.
        var usedBy: [String]
    }
    struct PendingJSON: Encodable, Equatable, Sendable {
        var revision: Nullable<String>
        var status: String
        var effective: Nullable<String>
        var change: Nullable<String>
        /// The day it was first committed.
        var since: Nullable<String>
        var url: String
    }
    struct ProcessJSON: Encodable, Equatable, Sendable {
        struct Flow: Encodable, Equatable, Sendable { var name: String; var from: String?; var to: String? }
        struct KPI: Encodable, Equatable, Sendable { var name: String; var target: Nullable<String>; var frequency: Nullable<String> }
        var category: Nullable<String>
        var inputs: [Flow]
        var outputs: [Flow]
        var resources: [String]
        var people: [String]
        var methods: [String]
        var kpis: [KPI]
        /// Internal customers and suppliers: the processes outputs go to and inputs come from.
        var customers: [String]
        var suppliers: [String]
    }
    struct RecordJSON: Encodable, Equatable, Sendable {
        var id: String
        var title: String
        var retention: Nullable<String>
    }
    struct HistoryJSON: Encodable, Equatable, Sendable {
        var revision: String
        var date: Nullable<String>
        var commit: Nullable<String>
        var summary: String
        var status: Nullable<String>
        var approvedBy: Nullable<String>
        var source: String
        var url: Nullable<String>
        var changedSinceApproval: [String]
        /// The commits of the revision, oldest first (their details are on the revision's page).
        var commits: [String]
        /// `effective` (the approval date the document gave), `commit` or `front-matter`.
        var dateSource: String
        /// `change` (a `change:` note), `commit` (the commit subject) or `front-matter`.
        var summarySource: String
        /// `trailer` (an `Approved-by:` trailer evidences `approvedBy`), `declared` (the document's `approver`), or null.
        var approval: Nullable<String>
    }

    var title: String
    var organization: Nullable<String>
    var language: String
    var standard: String
    var documents: [DocumentJSON]

    init(_ manual: Manual) {
        title = manual.config.title
        organization = Nullable(manual.config.organization)
        language = manual.config.language.rawValue
        standard = manual.config.standard
        documents = manual.documents.enumerated().map { index, document in
            var clauses: [String: [String]] = [:]
            for mapping in document.clauses where !(clauses[mapping.standard]?.contains(mapping.clause) ?? false) {
                clauses[mapping.standard, default: []].append(mapping.clause)
            }
            return DocumentJSON(
                id: document.id, title: document.title, type: document.type.rawValue, revision: Nullable(document.revision),
                status: document.status.rawValue, effective: Nullable(document.effective?.description),
                owner: Nullable(document.owner), approver: Nullable(document.approver),
                url: SiteLinks.documentURL(document.id), source: document.sourcePath, clauses: clauses,
                principles: document.principles.map(\.name), references: document.references.map(\.name),
                links: document.facts.links, backlinks: document.facts.backlinks,
                records: document.records.map { RecordJSON(id: $0.id, title: $0.title, retention: Nullable($0.retention)) },
                process: Nullable(document.type == .process ? document.process.map { process in
                    ProcessJSON(category: Nullable(process.category?.rawValue),
                                inputs: process.inputs.map { .init(name: $0.name, from: $0.process, to: nil) },
                                outputs: process.outputs.map { .init(name: $0.name, from: nil, to: $0.process) },
                                resources: process.resources, people: process.people, methods: process.methods.map(\.name),
                                kpis: process.kpis.map { .init(name: $0.name, target: Nullable($0.target), frequency: Nullable($0.frequency)) },
                                customers: manual.processes.customers(of: document.id), suppliers: manual.processes.suppliers(of: document.id))
                } : nil),
                history: document.facts.revisions.map { revision in
                    HistoryJSON(
                        revision: revision.label, date: Nullable(revision.date), commit: Nullable((revision.approval ?? revision.last)?.id),
                        summary: revision.summary, status: Nullable(revision.status?.rawValue), approvedBy: Nullable(revision.approvedBy ?? revision.declaredApprover),
                        source: revision.isBeforeGit ? "front-matter" : "git", url: Nullable(revision.url),
                        changedSinceApproval: revision.changesAfterApproval.map(\.id),
                        commits: revision.commits.map(\.id), dateSource: revision.dateSource.rawValue,
                        summarySource: revision.isBeforeGit ? "front-matter" : revision.summaryIsCommitSubject ? "commit" : "change",
                        approval: Nullable(revision.evidence.name))
                },
                inForce: document.isInForce,
                pending: Nullable(document.facts.pending.map { next in
                    PendingJSON(revision: Nullable(next.document.revision), status: next.document.status.rawValue,
                                effective: Nullable(next.document.effective?.description), change: Nullable(next.document.change),
                                since: Nullable(next.since), url: SiteLinks.pendingURL(document.id))
                }),
                external: Nullable(document.external.map { external in
                    ExternalJSON(issuer: Nullable(external.issuer), number: Nullable(external.number), edition: Nullable(external.edition),
                                 received: Nullable(external.received?.description), location: Nullable(external.location),
                                 checkEvery: Nullable(external.checkEvery), lastChecked: Nullable(external.lastChecked?.description),
                                 nextCheck: Nullable(external.state == .current ? external.nextCheck?.description : nil), status: external.state.rawValue,
                                 supersededBy: Nullable(external.supersededBy), url: Nullable(external.url),
                                 usedBy: document.facts.backlinks.filter { manual[id: $0]?.type != .external })
                }),
                distribution: Nullable(document.facts.distribution.map { state in
                    DistributionJSON(revision: state.revision, due: Nullable(state.due?.description), required: state.readers.map(\.person.name),
                                     acknowledged: state.readers.compactMap { reader in reader.acknowledged.map { .init(name: reader.person.name, date: $0.description) } },
                                     overdue: state.readers.filter(\.overdue).map(\.person.name))
                }))
        }
    }
}

struct CoverageJSON: Encodable, Equatable, Sendable {
    struct StandardJSON: Encodable, Equatable, Sendable {
        var id: String
        var title: String
        var summary: [String: Int]
        var clauses: [ClauseJSON]
    }
    struct ClauseJSON: Encodable, Equatable, Sendable {
        var id: String
        var title: String
        var depth: Int
        var parent: Nullable<String>
        var status: String
        var documents: [String]
        var pending: [String]
        var justification: Nullable<String>
        var url: String
    }
    struct PrincipleJSON: Encodable, Equatable, Sendable {
        var key: String
        var title: String
        var document: Nullable<String>
        var documents: [String]
        var pending: [String]
    }

    var standards: [StandardJSON]
    var principles: [PrincipleJSON]
    /// For each standard shown that supersedes another edition: the move from that edition.
    var transitions: [TransitionJSON]

    init(_ manual: Manual) {
        let language = manual.config.language
        standards = manual.coverage.map { coverage in
            StandardJSON(
                id: coverage.standard.id, title: coverage.standard.title(in: language),
                summary: Dictionary(uniqueKeysWithValues: CoverageStatus.allCases.map { ($0.rawValue, coverage.count($0)) }),
                clauses: coverage.clauses.map { row in
                    ClauseJSON(id: row.clause.id, title: row.clause.title(in: language), depth: row.clause.depth,
                               parent: Nullable(row.clause.parent), status: row.status.rawValue, documents: row.documents,
                               pending: row.pending, justification: Nullable(row.justification),
                               url: SiteLinks.clauseURL(standard: coverage.standard.id, clause: row.clause.id))
                })
        }
        principles = manual.principles.map {
            PrincipleJSON(key: $0.principle.key, title: $0.principle.title(in: language), document: Nullable($0.document),
                          documents: $0.documents, pending: $0.pending)
        }
        transitions = manual.transitions.map { TransitionJSON($0, language: language) }
    }
}

/// One edition transition, in `api/coverage.json` `transitions` and `qmark coverage --transition --format json`.
struct TransitionJSON: Encodable, Equatable, Sendable {
    struct ClauseJSON: Encodable, Equatable, Sendable {
        var id: String
        var title: String
        var depth: Int
        /// The clauses of the old edition it takes over.
        var from: [String]
        /// `carried`, `new`, or `heading` (no predecessor, but sub-clauses that have one).
        var kind: EditionTransition.ClauseRow.Kind
        var status: String
        var review: [String]
        var mapped: [String]
    }
    struct WithdrawnJSON: Encodable, Equatable, Sendable {
        var id: String
        var title: String
        var documents: [String]
    }
    struct DocumentJSON: Encodable, Equatable, Sendable {
        struct Move: Encodable, Equatable, Sendable { var from: String; var to: [String] }
        var id: String
        var moves: [Move]
        var mapsNew: [String]
    }

    var standard: String
    var supersedes: String
    var summary: [String: Int]
    var clauses: [ClauseJSON]
    var withdrawn: [WithdrawnJSON]
    var documents: [DocumentJSON]

    init(_ transition: EditionTransition, language: Language) {
        standard = transition.new.standard.id
        supersedes = transition.old.id
        summary = ["carried": transition.carriedCount, "new": transition.newCount, "withdrawn": transition.withdrawn.count,
                   "open": transition.openCount, "documentsToUpdate": transition.documentsToUpdate]
        clauses = transition.clauses.map {
            ClauseJSON(id: $0.clause.id, title: $0.clause.title(in: language), depth: $0.clause.depth, from: $0.predecessors,
                       kind: $0.kind, status: $0.status.rawValue,
                       review: $0.toReview, mapped: $0.mapped)
        }
        withdrawn = transition.withdrawn.map { WithdrawnJSON(id: $0.clause.id, title: $0.clause.title(in: language), documents: $0.documents) }
        documents = transition.documents.map {
            DocumentJSON(id: $0.document, moves: $0.moves.map { .init(from: $0.old, to: $0.new) }, mapsNew: $0.mapsNew)
        }
    }
}
