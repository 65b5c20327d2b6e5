import FeedParse
import Foundation
import Testing

@Suite struct URLResolverTests {
    @Test(
        "Links resolve per RFC 3986 against nested xml:base and the document URL",
        arguments: [
            ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"), ("/g", "http://a/g"),
            ("//g", "http://g/"), ("?y", "http://a/b/c/d;p?y"), ("g?y", "http://a/b/c/g?y"), ("#s", "http://a/b/c/d;p?q#s"),
            ("..", "http://a/b/"), ("../g", "http://a/b/g"), ("../..", "http://a/"), ("../../../g", "http://a/g"),
            ("g;x=1/../y", "http://a/b/c/y"), ("", "http://a/b/c/d;p?q"), ("https://x.org/a b", "https://x.org/a%20b"),
        ]
    )
    func rfc3986(reference: String, expected: String) throws {
        let xml = "<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>1</id><link href='\(reference)'/></entry></feed>"
        let feed = try FeedParser().parse(Data(xml.utf8), url: "http://a/b/c/d;p?q")
        #expect(feed.entries[0].link == (reference.isEmpty ? nil : expected))
    }

    @Test("Nested xml:base levels each resolve against their parent")
    func nested() throws {
        let xml = """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://www.inform.kz/en/">
              <entry xml:base="news/"><id>1</id><link href="aif-2025/"/></entry>
              <entry xml:base="/ru/"><id>2</id><link xml:base="novosti/" href="amf"/></entry>
            </feed>
            """
        let feed = try FeedParser().parse(Data(xml.utf8), url: "https://ignored.example/feed")
        #expect(feed.entries.map(\.link) == ["https://www.inform.kz/en/news/aif-2025/", "https://www.inform.kz/ru/novosti/amf"])
    }
}
