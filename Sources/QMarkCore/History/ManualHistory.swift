import Foundation

/// Every document's git history, read in one pass over the log of the manual folder.
public struct ManualHistory: Sendable {
    /// Git revisions by document id, oldest first.
    public var revisions: [String: [Revision]] = [:]
    /// The fingerprint of each document's last committed version, to spot uncommitted edits.
    var committedFingerprint: [String: Int] = [:]
    /// Texts of the versions revision pages compare, by blob id.
    var texts: [String: String] = [:]
    /// Why there is no git history, if there is none.
    public var notice: String?
    /// The repository, when there is one.
    public var repository: GitRepository?
    /// The commit the history ends at (`HEAD`, or the `--at` commit).
    public var head: String?

    public init(notice: String? = nil) { self.notice = notice }

    /// Reads the history of the manual folder up to `ref` (default `HEAD`).
    /// A manual outside git, or in a shallow clone, gets an empty history and a notice.
    public static func load(manual: URL, upTo ref: String? = nil) throws -> ManualHistory {
        guard let repository = GitRepository.find(manual: manual) else {
            return ManualHistory(notice: "the manual is not in a git repository; revision history comes from front-matter `history:` only")
        }
        if repository.isShallow {
            var history = ManualHistory(notice: "the repository is a shallow clone; revision history comes from front-matter `history:` only (fetch the full history with `git fetch --unshallow`)")
            history.repository = repository
            return history
        }
        let head: String
        do {
            head = try repository.resolve(ref ?? "HEAD")
        } catch where ref == nil {
            var history = ManualHistory(notice: "the repository has no commits yet; revision history comes from front-matter `history:` only")
            history.repository = repository
            return history
        }
        let commits = try repository.log(upTo: head)
        let blobIDs = Array(Set(commits.flatMap { $0.changes.compactMap(\.blob) }))
        let contents = try repository.blobs(blobIDs)
        var history = ManualHistory.build(commits: commits, contents: contents, manualPrefix: repository.manualPrefix)
        history.repository = repository
        history.head = head
        return history
    }

    /// Groups the commits that wrote each document (followed by its `id`, whatever its path) into revisions.
    static func build(commits: [GitLog.Commit], contents: [String: Data], manualPrefix: String) -> ManualHistory {
        var scans: [String: FrontMatterScan] = [:]
        var texts: [String: String] = [:]
        for (blob, data) in contents {
            let text = (try? SourceText.decode(data)) ?? String(decoding: data, as: UTF8.self)
            scans[blob] = FrontMatterScan(text)
            texts[blob] = text
        }
        struct Version { var commit: GitLog.Commit; var blob: String; var scan: FrontMatterScan }
        var versions: [String: [Version]] = [:]
        for commit in commits.reversed() {
            for change in commit.changes where change.path.hasPrefix(manualPrefix) {
                guard let blob = change.blob, let scan = scans[blob], let id = scan.id,
                      change.path.lowercased().hasSuffix(".md") || change.path.lowercased().hasSuffix(".markdown")
                else { continue }
                versions[id, default: []].append(Version(commit: commit, blob: blob, scan: scan))
            }
        }
        var history = ManualHistory()
        var needed = Set<String>()
        for (id, list) in versions {
            var revisions: [Revision] = []
            var lastBlob: String?
            for version in list {
                // A commit that wrote the very same bytes (a move) is no change to the document.
                if version.blob == lastBlob { continue }
                lastBlob = version.blob
                let commit = HistoryCommit(
                    id: version.commit.id, date: version.commit.date, author: version.commit.author,
                    summary: version.scan.change ?? version.commit.subject, subject: version.commit.subject,
                    status: version.scan.status.flatMap(DocumentStatus.init(rawValue:)),
                    isEditorial: version.commit.isEditorial, approvedBy: version.commit.trailer("Approved-by"),
                    blob: version.blob, fingerprint: version.scan.fingerprint)
                let label = version.scan.revision ?? "—"
                let status = version.scan.status.flatMap(DocumentStatus.init(rawValue:))
                if revisions.last?.label != label {
                    revisions.append(Revision(label: label, status: status, commits: [], date: nil, summary: "",
                                              approvedBy: nil, approval: nil, changesAfterApproval: [], isBeforeGit: false))
                }
                var revision = revisions.removeLast()
                if revision.approval != nil, !commit.isEditorial, commit.fingerprint != revision.commits.last?.fingerprint {
                    revision.changesAfterApproval.append(commit)
                }
                revision.commits.append(commit)
                revision.status = status
                if revision.approval == nil, status == .approved { revision.approval = commit }
                revisions.append(revision)
            }
            for index in revisions.indices {
                var revision = revisions[index]
                revision.approvedBy = revision.commits.lazy.compactMap(\.approvedBy).last
                revision.date = (revision.approval ?? revision.last)?.day
                revision.summary = revision.last.flatMap { last in
                    scans[last.blob]?.change } ?? revision.commits.first?.subject ?? ""
                revisions[index] = revision
                if let blob = revision.last?.blob { needed.insert(blob) }
            }
            history.revisions[id] = revisions
            history.committedFingerprint[id] = list.last?.scan.fingerprint
        }
        history.texts = texts.filter { needed.contains($0.key) }
        return history
    }

    /// The text of a document at a revision's last commit.
    public func text(of revision: Revision) -> String? {
        revision.last.flatMap { texts[$0.blob] }
    }
}
