/// The parts of pages that repeat once per revision: each revision's section on a document's
/// history page (its data, the changes to the document's data in words, the redline of its text,
/// its commits) and each row of the history table on a document page.
///
/// Written by QMark rather than through templates, like the redlines inside them: a manual of
/// 10,000 documents with 5 revisions each has 50,000 of each, and a template engine resolving
/// every value by name would make a build with history several times slower than one without.
/// `history.mustache` and `document.mustache` lay out the pages around this HTML; `qmark.css`
/// styles it.
struct HistoryHTML {
    let labels: Labels

    /// What a section shows; `changes` is nil for the first revision in git.
    struct Content {
        var revision: Revision
        /// The document's page, relative to the history page.
        var documentURL: String
        var documentID: String
        /// Labels and in-page addresses of the revisions before and after, when there are.
        var previous: (label: String, url: String?)?
        var next: (label: String, url: String)?
        var changes: (metadata: [String], redline: Redline)?
        /// The text of the revision (shown whole for the first revision in git).
        var text: String
    }

    /// A revision's section: `id` is its address on the page, `heading` its title.
    func section(_ content: Content, id: String, heading: String) -> String {
        let revision = content.revision
        var html = "<section class=\"qm-revision\" id=\"\(HTML.escape(id))\">\n<h2>\(HTML.escape(heading))</h2>\n"
        html.reserveCapacity(content.changes?.redline.html.utf8.count ?? content.text.utf8.count + 2_048)
        func text(_ string: String) -> String { HTML.escape(string) }
        func label(_ key: String) -> String { HTML.escape(labels[key]) }

        html += "<dl class=\"qm-meta-grid\">\n"
        html += "  <div><dt>\(label("revision"))</dt><dd>\(text(revision.label))</dd></div>\n"
        html += "  <div><dt>\(label("status"))</dt><dd>"
        if let status = revision.status {
            html += "<span class=\"qm-badge qm-status-\(status.rawValue)\">\(text(labels.status(status)))</span>"
        }
        html += "</dd></div>\n"
        html += "  <div><dt>\(label("date"))</dt><dd>\(dateCell(revision))</dd></div>\n"
        html += "  <div><dt>\(label("approved.by"))</dt><dd>\(approverCell(revision))</dd></div>\n"
        html += "  <div><dt>\(label("current.revision"))</dt><dd><a href=\"\(text(content.documentURL))\">\(text(content.documentID))</a></dd></div>\n"
        html += "</dl>\n"
        html += "<p>\(summaryCell(revision))</p>\n"

        if content.previous != nil || content.next != nil {
            html += "<p class=\"qm-pager\">"
            if let previous = content.previous {
                html += "<span>← \(label("previous.revision")): "
                html += previous.url.map { "<a href=\"\(text($0))\">\(text(previous.label))</a>" } ?? text(previous.label)
                html += "</span>"
            }
            if let next = content.next {
                html += "<span>\(label("next.revision")): <a href=\"\(text(next.url))\">\(text(next.label))</a> →</span>"
            }
            html += "</p>\n"
        }

        html += "<h3>\(label("metadata.changes"))</h3>\n"
        if let changes = content.changes {
            if changes.metadata.isEmpty {
                html += "<p class=\"qm-muted\">\(label("no.metadata.changes"))</p>\n"
            } else {
                html += "<ul class=\"qm-metadata-changes\">"
                for line in changes.metadata { html += "<li>\(text(line))</li>" }
                html += "</ul>\n"
            }
        } else {
            html += "<p class=\"qm-muted\">\(label("first.revision"))</p>\n"
        }

        html += "<h3>\(label("body.changes"))</h3>\n"
        if let changes = content.changes {
            if changes.redline.isUnchanged {
                html += "<p class=\"qm-muted\">\(label("no.body.changes"))</p>\n"
            } else {
                html += "<p class=\"qm-muted\">\(label("redline.legend")) <span class=\"qm-count-ins\">+\(changes.redline.insertions) \(label("insertions"))</span>"
                    + " <span class=\"qm-count-del\">−\(changes.redline.deletions) \(label("deletions"))</span></p>\n"
                html += "<div class=\"qm-redline\">\(changes.redline.html)</div>\n"
            }
        } else {
            html += "<div class=\"qm-redline\"><div class=\"qm-same\">\(text(content.text))</div></div>\n"
        }

        html += "<h3>\(label("commits"))</h3>\n"
        html += "<div class=\"qm-table-wrap\"><table class=\"qm-table\">\n"
        html += "  <thead><tr><th>\(label("commit"))</th><th>\(label("date"))</th><th>\(label("author"))</th><th>\(label("summary.change"))</th></tr></thead>\n"
        html += "  <tbody>"
        for commit in revision.commits.reversed() {
            html += "<tr><td><code title=\"\(commit.id)\">\(commit.shortID)</code></td><td class=\"qm-nowrap\">\(text(commit.day))</td>"
            html += "<td>\(text(commit.author))</td><td>\(text(commit.summary))\(badges(commit))</td></tr>"
        }
        html += "</tbody>\n</table></div>\n</section>\n"
        return html
    }

    /// After a commit's summary: whether it was marked editorial, and the approval it records.
    private func badges(_ commit: HistoryCommit) -> String {
        var html = ""
        if commit.isEditorial { html += " <span class=\"qm-badge\">\(HTML.escape(labels["editorial"]))</span>" }
        if let approvedBy = commit.approvedBy {
            html += " <span class=\"qm-badge qm-status-approved\">\(HTML.escape(labels["approved.by"])): \(HTML.escape(approvedBy))</span>"
        }
        return html
    }

    /// A revision's date, the approval date; a commit's date when no effective date says it, marked so.
    func dateCell(_ revision: Revision) -> String {
        var html = HTML.escape(revision.date ?? "—")
        if revision.dateSource == .commit, revision.date != nil {
            html += "<br><span class=\"qm-muted qm-record-note\">\(HTML.escape(labels["date.commit"]))</span>"
        }
        return html
    }

    /// Who approved: evidenced by an `Approved-by:` trailer, or only declared in the document — visibly different.
    func approverCell(_ revision: Revision) -> String {
        if let trailer = revision.approvedBy {
            switch revision.evidence {
            case .signed(let signer):
                return "\(HTML.escape(trailer)) <span class=\"qm-evidence qm-signed\" title=\"\(HTML.escape(labels["approval.signed.title"].filling(signer)))\">✓ \(HTML.escape(labels["approval.signed"]))</span>"
            case let failure where failure.isFailure:
                return "\(HTML.escape(trailer))<br><span class=\"qm-warn qm-record-note\">⚠ \(HTML.escape(labels["approval.\(failure.name ?? "")"]))</span>"
            default:
                return "\(HTML.escape(trailer)) <span class=\"qm-evidence\" title=\"\(HTML.escape(labels["approval.evidenced"]))\">✓ Approved-by</span>"
            }
        }
        guard let declared = revision.declaredApprover else { return "" }
        return "\(HTML.escape(declared))<br><span class=\"qm-muted qm-record-note\">\(HTML.escape(labels["approval.declared"]))</span>"
    }

    /// What changed: the `change:` note, or the commit subject marked as such.
    func summaryCell(_ revision: Revision) -> String {
        guard revision.summaryIsCommitSubject else { return HTML.escape(revision.summary) }
        return "<span class=\"qm-muted qm-record-note\">\(HTML.escape(labels["summary.commit"])):</span> <span class=\"qm-commit-subject\">\(HTML.escape(revision.summary))</span>"
    }

    /// The rows of a document page's history table, newest revision first.
    func tableRows(_ revisions: [Revision], root: String) -> String {
        func text(_ string: String) -> String { HTML.escape(string) }
        func label(_ key: String) -> String { HTML.escape(labels[key]) }
        var html = ""
        for revision in revisions.reversed() {
            html += "<tr>\n<td class=\"qm-nowrap\"><strong>\(text(revision.label))</strong></td>\n<td>"
            if let status = revision.status {
                html += "<span class=\"qm-badge qm-status-\(status.rawValue)\">\(text(labels.status(status)))</span>"
            }
            if revision.isBeforeGit { html += "<span class=\"qm-muted\">\(label("before.git"))</span>" }
            html += "</td>\n<td class=\"qm-nowrap\" data-label=\"\(label("date"))\">\(dateCell(revision))</td>\n<td data-label=\"\(label("approved.by"))\">\(approverCell(revision))"
            if let approval = revision.approval, approval.approvedBy != nil {
                html += "<br><span class=\"qm-muted\">\(label("approval.record")): <code>\(approval.shortID)</code></span>"
            }
            html += "</td>\n<td data-label=\"\(label("summary.change"))\">\(summaryCell(revision))"
            if !revision.changesAfterApproval.isEmpty {
                html += "<br><span class=\"qm-warn\">⚠ \(revision.changesAfterApproval.count)</span>"
            }
            if !revision.commits.isEmpty {
                html += "\n<details class=\"qm-commits\"><summary>\(label("commits")) (\(revision.commits.count))</summary><ul>"
                for commit in revision.commits.reversed() {
                    html += "<li><code title=\"\(commit.id)\">\(commit.shortID)</code> \(text(commit.day)) \(text(commit.author)) — \(text(commit.summary))\(badges(commit))</li>"
                }
                html += "</ul></details>"
            }
            html += "</td>\n<td class=\"qm-nowrap qm-screen-only\">"
            if let url = revision.url { html += "<a href=\"\(text(root + url))\">\(label("compare")) →</a>" }
            html += "</td>\n</tr>\n"
        }
        return html
    }
}
