import FeedParse
import Foundation
import TestSupport
import Testing

@Suite struct JSONFeedParserTests {
    @Test("JSON Feed 1.1: numeric ids, relative URLs, sanitized HTML, text content, attachments")
    func timesOfCentralAsia() throws {
        let feed = try FeedParser().parse(Fixture.data("jsonfeed/json11_times-of-central-asia.json"), url: "https://timesca.com/feed.json")
        #expect(feed.format == .json11)
        #expect(feed.title == "The Times of Central Asia")
        #expect(feed.entries.count == 2)
        let first = feed.entries[0]
        #expect(first.id == "44120")
        #expect(first.link == "https://timesca.com/2025/05/30/astana-international-forum-closes/")
        #expect(first.published.map(DateParser.rfc3339) == "2025-05-30T12:45:00Z")
        #expect(first.content == "<p>The <strong>Astana International Forum</strong> closed on Friday.</p>")
        #expect(first.enclosures == [Enclosure(url: "https://timesca.com/media/aif.mp4", type: "video/mp4", length: 9_912_000)])
        #expect(first.categories == ["Kazakhstan", "AIF"])
        #expect(feed.entries[1].title == "Астанинский международный форум открылся в столице")
        #expect(feed.entries[1].content == "Форум собрал делегации из 70 стран.")
    }

    @Test("JSON without a JSON Feed version is not a feed")
    func notAFeed() {
        #expect(throws: FeedParseError.self) { try FeedParser().parse(Data(#"{"items": []}"#.utf8), url: nil) }
        #expect(throws: FeedParseError.self) {
            try FeedParser().parse(Data(#"{"version": "https://jsonfeed.org/version/1", "#.utf8), url: nil)
        }
    }
}
