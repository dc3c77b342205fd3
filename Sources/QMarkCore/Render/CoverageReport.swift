/// The coverage matrix as text or CSV, for `qmark coverage`.
public enum CoverageReport {
    /// An indented table per standard, with a summary line.
    public static func text(_ manual: Manual, standard: String? = nil) -> String {
        let language = manual.config.language
        var out = ""
        for coverage in selected(manual, standard) {
            out += "\(coverage.standard.id) — \(coverage.standard.title(in: language))\n"
            let idWidth = coverage.clauses.map { $0.clause.id.count + 2 * ($0.clause.depth - 1) }.max() ?? 4
            for row in coverage.clauses {
                let indent = String(repeating: "  ", count: row.clause.depth - 1)
                let id = (indent + row.clause.id).padding(toLength: idWidth + 2, withPad: " ", startingAt: 0)
                let status = row.status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
                var detail = row.documents.joined(separator: ", ")
                if !row.pending.isEmpty { detail += (detail.isEmpty ? "" : "; ") + "pending: " + row.pending.joined(separator: ", ") }
                if let justification = row.justification {
                    let inherited = row.clause.parent.flatMap { coverage[clause: $0]?.justification } != nil
                    detail = inherited ? "excluded with \(row.clause.parent ?? "")" : "excluded: " + justification
                }
                out += "\(id)\(status)\(row.clause.title(in: language))" + (detail.isEmpty ? "" : "  [\(detail)]") + "\n"
            }
            out += summary(coverage) + "\n\n"
        }
        return out
    }

    /// `standard,clause,depth,title,status,documents,pending,justification`, written as every CSV of QMark is (`CSVFile`).
    public static func csv(_ manual: Manual, standard: String? = nil) -> String {
        let language = manual.config.language
        var rows = [["standard", "clause", "depth", "title", "status", "documents", "pending", "justification"]]
        for coverage in selected(manual, standard) {
            for row in coverage.clauses {
                rows.append([coverage.standard.id, row.clause.id, String(row.clause.depth), row.clause.title(in: language),
                             row.status.rawValue, row.documents.joined(separator: " "), row.pending.joined(separator: " "),
                             row.justification ?? ""])
            }
        }
        return CSVFile.document(rows)
    }

    /// One line of counts and percentages per status.
    public static func summary(_ coverage: StandardCoverage) -> String {
        let total = max(1, coverage.clauses.count)
        return CoverageStatus.allCases.map { status in
            let count = coverage.count(status)
            return "\(status.rawValue) \(count) (\(Int((Double(count) * 100 / Double(total)).rounded()))%)"
        }.joined(separator: ", ") + " of \(coverage.clauses.count) clauses"
    }

    /// Which standards a report covers: `nil` the manual's default standard (`site.yml`
    /// `standard`, or the first one the site shows when the manual does not use it), `all`
    /// every standard the site shows, else the one named, shown on the site or not.
    static func selected(_ manual: Manual, _ standard: String?) -> [StandardCoverage] {
        let shown = manual.coverage.filter { !$0.clauses.isEmpty }
        switch standard {
        case nil:
            return shown.first { $0.standard.id == manual.config.standard }.map { [$0] } ?? Array(shown.prefix(1))
        case "all":
            return shown
        case let id?:
            return manual.coverage(ofAny: id).map { [$0] } ?? []
        }
    }

    // MARK: - Edition transitions

    /// The transitions a report covers: to the standard named, else every one the site shows.
    public static func transitions(_ manual: Manual, standard: String?) -> [EditionTransition] {
        guard let standard, standard != "all" else { return manual.transitions }
        if let shown = manual.transition(to: standard) { return [shown] }
        // A new edition's catalogue the site does not show yet: its transition all the same.
        return manual.coverage(ofAny: standard)
            .flatMap { TransitionCalculator.transition(to: $0, standards: manual.standards, documents: manual.documents) }.map { [$0] } ?? []
    }

    /// Each clause of the new edition with where it comes from and what to review; then the
    /// withdrawn clauses, the documents to update and a summary line.
    public static func transitionText(_ transitions: [EditionTransition], language: Language) -> String {
        var out = ""
        for transition in transitions {
            let new = transition.new.standard, old = transition.old
            out += "\(new.id) — \(new.title(in: language)), replacing \(old.id) — \(old.title(in: language))\n"
            let idWidth = transition.clauses.map { $0.clause.id.count + 2 * ($0.clause.depth - 1) }.max() ?? 4
            for row in transition.clauses {
                let id = (String(repeating: "  ", count: row.clause.depth - 1) + row.clause.id).padding(toLength: idWidth + 2, withPad: " ", startingAt: 0)
                let from = switch row.kind {
                case .heading: ""
                case .new: "NEW"
                case .carried: "from " + row.predecessors.joined(separator: ", ")
                }
                var detail: [String] = []
                if !row.toReview.isEmpty { detail.append("review: " + row.toReview.joined(separator: ", ")) }
                if !row.mapped.isEmpty { detail.append("mapped: " + row.mapped.joined(separator: ", ")) }
                out += id + from.padding(toLength: 18, withPad: " ", startingAt: 0) + row.status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
                    + row.clause.title(in: language) + (detail.isEmpty ? "" : "  [\(detail.joined(separator: "; "))]") + "\n"
            }
            if !transition.withdrawn.isEmpty {
                out += "withdrawn from \(old.id):\n"
                for row in transition.withdrawn {
                    out += "  \(row.clause.id) \(row.clause.title(in: language))" + (row.documents.isEmpty ? "" : "  [mapped by \(row.documents.joined(separator: ", "))]") + "\n"
                }
            }
            if !transition.documents.isEmpty {
                out += "documents mapping \(old.id), and what their clauses became in \(new.id):\n"
                for document in transition.documents {
                    let moves = document.moves.map { "\($0.old) → \($0.new.isEmpty ? "withdrawn" : $0.new.joined(separator: ", "))" }
                    let state = document.mapsNew.isEmpty ? "not yet mapped to \(new.id)" : "maps \(document.mapsNew.joined(separator: ", "))"
                    out += "  \(document.document): \(moves.joined(separator: "; "))  (\(state))\n"
                }
            }
            out += "\(transition.carriedCount) carried over, \(transition.newCount) new, \(transition.withdrawn.count) withdrawn; "
                + "\(transition.openCount) of \(transition.clauses.count) clauses not yet covered in \(new.id); "
                + "\(transition.documentsToUpdate) of \(transition.documents.count) documents not yet mapped to it\n\n"
        }
        return out
    }

    /// `standard,supersedes,clause,depth,title,kind,from,status,review,mapped`, one row per clause of
    /// the new edition, then one per withdrawn clause of the old (kind `withdrawn`, the clause in `from`).
    public static func transitionCSV(_ transitions: [EditionTransition], language: Language) -> String {
        var rows = [["standard", "supersedes", "clause", "depth", "title", "kind", "from", "status", "review", "mapped"]]
        for transition in transitions {
            let new = transition.new.standard.id, old = transition.old.id
            for row in transition.clauses {
                rows.append([new, old, row.clause.id, String(row.clause.depth), row.clause.title(in: language),
                             row.kind.rawValue, row.predecessors.joined(separator: " "),
                             row.status.rawValue, row.toReview.joined(separator: " "), row.mapped.joined(separator: " ")])
            }
            for row in transition.withdrawn {
                rows.append([new, old, "", String(row.clause.depth), row.clause.title(in: language), "withdrawn", row.clause.id,
                             "", row.documents.joined(separator: " "), ""])
            }
        }
        return CSVFile.document(rows)
    }
}

/// `qmark check --require-coverage`: every clause of the standards asked for that is neither
/// covered nor excluded, as an error naming the clause, its title and what maps near it, so that a
/// merge check can refuse a change that leaves a requirement without a document.
public enum CoverageGate {
    public static func gaps(_ manual: Manual, standards: [String]) -> [Diagnostic] {
        let language = manual.config.language
        return standards.compactMap(manual.coverage(of:)).flatMap { coverage -> [Diagnostic] in
            let standard = coverage.standard
            // Where the requirement is written: a user catalogue's line, or site.yml's `standard` for a built-in one.
            let file = standard.sourcePath ?? manual.config.sourcePath
            return coverage.clauses.compactMap { row -> Diagnostic? in
                guard row.status == .uncovered || row.status == .partial else { return nil }
                let clause = row.clause
                let line = standard.sourcePath == nil ? manual.config.line(of: "standard") : clause.line
                var message = "\(standard.id) \(clause.id) \(clause.title(in: language)) is \(row.status == .partial ? "only partly covered" : "not covered")"
                if row.status == .partial {
                    let missing = clause.children.filter { coverage[clause: $0].map { $0.status == .uncovered || $0.status == .partial } ?? false }
                    if !missing.isEmpty { message += "; not covered below it: \(missing.joined(separator: ", "))" }
                }
                if !row.pending.isEmpty { message += "; drafts mapping it, not yet approved: \(row.pending.joined(separator: ", "))" }
                let near = self.near(clause, in: coverage)
                message += near.isEmpty ? "; no document maps a clause near it" : "; near it: \(near.joined(separator: ", "))"
                return .error(.uncoveredClause, file, line, message + " — map it in a document's `clauses:` or exclude it in site.yml with a justification")
            }
        }
    }

    /// Documents that map the clause's children, parent or siblings: where its requirement probably belongs.
    static func near(_ clause: Clause, in coverage: StandardCoverage) -> [String] {
        var result: [String] = []
        var related: [String] = clause.children
        if let parent = clause.parent {
            related.append(parent)
            related += coverage.standard.clauses.filter { $0.parent == parent && $0.id != clause.id }.map(\.id)
        }
        for id in related {
            for document in coverage[clause: id]?.direct ?? [] where result.count < 4 {
                let text = "\(document) maps \(id)"
                if !result.contains(text) { result.append(text) }
            }
        }
        return result
    }
}
