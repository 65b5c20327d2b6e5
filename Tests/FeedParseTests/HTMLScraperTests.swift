import FeedParse
import Foundation
import TestSupport
import Testing

@Suite struct HTMLScraperTests {
    let rule = ScrapeRule(item: "//article", title: ".//h3", link: ".//h3/a/@href", date: ".//time/@datetime", summary: ".//p")

    @Test("The AIF news page scrapes into dated entries with absolute links")
    func scrape() throws {
        let parser = FeedParser(options: ParseOptions(htmlRules: rule))
        let feed = try parser.parse(Fixture.data("html/aif-news-page.html"), url: "https://astanaforum.org/news/")
        #expect(feed.format == .html)
        #expect(feed.entries.count == 3)
        #expect(feed.entries[0].title == "Middle Powers as Bridge-Builders: Reinventing Global Cooperation")
        #expect(feed.entries[0].link == "https://astanaforum.org/news/middle-powers-as-bridge-builders/")
        #expect(feed.entries[0].published.map(DateParser.rfc3339) == "2025-12-07T00:00:00Z")
        #expect(feed.entries[1].link == "https://astanatimes.com/2025/08/kazakhstan-showcases-middle-power-role/")
        #expect(feed.entries[1].summary?.contains("dominance & entering") == true)
        #expect(feed.entries[2].published.map(DateParser.rfc3339) == "2025-06-25T00:00:00Z")
        #expect(feed.entries[2].summary == nil)
    }

    @Test("Without rules, an HTML page is not a feed but its feed links are discovered")
    func discovery() throws {
        do {
            _ = try FeedParser().parse(Fixture.data("html/aif-news-page.html"), url: "https://astanaforum.org/news/")
            Issue.record("expected notAFeed")
        } catch let FeedParseError.notAFeed(root, feeds) {
            #expect(root == "html")
            #expect(feeds.map(\.url) == ["https://astanaforum.org/feed/", "https://astanaforum.org/news.atom"])
            #expect(feeds.map(\.type) == ["application/rss+xml", "application/atom+xml"])
        }
    }

    @Test("An XPath that does not compile is a clear error")
    func badXPath() throws {
        let parser = FeedParser(options: ParseOptions(htmlRules: ScrapeRule(item: "//article[", title: ".//h3")))
        #expect(throws: FeedParseError.invalidXPath(rule: "item", expression: "//article[")) {
            try parser.parse(Fixture.data("html/aif-news-page.html"), url: nil)
        }
    }
}
