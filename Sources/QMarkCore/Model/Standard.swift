/// A clause of a standard's catalogue.
public struct Clause: Sendable {
    public var id: String
    /// The title in English (or the only title a user catalogue gives).
    public var title: String
    /// The Chinese title, where the catalogue has one.
    public var titleZh: String?
    /// 1 for a top-level clause.
    public var depth: Int
    public var parent: String?
    public var children: [String]
    /// Where the clause is defined, for diagnostics about the catalogue itself.
    public var line: Int
    /// Marked `new: true` in a catalogue that supersedes another edition: a requirement with no
    /// predecessor (a clause below it without a predecessor of its own is new too).
    public var isNew = false

    /// The title in the given UI language, falling back to the other one.
    public func title(in language: Language) -> String {
        language == .zhCN ? (titleZh ?? title) : title
    }
}

/// A clause catalogue: ISO 9001:2015 (built in), or one from `manual/standards/`.
public struct Standard: Sendable {
    public var id: String
    public var title: String
    /// The Chinese title, where the catalogue has one.
    public var titleZh: String?
    /// Clauses in catalogue order (depth-first, as written).
    public var clauses: [Clause]
    /// The file the catalogue came from, nil for the built-in one.
    public var sourcePath: String?
    /// For a new edition: the edition it replaces and how that edition's clauses carry over.
    public var edition: EditionMap?
    private var index: [String: Int]

    /// A catalogue with its clauses in catalogue order.
    public init(id: String, title: String, titleZh: String?, clauses: [Clause], sourcePath: String?) {
        self.id = id
        self.title = title
        self.titleZh = titleZh
        self.clauses = clauses
        self.sourcePath = sourcePath
        var index: [String: Int] = [:]
        for (i, clause) in clauses.enumerated() where index[clause.id] == nil { index[clause.id] = i }
        self.index = index
    }

    /// A clause by id, exactly as written.
    public subscript(id: String) -> Clause? { index[id].map { clauses[$0] } }

    /// Whether the catalogue has this clause id.
    public func contains(_ id: String) -> Bool { index[id] != nil }

    /// The position of a clause in catalogue order.
    public func position(of id: String) -> Int? { index[id] }

    /// The clause's ancestors, nearest first.
    public func ancestors(of id: String) -> [String] {
        var result: [String] = []
        var current = self[id]?.parent
        while let parent = current {
            result.append(parent)
            current = self[parent]?.parent
        }
        return result
    }

    /// The title in the given UI language, falling back to the other one.
    public func title(in language: Language) -> String {
        language == .zhCN ? (titleZh ?? title) : title
    }
}

/// What a catalogue says of the edition it replaces: `supersedes: iso9001-2015` and
/// `map: {6.1: [6.1.1, 6.1.2], 7.1.6: []}`. A clause of the new edition the map does not name
/// takes over the clause of the same id, where the old edition has one.
public struct EditionMap: Sendable {
    /// One line of `map:`: an old clause and the clauses of the new edition it became
    /// (none: withdrawn without successor).
    public struct Entry: Sendable {
        public var old: String
        public var new: [String]
        public var line: Int
        /// The line of each clause of `new`.
        public var newLines: [Int]
    }

    /// The id of the edition replaced.
    public var supersedes: String
    public var line: Int
    public var entries: [Entry]
}
