public import FeedHub
internal import FeedParse
public import Foundation

/// What every representation of the published feed is rendered from: the feed's settings, all published
/// stories in publishing order (pinned first, then newest first) and which page of `feed.max_entries`
/// of them this document shows. One query, shared by all renderers and pages.
public struct FeedSnapshot: Sendable {
    /// `feed:` from feeds.yml.
    public var feed: FeedSettings
    /// Every published story, in publishing order.
    public private(set) var ordered: [StoryListing]
    /// Each configured outlet's name and web address (http or https only), for `atom:source` and the page.
    public var outlets: [String: String]
    /// The sources' last outcomes, for a page with nothing to show yet.
    public var sourceStates: [SourceState]
    /// `websub.hub`, advertised as `rel="hub"` when set.
    public var hub: String?
    /// The page shown, from 1 (the newest stories).
    public private(set) var page = 1
    /// Stories withdrawn after they were published, most recent first (page 1 of the Atom feed lists
    /// them as RFC 6721 `at:deleted-entry`).
    public var tombstones: [Tombstone] = []

    /// Creates a snapshot of page 1 of `stories`, in the order the store lists them (the one place stories
    /// are ordered: pinned first, then newest, see ``FeedStorage/stories(status:source:text:limit:offset:)``).
    public init(
        feed: FeedSettings, stories: [StoryListing], outlets: [String: String], sourceStates: [SourceState] = [], hub: String? = nil
    ) {
        self.feed = feed
        self.ordered = stories
        self.outlets = outlets
        self.sourceStates = sourceStates
        self.hub = hub
    }

    /// Reads the published stories and the sources from the store.
    /// - Throws: ``StorageError``.
    public static func load(from store: any FeedStorage, configuration: HubConfiguration) async throws -> FeedSnapshot {
        let stories = try await store.stories(status: .published)
        // Only web addresses: a `file:` snapshot source without `base_url` has no outlet link to show.
        let outlets = Dictionary(
            configuration.sources.compactMap { source in SafeLink.web(source.baseURL ?? source.url).map { (source.name, $0) } },
            uniquingKeysWith: { a, _ in a })
        let names = Set(configuration.sources.map(\.name))
        var snapshot = FeedSnapshot(
            feed: configuration.feed, stories: stories, outlets: outlets,
            sourceStates: try await store.sourceStates().filter { names.contains($0.name) }, hub: configuration.websubHub)
        snapshot.tombstones = try await store.tombstones(limit: configuration.feed.maxEntries)
        return snapshot
    }

    /// The stories of this page: at most `feed.max_entries`.
    public var stories: [StoryListing] {
        let start = min((page - 1) * feed.maxEntries, ordered.count)
        return Array(ordered[start..<min(start + feed.maxEntries, ordered.count)])
    }

    /// How many pages there are (1 when there is no story).
    public var pageCount: Int { max(1, (ordered.count + feed.maxEntries - 1) / feed.maxEntries) }

    /// The same stories, showing page `number`; `nil` when there is no such page.
    public func page(_ number: Int) -> FeedSnapshot? {
        guard (1...pageCount).contains(number) else { return nil }
        var copy = self
        copy.page = number
        return copy
    }

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
