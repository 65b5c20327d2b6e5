internal import FeedHub
internal import FeedParse

/// Renders the followed outlets as OPML 2.0, so a reader can subscribe to the sources themselves.
public enum OPMLRenderer {
    /// The document; each outlet's current URL (after permanent redirects) when known.
    public static func render(_ snapshot: FeedSnapshot) -> String {
        let current = Dictionary(snapshot.sourceStates.map { ($0.name, $0.currentURL) }, uniquingKeysWith: { a, _ in a })
        var x = #"<?xml version="1.0" encoding="utf-8"?>"# + "\n<opml version=\"2.0\">\n<head>\n"
        x += "  <title>\(XMLText.escape(snapshot.feed.title)) — sources</title>\n"
        x += "  <dateModified>\(RSSRenderer.rfc822(snapshot.updated))</dateModified>\n</head>\n<body>\n"
        for name in snapshot.outlets.keys.sorted() {
            // A `file:` source (an offline snapshot) has no address a reader could subscribe to.
            guard let url = SafeLink.web(current[name]) ?? snapshot.outlets[name] else { continue }
            let type = url.hasSuffix(".json") ? "json" : "rss"
            x += "  <outline type=\"\(type)\" text=\"\(XMLText.escape(name))\" title=\"\(XMLText.escape(name))\" "
            x += "xmlUrl=\"\(XMLText.escape(url))\"/>\n"
        }
        return x + "</body>\n</opml>\n"
    }
}
