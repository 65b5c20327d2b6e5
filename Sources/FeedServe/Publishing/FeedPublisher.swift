public import FeedHub
internal import Foundation
internal import Synchronization

/// Holds the rendered feed and page, and renders them again only when the stored stories change.
///
/// ```swift
/// let publisher = FeedPublisher(store: store, configuration: configuration)
/// try publisher.refreshIfChanged()
/// let atom = publisher.representation(for: "/feed.atom")
/// ```
public final class FeedPublisher: Sendable {
    let store: FeedStore
    let configuration: HubConfiguration
    private let state = Mutex<(token: String?, documents: [String: Representation])>((nil, [:]))

    /// The paths served, and their content types.
    public static let routes: [(path: String, contentType: String)] = [
        ("/feed.atom", "application/atom+xml; charset=utf-8"),
        ("/feed.rss", "application/rss+xml; charset=utf-8"),
        ("/feed.json", "application/feed+json; charset=utf-8"),
        ("/", "text/html; charset=utf-8"),
        ("/opml", "text/x-opml; charset=utf-8"),
    ]

    /// Creates a publisher; nothing is rendered until ``refreshIfChanged()``.
    public init(store: FeedStore, configuration: HubConfiguration) {
        self.store = store
        self.configuration = configuration
    }

    /// The current representation of `path`, if it is one of ``routes``.
    public func representation(for path: String) -> Representation? {
        state.withLock { $0.documents[path] }
    }

    /// Renders every representation again when the stories or sources changed since the last render.
    /// - Returns: whether anything was rendered.
    /// - Throws: ``StorageError`` when the database cannot be read (the previous documents stay served).
    @discardableResult
    public func refreshIfChanged() throws -> Bool {
        let token = try store.changeToken()
        if state.withLock({ $0.token }) == token { return false }
        let snapshot = try FeedSnapshot.load(from: store, configuration: configuration)
        let modified = snapshot.stories.isEmpty ? Date() : snapshot.updated
        var documents: [String: Representation] = [:]
        for (path, type) in Self.routes {
            let text: String
            switch path {
            case "/feed.atom": text = AtomRenderer.render(snapshot, selfURL: snapshot.url("feed.atom"))
            case "/feed.rss": text = RSSRenderer.render(snapshot, selfURL: snapshot.url("feed.rss"))
            case "/feed.json": text = JSONFeedRenderer.render(snapshot, selfURL: snapshot.url("feed.json"))
            case "/opml": text = OPMLRenderer.render(snapshot)
            default: text = HTMLPageRenderer.render(snapshot)
            }
            let previous = representation(for: path)
            // Unchanged bytes keep their Last-Modified, so caches see nothing new.
            if let previous, previous.body == Array(text.utf8) {
                documents[path] = previous
            } else {
                documents[path] = Representation(text: text, contentType: type, modified: modified)
            }
        }
        state.withLock { $0 = (token, documents) }
        return true
    }
}
