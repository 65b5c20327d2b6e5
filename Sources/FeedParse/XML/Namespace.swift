/// The XML namespaces feeds use, recognised once per distinct URI.
enum Namespace: UInt8, Sendable {
    /// No namespace, or RSS 2.0's optional UserLand/Harvard namespaces.
    case none
    case rss090, rss10, atom10, atom03, rdf, dc, dcterms, content, media, itunes, xhtml, xml
    /// Any other namespace (extensions the parser does not read).
    case other

    /// Classifies a namespace URI. Feeds in the wild vary case, scheme and trailing `/` or `#`
    /// (`http://purl.org/dc/elements/1.1`, `http://www.itunes.com/DTDs/PodCast-1.0.dtd`), so URIs are
    /// compared in a normalised form.
    init(uri: String) {
        var u = uri.lowercased()
        if u.hasPrefix("https://") { u = "http://" + u.dropFirst(8) }
        while u.hasSuffix("/") || u.hasSuffix("#") { u.removeLast() }
        switch u {
        case "": self = .none
        case "http://backend.userland.com/rss2", "http://blogs.law.harvard.edu/tech/rss", "http://backend.userland.com/rss",
            "http://purl.org/net/rss1.1":
            self = .none
        case "http://my.netscape.com/rdf/simple/0.9": self = .rss090
        case "http://purl.org/rss/1.0": self = .rss10
        case "http://www.w3.org/2005/atom": self = .atom10
        case "http://purl.org/atom/ns": self = .atom03
        case "http://www.w3.org/1999/02/22-rdf-syntax-ns": self = .rdf
        case "http://purl.org/dc/elements/1.1", "http://purl.org/dc/elements/1.0": self = .dc
        case "http://purl.org/dc/terms": self = .dcterms
        case "http://purl.org/rss/1.0/modules/content": self = .content
        case "http://search.yahoo.com/mrss", "http://tools.search.yahoo.com/mrss": self = .media
        case "http://www.itunes.com/dtds/podcast-1.0.dtd": self = .itunes
        case "http://www.w3.org/1999/xhtml": self = .xhtml
        case "http://www.w3.org/xml/1998/namespace": self = .xml
        default: self = .other
        }
    }

    /// The namespace a conventional prefix stands for, used when a feed forgets to declare it.
    init?(conventionalPrefix prefix: String) {
        switch prefix {
        case "dc": self = .dc
        case "dcterms": self = .dcterms
        case "content": self = .content
        case "media": self = .media
        case "itunes": self = .itunes
        case "atom", "atom10": self = .atom10
        case "rdf": self = .rdf
        case "xhtml": self = .xhtml
        case "xml": self = .xml
        default: return nil
        }
    }

    /// Whether elements in this namespace are RSS core elements (no namespace, RSS 0.90 or 1.0).
    var isRSSCore: Bool { self == .none || self == .rss10 || self == .rss090 }
}
