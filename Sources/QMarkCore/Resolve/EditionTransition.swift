/// A manual moving from one edition of a standard to the next (ISO 9001:2015 to its next edition,
/// a customer's requirements revised): which documents cover the predecessors of each clause of
/// the new edition and so are to be reviewed, which clauses are new requirements, which were
/// withdrawn, and what each document maps in the old edition and should map in the new.
public struct EditionTransition: Sendable {
    /// A clause of the new edition.
    public struct ClauseRow: Sendable {
        public var clause: Clause
        /// The clauses of the old edition it takes over; none: a new requirement.
        public var predecessors: [String]
        /// Documents in force that map a predecessor and do not yet map this clause (or a clause
        /// below it) in the new edition: to be reviewed against it.
        public var toReview: [String]
        /// Documents that map this clause (or a clause below it) in the new edition.
        public var mapped: [String]
        /// Its coverage in the new edition.
        public var status: CoverageStatus
        /// A clause without predecessor whose sub-clauses take over old ones: a regrouping, not a requirement of its own.
        public var isHeading: Bool

        public var isNew: Bool { predecessors.isEmpty && !isHeading }

        /// What the reports call it: `carried`, `new`, or `heading`.
        public enum Kind: String, Sendable, Encodable { case carried, new, heading }
        public var kind: Kind { isHeading ? .heading : isNew ? .new : .carried }
    }

    /// A clause of the old edition without a successor, and the documents that map it.
    public struct Withdrawn: Sendable {
        public var clause: Clause
        public var documents: [String]
    }

    /// A document that maps the old edition: each clause it maps there and what that clause became.
    public struct DocumentMove: Sendable {
        public struct Move: Sendable {
            public var old: String
            public var new: [String]
        }
        public var document: String
        public var moves: [Move]
        /// What it maps in the new edition already.
        public var mapsNew: [String]
    }

    public var old: Standard
    public var new: StandardCoverage
    /// In the new edition's catalogue order.
    public var clauses: [ClauseRow]
    public var withdrawn: [Withdrawn]
    /// In document id order.
    public var documents: [DocumentMove]

    public var newCount: Int { clauses.lazy.filter(\.isNew).count }
    public var carriedCount: Int { clauses.lazy.filter { !$0.predecessors.isEmpty }.count }
    /// Clauses of the new edition neither covered nor excluded yet.
    public var openCount: Int { clauses.lazy.filter { $0.status == .uncovered || $0.status == .partial }.count }
    /// Documents that map the old edition and nothing of the new one yet.
    public var documentsToUpdate: Int { documents.lazy.filter { $0.mapsNew.isEmpty }.count }
}

enum TransitionCalculator {
    /// For each clause of the new edition, the old clauses it takes over: those the map sends to
    /// it, and the old clause of the same id unless the map sends that one elsewhere (a renumbering:
    /// `8.2: [8.3]`, `8.3: [8.4]`) or the clause is marked new. A merge (`3.2: [3.1]`) keeps 3.1's own.
    static func predecessors(_ new: Standard, from old: Standard) -> [String: [String]] {
        var result: [String: [String]] = [:]
        let entries = new.edition?.entries ?? []
        let mappedAway = Set(entries.map(\.old))
        for clause in new.clauses where !clause.isNew && old.contains(clause.id) && !mappedAway.contains(clause.id) {
            result[clause.id] = [clause.id]
        }
        for entry in entries where old.contains(entry.old) {
            for id in entry.new where new.contains(id) && !(result[id] ?? []).contains(entry.old) {
                result[id, default: []].append(entry.old)
            }
        }
        return result
    }

    /// The inverse of `predecessors`: what each clause of the old edition became (none: withdrawn).
    static func successors(_ predecessors: [String: [String]], in new: Standard) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for (newID, olds) in predecessors {
            for id in olds { result[id, default: []].append(newID) }
        }
        return result.mapValues { $0.sorted { (new.position(of: $0) ?? 0) < (new.position(of: $1) ?? 0) } }
    }

    /// Whether a clause without predecessor is said to be new: marked so, or below a clause marked so.
    static func isMarkedNew(_ clause: Clause, in standard: Standard) -> Bool {
        clause.isNew || standard.ancestors(of: clause.id).contains { standard[$0]?.isNew == true }
    }

    /// The transition to a standard whose catalogue names the edition it replaces, when that edition is known.
    static func transition(to coverage: StandardCoverage, standards: [Standard], documents: [Document]) -> EditionTransition? {
        guard let id = coverage.standard.edition?.supersedes, let old = standards.first(where: { $0.id == id }) else { return nil }
        return transition(to: coverage, from: old, documents: documents)
    }

    static func transition(to coverage: StandardCoverage, from old: Standard, documents: [Document]) -> EditionTransition {
        let new = coverage.standard
        let predecessors = self.predecessors(new, from: old)
        let successors = self.successors(predecessors, in: new)
        // Per clause, the documents in force that map it: in the old edition the clause itself (a
        // heading's row does not repeat every document below it), in the new edition the clause or
        // one below it (a document that maps 6.1.2 has taken up 6.1).
        var oldMaps: [String: [Int]] = [:], newMaps: [String: [Int]] = [:]
        var documentMoves: [EditionTransition.DocumentMove] = []
        for (index, document) in documents.enumerated() where document.status != .obsolete {
            var moves: [EditionTransition.DocumentMove.Move] = []
            var mapsNew: [String] = []
            var seenOld = Set<String>(), seenNew = Set<String>()
            for mapping in document.clauses {
                if mapping.standard == old.id, old.contains(mapping.clause), seenOld.insert(mapping.clause).inserted {
                    moves.append(.init(old: mapping.clause, new: successors[mapping.clause] ?? []))
                    oldMaps[mapping.clause, default: []].append(index)
                } else if mapping.standard == new.id, new.contains(mapping.clause), seenNew.insert(mapping.clause).inserted {
                    mapsNew.append(mapping.clause)
                    for id in [mapping.clause] + new.ancestors(of: mapping.clause) { newMaps[id, default: []].append(index) }
                }
            }
            if !moves.isEmpty {
                moves.sort { ClauseOrder.areInIncreasingOrder($0.old, $1.old) }
                documentMoves.append(.init(document: document.id, moves: moves, mapsNew: mapsNew.sorted(by: ClauseOrder.areInIncreasingOrder)))
            }
        }
        let ids = { (positions: [Int]) in Array(Set(positions)).sorted().map { documents[$0].id } }
        let headings = carriedBelow(new, predecessors)
        let rows = coverage.clauses.map { row -> EditionTransition.ClauseRow in
            let before = predecessors[row.clause.id] ?? []
            let mapped = Set(newMaps[row.clause.id] ?? [])
            let covering = before.flatMap { oldMaps[$0] ?? [] }.filter { !mapped.contains($0) }
            return .init(clause: row.clause, predecessors: before.sorted(by: ClauseOrder.areInIncreasingOrder),
                         toReview: ids(covering), mapped: ids(Array(mapped)), status: row.status,
                         isHeading: before.isEmpty && headings.contains(row.clause.id))
        }
        let withdrawn = old.clauses.filter { successors[$0.id] == nil }.map {
            EditionTransition.Withdrawn(clause: $0, documents: ids(oldMaps[$0.id] ?? []))
        }
        return EditionTransition(old: old, new: coverage, clauses: rows, withdrawn: withdrawn, documents: documentMoves)
    }

    /// The clauses with a sub-clause that takes over an old one: a heading over those is a regrouping, not a new requirement.
    static func carriedBelow(_ new: Standard, _ predecessors: [String: [String]]) -> Set<String> {
        var result = Set<String>()
        for clause in new.clauses where predecessors[clause.id] != nil { result.formUnion(new.ancestors(of: clause.id)) }
        return result
    }

    /// Problems of the `supersedes:`/`map:` of user catalogues: an unknown edition or clause, a
    /// clause of the new edition that neither takes over an old one nor is marked new.
    static func check(_ standards: [Standard]) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for new in standards {
            guard let edition = new.edition, let path = new.sourcePath else { continue }
            guard edition.supersedes != new.id else {
                found.append(.error(.editionMap, path, edition.line, "a catalogue cannot supersede itself; name the edition it replaces"))
                continue
            }
            guard let old = standards.first(where: { $0.id == edition.supersedes }) else {
                let ids = standards.map(\.id).filter { $0 != new.id }
                found.append(.error(.editionMap, path, edition.line,
                    "`supersedes` names unknown standard `\(edition.supersedes)`\(Suggestion.hint(for: edition.supersedes, in: ids)); known: \(ids.joined(separator: ", "))"))
                continue
            }
            for entry in edition.entries {
                if !old.contains(entry.old) {
                    found.append(.error(.editionMap, path, entry.line,
                        "`map` names clause \(entry.old), which \(old.id) does not have\(Suggestion.hint(for: entry.old, in: old.clauses.map(\.id))); keys are clauses of the edition replaced"))
                }
                for (id, line) in zip(entry.new, entry.newLines) where !new.contains(id) {
                    found.append(.error(.editionMap, path, line,
                        "`map` sends \(entry.old) to clause \(id), which \(new.id) does not have\(Suggestion.hint(for: id, in: new.clauses.map(\.id)))"))
                }
            }
            let predecessors = self.predecessors(new, from: old)
            let carriedBelow = self.carriedBelow(new, predecessors)
            for clause in new.clauses {
                let from = predecessors[clause.id] ?? []
                if clause.isNew && !from.isEmpty {
                    found.append(.warning(.editionMap, path, clause.line,
                        "clause \(clause.id) is marked `new: true` but `map` gives it \(from.joined(separator: ", ")) of \(old.id) as predecessor; remove one of the two"))
                } else if from.isEmpty && !isMarkedNew(clause, in: new) && !carriedBelow.contains(clause.id) {
                    found.append(.warning(.editionMap, path, clause.line,
                        "clause \(clause.id) of \(new.id) has no predecessor in \(old.id): map a clause to it in `map:` or mark it `new: true`"))
                }
            }
        }
        return found
    }
}
