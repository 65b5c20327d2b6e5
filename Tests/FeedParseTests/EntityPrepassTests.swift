import Foundation
import Testing

@testable import FeedParse

@Suite struct EntityPrepassTests {
    private func rewrite(_ xml: String) throws -> String {
        let bytes = Array(xml.utf8)
        let out = try bytes.withUnsafeBufferPointer { try EntityPrepass.rewrite($0, expansionLimit: 1 << 20) }
        return String(decoding: out, as: UTF8.self)
    }

    @Test("Escaped markup in element text becomes one CDATA section with its references decoded")
    func escapedTextBecomesCDATA() throws {
        let out = try rewrite(
            #"<feed><content type="html">Forum &lt;b&gt;AIF&lt;/b&gt; &amp; &#1040;&#x0441;&nbsp;&#146;</content></feed>"#)
        #expect(out == "<feed><content type=\"html\">Forum <![CDATA[<b>AIF</b> & Ас\u{00A0}\u{2019}]]></content></feed>")
    }

    @Test("References inside attribute values are never turned into CDATA")
    func attributesStay() throws {
        let xml = #"<feed><link title="a &lt;b&gt; c" href="x?a=1&amp;b=2"/>text</feed>"#
        #expect(try rewrite(xml) == xml)
    }

    @Test(
        "Runs that would read differently stay as references",
        arguments: [
            "<r><x>a &lt;b&gt; ]]&gt; c</x></r>",  // would close the CDATA section
            "<r><x>&lt;br&gt;&#13;line</x></r>",  // a CR reference is not normalized, a raw CR would be
            "<r><x>&lt;b&gt;AT&T&lt;/b&gt;</x></r>",  // a bare ampersand
        ])
    func unsafeRunsStay(xml: String) throws {
        #expect(!(try rewrite(xml)).contains("CDATA"))
    }

    @Test("A document that declares entities keeps its own meaning for them")
    func declaredEntitiesAreExpandedNotDecodedAsHTML() throws {
        let xml = #"<!DOCTYPE r [<!ENTITY nbsp "NB">]><r><x>&lt;i&gt;&nbsp;</x></r>"#
        let out = try rewrite(xml)
        #expect(out.contains("&lt;i&gt;NB"))
    }

    @Test("Escaped and CDATA content parse to the same entry, across chunk boundaries")
    func escapedAndCDATAReadTheSame() throws {
        let html = "<p>Astana International Forum &amp; <a href=\"/aif?x=1&amp;y=2\">AIF 2025</a> — Астана</p>"
        let escaped = html.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        func feed(_ content: String, count: Int) -> Data {
            var s = #"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>"#
            for i in 0..<count {
                s += "<entry><id>urn:e:\(i)</id><title>e\(i)</title><content type=\"html\">\(content)</content></entry>"
            }
            return Data((s + "</feed>").utf8)
        }
        // 3,000 entries push the document past the prepass's staging buffer and libxml2's chunk size.
        let a = try FeedParser().parse(feed(escaped, count: 3000), url: "https://astanatimes.com/")
        let b = try FeedParser().parse(feed("<![CDATA[\(html)]]>", count: 3000), url: "https://astanatimes.com/")
        #expect(a.entries.count == 3000)
        #expect(a.entries.map(\.content) == b.entries.map(\.content))
        #expect(a.entries.last?.content?.contains("https://astanatimes.com/aif?x=1&amp;y=2") == true)
    }
}
