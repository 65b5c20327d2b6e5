import FeedParse
import Foundation
import Testing

/// An article page's metadata for adding a story by hand: Open Graph first, then JSON-LD, then HTML.
@Suite struct PageMetadataTests {
    @Test("Open Graph wins; JSON-LD fills what it lacks; the canonical link is resolved")
    func openGraphThenJSONLD() throws {
        let html = """
            <!DOCTYPE html><html><head><title>AIF 2025 | The Astana Times</title>
            <meta property="og:title" content="Kazakhstan to Host Astana International Forum on May 29&#8211;30">
            <meta property="og:site_name" content="The Astana Times">
            <link rel="canonical" href="/2025/05/kazakhstan-to-host-aif/">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage","name":"x"},
            {"@type":"NewsArticle","headline":"Other","description":"Kazakhstan will convene the AIF on May 29–30.",
             "datePublished":"2025-05-12T10:15:00+05:00","author":{"@type":"Person","name":"Aiman Nakispekova"}}]}</script>
            </head><body><article><time datetime="2020-01-01">old</time></article></body></html>
            """
        let page = try FeedParser().pageMetadata(Data(html.utf8), url: "https://astanatimes.com/2025/05/kazakhstan-to-host-aif/?utm=x")
        #expect(page.title == "Kazakhstan to Host Astana International Forum on May 29–30")
        #expect(page.summary == "Kazakhstan will convene the AIF on May 29–30.")
        #expect(page.published == Date(timeIntervalSince1970: 1_747_026_900))
        #expect(page.siteName == "The Astana Times")
        #expect(page.author == "Aiman Nakispekova")
        #expect(page.url == "https://astanatimes.com/2025/05/kazakhstan-to-host-aif/")
    }

    @Test("A plain page falls back to <title>, meta description and <time>; windows-1251 is decoded")
    func plainHTMLInWindows1251() throws {
        let html = """
            <html><head><meta charset="windows-1251"><title>Токаев открыл Астанинский международный форум</title>
            <meta name="description" content="В столице начал работу АМФ-2025."></head>
            <body><time datetime="2025-05-29T10:00:00+05:00">29 мая</time></body></html>
            """
        let bytes = try #require(html.data(using: .windowsCP1251))
        let page = try FeedParser().pageMetadata(bytes, url: "https://www.inform.kz/ru/tokaev-otkryl-amf")
        #expect(page.title == "Токаев открыл Астанинский международный форум")
        #expect(page.summary == "В столице начал работу АМФ-2025.")
        #expect(page.published == Date(timeIntervalSince1970: 1_748_494_800))
        #expect(page.url == "https://www.inform.kz/ru/tokaev-otkryl-amf")
    }

    @Test("Broken JSON-LD and an empty page do not crash: no title, or a clear error")
    func hostile() throws {
        let page = try FeedParser().pageMetadata(
            Data(#"<html><head><script type="application/ld+json">{"@type": [</script></head></html>"#.utf8), url: nil)
        #expect(page.title == nil)
        #expect(throws: FeedParseError.emptyDocument) { try FeedParser().pageMetadata(Data("   ".utf8), url: nil) }
    }
}
