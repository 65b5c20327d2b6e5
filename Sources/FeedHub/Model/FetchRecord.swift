public import Foundation

/// Everything one fetch of one source writes, in one transaction: the source's new state, a log line,
/// and the items (none unless the fetch succeeded with a body).
public struct FetchRecord: Sendable {
    /// The source's state after this fetch.
    public var state: SourceState
    /// When the fetch started.
    public var startedAt: Date
    /// How long it took.
    public var seconds: Double
    /// The parsed, decided items.
    public var items: [IncomingItem]
}

/// How stories are minted and published.
public struct StoryPolicy: Sendable, Hashable {
    /// `feed.id`: story ids are minted under it.
    public var feedID: String
    /// Whether relevant stories publish at once.
    public var curation: CurationMode

    /// Creates a policy.
    public init(feedID: String, curation: CurationMode) {
        self.feedID = feedID
        self.curation = curation
    }
}
