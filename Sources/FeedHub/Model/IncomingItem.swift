public import Foundation

/// One parsed entry, ready to store: identity decided, relevance decided, fingerprint computed.
public struct IncomingItem: Sendable, Hashable {
    /// The per-source identity key (guid, link or link+date, per the source's `identity:`).
    public var identity: String
    /// The entry's guid/id as published.
    public var guid: String?
    /// The entry's link.
    public var link: String?
    /// ``URLCanonicalizer/canonical(_:)`` of the link.
    public var canonicalURL: String?
    /// Plain-text title.
    public var title: String
    /// Summary HTML.
    public var summary: String?
    /// Content HTML.
    public var content: String?
    /// First author's name.
    public var author: String?
    /// Publication time (first seen, when the entry has none).
    public var published: Date
    /// The entry's own updated time.
    public var updated: Date?
    /// For near-duplicate detection.
    public var fingerprint: TextFingerprint
    /// The relevance decision.
    public var decision: RelevanceDecision
    /// The entry's categories (tags), in document order, without repeats.
    public var categories: [String] = []

    /// An item as ``ItemBuilder`` makes it (tests and other front ends make their own).
    public init(
        identity: String, guid: String?, link: String?, canonicalURL: String?, title: String, summary: String?, content: String?,
        author: String?, published: Date, updated: Date?, fingerprint: TextFingerprint, decision: RelevanceDecision,
        categories: [String] = []
    ) {
        self.identity = identity
        self.guid = guid
        self.link = link
        self.canonicalURL = canonicalURL
        self.title = title
        self.summary = summary
        self.content = content
        self.author = author
        self.published = published
        self.updated = updated
        self.categories = categories
        self.fingerprint = fingerprint
        self.decision = decision
    }
}
