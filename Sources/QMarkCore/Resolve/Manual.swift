import Foundation

/// A manual after resolution: every document parsed and checked, links and coverage worked out.
/// What the render stage and every command read.
public struct Manual: Sendable {
    public var config: SiteConfig
    /// Every known standard: the built-in ISO 9001, ISO 14001 and ISO 45001 (or the manual's
    /// catalogue replacing one), then the manual's other catalogues in path order.
    public var standards: [Standard]
    /// In natural id order.
    public var documents: [Document]
    /// Coverage of each standard the site shows, in the order it shows them.
    public var coverage: [StandardCoverage]
    /// For each standard the site shows that supersedes another edition: the move from that edition.
    public var transitions: [EditionTransition] = []
    /// Whether the manual has principle documents or maps principles: only then is the principles matrix shown.
    public var showsPrinciples = false
    public var principles: [PrincipleCoverage]
    /// Every file of the manual folder that is not Markdown or settings, relative to the manual.
    public var assets: [String]
    /// The files the site publishes under `files/`: those documents link or embed and those
    /// `site.yml` `assets:` lists — never an active file (HTML, SVG, XML, script) unless `unsafe_html`.
    public var publishedAssets: Set<String> = []
    /// SVG images embedded in bodies, as `data:` URIs: shown as images, never served as pages of the site.
    public var inlineImages: [String: String] = [:]
    public var diagnostics: [Diagnostic]
    /// Things a user should know that are neither errors nor warnings (documents not yet in git).
    public var notes: [String] = []
    /// The people of `people.csv`, for the distribution pages.
    public var people: [Person] = []
    /// Files whose front-matter does not parse, by the id their `id:` line still gives, and their paths: they exist
    /// (their own error says what is wrong), so links to them are not reported as links to nothing.
    public var unreadable: [String: String] = [:]
    /// The git history the revisions came from, and why there is none when there is none.
    public var history: ManualHistory
    /// The day the build happened, for periodic review.
    public var today: DayDate
    /// For a manual read from git (`build --at`): the blob of each asset.
    public var assetBlobs: [String: String] = [:]
    /// For a build of the manual as it stood at a commit (`--at`): that commit.
    public var pointInTime: (id: String, date: String)?
    /// The processes and the flows between them.
    public var processes = ProcessGraph.empty

    private var byID: [String: Int]
    private var assetSet: Set<String>
    private var byPath: [String: Int]
    /// Titles to documents, for mentions in 《》: a document in force before an obsolete one of the same title.
    private var byTitle: [String: Int]

    init(config: SiteConfig, standards: [Standard], documents: [Document], assets: [String], diagnostics: [Diagnostic],
         history: ManualHistory = ManualHistory(), today: DayDate = DayDate.today()) {
        self.config = config
        self.history = history
        self.today = today
        self.standards = standards
        self.documents = documents
        self.assets = assets
        self.diagnostics = diagnostics
        byID = Dictionary(documents.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        assetSet = Set(assets)
        byPath = Dictionary(documents.enumerated().map { ($1.sourcePath, $0) }, uniquingKeysWith: { first, _ in first })
        byTitle = Dictionary(documents.enumerated().map { ($1.title, $0) }, uniquingKeysWith: { first, second in
            documents[first].status == .obsolete && documents[second].status != .obsolete ? second : first
        })
        coverage = []
        principles = []
    }

    public subscript(id id: String) -> Document? { byID[id].map { documents[$0] } }

    public func index(of id: String) -> Int? { byID[id] }

    public func document(at path: String) -> Document? { byPath[path].map { documents[$0] } }

    public func document(for reference: DocumentReference) -> Document? {
        index(for: reference).map { documents[$0] }
    }

    /// The position of the document a link names (no copy of the document).
    public func index(for reference: DocumentReference) -> Int? {
        switch reference {
        case .id(let id): return byID[id]
        case .path(let path): return byPath[path]
        case .title(let title): return byTitle[title]
        }
    }

    public func hasAsset(_ path: String) -> Bool { assetSet.contains(path) }

    public func standard(_ id: String) -> Standard? { standards.first { $0.id == id } }

    public func coverage(of standard: String) -> StandardCoverage? { coverage.first { $0.standard.id == standard } }

    /// The coverage of any known standard: the site's when it shows it, else worked out now.
    public func coverage(ofAny standard: String) -> StandardCoverage? {
        coverage(of: standard) ?? self.standard(standard).map {
            CoverageCalculator.coverage(of: $0, documents: documents, exclusions: config.exclusions)
        }
    }

    public func transition(to standard: String) -> EditionTransition? { transitions.first { $0.new.standard.id == standard } }

    /// How many revisions all documents have.
    public var revisionCount: Int { documents.reduce(0) { $0 + $1.facts.revisions.count } }
}

extension Manual {
    /// Whether a reference names a file that is in the manual but whose front-matter does not parse.
    func isUnreadable(_ reference: DocumentReference) -> Bool {
        switch reference {
        case .id(let id): unreadable[id] != nil
        case .path(let path): unreadable.values.contains(path)
        case .title: false
        }
    }
}
