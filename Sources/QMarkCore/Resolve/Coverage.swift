/// Where a clause stands, by CONTRACT's rules.
public enum CoverageStatus: String, Sendable, Codable, CaseIterable {
    case covered, partial, uncovered, excluded
}

/// One clause's row of the coverage matrix.
public struct ClauseCoverage: Sendable {
    public var clause: Clause
    public var status: CoverageStatus
    /// Approved documents that map the clause, an ancestor or a descendant of it.
    public var documents: [String]
    /// Drafts and documents in review that do.
    public var pending: [String]
    /// Approved documents that map this very clause.
    public var direct: [String]
    /// The justification of the exclusion of this clause or of an ancestor.
    public var justification: String?
}

/// The coverage matrix of one standard.
public struct StandardCoverage: Sendable {
    public var standard: Standard
    /// In catalogue order.
    public var clauses: [ClauseCoverage]

    public func count(_ status: CoverageStatus) -> Int { clauses.lazy.filter { $0.status == status }.count }

    public subscript(clause id: String) -> ClauseCoverage? { standard.position(of: id).map { clauses[$0] } }
}

/// One principle and the documents that name it.
public struct PrincipleCoverage: Sendable {
    public var principle: Principle
    /// The `type: principle` document explaining it, if the manual has one.
    public var document: String?
    public var documents: [String]
    public var pending: [String]
}

/// Computes coverage: linear in the number of clause mappings times catalogue depth.
/// Documents are handled as their positions in `documents` (which is in natural id order),
/// so that merging and sorting the lists is integer work.
enum CoverageCalculator {
    static func coverage(of standard: Standard, documents: [Document], exclusions: [Exclusion]) -> StandardCoverage {
        let count = standard.clauses.count
        var directApproved = [[Int]](repeating: [], count: count)
        var directPending = [[Int]](repeating: [], count: count)
        for (index, document) in documents.enumerated() where document.status != .obsolete {
            var seen = Set<Int>()
            for mapping in document.clauses where mapping.standard == standard.id {
                guard let position = standard.position(of: mapping.clause), seen.insert(position).inserted else { continue }
                if document.isInForce { directApproved[position].append(index) } else { directPending[position].append(index) }
            }
        }
        var excludedHere = [String?](repeating: nil, count: count)
        for exclusion in exclusions where exclusion.standard == standard.id {
            if let position = standard.position(of: exclusion.clause) { excludedHere[position] = exclusion.justification }
        }
        let parentOf = standard.clauses.map { $0.parent.flatMap(standard.position(of:)) }

        // Top-down: what ancestors bring.
        var justification = [String?](repeating: nil, count: count)
        var aboveApproved = [[Int]](repeating: [], count: count)
        var abovePending = [[Int]](repeating: [], count: count)
        for i in 0..<count {
            justification[i] = excludedHere[i] ?? parentOf[i].flatMap { justification[$0] }
            if let parent = parentOf[i] {
                aboveApproved[i] = aboveApproved[parent] + directApproved[parent]
                abovePending[i] = abovePending[parent] + directPending[parent]
            }
        }
        // Bottom-up: what descendants bring, and the status. Children follow their parent in
        // catalogue order, so walking backwards sees every child before its parent.
        var belowApproved = directApproved
        var belowPending = directPending
        var status = [CoverageStatus](repeating: .uncovered, count: count)
        var coveredBelow = [Bool](repeating: false, count: count)
        var allChildrenDone = [Bool](repeating: true, count: count)
        var hasChildren = [Bool](repeating: false, count: count)
        for i in stride(from: count - 1, through: 0, by: -1) {
            if justification[i] != nil {
                status[i] = .excluded
            } else if !directApproved[i].isEmpty || !aboveApproved[i].isEmpty {
                status[i] = .covered
            } else if hasChildren[i] && allChildrenDone[i] {
                status[i] = .covered
            } else if coveredBelow[i] {
                status[i] = .partial
            }
            guard let parent = parentOf[i] else { continue }
            hasChildren[parent] = true
            if status[i] != .covered && status[i] != .excluded { allChildrenDone[parent] = false }
            if status[i] == .covered || coveredBelow[i] { coveredBelow[parent] = true }
            belowApproved[parent] += belowApproved[i]
            belowPending[parent] += belowPending[i]
        }
        let ids = { (positions: [Int]) in Array(Set(positions)).sorted().map { documents[$0].id } }
        let rows = standard.clauses.indices.map { i in
            ClauseCoverage(
                clause: standard.clauses[i], status: status[i],
                documents: ids(aboveApproved[i] + belowApproved[i]), pending: ids(abovePending[i] + belowPending[i]),
                direct: ids(directApproved[i]), justification: justification[i])
        }
        return StandardCoverage(standard: standard, clauses: rows)
    }

    /// `documents` must be in natural id order, as `Manual.documents` is.
    static func principles(_ documents: [Document]) -> [PrincipleCoverage] {
        // One pass over the documents, keeping ids: a document is a large value, not to be copied per principle.
        var approved: [String: [String]] = [:], pending: [String: [String]] = [:], own: [String: String] = [:]
        for document in documents where document.status != .obsolete {
            if document.type == .principle, let key = document.principleKey, own[key] == nil { own[key] = document.id }
            var named = Set<String>()
            for principle in document.principles where named.insert(principle.name).inserted {
                if document.isInForce { approved[principle.name, default: []].append(document.id) }
                if document.isPending { pending[principle.name, default: []].append(document.id) }
            }
        }
        return Principle.all.map { principle in
            PrincipleCoverage(principle: principle, document: own[principle.key],
                              documents: approved[principle.key] ?? [], pending: pending[principle.key] ?? [])
        }
    }
}
