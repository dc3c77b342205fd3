/// Everything resolution finds true of one document beyond its own file: its links both ways,
/// its revisions, where it stands in review and in its lifecycle. Worked out once, by Resolve;
/// pages, JSON and commands only present it.
public struct DocumentFacts: Sendable {
    /// The ids it links to: body links and mentions, then `references`, each once.
    public var links: [String] = []
    /// The ids of documents linking to it, in natural id order.
    public var backlinks: [String] = []
    /// Its revisions, oldest first: front-matter `history:`, then git.
    public var revisions: [Revision] = []
    /// For an obsolete document, the document in force that supersedes it.
    public var supersededBy: String?
    /// For an obsolete document, when it was withdrawn: `withdrawn:`, else the commit that made it obsolete.
    public var withdrawn: DayDate?
    /// For an approved document, its periodic review.
    public var review: Review?
    /// For an approved revision that was committed: what happened to it since its approval.
    public var sinceApproval: SinceApproval?
    /// For the revision in force of a document whose work tree holds the next revision (a draft,
    /// in review, or approved for a later date): that revision.
    public var pending: PendingRevision?
    /// An approved revision whose effective date is still ahead, with no earlier revision in force:
    /// the document is not in force yet, and counts as pending.
    public var awaitsEffectiveDate = false
    /// For a document in force that names a distribution: who must read it, who has, who is overdue.
    public var distribution: DistributionState?

    /// An approved document's next periodic review and how near it is.
    public struct Review: Sendable, Equatable {
        /// Nil when the document has neither a review nor an effective date.
        public var next: DayDate?
        public var state: State

        public enum State: String, Sendable {
            case overdue, due, ok
        }
    }

    /// Changes to an approved revision after its approval.
    public enum SinceApproval: Sendable, Equatable {
        /// Commits after the approval that are not editorial.
        case changed(commits: Int)
        /// The file differs from what was committed.
        case uncommitted
    }

    /// How many days before its date a review counts as due.
    public static let reviewDueWithinDays = 60

}
