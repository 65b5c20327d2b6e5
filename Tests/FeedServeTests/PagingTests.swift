import FeedHub
import FeedParse
import FeedServe
import Foundation
import TestSupport
import Testing

/// RFC 5005 paging and categories across the four representations.
@Suite struct PagingTests {
    /// Seven stories, newest first, as the store lists them.
    static let ordered: [StoryListing] = {
        let outlets = ["Astana Times", "The Diplomat", "Eurasia Review", "Trend"]
        return (1...7).reversed().map { n in
            RendererTests.story(
                n, title: "Astana International Forum, day \(n): panel on middle powers", source: outlets[n % outlets.count],
                link: "https://astanatimes.com/2025/05/aif-day-\(n)/", published: "2025-05-\(10 + n)T08:00:00Z",
                summary: "Day \(n) of the Astana International Forum.", categories: n == 7 ? ["Astana International Forum"] : [])
        }
    }()

    /// Page `n` of the seven stories, two per page (four pages), as ``FeedSnapshot/load(from:configuration:page:)`` reads it.
    static func page(_ n: Int) -> FeedSnapshot {
        var feed = RendererTests.feed
        feed.maxEntries = 2
        let stories = Array(ordered.dropFirst((n - 1) * 2).prefix(2))
        return FeedSnapshot(feed: feed, stories: stories, total: ordered.count, page: n, outlets: [:], hub: "https://hub.example.net/")
    }

    static let snapshot = page(1)

    @Test("Atom pages link first/previous/next/last; together they hold every story once, newest first")
    func atomPages() async throws {
        let snapshot = Self.snapshot
        #expect(snapshot.pageCount == 4)
        var seen: [String?] = []
        for n in 1...4 {
            let page = Self.page(n)
            let atom = AtomRenderer.render(page)
            let parsed = try FeedParser().parse(Data(atom.utf8))
            seen += parsed.entries.map(\.id)
            let query = n == 1 ? "" : "?page=\(n)"
            #expect(atom.contains(#"<link rel="self" type="application/atom+xml" href="https://news.example.org/feed.atom\#(query)"/>"#))
            #expect(atom.contains(#"<link rel="first" type="application/atom+xml" href="https://news.example.org/feed.atom"/>"#))
            #expect(atom.contains(#"<link rel="last" type="application/atom+xml" href="https://news.example.org/feed.atom?page=4"/>"#))
            #expect(atom.contains(#"rel="next""#) == (n < 4))
            #expect(atom.contains(#"rel="previous""#) == (n > 1))
            if n == 2 {
                #expect(atom.contains(#"<link rel="next" type="application/atom+xml" href="https://news.example.org/feed.atom?page=3"/>"#))
                #expect(atom.contains(#"<link rel="previous" type="application/atom+xml" href="https://news.example.org/feed.atom"/>"#))
            }
            #expect(atom.contains(#"<link rel="hub" href="https://hub.example.net/"/>"#))
        }
        #expect(seen == Self.ordered.map(\.id), "every story once, in publishing order")
        let middle = Self.page(2)
        try await RendererTests.expectValidAtom(AtomRenderer.render(middle))
        #expect(try await RendererTests.feedparserBozo(AtomRenderer.render(middle)) == false)
        #expect(try await RendererTests.feedparserBozo(RSSRenderer.render(middle)) == false)
        #expect(Set(seen).count == 7)
    }

    @Test("JSON Feed pages chain through next_url; RSS pages carry atom:link paging; the page links to older stories")
    func jsonRSSAndPagePaging() throws {
        let first = JSONFeedRenderer.render(Self.snapshot)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(object["next_url"] as? String == "https://news.example.org/feed.json?page=2")
        #expect((object["hubs"] as? [[String: String]])?.first?["url"] == "https://hub.example.net/")
        let last = JSONFeedRenderer.render(Self.page(4))
        let lastObject = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(lastObject["next_url"] == nil)
        #expect(lastObject["feed_url"] as? String == "https://news.example.org/feed.json?page=4")
        #expect((lastObject["items"] as? [Any])?.count == 1)

        let rss = RSSRenderer.render(Self.page(3))
        #expect(rss.contains(#"<atom:link rel="next" type="application/rss+xml" href="https://news.example.org/feed.rss?page=4"/>"#))
        #expect(rss.contains(#"<atom:link rel="hub" href="https://hub.example.net/"/>"#))
        #expect(try FeedParser().parse(Data(rss.utf8)).entries.count == 2)

        let html = HTMLPageRenderer.render(Self.snapshot)
        #expect(html.contains(#"<a rel="next" href="https://news.example.org/?page=2">Older stories →</a>"#))
        #expect(!html.contains(#"rel="prev""#))
        let second = HTMLPageRenderer.render(Self.page(2))
        #expect(second.contains(#"<a rel="prev" href="https://news.example.org/">← Newer stories</a>"#))
    }

    @Test("Categories reach Atom (category term), RSS (category) and JSON Feed (tags), escaped, and read back")
    func categories() throws {
        let snapshot = RendererTests.snapshot
        let atom = AtomRenderer.render(snapshot)
        #expect(atom.contains(#"<category term="Central Asia &amp; Caucasus"/>"#))
        let atomEntry = try FeedParser().parse(Data(atom.utf8)).entries.first { $0.title?.hasPrefix("Kazakhstan") == true }
        #expect(atomEntry?.categories == ["Diplomacy", "Central Asia & Caucasus"])
        let rss = RSSRenderer.render(snapshot)
        let rssEntry = try FeedParser().parse(Data(rss.utf8)).entries.first { $0.title?.hasPrefix("Kazakhstan") == true }
        #expect(rssEntry?.categories == ["Diplomacy", "Central Asia & Caucasus"])
        let json = JSONFeedRenderer.render(snapshot)
        let jsonEntry = try FeedParser().parse(Data(json.utf8)).entries.first { $0.title?.hasPrefix("Kazakhstan") == true }
        #expect(jsonEntry?.categories == ["Diplomacy", "Central Asia & Caucasus"])
        #expect(try FeedParser().parse(Data(atom.utf8)).entries.first?.categories == [], "stories without categories have none")
    }
}
