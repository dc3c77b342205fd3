/// A commit as a document's history shows it.
public struct HistoryCommit: Sendable, Hashable {
    public var id: String
    /// ISO 8601 author date.
    public var date: String
    public var author: String
    /// The commit subject, or the document's `change:` note at that commit when it has one.
    public var summary: String
    public var subject: String
    /// The document's status in this commit.
    public var status: DocumentStatus?
    /// Marked `Editorial: true`: a change that needs no new revision.
    public var isEditorial: Bool
    /// The blob of the document this commit wrote, and its content fingerprint.
    var blob: String
    var fingerprint: String
    /// Every `Approved-by:` trailer of the commit, in order: more than one says two things.
    public var approvalTrailers: [String] = []

    /// The `Approved-by:` trailer, if any (the last, when there are several).
    public var approvedBy: String? { approvalTrailers.last }

    public var shortID: String { String(id.prefix(8)) }
    /// `YYYY-MM-DD` of the author date.
    public var day: String { String(date.prefix(10)) }
}

/// One revision of a document: from git, the commits made while its `revision` label was the
/// same; from front-matter `history:`, a revision made before the manual moved to git.
public struct Revision: Sendable {
    public var label: String
    /// The status in the revision's last commit (nil for pre-git revisions).
    public var status: DocumentStatus?
    /// Oldest first; empty for pre-git revisions.
    public var commits: [HistoryCommit]
    /// `YYYY-MM-DD`, the approval date: the `effective` date in force at the revision, else the
    /// approving commit's (else the last commit's), else from front-matter `history:`.
    public var date: String?
    public var summary: String
    /// Who approved: the `Approved-by:` trailer, or the front-matter `approver` of a pre-git entry.
    public var approvedBy: String?
    /// The first commit in which the document had this label and `status: approved`.
    public var approval: HistoryCommit?
    /// Commits after the approval that changed the content without a new revision and were not marked editorial.
    public var changesAfterApproval: [HistoryCommit]
    /// From front-matter `history:` rather than git.
    public var isBeforeGit: Bool
    /// Where the revision's page is, relative to the site root (nil for pre-git revisions).
    public var url: String?
    /// Where `date` comes from: the `effective` date in force at the revision (its approval date),
    /// the approving (or last) commit, or a front-matter `history:` entry.
    public var dateSource: DateSource = .commit
    /// No `change:` note described the revision: `summary` is the subject of its first commit.
    public var summaryIsCommitSubject = false
    /// The front-matter `approver` at the revision: what was declared, where `approvedBy` is what an
    /// `Approved-by:` trailer evidences.
    public var declaredApprover: String?
    /// What evidences the approval: a verified signature, a trailer, a declaration, or what is wrong with the signature.
    public var evidence: ApprovalEvidence = .none

    public enum DateSource: String, Sendable { case effective, commit, frontMatter = "front-matter" }

    /// The last commit of the revision: its text is the revision's text.
    public var last: HistoryCommit? { commits.last }
}

/// What evidences a revision's approval (`approval` in `api/manual.json`).
public enum ApprovalEvidence: Equatable, Sendable {
    /// The approving commit is signed with a key the allowed-signers file gives the approver the trailer names.
    case signed(signer: String)
    /// An `Approved-by:` trailer on an unsigned commit (or no allowed-signers file to check against).
    case trailer
    /// Only the front-matter `approver`.
    case declared
    case none
    /// The signature does not verify: the commit was changed after signing, or the signature is broken.
    case badSignature
    /// A good signature by a key the allowed-signers file does not list.
    case keyNotAllowed
    /// A good signature by an allowed key of someone other than the approver the trailer names.
    case signerMismatch(signer: String)
    /// The key has expired or was revoked.
    case expiredKey
    /// git could not check the signature.
    case unverifiable

    /// The value in `api/manual.json`.
    public var name: String? {
        switch self {
        case .signed: "signed"
        case .trailer: "trailer"
        case .declared: "declared"
        case .none: nil
        case .badSignature: "bad-signature"
        case .keyNotAllowed: "key-not-allowed"
        case .signerMismatch: "signer-mismatch"
        case .expiredKey: "expired-key"
        case .unverifiable: "unverifiable"
        }
    }

    public var isFailure: Bool {
        switch self {
        case .badSignature, .keyNotAllowed, .signerMismatch, .expiredKey, .unverifiable: true
        default: false
        }
    }
}

/// A commit's signature as git verified it: `%G?` (G good, B bad, U good but the key is not
/// allowed, X/Y expired, R revoked, E cannot be checked, N none) and the signer (`%GS`).
public struct CommitSignature: Equatable, Sendable {
    public var status: Character
    public var signer: String
}

/// A revision written in front-matter `history:` (revisions made before git).
public struct PriorRevision: Sendable, Hashable {
    public var revision: String
    public var date: DayDate?
    public var summary: String
    public var approver: String?
    public var line: Int
}
