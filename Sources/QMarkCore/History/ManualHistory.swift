import Foundation

/// Every document's git history, read in one pass over the log of the manual folder.
public struct ManualHistory: Sendable {
    /// Git revisions by document id, oldest first.
    public var revisions: [String: [Revision]] = [:]
    /// The fingerprint of each document's last committed version, to spot uncommitted edits.
    var committedFingerprint: [String: String] = [:]
    /// What each version of each document says of itself, by blob id (kept for the next build).
    var scans: [String: FrontMatterScan] = [:]
    /// Texts of versions already read (those whose front-matter was scanned this build); the
    /// others a build needs are read before rendering (`texts(including:)`).
    var texts = RevisionTexts()
    /// Why there is no git history, if there is none.
    public var notice: String?
    /// The repository, when there is one.
    public var repository: GitRepository?
    /// The commit the history ends at (`HEAD`, or the `--at` commit).
    public var head: String?
    /// Whether versions were read from git that the cache did not describe (so the cache must be written anew).
    var cacheIsStale = true
    /// The signatures of approving commits, verified against `site.yml` `allowed_signers`; empty when it names none.
    public var signatures: [String: CommitSignature] = [:]
    /// Whether approving commits were verified (an allowed-signers file was given and read).
    public var verifiesSignatures = false
    /// What the signatures were verified against (the allowed-signers file's bytes, or its blob): the same file and
    /// the same history need no second verification — a preview's updates do not run git again.
    var signersKey: String?

    public init(notice: String? = nil) {
        self.notice = notice
    }

    /// Reads the history of the manual folder up to `ref` (default `HEAD`).
    /// A manual outside git, or in a shallow clone, gets an empty history and a notice.
    /// Versions already described in `cache` (a previous build's) are not read again: a blob never changes.
    public static func load(manual: URL, upTo ref: String? = nil, cache: BuildCache? = nil) async throws -> ManualHistory {
        guard let repository = await GitRepository.find(manual: manual) else {
            return ManualHistory(notice: "the manual is not in a git repository; revision history comes from front-matter `history:` only")
        }
        if repository.isShallow {
            var history = ManualHistory(notice: "the repository is a shallow clone; revision history comes from front-matter `history:` only (fetch the full history with `git fetch --unshallow`)")
            history.repository = repository
            return history
        }
        let head: String
        do {
            head = try await repository.resolve(ref ?? "HEAD")
        } catch where ref == nil {
            var history = ManualHistory(notice: "the repository has no commits yet; revision history comes from front-matter `history:` only")
            history.repository = repository
            return history
        }
        let commits = try await repository.log(upTo: head)
        var scans = cache.map(HistoryCache.read(from:)) ?? [:]
        let unknown = Array(Set(commits.flatMap { $0.changes.compactMap(\.blob) }).subtracting(scans.keys))
        let contents = try await repository.blobs(unknown)
        let read = await parallelMap(Array(contents)) { blob, data in
            let text = (try? SourceText.decode(data)) ?? String(decoding: data, as: UTF8.self)
            return (blob: blob, scan: FrontMatterScan(text), text: text)
        }
        for version in read { scans[version.blob] = version.scan }
        var history = ManualHistory.build(commits: commits, scans: scans, manualPrefix: repository.manualPrefix)
        history.cacheIsStale = !unknown.isEmpty
        history.repository = repository
        // The texts just read are the ones history pages compare: kept, they need not be read from git again.
        history.texts = RevisionTexts(byBlob: Dictionary(read.map { ($0.blob, $0.text) }, uniquingKeysWith: { first, _ in first }))
        history.head = head
        return history
    }

    /// Groups the commits that wrote each document (followed by its `id`, whatever its path) into revisions.
    static func build(commits: [GitLog.Commit], scans: [String: FrontMatterScan], manualPrefix: String) -> ManualHistory {
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
        history.scans = scans
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
                    isEditorial: version.commit.isEditorial, blob: version.blob, fingerprint: version.scan.fingerprint,
                    approvalTrailers: version.commit.trailers("Approved-by"))
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
                // The approval date is the `effective` date in force at the approving commit; the commit's own date otherwise.
                let approving = revision.approval ?? revision.last
                let scan = approving.flatMap { scans[$0.blob] }
                if let effective = scan?.effective, DayDate(effective) != nil {
                    revision.date = effective
                    revision.dateSource = .effective
                } else {
                    revision.date = approving?.day
                    revision.dateSource = .commit
                }
                revision.declaredApprover = scan?.approver
                if let change = revision.last.flatMap({ scans[$0.blob]?.change }) {
                    revision.summary = change
                } else {
                    revision.summary = revision.commits.first?.subject ?? ""
                    revision.summaryIsCommitSubject = true
                }
                revisions[index] = revision
            }
            history.revisions[id] = revisions
            history.committedFingerprint[id] = list.last?.scan.fingerprint
        }
        return history
    }
}

/// Texts of document versions by blob id: read from git before rendering, never during it.
public struct RevisionTexts: Sendable {
    var byBlob: [String: String] = [:]

    /// The text of a document at a revision's last commit.
    func text(of revision: Revision) -> String? { revision.last.flatMap { byBlob[$0.blob] } }
}

extension ManualHistory {
    /// The texts of these versions, reading from git (in one `git cat-file --batch`) those not read yet.
    func texts(including blobs: Set<String>) async throws -> RevisionTexts {
        let missing = blobs.filter { texts.byBlob[$0] == nil }
        guard let repository, !missing.isEmpty else { return texts }
        let contents = try await repository.blobs(Array(missing))
        let decoded = await parallelMap(Array(contents)) { blob, data in (blob, (try? SourceText.decode(data)) ?? String(decoding: data, as: UTF8.self)) }
        var all = texts
        for (blob, text) in decoded { all.byBlob[blob] = text }
        return all
    }
}

/// The scans of a previous build, by blob id (`history` in the build cache).
enum HistoryCache {
    static let fileName = "history"

    static func read(from cache: BuildCache) -> [String: FrontMatterScan] {
        guard let text = cache.read(fileName) else { return [:] }
        var scans: [String: FrontMatterScan] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            // Lines of an older layout (without effective date and approver) are read again from git.
            guard fields.count == 8, fields[0].count >= 40 else { continue }
            let optional = { (value: String) in value.isEmpty ? nil : value }
            scans[fields[0]] = FrontMatterScan(id: optional(fields[1]), revision: optional(fields[2]), status: optional(fields[3]),
                                               change: optional(fields[4]), effective: optional(fields[5]), approver: optional(fields[6]),
                                               fingerprint: fields[7])
        }
        return scans
    }

    static func text(_ scans: [String: FrontMatterScan]) -> String {
        let clean = { (value: String?) in (value ?? "").replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
        return scans.sorted { $0.key < $1.key }.map { blob, scan in
            [blob, clean(scan.id), clean(scan.revision), clean(scan.status), clean(scan.change), clean(scan.effective), clean(scan.approver),
             scan.fingerprint].joined(separator: "\t")
        }.joined(separator: "\n") + "\n"
    }
}
