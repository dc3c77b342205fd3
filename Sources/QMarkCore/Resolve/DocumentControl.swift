/// Document control (ISO 9001 7.5.2–7.5.3): revisions from git and front-matter, revision
/// discipline, approval evidence, supersession and periodic review.
extension Resolver {
    /// Gives each document its revisions and checks them against its front-matter.
    static func attachHistory(_ manual: inout Manual) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for (index, document) in manual.documents.enumerated() {
            var revisions = document.priorHistory.map { prior in
                Revision(label: prior.revision, status: .approved, commits: [], date: prior.date?.description, summary: prior.summary,
                         approvedBy: nil, approval: nil, changesAfterApproval: [], isBeforeGit: true, dateSource: .frontMatter,
                         declaredApprover: prior.approver)
            }
            var usedNames = Set<String>()
            for var revision in manual.history.revisions[document.id] ?? [] {
                var name = "r-" + SiteLinks.fileName(revision.label)
                while !usedNames.insert(name).inserted { name += "-" }
                revision.url = SiteLinks.revisionURL(document: document.id, anchor: name)
                revision.evidence = evidence(of: revision, history: manual.history)
                revisions.append(revision)
            }
            for index in revisions.indices where revisions[index].isBeforeGit {
                revisions[index].evidence = revisions[index].declaredApprover == nil ? .none : .declared
            }
            manual.documents[index].facts.revisions = revisions
            manual.documents[index].facts.sinceApproval = sinceApproval(document, revisions: revisions, manual: manual)
            // An external document's edition is its issuer's: no revision discipline of ours.
            guard document.type != .external else { continue }
            found += checkRevisionDiscipline(document, revisions: revisions, manual: manual)
            found += checkRevisionRecord(document, revisions: revisions, effectiveWithinDays: manual.config.effectiveWithinDays)
            found += checkApprovalTrailers(document, revisions: revisions)
        }
        noteUncommitted(&manual)
        return found
    }

    /// A manual in git whose documents are not all committed yet hears so, as a manual outside git does.
    static func noteUncommitted(_ manual: inout Manual) {
        guard manual.history.repository != nil, manual.history.notice == nil else { return }
        let uncommitted = manual.documents.filter { manual.history.revisions[$0.id] == nil }.map(\.sourcePath)
        guard let first = uncommitted.first else { return }
        let examples = uncommitted.count == 1 ? first : "\(first) and \(uncommitted.count - 1) more"
        manual.notes.append("\(uncommitted.count) of \(manual.documents.count) documents are not committed to git yet (\(examples)); "
            + "their revision history starts with their first commit")
    }

    /// The git revision the document's current front-matter belongs to, when it has been committed.
    static func currentRevision(of document: Document, in revisions: [Revision]) -> Revision? {
        guard let last = revisions.last, !last.isBeforeGit, last.label == (document.revision ?? "—") else { return nil }
        return last
    }

    /// What happened to an approved, committed revision since its approval: commits that are not
    /// editorial, or changes not yet committed.
    static func sinceApproval(_ document: Document, revisions: [Revision], manual: Manual) -> DocumentFacts.SinceApproval? {
        guard document.status == .approved, let current = currentRevision(of: document, in: revisions), current.approval != nil else { return nil }
        if !current.changesAfterApproval.isEmpty { return .changed(commits: current.changesAfterApproval.count) }
        if let committed = manual.history.committedFingerprint[document.id], committed != document.fingerprint { return .uncommitted }
        return nil
    }

    /// What the revision record of an approved document must say for an audit: what changed, and
    /// dates and labels in order.
    static func checkRevisionRecord(_ document: Document, revisions: [Revision], effectiveWithinDays: Int) -> [Diagnostic] {
        // The record is git's: a document not committed yet has no revision in it to check.
        guard document.status == .approved, let current = currentRevision(of: document, in: revisions) else { return [] }
        var found: [Diagnostic] = []
        let file = document.sourcePath, label = document.revision ?? "—"
        if document.change?.isEmpty ?? true {
            found.append(.warning(.revisionWithoutChange, file, document.line(of: .revision),
                "revision \(label) is approved but does not say what changed; add `change: …` (ISO 9001 7.5.3.2: changes are identified)"))
        }
        let position = revisions.count - 1
        let previous = position > 0 ? revisions[position - 1] : nil
        if let effective = document.effective, let approval = current.approval, let committed = DayDate(approval.day),
           effective.ordinal - committed.ordinal > effectiveWithinDays {
            found.append(.warning(.revisionInconsistent, file, document.line(of: .effective),
                "`effective: \(effective)` is \(effective.ordinal - committed.ordinal) days after revision \(label) was approved (commit \(approval.shortID), \(approval.day)), more than the \(effectiveWithinDays) days `effective_within_days` allows; check the date"))
        }
        if let effective = document.effective, let previous, let before = previous.date.flatMap(DayDate.init), effective.ordinal < before.ordinal {
            found.append(.warning(.revisionInconsistent, file, document.line(of: .effective),
                "`effective: \(effective)` is before revision \(previous.label)'s date \(before); a revision takes effect after the one it replaces"))
        }
        if let previous, goesBackwards(from: previous.label, to: current.label) {
            found.append(.warning(.revisionInconsistent, file, document.line(of: .revision),
                "revision \(current.label) follows revision \(previous.label): the label goes backwards; give the new revision a later label"))
        }
        return found
    }

    /// `C` after `D`, `2` after `3`: labels of the same kind in decreasing order.
    static func goesBackwards(from previous: String, to current: String) -> Bool {
        let letters = { (label: String) in !label.isEmpty && label.allSatisfy { $0.isASCII && $0.isLetter } }
        let digits = { (label: String) in !label.isEmpty && label.allSatisfy { $0.isASCII && $0.isNumber } }
        guard (letters(previous) && letters(current)) || (digits(previous) && digits(current)) else { return false }
        return current.localizedStandardCompare(previous) == .orderedAscending
    }

    static func checkRevisionDiscipline(_ document: Document, revisions: [Revision], manual: Manual) -> [Diagnostic] {
        guard document.status == .approved, let current = currentRevision(of: document, in: revisions), current.approval != nil else { return [] }
        var found: [Diagnostic] = []
        let file = document.sourcePath, line = document.line(of: .revision), label = document.revision ?? "—"
        if let latest = current.changesAfterApproval.last {
            let count = current.changesAfterApproval.count
            found.append(.warning(.changedSinceApproval, file, line,
                "changed since revision \(label) was approved (\(count) commit\(count == 1 ? "" : "s"), latest \(latest.shortID) on \(latest.day) “\(latest.subject)”); "
                + "give it a new `revision`, or mark purely editorial commits with the trailer `Editorial: true`"))
        }
        if let committed = manual.history.committedFingerprint[document.id], committed != document.fingerprint,
           current.last?.fingerprint == committed {
            found.append(.warning(.changedSinceApproval, file, line,
                "has uncommitted changes since revision \(label) was approved; commit them with a new `revision`, or as `Editorial: true`"))
        }
        if manual.config.requireApprovalTrailer, current.approvedBy == nil {
            found.append(.error(.missingApprovalTrailer, file, line,
                "revision \(label) is approved but no commit of it carries an `Approved-by:` trailer, which site.yml requires; "
                + "commit the approval with a line `Approved-by: NAME` at the end of the message"))
        }
        if let trailer = current.approvedBy, let approver = document.approver, !sameApprover(trailer, approver) {
            found.append(.warning(.approverMismatch, file, document.line(of: .approver),
                "`approver: \(approver)` disagrees with the commit's `Approved-by: \(trailer)`; correct one of them"))
        }
        return found
    }

    /// What the approval trailers of every revision say, the older ones too: a commit naming two
    /// approvers (the record can show only one), and an older revision approved by someone other
    /// than the `approver` it declared (the current one is checked with the revision discipline).
    static func checkApprovalTrailers(_ document: Document, revisions: [Revision]) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let current = currentRevision(of: document, in: revisions)
        for revision in revisions where !revision.isBeforeGit {
            if revision.evidence.isFailure, let approval = revision.approval {
                found.append(.warning(.approvalSignature, document.sourcePath, document.line(of: .revision),
                    "revision \(revision.label)'s approval (commit \(approval.shortID), Approved-by: \(approval.approvedBy ?? "—")) "
                    + Self.failureText(revision.evidence) + "; the revision record shows it as unproven"))
            }
            for commit in revision.commits {
                var names: [String] = []
                for name in commit.approvalTrailers where !names.contains(where: { sameApprover($0, name) }) { names.append(name) }
                guard names.count > 1, let shown = commit.approvedBy else { continue }
                found.append(.warning(.approvalTrailerRepeated, document.sourcePath, document.line(of: .revision),
                    "commit \(commit.shortID) (revision \(revision.label), \(commit.day)) carries \(names.count) `Approved-by:` trailers ("
                    + names.joined(separator: "; ") + "); the revision record shows the last, \(shown); one approval is one trailer — name others as `Reviewed-by:`"))
            }
            guard revision.label != current?.label, let trailer = revision.approvedBy, let declared = revision.declaredApprover,
                  !sameApprover(trailer, declared) else { continue }
            found.append(.warning(.approverMismatch, document.sourcePath, document.line(of: .approver),
                "revision \(revision.label) declared `approver: \(declared)` but was approved with `Approved-by: \(trailer)`"
                + " (commit \(revision.approval?.shortID ?? "—")); git is not rewritten: say which is right in the next revision's `change:` note"))
        }
        return found
    }

    /// What evidences a git revision's approval: its approving commit's signature, verified against
    /// the allowed signers, and the approver its `Approved-by:` trailer names.
    static func evidence(of revision: Revision, history: ManualHistory) -> ApprovalEvidence {
        guard let approval = revision.approval, let trailer = approval.approvedBy else {
            return revision.declaredApprover == nil ? .none : .declared
        }
        guard history.verifiesSignatures, let signature = history.signatures[approval.id] else { return .trailer }
        switch signature.status {
        case "G":
            return signerMatches(signature.signer, trailer: trailer) ? .signed(signer: signature.signer) : .signerMismatch(signer: signature.signer)
        case "U": return .keyNotAllowed
        case "B": return .badSignature
        case "X", "Y", "R": return .expiredKey
        case "E": return .unverifiable
        default: return .trailer
        }
    }

    /// `check --require-signed-approvals`: each revision in force whose approval is not a verified signature.
    public static func unsignedApprovals(_ manual: Manual) -> [Diagnostic] {
        manual.documents.filter(\.isInForce).compactMap { document -> Diagnostic? in
            guard let revision = document.facts.revisions.last(where: { !$0.isBeforeGit && $0.label == (document.revision ?? "—") }) else {
                return .error(.unsignedApproval, document.sourcePath, document.line(of: .revision),
                    "revision \(document.revision ?? "—") is in force but has no approving commit in git to verify; commit its approval, signed")
            }
            if case .signed = revision.evidence { return nil }
            let why = manual.config.allowedSigners == nil ? "site.yml names no `allowed_signers` file to verify signatures against"
                : revision.evidence.isFailure ? "its approval " + failureText(revision.evidence)
                : revision.evidence == .trailer ? "its approving commit \(revision.approval?.shortID ?? "") is not signed"
                : "it has no `Approved-by:` commit"
            return .error(.unsignedApproval, document.sourcePath, document.line(of: .revision),
                "revision \(revision.label) is in force without a verified signature: \(why); the approver commits the approval with `git commit -S`")
        }
    }

    /// Why a signature does not evidence an approval, in words for a document controller.
    static func failureText(_ evidence: ApprovalEvidence) -> String {
        switch evidence {
        case .badSignature: "carries a signature that does not verify (the commit was changed after it was signed, or the signature is damaged)"
        case .keyNotAllowed: "is signed with a key the allowed-signers file does not list; add the approver's key to it"
        case .signerMismatch(let signer): "is signed by \(signer), not by the approver the trailer names"
        case .expiredKey: "is signed with a key that has expired or was revoked"
        case .unverifiable: "carries a signature git could not check"
        default: ""
        }
    }

    /// The allowed-signers principal (an e-mail address, usually) is the one the trailer names: `总经理 <gm@example.com>`.
    static func signerMatches(_ signer: String, trailer: String) -> Bool {
        let signer = signer.trimmedSpaces.lowercased()
        guard !signer.isEmpty else { return false }
        if let open = trailer.firstIndex(of: "<"), let close = trailer.lastIndex(of: ">"), open < close {
            return String(trailer[trailer.index(after: open)..<close]).trimmedSpaces.lowercased() == signer
        }
        return sameApprover(trailer, signer)
    }

    /// `总经理 陈志远 <chen@example.com>` matches `陈志远` and `总经理 陈志远`.
    static func sameApprover(_ trailer: String, _ approver: String) -> Bool {
        let normalise = { (text: String) -> String in
            var value = text
            if let open = value.firstIndex(of: "<") { value = String(value[..<open]) }
            return value.trimmedSpaces.lowercased()
        }
        let a = normalise(trailer), b = normalise(approver)
        return !a.isEmpty && !b.isEmpty && (a == b || a.contains(b) || b.contains(a))
    }

    // MARK: - Lifecycle

    static func checkSupersession(_ manual: inout Manual) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for (index, document) in manual.documents.enumerated() where document.status == .obsolete {
            manual.documents[index].facts.withdrawn = withdrawalDate(of: document, revisions: document.facts.revisions)
        }
        // An external document says what replaced it.
        for (index, document) in manual.documents.enumerated() {
            if let successor = document.external?.supersededBy, manual[id: successor] != nil { manual.documents[index].facts.supersededBy = successor }
        }
        for document in manual.documents {
            for target in document.supersedes {
                guard let old = manual[id: target.name] else {
                    found.append(.error(.unknownReference, document.sourcePath, target.line,
                        "`supersedes` names unknown document `\(target.name)`\(Suggestion.hint(for: target.name, in: manual.documents.map(\.id)))"))
                    continue
                }
                if document.status != .obsolete, let oldIndex = manual.index(of: old.id) { manual.documents[oldIndex].facts.supersededBy = document.id }
                if old.status != .obsolete, document.status == .approved {
                    found.append(.warning(.supersedesCurrent, document.sourcePath, target.line,
                        "supersedes \(old.id), which is still \(old.status.rawValue); set its `status: obsolete` and `withdrawn:` date"))
                }
            }
        }
        return found
    }

    /// When an obsolete document was withdrawn: `withdrawn:`, else the commit that made it obsolete.
    static func withdrawalDate(of document: Document, revisions: [Revision]) -> DayDate? {
        if let withdrawn = document.withdrawn { return withdrawn }
        // The first commit of the trailing run of commits in which the document was obsolete.
        let commits = revisions.flatMap(\.commits)
        let obsoleteTail = commits.reversed().prefix { $0.status == .obsolete }
        return obsoleteTail.last.flatMap { DayDate($0.day) }
    }

    // MARK: - Periodic review

    /// When an approved document is next due for review: its last review (or its effective date)
    /// plus its interval. Nil when it has neither date, or is not approved.
    static func nextReview(of document: Document, config: SiteConfig) -> DayDate? {
        guard document.status == .approved, let basis = document.reviewed ?? document.effective else { return nil }
        return basis.adding(months: document.reviewIntervalMonths ?? config.reviewIntervalMonths)
    }

    /// Gives each approved document its next review and whether it is overdue, due within
    /// `DocumentFacts.reviewDueWithinDays`, or on schedule (a document with no date to count from is due).
    static func scheduleReviews(_ manual: inout Manual) {
        let today = manual.today
        for (index, document) in manual.documents.enumerated() where document.status == .approved && document.type != .external {
            let next = nextReview(of: document, config: manual.config)
            let state: DocumentFacts.Review.State
            if let next {
                let days = today.days(until: next)
                state = days < 0 ? .overdue : days <= DocumentFacts.reviewDueWithinDays ? .due : .ok
            } else {
                state = .due
            }
            manual.documents[index].facts.review = DocumentFacts.Review(next: next, state: state)
        }
    }

    static func checkReviews(_ manual: Manual) -> [Diagnostic] {
        manual.documents.compactMap { document in
            guard document.type != .external, let next = nextReview(of: document, config: manual.config), next < manual.today else { return nil }
            let interval = document.reviewIntervalMonths ?? manual.config.reviewIntervalMonths
            let last = document.reviewed.map { "last reviewed \($0)" } ?? "effective \(document.effective?.description ?? "?"), never reviewed"
            return .warning(.reviewOverdue, document.sourcePath, document.writtenLine(of: .reviewed) ?? document.line(of: .effective),
                "overdue for periodic review since \(next) (\(last), every \(interval) months); review it and record `reviewed: \(manual.today)`")
        }
    }
}
