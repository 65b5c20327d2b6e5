/// The syndication format a document was recognised as, by sniffing its bytes.
public enum FeedFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// RSS 0.90 (RDF with the Netscape 0.9 namespace).
    case rss090
    /// RSS 0.91 (Netscape or UserLand).
    case rss091
    /// RSS 0.92.
    case rss092
    /// RSS 2.0, and every other `<rss>` version (0.93, 0.94, 2.01, none).
    case rss20
    /// RSS 1.0 (RDF with the `http://purl.org/rss/1.0/` namespace).
    case rss10
    /// Atom 0.3 (`http://purl.org/atom/ns#`).
    case atom03
    /// Atom 1.0 (RFC 4287).
    case atom10
    /// JSON Feed 1.0.
    case json10
    /// JSON Feed 1.1.
    case json11
    /// An HTML page scraped with XPath rules.
    case html

    /// Whether the format is one of the RSS family (including RDF).
    public var isRSS: Bool {
        switch self {
        case .rss090, .rss091, .rss092, .rss20, .rss10: true
        default: false
        }
    }
}
