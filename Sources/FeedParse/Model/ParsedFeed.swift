public import Foundation

/// A feed, normalised from any supported format.
///
/// All text is Unicode, titles and subtitles are plain text, links are absolute and dates are instants.
public struct ParsedFeed: Sendable, Hashable, Codable {
    /// The format the document was recognised as.
    public var format: FeedFormat
    /// The feed title, as plain text.
    public var title: String?
    /// The site the feed belongs to (the alternate link), absolute.
    public var link: String?
    /// The feed's own URL (`rel="self"` / JSON `feed_url`), absolute.
    public var selfLink: String?
    /// A WebSub hub advertised by the feed (`rel="hub"`).
    public var hub: String?
    /// The feed subtitle or description, as plain text.
    public var subtitle: String?
    /// The language, as written (`en-us`, `ru`).
    public var language: String?
    /// When the feed last changed.
    public var updated: Date?
    /// The feed's authors.
    public var authors: [Person]
    /// An image or icon for the feed, absolute.
    public var image: String?
    /// The entries, in document order.
    public var entries: [ParsedEntry]
    /// Which charset the bytes were read in, and which rule decided it.
    public var charset: CharsetDecision
    /// Non-fatal problems met while parsing.
    public var diagnostics: [ParseDiagnostic]

    /// Creates a feed.
    public init(
        format: FeedFormat,
        title: String? = nil,
        link: String? = nil,
        selfLink: String? = nil,
        hub: String? = nil,
        subtitle: String? = nil,
        language: String? = nil,
        updated: Date? = nil,
        authors: [Person] = [],
        image: String? = nil,
        entries: [ParsedEntry] = [],
        charset: CharsetDecision = CharsetDecision(charset: "utf-8", rule: .defaultUTF8),
        diagnostics: [ParseDiagnostic] = []
    ) {
        self.format = format
        self.title = title
        self.link = link
        self.selfLink = selfLink
        self.hub = hub
        self.subtitle = subtitle
        self.language = language
        self.updated = updated
        self.authors = authors
        self.image = image
        self.entries = entries
        self.charset = charset
        self.diagnostics = diagnostics
    }
}
