import Foundation

/// What changed in the manual since a commit: the answer to an auditor's "changes since the
/// last audit" and an input to management review (`qmark changes --since REF`).
public struct ChangeReport: Sendable {
    /// How a document changed.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// `pending`: the revision in force is the same, and a revision made since waits beside it (a draft, in review, approved for a later date).
        case added, revised, withdrawn, edited, pending, removed
    }

    public struct Entry: Sendable {
        public var id: String
        public var title: String
        public var kind: Kind
        public var fromRevision: String?
        public var toRevision: String?
        public var status: String?
        /// Commits since the reference that changed the document, oldest first.
        public var commits: [HistoryCommit]
        /// Pages of the revisions made since the reference, relative to the site root.
        public var redlines: [String]
        /// The labels of those revisions, in the same order.
        public var redlineLabels: [String] = []
        /// The document's page, relative to the site root (nil when it was removed).
        public var url: String?
        /// The revision waiting beside the one in force: `C (review)`, `C (approved, in force from 2027-01-04)`.
        public var pending: String?
    }

    public var ref: String
    public var commit: String
    public var date: String
    public var entries: [Entry]

    /// Compares the manual now (its files as they are) with the manual at `ref`.
    public static func since(_ ref: String, manual: Manual) async throws -> ChangeReport {
        guard let repository = manual.history.repository else {
            throw Pipeline.Failure.notInGit("the manual")
        }
        let commit = try await repository.resolve(ref)
        let date = String(decoding: try await repository.git(["show", "-s", "--format=%aI", commit]), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let before = Set(String(decoding: try await repository.git(["rev-list", commit]), as: UTF8.self).split(separator: "\n").map(String.init))
        // The manual at the reference: id, revision, status and content of each document.
        let tree = try await repository.tree(at: commit).filter { $0.key.lowercased().hasSuffix(".md") || $0.key.lowercased().hasSuffix(".markdown") }
        let contents = try await repository.blobs(Array(Set(tree.values)))
        // Read by the same front-matter reader as the manual now.
        var then: [String: Document] = [:]
        for (path, blob) in tree {
            guard let data = contents[blob], let document = DocumentParser().parse(SourceFile(path: path, data: data)).document else { continue }
            then[document.id] = document
        }
        var entries: [Entry] = []
        for document in manual.documents {
            let revisions = document.facts.revisions
            let newCommits = revisions.flatMap(\.commits).filter { !before.contains($0.id) }
            let revised = revisions.filter { revision in revision.url != nil && revision.commits.contains { !before.contains($0.id) } }
            let redlines = revised.compactMap(\.url)
            let old = then[document.id]
            let kind: Kind
            if old == nil {
                kind = .added
            } else if document.status == .obsolete, old?.status != .obsolete {
                kind = .withdrawn
            } else if old?.revision != document.revision {
                kind = .revised
            } else if old?.fingerprint != document.fingerprint {
                kind = .edited
            } else if document.facts.pending != nil, !newCommits.isEmpty {
                kind = .pending
            } else {
                continue
            }
            // The revisions are those in force now; one waiting beside it is said, with when it takes effect.
            let pending = document.facts.pending.map { next in
                let label = next.document.revision ?? "—"
                return next.takesEffect.map { "\(label) (approved, in force from \($0))" } ?? "\(label) (\(next.document.status.rawValue))"
            }
            entries.append(Entry(id: document.id, title: document.title, kind: kind, fromRevision: old?.revision,
                                 toRevision: document.revision, status: document.status.rawValue, commits: newCommits,
                                 redlines: redlines, redlineLabels: revised.map(\.label), url: SiteLinks.documentURL(document.id),
                                 pending: pending))
        }
        for (id, old) in then where manual[id: id] == nil {
            entries.append(Entry(id: id, title: old.title, kind: .removed, fromRevision: old.revision, toRevision: nil,
                                 status: nil, commits: [], redlines: [], url: nil))
        }
        let order = Dictionary(uniqueKeysWithValues: Kind.allCases.enumerated().map { ($1, $0) })
        entries.sort { a, b in
            order[a.kind]! != order[b.kind]! ? order[a.kind]! < order[b.kind]! : DocumentOrder.areInIncreasingOrder(a.id, b.id)
        }
        return ChangeReport(ref: ref, commit: commit, date: date, entries: entries)
    }
}

// MARK: - Formats

extension ChangeReport {
    /// One line per document, aligned, for a terminal.
    public func text(siteURL: String = "") -> String {
        var lines = ["Changes since \(ref) (\(commit.prefix(8)), \(date.prefix(10))): \(entries.count) document\(entries.count == 1 ? "" : "s")"]
        let idWidth = entries.map(\.id.count).max() ?? 4
        for entry in entries {
            let revisions = revisionText(entry)
            var line = "  \(entry.kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0))"
                + "\(entry.id.padding(toLength: idWidth + 2, withPad: " ", startingAt: 0))\(entry.title)  [\(revisions)]"
            if !entry.commits.isEmpty { line += " \(entry.commits.count) commit\(entry.commits.count == 1 ? "" : "s")" }
            if let pending = entry.pending { line += "; pending: \(pending)" }
            for redline in entry.redlines { line += "\n      \(siteURL)\(redline)" }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Markdown table, for a management review input or an audit report.
    public func markdown(siteURL: String = "") -> String {
        var lines = ["## Changes since \(ref) (\(commit.prefix(8)), \(date.prefix(10)))", "",
                     "| Change | Document | Title | Revision | Commits | Redlines |", "|---|---|---|---|---:|---|"]
        for entry in entries {
            let escape = { (text: String) in text.replacingOccurrences(of: "|", with: "\\|") }
            let document = entry.url.map { "[\(entry.id)](\(siteURL)\($0))" } ?? entry.id
            let redlines = zip(entry.redlineLabels, entry.redlines).map { "[\(escape($0))](\(siteURL)\($1))" }.joined(separator: " ")
            let revision = revisionText(entry) + (entry.pending.map { " (pending: \(escape($0)))" } ?? "")
            lines.append("| \(entry.kind.rawValue) | \(document) | \(escape(entry.title)) | \(revision) | \(entry.commits.count) | \(redlines) |")
        }
        if entries.isEmpty { lines.append("| — | — | no changes | | | |") }
        return lines.joined(separator: "\n") + "\n"
    }

    public func json(siteURL: String = "") throws -> Data {
        struct CommitJSON: Encodable { var commit, date, author, summary: String; var editorial: Bool }
        struct EntryJSON: Encodable {
            var id, title, change: String
            var fromRevision, toRevision, status, url, pending: String?
            var commits: [CommitJSON]
            var redlines: [String]
        }
        struct ReportJSON: Encodable { var since: String; var commit: String; var date: String; var documents: [EntryJSON] }
        let report = ReportJSON(since: ref, commit: commit, date: date, documents: entries.map { entry in
            EntryJSON(id: entry.id, title: entry.title, change: entry.kind.rawValue, fromRevision: entry.fromRevision,
                      toRevision: entry.toRevision, status: entry.status, url: entry.url.map { siteURL + $0 }, pending: entry.pending,
                      commits: entry.commits.map { CommitJSON(commit: $0.id, date: $0.date, author: $0.author, summary: $0.summary, editorial: $0.isEditorial) },
                      redlines: entry.redlines.map { siteURL + $0 })
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(report)
    }

    private func revisionText(_ entry: Entry) -> String {
        switch entry.kind {
        case .revised: return "\(entry.fromRevision ?? "—") → \(entry.toRevision ?? "—")"
        case .added: return entry.toRevision ?? "—"
        default: return entry.toRevision ?? entry.fromRevision ?? "—"
        }
    }
}
