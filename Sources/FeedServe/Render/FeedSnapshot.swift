public import FeedHub
public import Foundation

/// What every representation of the published feed is rendered from: the feed's settings and one page of
/// published stories, pinned first, then newest first. One query, shared by all renderers.
public struct FeedSnapshot: Sendable {
    /// `feed:` from feeds.yml.
    public var feed: FeedSettings
    /// The stories of this page, in publishing order.
    public var stories: [StoryListing]
    /// Each configured outlet's name and URL, for `atom:source` and the page.
    public var outlets: [String: String]
    /// The sources' last outcomes, for a page with nothing to show yet.
    public var sourceStates: [SourceState]

    /// Creates a snapshot; `stories` are reordered pinned-first, newest first, and cut to `feed.maxEntries`.
    public init(feed: FeedSettings, stories: [StoryListing], outlets: [String: String], sourceStates: [SourceState] = []) {
        self.feed = feed
        self.stories = Array(
            stories.sorted { a, b in
                if a.pinned != b.pinned { return a.pinned }
                return a.published != b.published ? a.published > b.published : a.id > b.id
            }
            .prefix(feed.maxEntries))
        self.outlets = outlets
        self.sourceStates = sourceStates
    }

    /// Reads the published stories and the sources from the store.
    /// - Throws: ``StorageError``.
    public static func load(from store: FeedStore, configuration: HubConfiguration) throws -> FeedSnapshot {
        let stories = try store.stories(status: .published)
        let outlets = Dictionary(configuration.sources.map { ($0.name, $0.baseURL ?? $0.url) }, uniquingKeysWith: { a, _ in a })
        let names = Set(configuration.sources.map(\.name))
        return FeedSnapshot(
            feed: configuration.feed, stories: stories, outlets: outlets,
            sourceStates: try store.sourceStates().filter { names.contains($0.name) })
    }

    /// The feed's `updated`: the latest change of any story shown, or the epoch when there is none.
    public var updated: Date { stories.map { max($0.updated, $0.published) }.max() ?? Date(timeIntervalSince1970: 0) }

    /// `feed.url` joined with `path` (`feed.atom`).
    public func url(_ path: String) -> String {
        (feed.url.hasSuffix("/") ? feed.url : feed.url + "/") + path
    }
}
