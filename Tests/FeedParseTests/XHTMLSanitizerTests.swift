import Foundation
import TestSupport
import Testing

@testable import FeedParse

/// Inline XHTML is sanitized straight from the element tree. It must give exactly what the tokenizer gives
/// on the same content serialised, for every case of the sanitizer suite (the trees libxml2 recovers from
/// markup that is not well-formed XML included), and pass the independent scanners.
@Suite struct XHTMLSanitizerTests {
    static let cases =
        SanitizerSuiteTests.elements + SanitizerSuiteTests.attributes + SanitizerSuiteTests.urls
        + SanitizerSuiteTests.kept

    /// The content roots (the xhtml `div`s) of an Atom entry per case, as the builder hands them over.
    private func compare(_ html: String, check: @escaping (XElement) -> Void) throws {
        let xml = """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://thediplomat.com/2025/05/"><title>The Diplomat</title>
            <entry><id>tag:thediplomat.com,2025:aif</id><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">\(html)</div></content></entry></feed>
            """
        var seen = 0
        let builder = SAXTreeBuilder(
            documentURL: "https://thediplomat.com/feed/", options: ParseOptions(),
            isEntry: { _, depth, _, name in depth == 2 && name == "entry" }, onRoot: { _ in nil },
            onEntry: { entry in
                guard let div = entry.child(.atom10, "content")?.child(.xhtml, "div") else { return }
                seen += 1
                check(div)
            })
        try Array(xml.utf8).withUnsafeBufferPointer { try builder.parse($0) }
        #expect(seen == 1, "the entry and its div were read")
    }

    @Test("The tree walk equals the tokenizer on the serialised content", arguments: cases)
    func sameAsTokenizer(_ c: SanitizerSuiteTests.Case) throws {
        try compare(c.html) { div in
            let base = div.parsedBase
            let fromTree = HTMLSanitizer.sanitize(contentOf: div, base: base)
            let fromBytes = div.innerHTML.withUnsafeBufferPointer { HTMLSanitizer.sanitize($0, base: base) }
            #expect(fromTree == fromBytes, "\(c.name)")
            #expect(MarkupPolicyScan.violations(fromTree).isEmpty, "\(c.name): \(MarkupPolicyScan.violations(fromTree))")
            #expect(ScriptLinkScan.offending(markup: fromTree).isEmpty, "\(c.name)")
        }
    }

    @Test("XHTML content: dangerous elements go with their content, links resolve against xml:base")
    func xhtmlEntry() throws {
        let xml = """
            <feed xmlns="http://www.w3.org/2005/Atom"><title>The Diplomat</title>
            <entry xml:base="https://thediplomat.com/2025/05/"><id>tag:thediplomat.com,2025:aif</id><title>AIF</title>
            <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p onclick="x()">Астана халықаралық форумы</p><script>alert(1)</script><iframe src="https://evil.example/"><b>x</b></iframe><a href="../notes/" style="color:red">notes</a><img src="javascript:alert(1)"/><br/><custom>kept text</custom></div></content>
            </entry></feed>
            """
        let entry = try #require(try FeedParser().parse(Data(xml.utf8), url: "https://thediplomat.com/feed/").entries.first)
        #expect(
            entry.content
                == #"<p>Астана халықаралық форумы</p><a href="https://thediplomat.com/2025/notes/">notes</a><img><br>kept text"#)
    }
}
