import FeedParse
import Foundation
import TestSupport
import Testing

/// A broad sanitizer suite, in our own words, after the classes public suites test: feedparser's
/// `tests/wellformed/sanitize` (every dangerous element and `on*` handler one by one), DOMPurify's
/// mutation-XSS fixtures (markup that changes meaning when re-parsed), OWASP's XSS filter evasion cheat
/// sheet (disguised `javascript:` URLs) and miniflux's `sanitizer_test.go` (what must survive intact).
/// Each case states the exact output; every output is also re-tokenized by an independent scanner.
@Suite struct SanitizerSuiteTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let html: String
        /// The exact sanitized content; `nil` when nothing is left.
        let expected: String?
        var testDescription: String { name }
        init(_ name: String, _ html: String, _ expected: String?) {
            self.name = name
            self.html = html
            self.expected = expected
        }
    }

    static let feedURL = "https://www.inform.kz/ru/rss"

    /// Dangerous elements go with their content; a void one (link, meta, base) goes alone, so the text
    /// after it stays; an unclosed non-raw-text one drops only its tag.
    static let elements: [Case] = [
        Case("applet", #"<p>a</p><applet code="x.class">b</applet>"#, "<p>a</p>"),
        Case("embed", #"<p>a</p><embed src="https://x/y.swf"><p>b</p>"#, "<p>a</p><p>b</p>"),
        Case("frameset", #"<frameset><frame src="https://x/"></frameset><p>a</p>"#, "<p>a</p>"),
        Case("iframe srcdoc", #"<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe><p>a</p>"#, "<p>a</p>"),
        Case("link stylesheet", #"<link rel="stylesheet" href="https://x/s.css"><p>a</p>"#, "<p>a</p>"),
        Case("meta refresh", #"<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><p>a</p>"#, "<p>a</p>"),
        Case(
            "base never changes resolution", #"<base href="https://evil.example/"><a href="/x">a</a>"#,
            #"<a href="https://www.inform.kz/x">a</a>"#),
        Case("object with params", #"<object data="x.swf"><param name="a" value="b">fallback</object><p>a</p>"#, "<p>a</p>"),
        Case(
            "form and its controls",
            #"<form action="https://x/"><input name="q"><button formaction="javascript:alert(1)">go</button><textarea>t</textarea></form><p>a</p>"#,
            "<p>a</p>"),
        Case("unclosed form keeps the article", #"<form action="/subscribe"><p>Участники форума</p>"#, "<p>Участники форума</p>"),
        Case("template", "<template><img src=x onerror=alert(1)></template><p>a</p>", "<p>a</p>"),
        Case(
            "svg with script and xlink", #"<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)">x</a></svg><p>a</p>"#,
            "<p>a</p>"),
        Case(
            "math mglyph style",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math><p>a</p>", "<p>a</p>"),
        Case("svg p style", "<svg><p><style><img src=x onerror=alert(1)></style></p></svg>", nil),
        Case("style element", #"<style>@import "https://x/y.css"; body{background:url(javascript:alert(1))}</style><p>a</p>"#, "<p>a</p>"),
        Case("script upper case", "<SCRIPT SRC=https://x/x.js></SCRIPT><p>a</p>", "<p>a</p>"),
        Case("script end tag look-alike", "<script>a='</scripty>';alert(1)</script><p>a</p>", "<p>a</p>"),
        Case("script unclosed runs to the end", "<p>a</p><script>alert(1)<p>b</p>", "<p>a</p>"),
        Case("script split by script", "<scr<script>ipt>alert(1)</scr</script>ipt><p>a</p>", "ipt&gt;alert(1)ipt&gt;<p>a</p>"),
        Case("double open bracket", "<<script>alert(1);//<</script><p>a</p>", "&lt;<p>a</p>"),
        Case(
            "noscript title breakout", #"<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript><p>a</p>"#,
            #"<img src="https://www.inform.kz/ru/x">"&gt;<p>a</p>"#),
    ]

    /// Every handler, style and unknown attribute goes; the element stays.
    static let attributes: [Case] = [
        Case("onabort", #"<img src="https://x/a.png" onabort="alert(1)">"#, #"<img src="https://x/a.png">"#),
        Case("onerror unquoted", "<img src=x onerror=alert(1)>", #"<img src="https://www.inform.kz/ru/x">"#),
        Case("onload on body", #"<body onload="alert(1)"><p>a</p></body>"#, "<p>a</p>"),
        Case("onmouseover on a link", #"<a href="https://x/" onmouseover="alert(1)">a</a>"#, #"<a href="https://x/">a</a>"#),
        Case("autofocus onfocus", "<p tabindex=1 autofocus onfocus=alert(1)>a</p>", "<p>a</p>"),
        Case("slashes for spaces", #"<img/src="x"/onerror=alert(1)>"#, #"<img src="https://www.inform.kz/ru/x">"#),
        Case("no space before handler", #"<a href="https://x/"onclick="alert(1)">a</a>"#, #"<a href="https://x/">a</a>"#),
        Case("upper-case handler", #"<p ONCLICK="alert(1)">a</p>"#, "<p>a</p>"),
        Case("style with url()", #"<p style="background:url(javascript:alert(1))">a</p>"#, "<p>a</p>"),
        Case("style with expression()", #"<p style="width:expression(alert(1))">a</p>"#, "<p>a</p>"),
        Case(
            "dynsrc and lowsrc", #"<img dynsrc="javascript:alert(1)" lowsrc="javascript:alert(1)" src="https://x/a.png">"#,
            #"<img src="https://x/a.png">"#),
        Case(
            "srcset", #"<img src="https://x/a.png" srcset="javascript:alert(1) 1x, https://x/b.png 2x">"#, #"<img src="https://x/a.png">"#),
        Case("xmlns and xml:lang", #"<p xmlns="http://www.w3.org/1999/xhtml" xml:lang="en">a</p>"#, "<p>a</p>"),
        Case("markup inside a value is escaped", #"<td rowspan="<b>2</b>">x</td>"#, #"<td rowspan="&lt;b&gt;2&lt;/b&gt;">x</td>"#),
    ]

    /// Script-type URLs however disguised: the attribute goes, the element and its text stay.
    static let urls: [Case] = [
        Case("javascript:", #"<a href="javascript:alert(1)">a</a>"#, "<a>a</a>"),
        Case("mixed case", #"<a href="JaVaScRiPt:alert(1)">a</a>"#, "<a>a</a>"),
        Case("leading spaces", #"<a href="  javascript:alert(1)">a</a>"#, "<a>a</a>"),
        Case("tab inside the scheme", "<a href=\"jav\tascript:alert(1)\">a</a>", "<a>a</a>"),
        Case("line feed reference inside", #"<a href="jav&#x0A;ascript:alert(1)">a</a>"#, "<a>a</a>"),
        Case("decimal references", #"<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">a</a>"#, "<a>a</a>"),
        Case(
            "hex references without semicolons", #"<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)">a</a>"#,
            "<a>a</a>"),
        Case(
            "zero-padded references",
            #"<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">a</a>"#,
            "<a>a</a>"),
        Case("named colon", #"<a href="javascript&colon;alert(1)">a</a>"#, "<a>a</a>"),
        Case("leading control character", #"<a href="&#x01;javascript:alert(1)">a</a>"#, "<a>a</a>"),
        Case("vbscript:", #"<a href="vbscript:msgbox(1)">a</a>"#, "<a>a</a>"),
        Case("data: HTML", #"<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">a</a>"#, "<a>a</a>"),
        Case("file:", #"<a href="file:///etc/passwd">a</a>"#, "<a>a</a>"),
        Case("image javascript:", #"<img src="javascript:alert(1)">"#, "<img>"),
        Case("image data: SVG", #"<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">"#, "<img>"),
        Case("blockquote cite", #"<blockquote cite="javascript:alert(1)">q</blockquote>"#, "<blockquote>q</blockquote>"),
        Case("image map area", #"<map><area href="javascript:alert(1)"></map><p>a</p>"#, "<p>a</p>"),
        Case("video poster", #"<video poster="javascript:alert(1)" src="https://x/v.mp4">v</video>"#, "v"),
    ]

    /// What an outlet writes is kept, links resolved, text and entities intact.
    static let kept: [Case] = [
        Case(
            "a paragraph with an image",
            #"<p>This is a <strong>text</strong> with an image: <img src="https://www.inform.kz/i/1.jpg" alt="Test">.</p>"#,
            #"<p>This is a <strong>text</strong> with an image: <img src="https://www.inform.kz/i/1.jpg" alt="Test">.</p>"#),
        Case(
            "a table", #"<table><tr><th>A</th><th colspan="2">B</th></tr><tr><td>C</td><td>D</td><td>E</td></tr></table>"#,
            #"<table><tr><th>A</th><th colspan="2">B</th></tr><tr><td>C</td><td>D</td><td>E</td></tr></table>"#),
        Case(
            "relative links", #"See <a href="/ru/news/1">the story</a> and <img src="../i/2.png">"#,
            #"See <a href="https://www.inform.kz/ru/news/1">the story</a> and <img src="https://www.inform.kz/i/2.png">"#),
        Case("protocol-relative link", #"<a href="//static.inform.kz/x.html">x</a>"#, #"<a href="https://static.inform.kz/x.html">x</a>"#),
        Case(
            "mailto", #"<a href="mailto:press@astanatimes.com?subject=AIF">mail</a>"#,
            #"<a href="mailto:press@astanatimes.com?subject=AIF">mail</a>"#),
        Case("unknown element keeps its text", "<p>My invalid <z>tag</z>.</p>", "<p>My invalid tag.</p>"),
        Case(
            "unknown element around a known one", "<p>My invalid <z>tag with some <em>valid</em> tag</z>.</p>",
            "<p>My invalid tag with some <em>valid</em> tag.</p>"),
        Case(
            "entities", #"<pre>echo "test" &gt; /etc/hosts &amp; Астана &#8212; ok</pre>"#,
            #"<pre>echo "test" &gt; /etc/hosts &amp; Астана — ok</pre>"#),
        Case("comment with a script", "<p>a<!-- <script>alert(1)</script> -->b</p>", "<p>ab</p>"),
        Case("conditional comment", "<!--[if IE]><script>alert(1)</script><![endif]--><p>a</p>", "<p>a</p>"),
        Case("CDATA inside HTML is text", "<p><![CDATA[<script>alert(1)</script>]]>a</p>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;a</p>"),
        Case("unbalanced markup is balanced", "<p><em>a<strong>b</p>c", "<p><em>a<strong>b</strong></em></p>c"),
        Case(
            "Russian text", "<p>Участники <b>Астанинского международного форума</b> обсудили роль средних держав.</p>",
            "<p>Участники <b>Астанинского международного форума</b> обсудили роль средних держав.</p>"),
        Case(
            "Kazakh text after an embed", #"<embed src="https://x/p.swf"><p>Астана халықаралық форумы басталды</p>"#,
            "<p>Астана халықаралық форумы басталды</p>"),
    ]

    static func sanitized(_ html: String) throws -> String? {
        let body = html.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        let xml = """
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Kazinform</title>
            <item><title>t</title><link>https://www.inform.kz/ru/news/1</link><content:encoded>\(body)</content:encoded></item></channel></rss>
            """
        return try FeedParser().parse(Data(xml.utf8), url: feedURL).entries[0].content
    }

    @Test("Dangerous elements", arguments: elements) func dangerousElements(_ c: Case) throws { try check(c) }
    @Test("Handlers, style and unknown attributes", arguments: attributes) func dangerousAttributes(_ c: Case) throws { try check(c) }
    @Test("Script-type URLs however disguised", arguments: urls) func scriptURLs(_ c: Case) throws { try check(c) }
    @Test("What outlets write survives", arguments: kept) func keptMarkup(_ c: Case) throws { try check(c) }

    @Test("The independent scanner sees what the policy forbids (so a pass above means something)")
    func scannerSeesViolations() {
        #expect(MarkupPolicyScan.violations("<p>ok <a href=\"https://x/\">x</a></p>").isEmpty)
        #expect(MarkupPolicyScan.violations("<script>x</script>") == ["element <script>", "element <script>"])
        #expect(MarkupPolicyScan.violations("<p onclick=\"x()\">a</p>") == ["attribute onclick on <p>"])
        #expect(MarkupPolicyScan.violations("<img src='data:image/png;base64,AA'>") == ["src=data:image/png;base64,AA on <img>"])
        #expect(MarkupPolicyScan.violations("<a href=\" JavaScript:x\" style=\"a\">a</a>").count == 2)
    }

    func check(_ c: Case) throws {
        let out = try Self.sanitized(c.html)
        #expect(out == c.expected, "\(c.name)")
        let markup = out ?? ""
        #expect(MarkupPolicyScan.violations(markup).isEmpty, "\(c.name): \(MarkupPolicyScan.violations(markup))")
        #expect(ScriptLinkScan.offending(markup: markup).isEmpty, "\(c.name)")
    }
}
