internal import Foundation

/// Which story an incoming item joins, and what that writes: the rules every storage backend executes.
/// Pure: a backend looks up what a rule asks for (the source's stored item, the copies found by URL or by
/// the near-duplicate index, the story a copy lives in), calls the rule, and writes what it returns.
///
/// In order, for each item of a fetch:
/// 1. The same item of this source (by identity, then by canonical URL) → ``revise(_:with:)``.
/// 2. Otherwise another outlet's copy of a known story: the same canonical URL, else the earliest near
///    duplicate among the index's candidates (``nearDuplicate(of:sourceID:among:)``), followed through
///    editors' merges to the story it lives in now.
/// 3. ``place(_:in:policy:)``: join that story, or start a new one.
public enum StoryPlacement {
    /// An item this source already has, as ingest reads it.
    public struct KnownItem: Sendable, Hashable {
        /// Its row.
        public var id: Int64
        /// Its story.
        public var storyID: Int64
        /// What it said when last stored.
        public var title: String
        public var summary: String?
        public var content: String?
        /// ``CategoryList/encode(_:)`` of its categories.
        public var categories: String
        /// Its stored fingerprint (`nil` when damaged).
        public var fingerprint: TextFingerprint?
        /// Whether it was relevant (only relevant items are in the near-duplicate index).
        public var relevant: Bool

        public init(
            id: Int64, storyID: Int64, title: String, summary: String?, content: String?, categories: String,
            fingerprint: TextFingerprint?, relevant: Bool
        ) {
            self.id = id
            self.storyID = storyID
            self.title = title
            self.summary = summary
            self.content = content
            self.categories = categories
            self.fingerprint = fingerprint
            self.relevant = relevant
        }
    }

    /// What to do with an item the source already has.
    public enum Revision: Sendable, Hashable {
        /// The outlet did not change it: nothing is written.
        case unchanged
        /// The outlet edited it: the item is updated in place (same story, same id) and its story marked
        /// updated; its index keys move from `removeKeys` to `addKeys` (both empty for an item not indexed).
        case update(removeKeys: [Int64], addKeys: [Int64])
    }

    /// Compares a known item with what the feed says now.
    public static func revise(_ known: KnownItem, with item: IncomingItem) -> Revision {
        let changed =
            known.title != item.title || known.summary != item.summary || known.content != item.content
            || known.categories != CategoryList.encode(item.categories)
        guard changed else { return .unchanged }
        guard known.relevant, let old = known.fingerprint else { return .update(removeKeys: [], addKeys: []) }
        return .update(removeKeys: NearDuplicateKeys.keys(old), addKeys: NearDuplicateKeys.keys(item.fingerprint))
    }

    /// The keys a new item is indexed under: its ``NearDuplicateKeys`` when it is relevant, else none.
    /// Computed once per item and used for both the lookup and the insert.
    public static func indexKeys(of item: IncomingItem) -> [Int64] {
        item.decision.relevant ? NearDuplicateKeys.keys(item.fingerprint) : []
    }

    /// How far apart two copies' publication times may be, in seconds.
    public static let nearDuplicateWindow: Double = 7 * 86_400

    /// A stored item the index offered as a possible copy: what the exact rules compare (its story is
    /// looked up for the one chosen only).
    public struct Candidate: Sendable, Hashable {
        public var itemID: Int64
        public var sourceID: Int64
        /// Seconds since 1970.
        public var published: Double
        public var fingerprint: TextFingerprint?

        public init(itemID: Int64, sourceID: Int64, published: Double, fingerprint: TextFingerprint?) {
            self.itemID = itemID
            self.sourceID = sourceID
            self.published = published
            self.fingerprint = fingerprint
        }
    }

    /// The earliest candidate (then the lowest item id) that is another source's near duplicate of `item`
    /// within the window, as a scan in publication order would find it (its story is the one `item` joins);
    /// `nil` when none is.
    public static func nearDuplicate(of item: IncomingItem, sourceID: Int64, among candidates: [Candidate]) -> Int64? {
        let published = item.published.timeIntervalSince1970
        var best: Candidate?
        for candidate in candidates {
            guard candidate.sourceID != sourceID, abs(candidate.published - published) <= nearDuplicateWindow,
                let fingerprint = candidate.fingerprint, item.fingerprint.isNearDuplicate(of: fingerprint)
            else { continue }
            if let current = best, (current.published, current.itemID) <= (candidate.published, candidate.itemID) { continue }
            best = candidate
        }
        return best?.itemID
    }

    /// The story a copy joins, as the store holds it now.
    public struct StoryState: Sendable, Hashable {
        public var id: Int64
        public var status: StoryStatus
        /// When its primary item was published (seconds since 1970).
        public var published: Double

        public init(id: Int64, status: StoryStatus, published: Double) {
            self.id = id
            self.status = status
            self.published = published
        }
    }

    /// Where a new item goes.
    public enum Placement: Sendable, Hashable {
        /// Into an existing story. `becomesPrimary`: the copy is earlier than the story's primary, so it
        /// becomes the primary and the story takes its date. `status`: the story's new status (an off-topic
        /// story that gets a relevant copy turns relevant), or `nil` to keep it.
        case join(story: Int64, becomesPrimary: Bool, status: StoryStatus?)
        /// Into a story of its own, of this status, its id minted from ``EntryID``.
        case newStory(status: StoryStatus)
    }

    /// Places a new item: into `story` (the copy's story found in step 2), or a story of its own.
    public static func place(_ item: IncomingItem, in story: StoryState?, policy: StoryPolicy) -> Placement {
        guard let story else { return .newStory(status: firstStatus(relevant: item.decision.relevant, policy: policy)) }
        let turnsRelevant = story.status == .offTopic && item.decision.relevant
        return .join(
            story: story.id, becomesPrimary: item.published.timeIntervalSince1970 < story.published,
            status: turnsRelevant ? firstStatus(relevant: true, policy: policy) : nil)
    }

    /// The status a story starts in: off-topic, or published / pending as the feed's curation says.
    public static func firstStatus(relevant: Bool, policy: StoryPolicy) -> StoryStatus {
        relevant ? (policy.curation == .auto ? .published : .pending) : .offTopic
    }

    /// An item of a story, for choosing its primary.
    public struct Member: Sendable, Hashable {
        public var id: Int64
        /// Seconds since 1970.
        public var published: Double

        public init(id: Int64, published: Double) {
            self.id = id
            self.published = published
        }
    }

    /// A story's primary: its earliest item (then the lowest id), whose date the story takes; `nil` for no item.
    public static func primary(of members: [Member]) -> Member? {
        members.min { ($0.published, $0.id) < ($1.published, $1.id) }
    }
}
