import Foundation

/// The revision in force and the pending revision (ISO 9001 7.5.3.1 a, 7.5.3.2).
///
/// On the build's date, a document's revision in force is its last approved revision whose
/// effective date has come — the work tree's when it is itself approved and in force, else the
/// last such revision in git. Its pending revision is the work tree's when that is a draft, in
/// review, or approved for a later date. Everything that means "what applies" (coverage, clause
/// pages, processes, the register, search, the print edition, checklists, exports, periodic
/// review) reads the revision in force; the pending one has a page of its own beside it.
public final class PendingRevision: Sendable {
    /// The work tree's document, as written.
    public let document: Document
    /// The day the pending revision was first committed, when it was.
    public let since: String?

    init(document: Document, since: String?) {
        self.document = document
        self.since = since
    }

    /// An approved revision waiting for its effective date: the date it takes effect.
    public var takesEffect: DayDate? { document.status == .approved ? document.effective : nil }
}

extension Resolver {
    /// Whether a work-tree document's revision is not (yet) the one staff work to.
    static func isPending(_ document: Document, today: DayDate) -> Bool {
        switch document.status {
        case .draft, .review: return true
        case .approved: return document.effective.map { $0 > today } ?? false
        case .obsolete: return false
        }
    }

    /// For each document whose work-tree revision is pending, the revision of git history in
    /// force on `today`: the last approved one whose date (its effective date, else its approval) has come.
    static func revisionsInForce(_ documents: [Document], history: ManualHistory, today: DayDate) -> [String: Revision] {
        var found: [String: Revision] = [:]
        for document in documents where isPending(document, today: today) {
            let candidates = (history.revisions[document.id] ?? []).filter { revision in
                guard revision.status == .approved, revision.last != nil,
                      let day = revision.date.flatMap(DayDate.init) ?? revision.approval.flatMap({ DayDate($0.day) }) else { return false }
                return day <= today
            }
            if let last = candidates.last { found[document.id] = last }
        }
        return found
    }

    /// The revisions in force read from their texts; one that no longer parses, or names another id, is left out.
    static func documentsInForce(_ revisions: [String: Revision], texts: RevisionTexts, parsed: Parsed) -> [String: Document] {
        let parser = documentParser(parsed.config)
        let paths = Dictionary(parsed.documents.map { ($0.id, $0.sourcePath) }, uniquingKeysWith: { first, _ in first })
        var found: [String: Document] = [:]
        for (id, revision) in revisions {
            guard let text = texts.text(of: revision), let path = paths[id],
                  let document = parser.parse(SourceFile(path: path, data: Data(text.utf8))).document, document.id == id,
                  document.status == .approved else { continue }
            found[id] = document
        }
        return found
    }

    /// Puts each document's revision in force in place of its pending work-tree revision, which
    /// it keeps as `facts.pending`. The checks of the files ran before, on the files as written.
    static func applyRevisionsInForce(_ manual: inout Manual, _ inForce: [String: Document]) {
        for (index, document) in manual.documents.enumerated() {
            guard var current = inForce[document.id] else {
                // Approved for a later date, and nothing before it in force: not in force yet.
                if document.status == .approved, isPending(document, today: manual.today) { manual.documents[index].facts.awaitsEffectiveDate = true }
                continue
            }
            let pendingRevision = document.facts.revisions.last { !$0.isBeforeGit && $0.label == (document.revision ?? "—") }
            current.facts = document.facts
            current.facts.sinceApproval = nil
            current.facts.pending = PendingRevision(document: document, since: pendingRevision?.commits.first?.day)
            // A finding about the revision in force points at the file as it is now.
            current.keyLines = document.keyLines
            manual.documents[index] = current
        }
    }
}
