public import FeedHub
internal import Foundation
internal import Synchronization

/// Holds the rendered feeds and page, and renders them again only when the stored stories change.
///
/// Page 1 of every document is rendered as soon as a change is seen; older pages (RFC 5005 paging,
/// `?page=N`) are loaded from the store and rendered on their first request after a change and kept until
/// the next one. Either way a document is rendered once per change, never per request, and only the
/// stories it shows are read.
///
/// ```swift
/// let publisher = FeedPublisher(store: store, configuration: configuration)
/// try publisher.refreshIfChanged()
/// let atom = publisher.cachedRepresentation(for: "/feed.atom")
/// ```
public final class FeedPublisher: Sendable {
    /// The database it renders from.
    public let store: any FeedStorage
    let configuration: HubConfiguration
    /// `Cache-Control` of every document: `max-age` follows `fetch.interval`, between 1 minute and 1 hour.
    let cacheControl: String
    private let state = Mutex(State())
    /// Bumped after every change of the rendered page-1 documents; lets readers keep a copy of them
    /// and take the lock only when this moved (see ``currentDocuments()``).
    let generation = Atomic<Int>(0)

    private struct State {
        var token: String?
        /// How many published stories the current documents count (for the page count).
        var total = 0
        var documents: [Key: Representation] = [:]
        /// The documents before the last change: an unchanged re-render keeps its Last-Modified.
        var previous: [Key: Representation] = [:]
    }

    private struct Key: Hashable {
        var path: String
        var page: Int
    }

    /// A document FeedHub serves.
    public struct Route: Sendable {
        /// The request path (`/feed.atom`).
        public var path: String
        /// The `Content-Type` it is served with.
        public var contentType: String
        /// Whether older stories are reachable with `?page=N`.
        public var paged: Bool
        /// Whether it is a feed readers subscribe to (advertises the WebSub hub).
        public var isFeed: Bool
        /// Renders the document (one page of it) from a snapshot.
        var render: @Sendable (FeedSnapshot) -> String
        /// Headers of every answer beyond the validators (the page's ``ContentSecurity``).
        var headers: [(name: String, value: String)] = []
    }

    /// The paths served.
    public static let routes: [Route] = [
        Route(
            path: "/feed.atom", contentType: "application/atom+xml; charset=utf-8", paged: true, isFeed: true,
            render: AtomRenderer.render),
        Route(
            path: "/feed.rss", contentType: "application/rss+xml; charset=utf-8", paged: true, isFeed: true,
            render: RSSRenderer.render),
        Route(
            path: "/feed.json", contentType: "application/feed+json; charset=utf-8", paged: true, isFeed: true,
            render: JSONFeedRenderer.render),
        Route(
            path: "/", contentType: "text/html; charset=utf-8", paged: true, isFeed: false, render: HTMLPageRenderer.render,
            headers: ContentSecurity.publicPage),
        Route(path: "/opml", contentType: "text/x-opml; charset=utf-8", paged: false, isFeed: false, render: OPMLRenderer.render),
    ]

    /// Creates a publisher; nothing is rendered until ``refreshIfChanged()``.
    public init(store: any FeedStorage, configuration: HubConfiguration) {
        self.store = store
        self.configuration = configuration
        let seconds = Int(configuration.fetch.interval.components.seconds)
        cacheControl = "public, max-age=\(max(60, min(seconds, 3600)))"
    }

    /// Page 1 of every document, with the ``generation`` it belongs to.
    func currentDocuments() -> (generation: Int, documents: [String: Representation]) {
        state.withLock { state in
            var pages: [String: Representation] = [:]
            for (key, document) in state.documents where key.page == 1 { pages[key.path] = document }
            return (generation.load(ordering: .acquiring), pages)
        }
    }

    /// The representation of page `page` of `path` when it is rendered already (page 1 always is, once
    /// ``refreshIfChanged()`` ran); `nil` otherwise. No database work: the event loop calls it.
    public func cachedRepresentation(for path: String, page: Int = 1) -> Representation? {
        state.withLock { $0.documents[Key(path: path, page: page)] }
    }

    /// Whether page `page` of `path` needs no database work to answer: it is rendered, or it does not exist.
    func answersAtOnce(path: String, page: Int) -> Bool {
        state.withLock { state in
            state.token == nil || state.documents[Key(path: path, page: page)] != nil
                || olderPage(path, page: page, total: state.total) == nil
        }
    }

    /// The route of `path` when `page` is one of its older pages that `total` stories fill; `nil` otherwise.
    private func olderPage(_ path: String, page: Int, total: Int) -> Route? {
        guard page > 1, let route = Self.routes.first(where: { $0.path == path }), route.paged,
            page <= FeedSnapshot.pageCount(total: total, size: configuration.feed.maxEntries)
        else { return nil }
        return route
    }

    /// The current representation of page `page` of `path`, loading and rendering an older page on its
    /// first request since the last change; `nil` when there is no such document or page.
    /// - Throws: ``StorageError`` when an older page cannot be read.
    public func representation(for path: String, page: Int = 1) async throws -> Representation? {
        let key = Key(path: path, page: page)
        let (found, token, total, previous) = state.withLock { ($0.documents[key], $0.token, $0.total, $0.previous[key]) }
        if let found { return found }
        guard token != nil, let route = olderPage(path, page: page, total: total),
            let pageSnapshot = try await FeedSnapshot.load(from: store, configuration: configuration, page: page)
        else { return nil }
        let rendered = render(route, pageSnapshot, previous: previous)
        return state.withLock { state in
            // Another change may have landed meanwhile: keep only what belongs to the current snapshot.
            guard state.token == token else { return rendered }
            if let raced = state.documents[key] { return raced }
            state.documents[key] = rendered
            return rendered
        }
    }

    /// Renders page 1 of every document again when the stories or sources changed since the last render.
    /// - Returns: the paths whose bytes changed (empty when nothing did).
    /// - Throws: ``StorageError`` when the database cannot be read (the previous documents stay served).
    @discardableResult
    public func refreshIfChanged() async throws -> [String] {
        let token = try await store.changeToken()
        if state.withLock({ $0.token }) == token { return [] }
        let snapshot = try await FeedSnapshot.load(from: store, configuration: configuration)
        let old = state.withLock { $0.documents.merging($0.previous) { current, _ in current } }
        var documents: [Key: Representation] = [:]
        var changed: [String] = []
        for route in Self.routes {
            let key = Key(path: route.path, page: 1)
            let document = render(route, snapshot, previous: old[key])
            if old[key]?.etag != document.etag { changed.append(route.path) }
            documents[key] = document
        }
        state.withLock {
            $0 = State(token: token, total: snapshot.total, documents: documents, previous: old)
            generation.add(1, ordering: .releasing)
        }
        return changed
    }

    /// The WebSub topics (page 1 URLs under `feed.url`) of the feeds among `paths`.
    public func topics(_ paths: [String]) -> [String] {
        let base = configuration.feed.url.hasSuffix("/") ? configuration.feed.url : configuration.feed.url + "/"
        return Self.routes.filter { $0.isFeed && paths.contains($0.path) }.map { base + $0.path.dropFirst() }
    }

    /// The document of `route` for `snapshot`'s page; `previous` itself when the bytes are the same,
    /// so caches see no new Last-Modified.
    private func render(_ route: Route, _ snapshot: FeedSnapshot, previous: Representation?) -> Representation {
        let text = route.render(snapshot)
        if let previous, previous.body.elementsEqual(text.utf8) { return previous }
        var links: [String] = []
        if route.isFeed, let hub = configuration.websubHub {
            links = ["<\(hub)>; rel=\"hub\"", "<\(snapshot.url(String(route.path.dropFirst()), page: snapshot.page))>; rel=\"self\""]
        }
        let modified = snapshot.stories.isEmpty ? Date() : snapshot.updated
        return Representation(
            text: text, contentType: route.contentType, modified: modified, cacheControl: cacheControl, links: links,
            extraHeaders: route.headers)
    }
}
