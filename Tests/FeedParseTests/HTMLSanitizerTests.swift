import FeedParse
import Foundation
import Testing

@Suite struct HTMLSanitizerTests {
    func content(_ html: String, base: String? = "https://www.eurasiareview.com/2025/05/") throws -> String {
        let escaped = html.replacingOccurrences(of: "]]>", with: "")
        let xml =
            "<rss version='2.0'><channel><item><title>t</title><content:encoded xmlns:content='http://purl.org/rss/1.0/modules/content/'><![CDATA[\(escaped)]]></content:encoded></item></channel></rss>"
        return try FeedParser().parse(Data(xml.utf8), url: base).entries[0].content ?? ""
    }

    @Test(
        "Dangerous markup never survives",
        arguments: [
            "<script>alert(1)</script>", "<style>body{}</style>", "<iframe src='https://x'></iframe>",
            "<object data='x'></object>", "<form action='/x'><input name='q'></form>", "<a href='javascript:alert(1)'>x</a>",
            "<a href='JaVaScRiPt:alert(1)'>x</a>", "<a href='java\tscript:alert(1)'>x</a>", "<img src='data:image/png;base64,AAAA'>",
            "<p onclick='alert(1)' onmouseover=alert(1)>x</p>", "<svg><script>alert(1)</script></svg>", "<a href='vbscript:x'>x</a>",
        ]
    )
    func dangerous(html: String) throws {
        let out = try content(html).lowercased() + "\n" + content(html, base: nil).lowercased()
        for needle in [
            "<script", "alert", "<style", "<iframe", "<object", "<form", "<input", "javascript", "data:", "onclick", "onmouseover",
            "vbscript",
        ] {
            #expect(!out.contains(needle), "\(needle) survived in \(out)")
        }
    }

    @Test("Allowed markup is kept, links resolve, output is balanced")
    func allowed() throws {
        let out = try content(
            "<h2>AIF</h2><p>Read <a href='../06/aif/' title='more'>more</a> <em>now<ul><li>one</ul><table><tr><td colspan=2>x")
        #expect(
            out
                == #"<h2>AIF</h2><p>Read <a href="https://www.eurasiareview.com/2025/06/aif/" title="more">more</a> <em>now<ul><li>one</li></ul><table><tr><td colspan="2">x</td></tr></table></em></p>"#
        )
    }

    @Test("mailto links are kept, text is escaped")
    func mailtoAndText() throws {
        #expect(
            try content("<a href='mailto:press@astanaforum.org'>Press</a> 1 &lt; 2 &amp; 3")
                == #"<a href="mailto:press@astanaforum.org">Press</a> 1 &lt; 2 &amp; 3"#)
    }

    @Test("Without a base URL, relative links stay relative and only allowed schemes pass")
    func noBase() throws {
        #expect(
            try content("<a href='/2025/05/aif/'>AIF</a><a href='mailto:press@astanaforum.org'>m</a><img src='mailto:x'>", base: nil)
                == #"<a href="/2025/05/aif/">AIF</a><a href="mailto:press@astanaforum.org">m</a><img>"#)
    }

    @Test("Titles collapse whitespace and no-break spaces, keeping other non-ASCII text intact")
    func collapsedTitle() throws {
        let xml =
            "<rss version='2.0'><channel><item><title>  Astana\u{00A0}\u{00A0}International\n\tForum  © 2025 — Астана </title></item></channel></rss>"
        #expect(try FeedParser().parse(Data(xml.utf8)).entries[0].title == "Astana International Forum © 2025 — Астана")
    }
}
