import FeedParse
import Foundation
import TestSupport
import Testing

/// Items and entries are found anywhere under the channel or feed once libxml2 has recovered the tree,
/// as feedparser finds them, even when an element the outlet forgot to close now holds them all.
@Suite struct UnclosedElementRecoveryTests {
    @Test("RSS: every item inside an unclosed <itunes:category> is read, with its fields, and the error is reported")
    func rssItemsInsideUnclosedCategory() throws {
        let feed = try FeedParser().parse(
            Fixture.data("rss/rss20_items-inside-unclosed-element.xml"), url: "https://www.inform.kz/ru/podcast/rss")
        #expect(feed.title == "Kazinform — Подкаст")
        #expect(feed.language == "ru")
        #expect(
            feed.entries.map(\.title) == [
                "Участники Астанинского международного форума обсудили роль средних держав",
                "Астана халықаралық форумы: екінші күн",
                "Astana International Forum closes with a call for dialogue",
            ])
        #expect(feed.entries.map(\.id) == ["kazinform-podcast-101", "kazinform-podcast-102", "kazinform-podcast-103"])
        #expect(feed.entries[0].link == "https://www.inform.kz/ru/podcast/amf-srednie-derzhavy")
        #expect(feed.entries[0].authors.compactMap(\.name) == ["Айгерим Сейткали"])
        #expect(feed.entries[0].published == Date(timeIntervalSince1970: 1_748_523_600))
        #expect(feed.entries[1].enclosures.map(\.url) == ["https://cdn.inform.kz/podcast/102.mp3"])
        #expect(feed.diagnostics.contains { $0.kind == .malformedXML }, "the unclosed element is reported, not hidden")
    }

    @Test("Atom: entries inside an unclosed feed <author> are read with their own author, links resolved against xml:base")
    func atomEntriesInsideUnclosedAuthor() throws {
        let feed = try FeedParser().parse(
            Fixture.data("atom/atom10_entries-inside-unclosed-author.xml"), url: "https://thediplomat.com/feed/")
        #expect(feed.entries.count == 2)
        #expect(
            feed.entries.map(\.link) == [
                "https://thediplomat.com/2025/05/opinion-how-the-emerging-trump-doctrine-played-at-astana-international-forum/",
                "https://thediplomat.com/2025/05/middle-powers-as-bridge-builders/",
            ])
        #expect(feed.entries[0].authors.compactMap(\.name) == ["Nurlan Abenov"], "its own author, not the feed's")
        #expect(feed.entries[1].title == "Middle Powers as Bridge-Builders: Reinventing Global Cooperation")
        #expect(feed.entries[1].updated == Date(timeIntervalSince1970: 1_748_678_400))
    }

    @Test("An item nested inside another item is still its own item, never a child of the first")
    func nestedItemIsASibling() throws {
        let xml = """
            <rss version="2.0"><channel><title>Trend</title><item><title>First</title><link>https://en.trend.az/1</link>
            <item><title>Second</title><link>https://en.trend.az/2</link></item></item></channel></rss>
            """
        let feed = try FeedParser().parse(Data(xml.utf8), url: "https://en.trend.az/feeds/index.rss")
        #expect(feed.entries.map(\.title) == ["First", "Second"])
    }
}
