/// What an editor's decision writes, as ``CurationRules`` decided it: a list of writes a storage backend
/// executes in order in one transaction, and the audit lines it then logs. Nothing in it needs the
/// backend to decide anything.
public struct CurationPlan: Sendable, Hashable {
    /// The writes, in order.
    public var writes: [CurationWrite] = []
    /// The audit lines: the story acted on first, then the others it touched.
    public var audit: [AuditLine] = []

    /// The audit lines with every ``StoryRef/created(_:)`` replaced by the number the backend gave the
    /// story it created (`created[n]` for the n-th ``CurationWrite/createStory(_:)``).
    public func auditLines(created: [Int64]) -> [(story: Int64, before: [String: String?], after: [String: String?], reason: String?)] {
        audit.map { line in
            var after = line.after
            if let parts = line.splitInto {
                after["split_into"] = parts.map { String($0.number(created: created)) }.joined(separator: ", ")
            }
            return (line.story.number(created: created), line.before, after, line.reason)
        }
    }
}

/// A story a plan refers to: one that is stored, or the n-th one the plan creates (from 0).
public enum StoryRef: Sendable, Hashable {
    case stored(Int64)
    case created(Int)

    /// Its number, given the numbers of the stories the plan created.
    public func number(created: [Int64]) -> Int64 {
        switch self {
        case .stored(let number): number
        case .created(let n): created[n]
        }
    }
}

/// How a write treats a time column.
public enum Stamp: Sendable, Hashable {
    /// Leave it.
    case keep
    /// Set it to no time.
    case clear
    /// Set it to this time (seconds since 1970).
    case set(Double)
    /// Set it to this time unless it has one (the first publication is remembered).
    case setIfUnset(Double)
}

/// One write of a ``CurationPlan``.
public enum CurationWrite: Sendable, Hashable {
    /// A story's status, its first-publication and withdrawal times, and the rejection reason (`nil` clears it).
    case setStatus(story: Int64, status: StoryStatus, publishedAt: Stamp, withdrawnAt: Stamp, reason: String?)
    /// Pinned first in the feeds, or not.
    case setPinned(story: Int64, pinned: Bool)
    /// The editor's title and/or summary (`nil` keeps the current one), with the outlet's title and summary
    /// they were made against.
    case setEdit(story: Int64, title: String?, summary: String?, editedAt: Double, baseTitle: String, baseSummary: String?)
    /// Every item of story `from` moves into story `into`, remembering the story it first came from.
    case foldItems(from: Int64, into: Int64)
    /// The story is merged into `into` and leaves the feeds.
    case setMergedInto(story: Int64, into: Int64, withdrawnAt: Stamp)
    /// Stories merged into `from` now point at `to` (merges stay one level deep).
    case redirectMerges(from: Int64, to: Int64)
    /// The story stands on its own again; back in the feeds if it is published (its withdrawal time cleared).
    case unmerge(story: Int64)
    /// A new story (the next ``StoryRef/created(_:)``), its id minted from ``EntryID``.
    case createStory(NewStory)
    /// An item goes to a story, forgetting any story it was merged from.
    case moveItem(item: Int64, to: StoryRef)
    /// The story's earliest item becomes its primary and gives it its date (``StoryPlacement/primary(of:)``).
    case choosePrimary(StoryRef)
    /// The story changed now: its `updated` time becomes the decision's.
    case touch(StoryRef)
}

/// A story a plan creates.
public struct NewStory: Sendable, Hashable {
    /// The outlet and the item identity its id is minted from.
    public var sourceName: String
    public var identity: String
    public var status: StoryStatus
    /// The relevance rule that matched.
    public var rule: String
    /// Seconds since 1970.
    public var published: Double
    /// The item that is its primary.
    public var primaryItemID: Int64

    public init(sourceName: String, identity: String, status: StoryStatus, rule: String, published: Double, primaryItemID: Int64) {
        self.sourceName = sourceName
        self.identity = identity
        self.status = status
        self.rule = rule
        self.published = published
        self.primaryItemID = primaryItemID
    }
}

/// One audit log line of a plan.
public struct AuditLine: Sendable, Hashable {
    public var story: StoryRef
    public var before: [String: String?]
    public var after: [String: String?]
    public var reason: String?
    /// For a split: the stories it made, logged as `split_into` once they have numbers.
    public var splitInto: [StoryRef]?
}
