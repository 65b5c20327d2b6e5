/// A feed link found in an HTML page's `<link rel="alternate">`.
public struct DiscoveredFeed: Sendable, Hashable, Codable {
    /// The feed URL, absolute.
    public var url: String
    /// The MIME type the page declared (`application/rss+xml`, `application/atom+xml`,
    /// `application/feed+json`).
    public var type: String
    /// The link's title attribute, when given.
    public var title: String?

    /// Creates a discovered feed link.
    public init(url: String, type: String, title: String? = nil) {
        self.url = url
        self.type = type
        self.title = title
    }
}
