public import FeedHub
internal import FeedParse
public import Foundation

/// What every representation of the published feed is rendered from: the feed's settings and one page of
/// `feed.max_entries` published stories in publishing order (pinned first, then newest first), with how
/// many there are in all. Loading a page reads that page's stories only, not the archive.
public struct FeedSnapshot: Sendable {
    /// `feed:` from feeds.yml.
    public var feed: FeedSettings
    /// The stories of this page, in publishing order: at most `feed.max_entries`.
    public private(set) var stories: [StoryListing]
    /// How many published stories there are on all pages.
    public private(set) var total: Int
    /// Each configured outlet's name and web address (http or https only), for `atom:source` and the page.
    public var outlets: [String: String]
    /// The sources' last outcomes, for a page with nothing to show yet.
    public var sourceStates: [SourceState]
    /// `websub.hub`, advertised as `rel="hub"` when set.
    public var hub: String?
    /// The page shown, from 1 (the newest stories).
    public private(set) var page: Int
    /// Stories withdrawn after they were published, most recent first (page 1 of the Atom feed lists
    /// them as RFC 6721 `at:deleted-entry`).
    public var tombstones: [Tombstone] = []

    /// Creates a snapshot of page `page`, whose stories are `stories` (in the order the store lists them: the
    /// one place stories are ordered, see ``FeedStorage/stories(status:source:text:limit:offset:)``), out of
    /// `total` (by default, just these).
    public init(
        feed: FeedSettings, stories: [StoryListing], total: Int? = nil, page: Int = 1, outlets: [String: String],
        sourceStates: [SourceState] = [], hub: String? = nil
    ) {
        self.feed = feed
        self.stories = Array(stories.prefix(feed.maxEntries))
        self.total = max(total ?? stories.count, self.stories.count)
        self.page = page
        self.outlets = outlets
        self.sourceStates = sourceStates
        self.hub = hub
    }

    /// Reads page 1 of the published stories (with their count), the tombstones and the sources from the store.
    /// - Throws: ``StorageError``.
    public static func load(from store: any FeedStorage, configuration: HubConfiguration) async throws -> FeedSnapshot {
        let found = try await store.storyPage(status: .published, limit: configuration.feed.maxEntries, offset: 0)
        var snapshot = try await make(found, page: 1, store: store, configuration: configuration)
        snapshot.tombstones = try await store.tombstones(limit: configuration.feed.maxEntries)
        return snapshot
    }

    /// Reads page `page` of the published stories (with their count) and the sources from the store;
    /// `nil` when there is no such page.
    /// - Throws: ``StorageError``.
    public static func load(from store: any FeedStorage, configuration: HubConfiguration, page: Int) async throws -> FeedSnapshot? {
        guard page > 1 else { return page == 1 ? try await load(from: store, configuration: configuration) : nil }
        let size = configuration.feed.maxEntries
        let found = try await store.storyPage(status: .published, limit: size, offset: (page - 1) * size)
        guard !found.stories.isEmpty else { return nil }
        return try await make(found, page: page, store: store, configuration: configuration)
    }

    private static func make(_ found: StoryPage, page: Int, store: any FeedStorage, configuration: HubConfiguration) async throws
        -> FeedSnapshot
    {
        // Only web addresses: a `file:` snapshot source without `base_url` has no outlet link to show.
        let outlets = Dictionary(
            configuration.sources.compactMap { source in SafeLink.web(source.baseURL ?? source.url).map { (source.name, $0) } },
            uniquingKeysWith: { a, _ in a })
        let names = Set(configuration.sources.map(\.name))
        return FeedSnapshot(
            feed: configuration.feed, stories: found.stories, total: found.total, page: page, outlets: outlets,
            sourceStates: try await store.sourceStates().filter { names.contains($0.name) }, hub: configuration.websubHub)
    }

    /// How many pages there are (1 when there is no story).
    public var pageCount: Int { Self.pageCount(total: total, size: feed.maxEntries) }

    /// How many pages `total` stories fill, `size` to a page (1 when there is no story).
    public static func pageCount(total: Int, size: Int) -> Int { max(1, (total + size - 1) / max(1, size)) }

    /// The page's `updated`: the latest change of any story it shows (or, on page 1, withdrawal), or the
    /// epoch when there is none.
    public var updated: Date {
        let withdrawn = page == 1 ? tombstones.map(\.when) : []
        return (stories.map { max($0.updated, $0.published) } + withdrawn).max() ?? Date(timeIntervalSince1970: 0)
    }

    /// `feed.url` joined with `path` (`feed.atom`), for page `page` (page 1 has no query).
    public func url(_ path: String, page: Int = 1) -> String {
        (feed.url.hasSuffix("/") ? feed.url : feed.url + "/") + path + (page > 1 ? "?page=\(page)" : "")
    }

    /// RFC 5005 paging links of this page of document `path`: `first`, `previous`, `next`, `last`
    /// (`previous` and `next` only where such a page exists). Page 1 holds the newest stories.
    public func pagingLinks(_ path: String) -> [(rel: String, href: String)] {
        guard pageCount > 1 else { return [] }
        var links = [(rel: "first", href: url(path))]
        if page > 1 { links.append((rel: "previous", href: url(path, page: page - 1))) }
        if page < pageCount { links.append((rel: "next", href: url(path, page: page + 1))) }
        links.append((rel: "last", href: url(path, page: pageCount)))
        return links
    }

    /// The Atom link elements (`element` is `link` in Atom, `atom:link` in RSS) for this page's RFC 5005
    /// paging links, of media type `type`, and for the WebSub hub; one per line.
    func pagingAndHubLinks(_ path: String, element: String, type: String) -> String {
        var x = ""
        for link in pagingLinks(path) {
            x += #"  <\#(element) rel="\#(link.rel)" type="\#(type)" href="\#(XMLText.escape(link.href))"/>"# + "\n"
        }
        if let hub { x += #"  <\#(element) rel="hub" href="\#(XMLText.escape(hub))"/>"# + "\n" }
        return x
    }
}
