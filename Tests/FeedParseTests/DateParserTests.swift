import FeedParse
import Foundation
import Testing

@Suite struct DateParserTests {
    @Test(
        "Real-world dates parse to the right instant",
        arguments: [
            ("Thu, 29 May 2025 09:00:00 +0000", "2025-05-29T09:00:00Z"),
            ("Thu, 29 May 2025 09:00:00 GMT", "2025-05-29T09:00:00Z"),
            ("Thu, 29 May 2025 09:00 EST", "2025-05-29T14:00:00Z"),
            ("Sat, 29 May 2025 09:00:00 PDT", "2025-05-29T16:00:00Z"),
            ("29 May 2025 09:00:00 UT", "2025-05-29T09:00:00Z"),
            ("Thu, 29 May 25 09:00:00 +0500", "2025-05-29T04:00:00Z"),
            ("Thursday, 29 May 2025 09:00:00 Z", "2025-05-29T09:00:00Z"),
            ("Thu, 29 May 2025 09:00:00", "2025-05-29T09:00:00Z"),
            ("Thu, 29 June 2025 09:00:00 +05:00", "2025-06-29T04:00:00Z"),
            ("Sun Nov  6 08:49:37 1994", "1994-11-06T08:49:37Z"),
            ("2025-05-29T09:00:00Z", "2025-05-29T09:00:00Z"),
            ("2025-05-29T09:00:00.123+05:00", "2025-05-29T04:00:00Z"),
            ("2003-12-13T18:30+01:00", "2003-12-13T17:30:00Z"),
            ("2003-12-13", "2003-12-13T00:00:00Z"),
            ("2003-12", "2003-12-01T00:00:00Z"),
            ("2003", "2003-01-01T00:00:00Z"),
            ("20031213T183002Z", "2003-12-13T18:30:02Z"),
            ("2025-05-29 09:00:00", "2025-05-29T09:00:00Z"),
        ]
    )
    func parses(input: String, expected: String) {
        #expect(DateParser.parse(input).map(DateParser.rfc3339) == expected)
    }

    @Test(
        "Unparseable dates are nil, never now",
        arguments: [
            "", "soon", "32 May 2025", "2025-13-01", "Thu, 29 Foo 2025", "yesterday 10:00",
            "29 May 2025 09:77777777777777777777777777", "29 May 2025 09:00 +99999999999999999999",
        ])
    func rejects(input: String) {
        #expect(DateParser.parse(input) == nil)
    }

    @Test("Warnings are capped, and the cap says how many were left out")
    func warningCap() throws {
        let items = (0..<40).map { "<item><title>\($0)</title><pubDate>not a date</pubDate></item>" }.joined()
        let xml = "<rss version='2.0'><channel>\(items)</channel></rss>"
        let feed = try FeedParser(options: ParseOptions(maxDiagnostics: 5)).parse(Data(xml.utf8), url: nil)
        #expect(feed.entries.count == 40)
        #expect(feed.diagnostics.count == 6)
        #expect(feed.diagnostics.last?.message == "35 further warnings omitted")
    }

    @Test("An unparseable date in a feed becomes nil with a warning")
    func warning() throws {
        let xml = "<rss version='2.0'><channel><item><title>x</title><pubDate>at some point</pubDate></item></channel></rss>"
        let feed = try FeedParser().parse(Data(xml.utf8), url: nil)
        #expect(feed.entries[0].published == nil)
        #expect(feed.diagnostics.contains { $0.kind == .unparseableDate })
    }
}
