/// XPath rules that turn an HTML page into feed entries.
///
/// `item` selects one node per entry from the document; the other expressions are evaluated relative to
/// each item node. Results may be elements (their text is used) or attributes (their value is used).
///
/// ```swift
/// let rule = ScrapeRule(item: "//article", title: ".//h3", link: ".//h3/a/@href",
///                       date: ".//time/@datetime", summary: ".//p")
/// ```
public struct ScrapeRule: Sendable, Hashable, Codable {
    /// Selects the entry nodes (absolute XPath).
    public var item: String
    /// The entry title, relative to an item node.
    public var title: String?
    /// The entry link, relative to an item node (usually an `@href`).
    public var link: String?
    /// The entry date, relative to an item node.
    public var date: String?
    /// The entry summary, relative to an item node.
    public var summary: String?

    /// Creates a rule.
    public init(item: String, title: String? = nil, link: String? = nil, date: String? = nil, summary: String? = nil) {
        self.item = item
        self.title = title
        self.link = link
        self.date = date
        self.summary = summary
    }
}
