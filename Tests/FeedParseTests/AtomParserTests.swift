import FeedParse
import Foundation
import TestSupport
import Testing

@Suite struct AtomParserTests {
    @Test("Atom 1.0 with nested xml:base, text constructs and xhtml content")
    func diplomat() throws {
        let feed = try FeedParser().parse(Fixture.data("atom/atom10_diplomat_xml-base.xml"), url: "https://elsewhere.example/feed")
        #expect(feed.format == .atom10)
        #expect(feed.title == "The Diplomat – Central Asia")
        #expect(feed.subtitle == "Analysis of Central Asia")
        #expect(feed.language == "en")
        #expect(feed.link == "https://thediplomat.com/regions/central-asia/")
        #expect(feed.hub == "https://pubsubhubbub.appspot.com/")
        let e = try #require(feed.entries.first)
        #expect(e.title == "Kazakhstan’s Astana International Forum: A Bridge Between East and West?")
        #expect(e.link == "https://thediplomat.com/2025/05/kazakhstans-astana-international-forum/")
        #expect(e.published.map(DateParser.rfc3339) == "2025-05-20T01:00:00Z")
        #expect(e.updated.map(DateParser.rfc3339) == "2025-05-21T09:30:00Z")
        #expect(e.authors.map(\.name) == ["Paolo Sorbello"])
        #expect(e.categories == ["Diplomacy", "Central Asia"])
        #expect(e.summary == "The AIF began in 2008 as the Astana Economic Forum <b>not markup</b>.")
        let content = try #require(e.content)
        #expect(content.contains(#"href="https://thediplomat.com/2025/05/kazakhstans-astana-international-forum/photos/""#))
        #expect(content.contains(#"src="https://thediplomat.com/2025/05/kazakhstans-astana-international-forum/img/aif.png""#))
        #expect(e.enclosures.first?.url == "https://thediplomat.com/wp-content/aif.jpg")
        #expect(e.enclosures.first?.length == 40960)
        #expect(feed.entries[1].link == "https://thediplomat.com/2025/05/central-asia-briefing/")
    }

    @Test("Atom 0.3 is recognised by namespace, with issued/modified dates and escaped content")
    func atom03() throws {
        let xml = """
            <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old</title>
            <modified>2004-01-01T00:00:00Z</modified>
            <entry><title mode="escaped" type="text/html">AIF &amp;lt;2025&amp;gt;</title><id>urn:x:1</id>
            <issued>2003-12-13T18:30:02+01:00</issued><modified>2003-12-13T18:30:02Z</modified>
            <content type="text/html" mode="escaped">&lt;p&gt;Body&lt;/p&gt;</content></entry></feed>
            """
        let feed = try FeedParser().parse(Data(xml.utf8), url: nil)
        #expect(feed.format == .atom03)
        #expect(feed.updated.map(DateParser.rfc3339) == "2004-01-01T00:00:00Z")
        #expect(feed.entries[0].title == "AIF <2025>")
        #expect(feed.entries[0].published.map(DateParser.rfc3339) == "2003-12-13T17:30:02Z")
        #expect(feed.entries[0].content == "<p>Body</p>")
    }
}

@Suite struct AtomLinkRecoveryTests {
    @Test("An entry with no alternate link falls back to its self link, else its first link; never to an enclosure")
    func selfLinkFallback() throws {
        let feed = try FeedParser().parse(Fixture.data("atom/atom10_entry-self-link-only.xml"), url: "https://thediplomat.com/feed/")
        #expect(
            feed.entries.map(\.link) == [
                "https://thediplomat.com/2025/05/what-the-astana-international-forum-says-about-middle-powers/",
                "https://thediplomat.com/2025/05/astana-international-forum-five-takeaways/", nil,
            ])
        #expect(feed.entries[2].enclosures.map(\.url) == ["https://thediplomat.com/podcast/aif.mp3"])
    }
}
