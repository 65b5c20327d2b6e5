import FeedParse
import Foundation
import TestSupport
import Testing

/// No script-type link leaves the parser: `SafeLink` itself, then every link field of feeds written to
/// hide `javascript:`, `vbscript:`, `data:` and `file:` links (Tests/Fixtures/hostile/script-links.*).
@Suite struct SafeLinkTests {
    @Test(
        "Script-type and non-web links are refused however they are disguised",
        arguments: [
            "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\u{1}javascript:alert(1)",
            "\u{0}javascript:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)", "java\rscript:alert(1)",
            "\u{20}\u{9}\u{A}javascript:alert(1)", "vbscript:msgbox(1)", "VBSCRIPT:x", "data:text/html;base64,PHNjcmlwdD4=",
            "DATA:text/html,<script>alert(1)</script>", "file:///etc/passwd", "  FILE://localhost/etc/passwd", "mailto:press@aif.kz",
            "ftp://files.example/x", "//evil.example/x", "/relative/path", "relative.html", "https:javascript:alert(1)", "http:/one-slash",
            "https:///no-host", "http://", "https://\u{7F}host/", "https://host/\u{1}path", "java\u{0}script:alert(1)", "",
        ]
    )
    func refused(_ link: String) {
        #expect(SafeLink.web(link) == nil, "\(link.debugDescription) passed")
    }

    @Test(
        "Web links pass; what a browser ignores around them is removed",
        arguments: [
            ("https://astanatimes.com/2025/05/aif/", "https://astanatimes.com/2025/05/aif/"),
            ("HTTP://WWW.INFORM.KZ/ru/aif", "HTTP://WWW.INFORM.KZ/ru/aif"),
            ("  https://thediplomat.com/x \n", "https://thediplomat.com/x"),
            ("ht\ttps://timesca.com/a", "https://timesca.com/a"),
            ("https://astanaforum.org/?q=a&b=c#top", "https://astanaforum.org/?q=a&b=c#top"),
            ("https://user@astanaforum.org/", "https://user@astanaforum.org/"),
        ]
    )
    func kept(_ link: String, _ expected: String) {
        #expect(SafeLink.web(link) == expected)
    }

    /// Every link-valued field of `feed`.
    static func links(_ feed: ParsedFeed) -> [String] {
        var links = [feed.link, feed.selfLink, feed.hub, feed.image].compactMap { $0 } + feed.authors.compactMap(\.uri)
        for e in feed.entries {
            links += [e.link, e.image].compactMap { $0 } + e.enclosures.map(\.url) + e.authors.compactMap(\.uri)
        }
        return links
    }

    @Test(
        "A feed hiding script links in every link field keeps its entries and none of those links",
        arguments: [("script-links.xml", 20), ("script-links.atom", 17), ("script-links.json", 19)]
    )
    func hostileFeed(_ file: String, _ entries: Int) throws {
        let feed = try FeedParser().parse(Fixture.data("hostile/" + file), url: "https://astanatimes.com/feed/")
        #expect(feed.entries.count == entries, "every entry is kept")
        #expect(feed.entries.allSatisfy { ($0.title ?? "").contains("Astana International Forum") })
        for link in Self.links(feed) {
            #expect(link.hasPrefix("https://") || link.hasPrefix("http://"), "\(link.debugDescription) came out of \(file)")
            #expect(!ScriptLinkScan.isScriptType(link))
        }
        for entry in feed.entries {
            let html = entry.content ?? ""
            #expect(ScriptLinkScan.offending(markup: html).isEmpty, "\(html)")
        }
        let dropped = feed.diagnostics.filter { $0.kind == .unsafeLink }
        #expect(dropped.count >= 17, "one diagnostic per dropped link: \(dropped.count)")
        #expect(dropped.allSatisfy { $0.message.contains("is not an http or https address") })
        // A message shows the control characters it met, escaped, on one line.
        #expect(dropped.allSatisfy { !$0.message.contains("\n") && !$0.message.contains("\t") })
    }

    @Test("Safe links stay; a doubly escaped reference is only text and resolves under the outlet's base")
    func safeAndDoubleEscaped() throws {
        let feed = try FeedParser().parse(Fixture.data("hostile/script-links.xml"), url: "https://astanatimes.com/feed/")
        let links = feed.entries.compactMap(\.link)
        #expect(links.contains("https://astanatimes.com/2025/05/astana-international-forum-safe-link/"))
        #expect(links.contains("https://astanatimes.com/feed/&#106;avascript:alert(1)"))
        #expect(feed.link == nil && feed.image == nil, "the channel's script link and data: image are dropped")
        let permalink = try #require(feed.entries.first { $0.title?.contains("permalink guid") == true })
        #expect(permalink.link == nil && permalink.id == "javascript:alert(1)", "the id stays as written; it is no link")
    }

    @Test("A page whose canonical link is a script keeps its own address")
    func pageMetadata() throws {
        let html = """
            <html><head><title>Astana International Forum opens</title>
            <link rel="canonical" href=" JaVaScRiPt:alert(1)"><meta property="og:url" content="data:text/html,x"></head>
            <body><p>Delegates met.</p></body></html>
            """
        let page = try FeedParser().pageMetadata(Data(html.utf8), url: "https://astanatimes.com/2025/05/aif/")
        #expect(page.url == "https://astanatimes.com/2025/05/aif/")
    }

    @Test("Links scraped by XPath from an HTML page pass the same test")
    func scrapedLinks() throws {
        let html = """
            <html><body>
            <article><h3><a href="javascript:alert(1)">Astana International Forum: day one</a></h3><time datetime="2025-05-29">29 May</time></article>
            <article><h3><a href=" data:text/html,x">Astana International Forum: day two</a></h3><time datetime="2025-05-30">30 May</time></article>
            <article><h3><a href="/news/aif-day-three">Astana International Forum: day three</a></h3><time datetime="2025-05-31">31 May</time></article>
            </body></html>
            """
        let rule = ScrapeRule(item: "//article", title: ".//h3", link: ".//h3/a/@href", date: ".//time/@datetime")
        let feed = try FeedParser(options: ParseOptions(htmlRules: rule)).parse(Data(html.utf8), url: "https://astanaforum.org/")
        #expect(feed.entries.count == 3)
        #expect(feed.entries.map(\.link) == [nil, nil, "https://astanaforum.org/news/aif-day-three"])
    }
}
