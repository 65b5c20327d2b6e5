public import Foundation

/// What an article page says about itself, for adding a story by hand: Open Graph (`og:*`,
/// `article:published_time`), schema.org JSON-LD (`NewsArticle` and kin), then `<title>` and
/// `<meta name="description">`.
public struct PageMetadata: Sendable, Hashable, Codable {
    /// The headline (plain text).
    public var title: String?
    /// The description (plain text).
    public var summary: String?
    /// When the article was published.
    public var published: Date?
    /// When it was last modified.
    public var modified: Date?
    /// The outlet's name (`og:site_name`, JSON-LD `publisher.name`).
    public var siteName: String?
    /// The canonical address (`<link rel="canonical">`, `og:url`), absolute; else the page's URL.
    public var url: String?
    /// The author's name.
    public var author: String?

    /// Creates a value.
    public init(
        title: String? = nil, summary: String? = nil, published: Date? = nil, modified: Date? = nil, siteName: String? = nil,
        url: String? = nil, author: String? = nil
    ) {
        self.title = title
        self.summary = summary
        self.published = published
        self.modified = modified
        self.siteName = siteName
        self.url = url
        self.author = author
    }
}
