internal import FeedHub
internal import FeedParse
internal import Foundation

/// Renders a ``FeedSnapshot`` as JSON Feed 1.1.
public enum JSONFeedRenderer {
    /// Where the document is served, under `feed.url`.
    public static let path = "feed.json"

    /// The document (UTF-8 JSON, keys sorted, so unchanged stories give identical bytes): the snapshot's
    /// page, with `next_url` when there are older stories and `hubs` when a WebSub hub is configured.
    public static func render(_ snapshot: FeedSnapshot) -> String {
        let feed = snapshot.feed
        var document: [String: Any] = [
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed.title,
            "home_page_url": feed.url,
            "feed_url": snapshot.url(path, page: snapshot.page),
        ]
        if snapshot.page < snapshot.pageCount { document["next_url"] = snapshot.url(path, page: snapshot.page + 1) }
        if let hub = snapshot.hub { document["hubs"] = [["type": "WebSub", "url": hub]] }
        if let subtitle = feed.subtitle { document["description"] = subtitle }
        if let author = feed.author { document["authors"] = [["name": author]] }
        document["items"] = snapshot.stories.map { story -> [String: Any] in
            var item: [String: Any] = [
                "id": story.id,
                "title": story.title,
                "date_published": XMLText.rfc3339(story.published),
                "date_modified": XMLText.rfc3339(max(story.updated, story.published)),
                "authors": [["name": story.author ?? story.source]],
                "_feedhub": [
                    "source": story.source,
                    "also_at": story.alsoAt.map { copy -> [String: Any] in
                        var entry: [String: Any] = ["source": copy.source]
                        if let link = SafeLink.web(copy.link) { entry["link"] = link }
                        return entry
                    },
                ],
            ]
            if let link = SafeLink.web(story.link) { item["url"] = link }
            if !story.categories.isEmpty { item["tags"] = story.categories }
            if let content = story.content, !content.isEmpty { item["content_html"] = content }
            if let summary = story.summary, !summary.isEmpty {
                item["summary"] = summary
                if item["content_html"] == nil { item["content_text"] = summary }
            }
            if item["content_html"] == nil, item["content_text"] == nil { item["content_text"] = story.title }
            return item
        }
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
