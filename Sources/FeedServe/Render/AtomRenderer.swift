internal import FeedHub
internal import FeedParse

/// Renders a ``FeedSnapshot`` as Atom 1.0 (RFC 4287).
///
/// Each entry carries the story's permanent id, the outlet's article as `rel="alternate"`, other outlets'
/// copies as `rel="related"`, the plain-text summary, the sanitized content as `type="html"`, and
/// `atom:source` naming the primary outlet. Output depends only on the snapshot, so unchanged stories
/// render to identical bytes.
public enum AtomRenderer {
    /// Where the document is served, under `feed.url`.
    public static let path = "feed.atom"
    /// RFC 6721's namespace (`at:deleted-entry`).
    public static let tombstoneNamespace = "http://purl.org/atompub/tombstones/1.0"

    /// The document: the snapshot's page, with RFC 5005 `first`/`previous`/`next`/`last` links when
    /// there is more than one page, and `rel="hub"` when a WebSub hub is configured.
    public static func render(_ snapshot: FeedSnapshot) -> String {
        let feed = snapshot.feed
        let selfURL = snapshot.url(path, page: snapshot.page)
        var x = #"<?xml version="1.0" encoding="utf-8"?>"# + "\n"
        let tombstones = snapshot.page == 1 ? snapshot.tombstones : []
        x +=
            tombstones.isEmpty
            ? #"<feed xmlns="http://www.w3.org/2005/Atom">"#
            : #"<feed xmlns="http://www.w3.org/2005/Atom" xmlns:at="\#(tombstoneNamespace)">"#
        x += "\n"
        x += "  <id>\(XMLText.escape(feed.id))</id>\n"
        x += "  <title>\(XMLText.escape(feed.title))</title>\n"
        if let subtitle = feed.subtitle { x += "  <subtitle>\(XMLText.escape(subtitle))</subtitle>\n" }
        x += "  <updated>\(XMLText.rfc3339(snapshot.updated))</updated>\n"
        x += "  <author><name>\(XMLText.escape(feed.author ?? feed.title))</name></author>\n"
        x += #"  <link rel="self" type="application/atom+xml" href="\#(XMLText.escape(selfURL))"/>"# + "\n"
        x += #"  <link rel="alternate" type="text/html" href="\#(XMLText.escape(feed.url))"/>"# + "\n"
        x += snapshot.pagingAndHubLinks(path, element: "link", type: "application/atom+xml")
        x += #"  <generator uri="https://github.com/feedhub/feedhub" version="\#(FeedHubVersion.current)">FeedHub</generator>"# + "\n"
        // Extension elements precede the entries (RFC 4287's schema): readers see withdrawals first.
        for tombstone in tombstones {
            x += #"  <at:deleted-entry ref="\#(XMLText.escape(tombstone.id))" when="\#(XMLText.rfc3339(tombstone.when))"/>"# + "\n"
        }
        for story in snapshot.stories { x += entry(story, snapshot: snapshot) }
        x += "</feed>\n"
        return x
    }

    private static func entry(_ story: StoryListing, snapshot: FeedSnapshot) -> String {
        var x = "  <entry>\n"
        x += "    <id>\(XMLText.escape(story.id))</id>\n"
        x += "    <title type=\"text\">\(XMLText.escape(story.title))</title>\n"
        if let link = SafeLink.web(story.link) {
            x += #"    <link rel="alternate" type="text/html" href="\#(XMLText.escape(link))"/>"# + "\n"
        }
        for copy in story.alsoAt {
            guard let link = SafeLink.web(copy.link) else { continue }
            x += #"    <link rel="related" type="text/html" title="\#(XMLText.escape(copy.source))" href="\#(XMLText.escape(link))"/>"#
            x += "\n"
        }
        x += "    <published>\(XMLText.rfc3339(story.published))</published>\n"
        x += "    <updated>\(XMLText.rfc3339(max(story.updated, story.published)))</updated>\n"
        x += "    <author><name>\(XMLText.escape(story.author ?? story.source))</name></author>\n"
        for category in story.categories { x += "    <category term=\"\(XMLText.escape(category))\"/>\n" }
        if let summary = story.summary, !summary.isEmpty {
            x += "    <summary type=\"text\">\(XMLText.escape(summary))</summary>\n"
        }
        if let content = story.content, !content.isEmpty {
            x += "    <content type=\"html\">\(XMLText.escape(content))</content>\n"
        }
        let outlet = snapshot.outlets[story.source]
        x += "    <source>\n"
        x += "      <id>\(XMLText.escape(outlet ?? "urn:feedhub:source:" + story.source))</id>\n"
        x += "      <title>\(XMLText.escape(story.source))</title>\n"
        if let outlet {
            x += #"      <link rel="self" href="\#(XMLText.escape(outlet))"/>"# + "\n"
        }
        x += "      <updated>\(XMLText.rfc3339(max(story.updated, story.published)))</updated>\n"
        x += "    </source>\n"
        x += "  </entry>\n"
        return x
    }
}
