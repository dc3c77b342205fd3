/// The UI language of a site.
public enum Language: String, Sendable, CaseIterable {
    case zhCN = "zh-CN"
    case en
}

/// A clause declared not applicable, with its justification (ISO 9001 4.3).
public struct Exclusion: Sendable {
    public var standard: String
    public var clause: String
    public var justification: String
    public var line: Int
}

/// `manual/site.yml`: the manual's settings.
public struct SiteConfig: Sendable {
    public var title: String
    public var organization: String?
    public var language: Language
    /// The default standard's id: what a plain `clauses: [..]` list refers to.
    public var standard: String
    public var exclusions: [Exclusion]
    /// Default time between periodic reviews of a document.
    public var reviewIntervalMonths: Int
    /// Pass raw HTML in sources through to the site.
    public var unsafeHTML: Bool
    /// Link ids and 《titles》 of documents named in prose (`link_mentions`, on by default).
    public var linkMentions = true
    /// The standards the site shows, in this order (`standards:`); nil: those the manual uses.
    public var standards: [String]?
    /// Files published although no document links them (`assets:`): paths, or folders ending in `/`.
    public var assets: [String] = []
    /// The line of each entry of `standards:`, for diagnostics.
    public var standardLines: [Int] = []
    /// The document types expected to map clauses (`expect_clauses:`): others are not warned about.
    public var clauseTypes: Set<DocumentType> = [.manual, .policy, .procedure, .process]
    /// How many days after its approval commit a revision may take effect before `qmark check`
    /// says the record looks wrong (`effective_within_days`).
    public var effectiveWithinDays = 90
    /// What `review_interval_months` may say, in a document or in `site.yml`: up to a century.
    public static let reviewIntervalRange = 1...1200
    /// What `effective_within_days` may say: up to a century.
    public static let effectiveWithinRange = 0...36_500

    /// An approved revision must be committed with an `Approved-by:` trailer.
    public var requireApprovalTrailer: Bool = false
    /// git's allowed-signers file (manual-relative): approving commits are verified against it.
    public var allowedSigners: String?
    /// The company's own words for search: each group a set of words that mean the same (`[夹具, 工装, fixture]`).
    public var synonyms: [[String]] = []
    /// Days after a revision's effective date by which each person it is distributed to must have acknowledged it.
    public var acknowledgeWithinDays = 14
    static let acknowledgeWithinRange = 0...365
    /// The notice printed on every page of a printed document; nil for the default in the site's language.
    public var uncontrolledNotice: String?
    /// The paper printed pages are laid out for (`paper:`): a CSS page size.
    public var paper: Paper = .a4
    /// The last internal audit of each department (`audits:`), for the audit programme.
    public var lastAudits: [String: DayDate] = [:]
    /// Where the settings came from (`site.yml`), for diagnostics.
    public var sourcePath: String
    /// The line of each key of `site.yml`, for diagnostics.
    public var keyLines: [String: Int]

    public static let builtinStandardID = "iso9001-2015"

    /// The paper sizes `paper:` accepts, as CSS names them.
    public enum Paper: String, Sendable, CaseIterable {
        case a4 = "A4", a3 = "A3", a5 = "A5", letter, legal
    }

    /// The settings of a manual that has no `site.yml`.
    public static let defaults = SiteConfig(
        title: "Quality Manual", organization: nil, language: .zhCN, standard: builtinStandardID,
        exclusions: [], reviewIntervalMonths: 12, unsafeHTML: false, sourcePath: "site.yml", keyLines: [:])

    /// The line of a setting, or 1 when it is not written.
    public func line(of key: String) -> Int { keyLines[key] ?? 1 }
}
