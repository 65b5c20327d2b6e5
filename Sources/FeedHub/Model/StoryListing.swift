internal import FeedParse
public import Foundation

/// One story as `feedhub items list` and the published feeds show it: the primary outlet's item, plus
/// where else it appeared.
public struct StoryListing: Sendable, Hashable, Codable {
    /// The permanent id, minted once under `feed.id` (the Atom entry id).
    public var id: String
    /// The primary item's title.
    public var title: String
    /// The primary item's link.
    public var link: String?
    /// The primary outlet's name.
    public var source: String
    /// Other outlets' copies.
    public var alsoAt: [Copy]
    /// When the primary item was published.
    public var published: Date
    /// When the primary item last changed.
    public var updated: Date
    /// `published`, `pending`, `rejected` or `off-topic`.
    public var status: StoryStatus
    /// Whether an editor pinned it.
    public var pinned: Bool
    /// The relevance rule that decided.
    public var rule: String
    /// The primary item's summary (HTML).
    public var summary: String?
    /// The primary item's content (HTML).
    public var content: String?
    /// The primary item's author.
    public var author: String?
    /// The primary item's categories.
    public var categories: [String]
    /// The story's number, as editors name it (`feedhub items show 42`, `/admin/api/stories/42`).
    public var number: Int64
    /// Whether an editor replaced the title or the summary (``title`` and ``summary`` are then theirs).
    public var edited: Bool

    /// Creates a value.
    public init(
        id: String, title: String, link: String?, source: String, alsoAt: [Copy], published: Date, updated: Date, status: StoryStatus,
        pinned: Bool, rule: String, summary: String?, content: String?, author: String?, categories: [String] = [],
        number: Int64 = 0, edited: Bool = false
    ) {
        self.id = id
        self.title = title
        self.link = SafeLink.web(link)  // a row stored before links were checked never goes out
        self.source = source
        self.alsoAt = alsoAt
        self.published = published
        self.updated = updated
        self.status = status
        self.pinned = pinned
        self.rule = rule
        self.summary = summary
        self.content = content
        self.author = author
        self.categories = categories
        self.number = number
        self.edited = edited
    }

    /// A syndicated copy.
    public struct Copy: Sendable, Hashable, Codable {
        /// The outlet's name.
        public var source: String
        /// The copy's link.
        public var link: String?

        /// Creates a copy entry.
        public init(source: String, link: String?) {
            self.source = source
            self.link = SafeLink.web(link)
        }
    }
}

/// Where a story stands.
public enum StoryStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// In the published feed.
    case published
    /// Relevant, waiting for an editor (`curation: review`).
    case pending
    /// Rejected by an editor.
    case rejected
    /// Not about the subject.
    case offTopic = "off-topic"
}
