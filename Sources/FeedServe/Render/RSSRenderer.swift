internal import FeedHub
internal import FeedParse
internal import Foundation

/// Renders a ``FeedSnapshot`` as RSS 2.0, with `atom:link rel="self"` and the story id as a guid that is
/// not a permalink.
public enum RSSRenderer {
    /// Where the document is served, under `feed.url`.
    public static let path = "feed.rss"

    /// The document: the snapshot's page, with RFC 5005 paging and WebSub hub links as `atom:link`.
    public static func render(_ snapshot: FeedSnapshot) -> String {
        let feed = snapshot.feed
        let selfURL = snapshot.url(path, page: snapshot.page)
        var x = #"<?xml version="1.0" encoding="utf-8"?>"# + "\n"
        x += #"<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">"# + "\n"
        x += "<channel>\n"
        x += "  <title>\(XMLText.escape(feed.title))</title>\n"
        x += "  <link>\(XMLText.escape(feed.url))</link>\n"
        x += "  <description>\(XMLText.escape(feed.subtitle ?? feed.title))</description>\n"
        x += #"  <atom:link rel="self" type="application/rss+xml" href="\#(XMLText.escape(selfURL))"/>"# + "\n"
        x += snapshot.pagingAndHubLinks(path, element: "atom:link", type: "application/rss+xml")
        x += "  <lastBuildDate>\(rfc822(snapshot.updated))</lastBuildDate>\n"
        x += "  <generator>FeedHub \(FeedHubVersion.current)</generator>\n"
        for story in snapshot.stories {
            x += "  <item>\n"
            x += "    <title>\(XMLText.escape(story.title))</title>\n"
            if let link = SafeLink.web(story.link) { x += "    <link>\(XMLText.escape(link))</link>\n" }
            x += "    <guid isPermaLink=\"false\">\(XMLText.escape(story.id))</guid>\n"
            x += "    <pubDate>\(rfc822(story.published))</pubDate>\n"
            x += "    <dc:creator>\(XMLText.escape(story.author ?? story.source))</dc:creator>\n"
            for category in story.categories { x += "    <category>\(XMLText.escape(category))</category>\n" }
            if let description = story.content ?? story.summary.map(XMLText.escape), !description.isEmpty {
                x += "    <description>\(XMLText.escape(description))</description>\n"
            }
            let outlet = snapshot.outlets[story.source] ?? feed.url
            x += "    <source url=\"\(XMLText.escape(outlet))\">\(XMLText.escape(story.source))</source>\n"
            x += "  </item>\n"
        }
        x += "</channel>\n</rss>\n"
        return x
    }

    /// RFC 822 date in GMT (`Thu, 29 May 2025 09:00:00 +0000`), locale-independent.
    static func rfc822(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int?) -> String { (n ?? 0) < 10 ? "0\(n ?? 0)" : "\(n ?? 0)" }
        return "\(days[(c.weekday ?? 1) - 1]), \(two(c.day)) \(months[(c.month ?? 1) - 1]) \(c.year ?? 1970) "
            + "\(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
    }
}
