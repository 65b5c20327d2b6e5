import Foundation
import Testing

@testable import FeedParse

/// The flat element tree: each entry's nodes, attributes and text are reused for the next one, mixed
/// content keeps its order, and channel-level elements after the entries are still read.
@Suite struct XTreeTests {
    /// A Kazinform-style RSS feed with `items` items and channel metadata both before and after them.
    private func feed(items: Int) -> [UInt8] {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Kazinform — Новости</title>

            """
        for i in 0..<items {
            xml += """
                <item><title>Участники Астанинского международного форума №\(i)</title>
                <link>https://www.inform.kz/ru/news/\(i)?utm_source=rss&amp;utm_medium=feed</link>
                <description>&lt;p&gt;Астана халықаралық форумы, күн \(i)&lt;/p&gt;</description>
                <enclosure url="https://www.inform.kz/i/\(i).jpg" length="40000" type="image/jpeg"/></item>

                """
        }
        xml += "<link>https://www.inform.kz/ru/</link><language>ru</language></channel></rss>"
        return Array(xml.utf8)
    }

    @Test("3,000 items leave the tree holding the channel only: entry nodes, attributes and text are reused")
    func entriesAreTruncated() throws {
        var titles: [String] = []
        var enclosures = 0
        let builder = SAXTreeBuilder(
            documentURL: "https://www.inform.kz/ru/rss", options: ParseOptions(),
            isEntry: { _, depth, _, name in depth == 3 && name == "item" }, onRoot: { _ in nil },
            onEntry: { item in
                titles.append(item.rssChild("title")?.string ?? "")
                enclosures += item.children.filter { $0.name == "enclosure" && $0.attribute("url") != nil }.count
            })
        try feed(items: 3000).withUnsafeBufferPointer { try builder.parse($0) }
        #expect(titles.count == 3000)
        #expect(titles[2999] == "Участники Астанинского международного форума №2999")
        #expect(enclosures == 3000)
        // rss, channel, title, link, language: nothing of any item is left.
        #expect(builder.tree.nodes.count == 5)
        #expect(builder.tree.attributes.count == 1)  // version="2.0"
        #expect(builder.tree.bytes.count < 200)
    }

    @Test("Channel fields after the items are read; items keep their own fields")
    func channelAfterItems() throws {
        let parsed = try FeedParser().parse(Data(feed(items: 40)), url: "https://www.inform.kz/ru/rss")
        #expect(parsed.title == "Kazinform — Новости")
        #expect(parsed.link == "https://www.inform.kz/ru/")
        #expect(parsed.language == "ru")
        #expect(parsed.entries.count == 40)
        #expect(parsed.entries[39].link == "https://www.inform.kz/ru/news/39?utm_source=rss&utm_medium=feed")
        #expect(parsed.entries[39].summary == "Астана халықаралық форумы, күн 39")
        #expect(parsed.entries[39].enclosures.map(\.url) == ["https://www.inform.kz/i/39.jpg"])
    }

    @Test("Mixed content keeps its order: text, children and the text between them")
    func mixedContent() throws {
        let xml = """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://thediplomat.com/2025/05/">
            <entry><id>tag:thediplomat.com,2025:aif</id><title>AIF</title>
            <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Astana, <b>May <i>29</i></b> &amp; <a href="story/">more</a>.</div></content>
            </entry></feed>
            """
        let parsed = try FeedParser().parse(Data(xml.utf8), url: "https://thediplomat.com/feed/")
        #expect(
            parsed.entries.first?.content
                == #"Astana, <b>May <i>29</i></b> &amp; <a href="https://thediplomat.com/2025/05/story/">more</a>."#)
    }
}
