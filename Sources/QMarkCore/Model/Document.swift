/// What kind of controlled document a file is.
public enum DocumentType: String, Sendable, CaseIterable, Codable {
    case manual, policy, principle, process, procedure, instruction, form
    /// A document of external origin (ISO 9001 7.5.3.2): a standard, a regulation, a customer drawing.
    case external
}

/// What an external-origin document records: who issued which edition, where the controlled copy
/// is, and when it was last checked to be current.
public struct ExternalFields: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable { case current, superseded, withdrawn }
    public var issuer: String?
    public var number: String?
    public var edition: String?
    public var received: DayDate?
    public var location: String?
    /// Months between checks that the edition is still current.
    public var checkEvery: Int?
    public var lastChecked: DayDate?
    public var state: State = .current
    /// The id of the document that replaces it.
    public var supersededBy: String?
    public var url: String?

    /// The day the next check is due: the last check (else the day received) plus `checkEvery` months.
    public var nextCheck: DayDate? {
        guard let checkEvery, let from = lastChecked ?? received else { return nil }
        return from.adding(months: checkEvery)
    }

    /// A current edition whose check is past due on `today`.
    public func isCheckDue(on today: DayDate) -> Bool {
        state == .current && (nextCheck.map { $0 < today } ?? false)
    }
}

/// Where a document stands in its lifecycle: draft → review → approved → obsolete.
public enum DocumentStatus: String, Sendable, CaseIterable, Codable {
    case draft, review, approved, obsolete

    /// Drafts and documents in review are shown as pending against the clauses they map.
    public var isPending: Bool { self == .draft || self == .review }
}

/// One clause a document says it addresses, as written in its front-matter.
public struct ClauseMapping: Sendable, Hashable {
    /// The catalogue the clause belongs to, e.g. `iso9001-2015`.
    public var standard: String
    /// The clause id, text exactly as written (`5.10` is not `5.1`).
    public var clause: String
    /// The line of the front-matter that names it.
    public var line: Int
}

/// A record a document produces (ISO 9001 7.5.3).
public struct Record: Sendable, Hashable {
    public var id: String
    public var title: String
    public var retention: String?
    public var owner: String?
    public var location: String?
    public var line: Int
}

/// One controlled document: the front-matter of one Markdown file, and its body.
public struct Document: Sendable {
    public var id: String
    public var title: String
    public var type: DocumentType
    public var revision: String?
    public var status: DocumentStatus
    public var effective: DayDate?
    /// The date of the last periodic review.
    public var reviewed: DayDate?
    /// Months between periodic reviews; nil means the manual's default.
    public var reviewIntervalMonths: Int?
    /// The date the document was withdrawn (for obsolete documents).
    public var withdrawn: DayDate?
    /// Documents this one replaces.
    public var supersedes: [NamedReference] = []
    /// Revisions made before the manual moved to git (front-matter `history:`).
    public var priorHistory: [PriorRevision] = []
    /// A note on what the current revision changed (`change:`).
    public var change: String?
    /// What the document is for, in a sentence (`summary:`), shown under its title.
    public var summary: String?
    /// Equal for two versions whose content differs only in administrative fields; see `FrontMatterScan`.
    var fingerprint: String = ""
    public var owner: String?
    public var approver: String?
    /// For `type: principle`: which of the seven principles this document explains.
    public var principleKey: String?
    public var clauses: [ClauseMapping]
    public var principles: [NamedReference]
    public var references: [NamedReference]
    public var records: [Record]
    public var process: ProcessDefinition?
    /// The file, relative to the manual folder, with `/` separators.
    public var sourcePath: String
    /// Markdown after the front-matter, line endings normalised to LF.
    public var body: String
    /// The line of the file on which `body` starts.
    public var bodyLine: Int
    /// Links from the body to other documents, found while parsing.
    public var bodyLinks: [BodyLink]
    /// Files beside the Markdown that the body links to.
    public var assetLinks: [AssetLink]
    /// Headings of the body, for the table of contents.
    public var headings: [Heading]
    /// Links within the body to its own headings (`#anchor`).
    public var anchorLinks: [AnchorLink] = []
    /// The line of a front-matter key, for diagnostics.
    public var keyLines: [String: Int]
    /// What resolution found true of it across the manual (empty until the manual is resolved).
    public var facts = DocumentFacts()
    /// For `type: external`: its issuer, edition, controlled copy and checks.
    public var external: ExternalFields?
    /// Who must read it: departments (`people.csv`), or `all`; nil when it does not say.
    public var distribution: [NamedReference]?

    /// Whether this is a revision staff work to: approved, and its effective date has come.
    public var isInForce: Bool { status == .approved && !facts.awaitsEffectiveDate }

    /// Not yet, or no longer, what applies: a draft, in review, or approved for a later date.
    public var isPending: Bool { status.isPending || (status == .approved && facts.awaitsEffectiveDate) }

    /// The line to blame for a front-matter field, or the document's first line.
    public func line(of key: FrontMatterKey) -> Int { keyLines[key.rawValue] ?? 1 }

    /// The line of a front-matter field when it is written.
    public func writtenLine(of key: FrontMatterKey) -> Int? { keyLines[key.rawValue] }
}

/// The keys of a document's front-matter (others are warned about and ignored).
public enum FrontMatterKey: String, CaseIterable, Sendable {
    case id, title, type, revision, status, effective, owner, approver, clauses, principles
    case references, records, process, key, reviewed
    case reviewIntervalMonths = "review_interval_months"
    case history, change, supersedes, withdrawn, tags, summary
    // External-origin documents.
    case issuer, number, edition, received, location, url
    case checkEvery = "check_every", lastChecked = "last_checked", supersededBy = "superseded_by"
    case distribution
}

/// A name in a front-matter list (a principle key, a document id) and where it stands.
public struct NamedReference: Sendable, Hashable {
    public var name: String
    public var line: Int
}

/// The turtle diagram of a `type: process` document.
public struct ProcessDefinition: Sendable {
    /// COP, SP or MP.
    public enum Category: String, Sendable, CaseIterable { case COP, SP, MP }

    /// An input (`from`) or output (`to`) of a process; `process` is nil for an external party.
    public struct Flow: Sendable {
        public var name: String
        public var process: String?
        public var line: Int
    }

    /// How the process is measured.
    public struct KPI: Sendable {
        public var name: String
        public var target: String?
        public var frequency: String?
        public var line: Int
    }

    public var category: Category?
    /// Whether `category:` was written at all (an unknown value is reported where it is read).
    public var hasCategory = true
    public var inputs: [Flow]
    public var outputs: [Flow]
    public var resources: [String]
    public var people: [String]
    public var methods: [NamedReference]
    public var kpis: [KPI]
}
