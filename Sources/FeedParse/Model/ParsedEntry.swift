public import Foundation

/// One entry (RSS item, Atom entry, JSON Feed item, or scraped HTML block).
public struct ParsedEntry: Sendable, Hashable, Codable {
    /// The id the document carried (RSS guid, Atom id, RDF about, JSON id), exactly as written;
    /// `nil` when the document gave none.
    public var id: String?
    /// A stable id for storage: ``id`` when present, else one synthesized from the link, else from a hash
    /// of title and date. ``idIsSynthesized`` tells which.
    public var stableID: String
    /// Whether ``stableID`` was made up by the parser rather than carried by the document.
    public var idIsSynthesized: Bool
    /// The title, as plain text.
    public var title: String?
    /// The article's URL (alternate link), absolute.
    public var link: String?
    /// When the entry was first published.
    public var published: Date?
    /// When the entry was last updated.
    public var updated: Date?
    /// The entry's own authors (not inherited from the feed).
    public var authors: [Person]
    /// A short summary, as plain text.
    public var summary: String?
    /// The full body as sanitized HTML (allowlisted tags, absolute links).
    public var content: String?
    /// The full body as plain text (what relevance and near-duplicate detection read); computed from
    /// ``content`` when asked, so a parse that never reads it never pays for it.
    public var contentText: String? { content.map(PlainText.fromHTML) }
    /// Categories, tags and subjects.
    public var categories: [String]
    /// Attached media.
    public var enclosures: [Enclosure]
    /// A representative image (media:thumbnail, media:content image, itunes:image, JSON image), absolute.
    public var image: String?

    /// Creates an entry. `stableID` defaults to `id`, synthesized by the parser when absent.
    public init(
        id: String? = nil,
        stableID: String = "",
        idIsSynthesized: Bool = false,
        title: String? = nil,
        link: String? = nil,
        published: Date? = nil,
        updated: Date? = nil,
        authors: [Person] = [],
        summary: String? = nil,
        content: String? = nil,
        categories: [String] = [],
        enclosures: [Enclosure] = [],
        image: String? = nil
    ) {
        self.id = id
        self.stableID = stableID
        self.idIsSynthesized = idIsSynthesized
        self.title = title
        self.link = link
        self.published = published
        self.updated = updated
        self.authors = authors
        self.summary = summary
        self.content = content
        self.categories = categories
        self.enclosures = enclosures
        self.image = image
    }
}
