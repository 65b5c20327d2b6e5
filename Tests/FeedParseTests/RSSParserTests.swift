import FeedParse
import Foundation
import TestSupport
import Testing

@Suite struct RSSParserTests {
    let parser = FeedParser()

    @Test("RSS 2.0 from a partner outlet: fields, namespaces, links, sanitized content")
    func astanaTimes() throws {
        let feed = try parser.parse(Fixture.data("rss/rss20_astana-times_aif-coverage.xml"), url: "https://astanatimes.com/feed/")
        #expect(feed.format == .rss20)
        #expect(feed.title == "The Astana Times")
        #expect(feed.subtitle == "News from Kazakhstan & Central Asia")
        #expect(feed.link == "https://astanatimes.com")
        #expect(feed.selfLink == "https://astanatimes.com/feed/")
        #expect(feed.language == "en-US")
        #expect(feed.updated.map(DateParser.rfc3339) == "2025-05-29T09:00:00Z")
        #expect(feed.entries.count == 3)

        let first = feed.entries[0]
        #expect(first.title == "Kazakhstan to Host Astana International Forum on May 29–30")
        #expect(first.id == "https://astanatimes.com/?p=151201")
        #expect(first.idIsSynthesized == false)
        #expect(first.link == "https://astanatimes.com/2025/05/kazakhstan-to-host-astana-international-forum/")
        #expect(first.published.map(DateParser.rfc3339) == "2025-05-12T10:15:00Z")
        #expect(first.authors.map(\.name) == ["Aiman Nakispekova"])
        #expect(first.categories == ["Kazakhstan", "Astana International Forum"])
        #expect(first.summary?.hasPrefix("Kazakhstan will convene the Astana International Forum (AIF)") == true)
        #expect(first.image == "https://astanatimes.com/wp-content/uploads/aif-thumb.jpg")
        let content = try #require(first.content)
        #expect(!content.contains("script"))
        #expect(!content.contains("alert"))
        #expect(!content.contains("onclick"))
        #expect(content.contains(#"<a href="https://astanatimes.com/2025/05/aif-programme/">Programme</a>"#))
        #expect(content.contains(#"<img src="https://astanatimes.com/wp-content/uploads/aif.jpg" alt="AIF 2025">"#))

        let second = feed.entries[1]
        #expect(second.published.map(DateParser.rfc3339) == "2025-10-17T09:30:00Z")
        #expect(second.enclosures == [Enclosure(url: "https://astanatimes.com/audio/attf-2025.mp3", type: "audio/mpeg", length: 1_234_567)])

        let third = feed.entries[2]
        #expect(third.id == nil)
        #expect(third.idIsSynthesized)
        #expect(third.stableID == "https://astanatimes.com/2025/06/opinion-how-the-emerging-trump-doctrine-played-at-aif/")
    }

    @Test(
        "Versions map to formats",
        arguments: [("0.91", FeedFormat.rss091), ("0.92", .rss092), ("2.0", .rss20), ("0.94", .rss20), ("", .rss20)])
    func versions(version: String, format: FeedFormat) throws {
        let xml = #"<rss version="\#(version)"><channel><title>T</title></channel></rss>"#
        #expect(try parser.parse(Data(xml.utf8), url: nil).format == format)
    }

    @Test("Syndicated copies keep their own link and id but carry the original's title and text")
    func syndicatedCopies() throws {
        let copies = try parser.parse(
            Fixture.data("rss/rss20_eurasia-review_syndicated-copies.xml"), url: "https://www.eurasiareview.com/feed/")
        let diplomat = try parser.parse(Fixture.data("atom/atom10_diplomat_xml-base.xml"), url: nil)
        let astanaTimes = try parser.parse(Fixture.data("rss/rss20_astana-times_aif-coverage.xml"), url: nil)
        #expect(copies.entries.count == 2)
        let copy = copies.entries[0]
        #expect(copy.title == "Kazakhstan’s Astana International Forum: A Bridge Between East and West? – Analysis")
        #expect(copy.title?.hasPrefix(diplomat.entries[0].title ?? "-") == true)
        #expect(copy.link?.hasPrefix("https://www.eurasiareview.com/21052025-") == true)
        #expect(copy.link?.contains("utm_source=rss&utm_medium=rss") == true)
        #expect(copy.content?.contains(#"href="https://thediplomat.com/2025/05/kazakhstans-astana-international-forum/""#) == true)
        #expect(copy.stableID != diplomat.entries[0].stableID)
        #expect(copies.entries[1].title?.lowercased() == astanaTimes.entries[1].title?.lowercased())
        #expect(copies.entries[1].summary == astanaTimes.entries[1].summary)
    }

    @Test("RSS 1.0 (RDF) items carry rdf:about ids and dc fields")
    func rdf() throws {
        let xml = """
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                     xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="https://www.inform.kz/"><title>Kazinform</title><link>https://www.inform.kz/</link>
                <description>News</description><dc:language>en</dc:language><dc:date>2025-05-29T08:00:00+05:00</dc:date></channel>
              <item rdf:about="https://www.inform.kz/en/aif-opens"><title>AIF opens in Astana</title>
                <link>https://www.inform.kz/en/aif-opens</link><dc:creator>Kazinform</dc:creator>
                <dc:date>2025-05-29T09:00:00+05:00</dc:date><dc:subject>Forum</dc:subject></item>
            </rdf:RDF>
            """
        let feed = try parser.parse(Data(xml.utf8), url: nil)
        #expect(feed.format == .rss10)
        #expect(feed.language == "en")
        #expect(feed.updated.map(DateParser.rfc3339) == "2025-05-29T03:00:00Z")
        let entry = try #require(feed.entries.first)
        #expect(entry.id == "https://www.inform.kz/en/aif-opens")
        #expect(entry.updated.map(DateParser.rfc3339) == "2025-05-29T04:00:00Z")
        #expect(entry.authors.map(\.name) == ["Kazinform"])
        #expect(entry.categories == ["Forum"])
    }

    @Test("Duplicate guids are reported, ids without guid are synthesized stably")
    func ids() throws {
        let xml = """
            <rss version="2.0"><channel><title>Trend</title>
            <item><guid>https://en.trend.az/1</guid><title>A</title></item>
            <item><guid>https://en.trend.az/1</guid><title>B</title></item>
            <item><title>No guid, no link</title><pubDate>Thu, 29 May 2025 10:00:00 +0500</pubDate></item>
            </channel></rss>
            """
        let a = try parser.parse(Data(xml.utf8), url: nil)
        let b = try parser.parse(Data(xml.utf8), url: nil)
        #expect(a.diagnostics.contains { $0.kind == .duplicateID })
        #expect(a.entries[2].idIsSynthesized)
        #expect(a.entries[2].id == nil)
        #expect(a.entries[2].stableID.hasPrefix("urn:feedhub:"))
        #expect(a.entries[2].stableID == b.entries[2].stableID)
    }

    @Test("Undeclared HTML entities and bare ampersands are read as text")
    func entities() throws {
        let xml = "<rss version=\"2.0\"><channel><title>Q&amp;A &nbsp;&eacute;t&eacute; & more &bogus;</title></channel></rss>"
        let feed = try parser.parse(Data(xml.utf8), url: nil)
        #expect(feed.title == "Q&A été & more &bogus;")
    }
}

@Suite struct RSSAuthorRecoveryTests {
    @Test("Names are text only with a role kept apart, markup in a CDATA author is read, every author is listed once")
    func authors() throws {
        let feed = try FeedParser().parse(
            Fixture.data("rss/rss20_author-markup-and-creators.xml"), url: "https://www.eurasiareview.com/feed/")
        #expect(feed.title == "Eurasia Review", "dc:title is the fallback for an empty title")
        #expect(
            feed.entries.map { $0.authors.compactMap(\.name) } == [
                ["Diane Chaleff"], ["Item Author"], ["Aigerim Seitkali", "Nurlan Abenov"],
            ])
        #expect(feed.entries[2].authors[0].email == "press@astanatimes.com")
    }
}
