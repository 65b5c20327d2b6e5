internal import FeedParse
public import Foundation

/// Everything an editor sees about one story: what is published, every outlet's copy, the editor's
/// edits beside what the outlet says now, and where it stands.
public struct StoryDetail: Sendable, Hashable, Codable {
    /// The story as published (the editor's title and summary when edited).
    public var story: StoryListing
    /// Why it was rejected, when an editor said.
    public var reason: String?
    /// When it first went into the feeds.
    public var publishedAt: Date?
    /// When it left the feeds after being in them (rejected, back to pending, merged): the Atom feed
    /// then carries an `at:deleted-entry` for it.
    public var withdrawnAt: Date?
    /// The story it was merged into.
    public var mergedInto: Int64?
    /// The editor's edit, when there is one.
    public var edit: Edit?
    /// Every outlet's item, primary first.
    public var items: [Item]

    /// Creates a value.
    public init(
        story: StoryListing, reason: String?, publishedAt: Date?, withdrawnAt: Date?, mergedInto: Int64?, edit: Edit?, items: [Item]
    ) {
        self.story = story
        self.reason = reason
        self.publishedAt = publishedAt
        self.withdrawnAt = withdrawnAt
        self.mergedInto = mergedInto
        self.edit = edit
        self.items = items
    }

    /// An editor's replacement title and summary, and the outlet's own text then and now.
    public struct Edit: Sendable, Hashable, Codable {
        /// The editor's title (`nil`: the outlet's is published).
        public var title: String?
        /// The editor's summary (`nil`: the outlet's is published).
        public var summary: String?
        /// When the editor last edited.
        public var at: Date
        /// The outlet's title and summary when the editor edited.
        public var upstreamAtEdit: Text
        /// The outlet's title and summary now.
        public var upstreamNow: Text
        /// Whether the outlet changed its title or summary since the edit.
        public var upstreamChanged: Bool { upstreamAtEdit != upstreamNow }

        /// Creates a value.
        public init(title: String?, summary: String?, at: Date, upstreamAtEdit: Text, upstreamNow: Text) {
            self.title = title
            self.summary = summary
            self.at = at
            self.upstreamAtEdit = upstreamAtEdit
            self.upstreamNow = upstreamNow
        }
    }

    /// A title and a summary.
    public struct Text: Sendable, Hashable, Codable {
        /// The title.
        public var title: String
        /// The summary.
        public var summary: String?

        /// Creates a value.
        public init(title: String, summary: String?) {
            self.title = title
            self.summary = summary
        }
    }

    /// One outlet's copy.
    public struct Item: Sendable, Hashable, Codable {
        /// The outlet's name.
        public var source: String
        /// The outlet's title.
        public var title: String
        /// The article's address.
        public var link: String?
        /// When the outlet published it.
        public var published: Date
        /// The story it was merged from by an editor (``CurationAction/split`` sends it back).
        public var mergedFrom: Int64?
        /// Whether it is the primary item (the earliest outlet).
        public var primary: Bool

        /// Creates a value.
        public init(source: String, title: String, link: String?, published: Date, mergedFrom: Int64?, primary: Bool) {
            self.source = source
            self.title = title
            self.link = SafeLink.web(link)
            self.published = published
            self.mergedFrom = mergedFrom
            self.primary = primary
        }
    }
}

/// One line of a story's audit log.
public struct AuditEntry: Sendable, Hashable, Codable {
    /// The story's number.
    public var story: Int64
    /// Who decided.
    public var editor: String
    /// `approve`, `reject`, `pin`, `unpin`, `pending`, `edit`, `merge`, `split` or `add`.
    public var action: String
    /// When.
    public var at: Date
    /// The changed values before (field name to value; JSON `null` for none).
    public var before: [String: String?]
    /// The changed values after.
    public var after: [String: String?]
    /// The reason the editor gave.
    public var reason: String?

    /// Creates a value.
    public init(
        story: Int64, editor: String, action: String, at: Date, before: [String: String?], after: [String: String?], reason: String?
    ) {
        self.story = story
        self.editor = editor
        self.action = action
        self.at = at
        self.before = before
        self.after = after
        self.reason = reason
    }
}

/// A story that left the feeds after being published: the Atom feed lists it as an RFC 6721
/// `at:deleted-entry`, so feed readers can withdraw their copies.
public struct Tombstone: Sendable, Hashable, Codable {
    /// The entry id it was published under.
    public var id: String
    /// When it was withdrawn.
    public var when: Date

    /// Creates a value.
    public init(id: String, when: Date) {
        self.id = id
        self.when = when
    }
}
