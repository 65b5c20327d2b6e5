import FeedParse
import Foundation
import TestSupport
import Testing

@Suite struct HostileInputTests {
    @Test("External entities (XXE) are never read, and the rest of the feed survives")
    func xxe() throws {
        let feed = try FeedParser().parse(Fixture.data("hostile/xxe_file-entity.xml"), url: nil)
        #expect(feed.title == "XXE probe")
        #expect(feed.entries.map(\.title) == ["Item"])
        #expect(!feed.normalizedJSON().contains("root:"))
        #expect(feed.diagnostics.contains { $0.kind == .entity && $0.message.contains("not loaded") })
    }

    @Test("External parameter entities are never fetched")
    func parameterEntity() throws {
        let feed = try FeedParser().parse(Fixture.data("hostile/xxe_parameter-entity.xml"), url: nil)
        #expect(feed.entries.map(\.title) == ["Still here"])
    }

    @Test("Entity bombs stop with a clear error", arguments: ["hostile/billion-laughs.xml", "hostile/quadratic-blowup.xml"])
    func entityBombs(file: String) throws {
        #expect {
            try FeedParser().parse(Fixture.data(file), url: nil)
        } throws: { error in
            guard case FeedParseError.entityExpansionRefused(_, let line, let limit) = error else { return false }
            return line > 0 && limit == ParseOptions().maxEntityExpansionBytes
        }
    }

    @Test("Fuzzer findings stay fixed: the DTD after a broken declaration is still never expanded")
    func fuzzFindings() throws {
        let feed = try FeedParser().parse(Fixture.data("hostile/fuzz_malformed-pi-before-billion-laughs.xml"), url: nil)
        #expect(feed.diagnostics.contains { $0.message.contains("document type declaration ignored") })
        #expect(feed.normalizedJSON().utf8.count < 10_000)
        let overflow = try FeedParser().parse(Fixture.data("hostile/fuzz_date-overflow-atom-updated.xml"), url: nil)
        #expect(overflow.updated == nil)
    }

    @Test("Internal entities within the budget expand")
    func smallEntities() throws {
        let xml = """
            <?xml version="1.0"?><!DOCTYPE rss [<!ENTITY aif "Astana International Forum"><!ENTITY both "&aif; 2025">]>
            <rss version="2.0"><channel><title>&both;</title></channel></rss>
            """
        #expect(try FeedParser().parse(Data(xml.utf8), url: nil).title == "Astana International Forum 2025")
    }

    @Test("Malformed XML is recovered: items are kept and what was wrong is reported with line numbers")
    func malformed() throws {
        let feed = try FeedParser().parse(Fixture.data("hostile/malformed_unescaped-amp-unclosed.xml"), url: nil)
        #expect(feed.title == "Eurasia Review & Analysis")
        #expect(feed.entries.count >= 2)
        #expect(feed.entries[0].title == "Kazakhstan: AIF & the Middle Powers")
        #expect(feed.entries[0].link == "https://www.eurasiareview.com/29052025-kazakhstan-aif/?utm_source=rss&utm_medium=rss")
        #expect(feed.entries.contains { $0.title == "Second story survives" })
        #expect(feed.diagnostics.contains { $0.kind == .malformedXML && ($0.line ?? 0) > 0 })
    }

    @Test("Deep nesting is refused, not recursed into")
    func deepNesting() {
        let xml = "<rss><channel>" + String(repeating: "<x>", count: 5000) + "</channel></rss>"
        #expect(throws: FeedParseError.tooDeep(line: 1, limit: 256)) { try FeedParser().parse(Data(xml.utf8), url: nil) }
    }

    @Test("The caller's maximum document size is enforced before parsing")
    func sizeLimit() throws {
        let data = try Fixture.data("rss/rss20_astana-times_aif-coverage.xml")
        let parser = FeedParser(options: ParseOptions(maxDocumentBytes: 1000))
        #expect(throws: FeedParseError.documentTooLarge(bytes: data.count, limit: 1000)) { try parser.parse(data, url: nil) }
    }

    @Test("Empty, blank and non-feed documents are errors with a reason")
    func notFeeds() {
        #expect(throws: FeedParseError.emptyDocument) { try FeedParser().parse(Data(), url: nil) }
        #expect(throws: FeedParseError.emptyDocument) { try FeedParser().parse(Data("  \n ".utf8), url: nil) }
        #expect(throws: FeedParseError.notAFeed(rootElement: "svg", discoveredFeeds: [])) {
            try FeedParser().parse(Data("<svg xmlns='http://www.w3.org/2000/svg'/>".utf8), url: nil)
        }
        #expect(throws: FeedParseError.self) { try FeedParser().parse(Data([0xFF, 0x00, 0x13, 0x37]), url: nil) }
    }
}
