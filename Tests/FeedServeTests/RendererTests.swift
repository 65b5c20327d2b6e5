import FeedHub
import FeedParse
import FeedServe
import Foundation
import TestSupport
import Testing

@Suite struct RendererTests {
    static let feed = FeedSettings(
        title: "AIF in the news", subtitle: "Coverage of the Astana International Forum by partner outlets",
        id: "tag:astanaforum.org,2025:in-the-news", url: "https://news.example.org/", author: "AIF Press Office", maxEntries: 100)

    static func story(
        _ n: Int, title: String, source: String, link: String, published: String, summary: String, content: String? = nil,
        alsoAt: [StoryListing.Copy] = [], pinned: Bool = false, categories: [String] = []
    ) -> StoryListing {
        let date = ISO8601DateFormatter().date(from: published)!
        return StoryListing(
            id: "tag:astanaforum.org,2025:in-the-news:story:\(String(n, radix: 16))", title: title, link: link, source: source,
            alsoAt: alsoAt, published: date, updated: date, status: .published, pinned: pinned, rule: "include", summary: summary,
            content: content, author: nil, categories: categories)
    }

    static let snapshot = FeedSnapshot(
        feed: feed,
        stories: [
            story(
                1, title: "Middle Powers as Bridge-Builders: Reinventing Global Cooperation", source: "Doha Forum",
                link: "https://dohaforum.org/2025/12/middle-powers/", published: "2025-12-07T09:00:00Z",
                summary: "The Doha Forum 2025 convened a session co-organized with the Astana International Forum (AIF).",
                content: "<p>The Doha Forum 2025 convened a session <b>co-organized</b> with the AIF &amp; KazISS.</p>"),
            story(
                2, title: "Kazakhstan’s Astana International Forum: A Bridge Between East and West?", source: "The Diplomat",
                link: "https://thediplomat.com/2025/05/kazakhstans-astana-international-forum/", published: "2025-05-20T01:00:00Z",
                summary: "AIF 2025 (29-30 May, Astana) <previews> a platform for middle powers.",
                alsoAt: [
                    .init(source: "Eurasia Review", link: "https://www.eurasiareview.com/21052025-kazakhstans-astana-forum-analysis/")
                ],
                categories: ["Diplomacy", "Central Asia & Caucasus"]
            ),
            story(
                3, title: "Токаев открыл Астанинский международный форум", source: "Kazinform (Russian)",
                link: "https://www.inform.kz/ru/tokaev-otkryl-amf", published: "2025-05-29T05:00:00Z",
                summary: "В столице начал работу Астанинский международный форум.\u{1}"),
        ],
        outlets: [
            "Doha Forum": "https://dohaforum.org/feed/", "The Diplomat": "https://thediplomat.com/feed/",
            "Kazinform (Russian)": "https://www.inform.kz/ru/rss/",
        ])

    @Test("Atom is valid RFC 4287 (jing against atom.rnc) and reads back with every story's id and title")
    func atomIsValid() async throws {
        let atom = AtomRenderer.render(Self.snapshot)
        let parsed = try FeedParser().parse(Data(atom.utf8))
        #expect(parsed.format == .atom10)
        #expect(parsed.entries.map(\.id) == Self.snapshot.stories.map(\.id))
        #expect(parsed.entries.map(\.title) == Self.snapshot.stories.map(\.title))
        #expect(parsed.entries[0].published == Self.snapshot.stories[0].published, "newest first")
        #expect(atom.contains(#"<link rel="related" type="text/html" title="Eurasia Review""#))
        #expect(atom.contains("<source>\n      <id>https://thediplomat.com/feed/</id>\n      <title>The Diplomat</title>"))
        try await Self.expectValidAtom(atom)
    }

    @Test("Withdrawn stories are RFC 6721 at:deleted-entry elements on page 1 only, before the entries, and the feed stays valid")
    func tombstones() async throws {
        var snapshot = Self.snapshot
        let when = ISO8601DateFormatter().date(from: "2026-11-23T10:00:00Z")!
        snapshot.tombstones = [Tombstone(id: "tag:astanaforum.org,2025:in-the-news:story:dead&1", when: when)]
        let atom = AtomRenderer.render(snapshot)
        #expect(atom.contains(#"<feed xmlns="http://www.w3.org/2005/Atom" xmlns:at="http://purl.org/atompub/tombstones/1.0">"#))
        let tombstone = #"<at:deleted-entry ref="tag:astanaforum.org,2025:in-the-news:story:dead&amp;1" when="2026-11-23T10:00:00Z"/>"#
        let position = try #require(atom.range(of: tombstone))
        #expect(position.upperBound < atom.range(of: "<entry>")!.lowerBound)
        #expect(atom.contains("<updated>2026-11-23T10:00:00Z</updated>"), "a withdrawal is a change of the feed")
        try await Self.expectValidAtom(atom)
        #expect(!AtomRenderer.render(Self.snapshot).contains("xmlns:at"), "no tombstones, no namespace: the same bytes as before")
    }

    /// Checks `atom` against RFC 4287's schema (`../shared/conformance/atom.rnc`) with jing.
    static func expectValidAtom(_ atom: String) async throws {
        let jing = try #require(ExternalTool.path("jing"), "jing is installed by scripts/deps.sh (FEEDHUB_TEST_TOOLS=1)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-\(UUID().uuidString).atom")
        try Data(atom.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let schema = Fixture.root.deletingLastPathComponent().appendingPathComponent("shared/conformance/atom.rnc").path
        let result = try await ExternalTool.run(jing, ["-c", schema, file.path])
        #expect(result.status == 0, "\(result.output)")
    }

    /// Python feedparser's `bozo` flag for `document` (false: it read the feed without complaint).
    static func feedparserBozo(_ document: String) async throws -> Bool? {
        let script = "import sys, feedparser; print(int(feedparser.parse(sys.stdin.buffer.read()).bozo))"
        let result = try await ExternalTool.run("/usr/bin/env", ["python3", "-c", script], input: Data(document.utf8))
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "0" ? false : true
    }

    @Test("Atom and RSS read in Python feedparser with bozo 0; JSON Feed in feedparser-rs")
    func readersAccept() async throws {
        let atom = AtomRenderer.render(Self.snapshot)
        let rss = RSSRenderer.render(Self.snapshot)
        let json = JSONFeedRenderer.render(Self.snapshot)
        let script = """
            import sys, json, feedparser
            d = feedparser.parse(sys.stdin.buffer.read())
            print(json.dumps({"bozo": d.bozo, "titles": [e.title for e in d.entries], "ids": [e.id for e in d.entries]}))
            """
        for document in [atom, rss] {
            let result = try await ExternalTool.run("/usr/bin/env", ["python3", "-c", script], input: Data(document.utf8))
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any], "\(result.output)")
            #expect(object["bozo"] as? Bool == false, "\(result.output)")
            #expect(object["titles"] as? [String] == Self.snapshot.stories.map(\.title))
            #expect(object["ids"] as? [String] == Self.snapshot.stories.map(\.id))
        }
        let rs = """
            import sys, json, feedparser_rs
            d = feedparser_rs.parse(sys.stdin.buffer.read())
            print(json.dumps({"bozo": bool(d.bozo), "version": d.version, "titles": [e.title for e in d.entries]}))
            """
        let result = try await ExternalTool.run("/usr/bin/env", ["python3", "-c", rs], input: Data(json.utf8))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any], "\(result.output)")
        #expect(object["bozo"] as? Bool == false, "\(result.output)")
        #expect(object["titles"] as? [String] == Self.snapshot.stories.map(\.title))
    }

    @Test("Rendering unchanged stories twice gives identical bytes; stories render in the store's order")
    func deterministicAndPinned() async throws {
        let a = AtomRenderer.render(Self.snapshot)
        let b = AtomRenderer.render(Self.snapshot)
        #expect(a == b)
        #expect(JSONFeedRenderer.render(Self.snapshot) == JSONFeedRenderer.render(Self.snapshot))
        // The store orders (pinned first, then newest); a snapshot keeps that order.
        var stories = Self.snapshot.stories
        let oldest = try #require(stories.firstIndex { $0.title.hasPrefix("Kazakhstan’s") })
        stories[oldest].pinned = true
        stories.insert(stories.remove(at: oldest), at: 0)
        let pinned = FeedSnapshot(feed: Self.feed, stories: stories, outlets: Self.snapshot.outlets)
        #expect(pinned.stories.map(\.title) == stories.map(\.title))
        #expect(
            AtomRenderer.render(pinned).range(of: "Kazakhstan’s")!.lowerBound
                < AtomRenderer.render(pinned).range(of: "Middle Powers")!.lowerBound)
    }

    @Test("The page has cards, also-at links and feed autodiscovery; with no story it lists the sources")
    func page() {
        let html = HTMLPageRenderer.render(Self.snapshot)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains(#"<link rel="alternate" type="application/atom+xml""#))
        #expect(html.contains(#"<link rel="alternate" type="application/feed+json""#))
        #expect(html.components(separatedBy: "<article>").count == 4)
        #expect(html.contains("<time datetime=\"2025-05-20T01:00:00Z\">20 May 2025</time>"))
        #expect(
            html.contains(
                "Also at: <a href=\"https://www.eurasiareview.com/21052025-kazakhstans-astana-forum-analysis/\">Eurasia Review</a>"))
        #expect(html.contains("&lt;previews&gt;"), "text is escaped")
        let state = SourceState(
            name: "The Diplomat", configURL: "https://thediplomat.com/feed/", currentURL: "https://thediplomat.com/feed/",
            lastOutcome: "dns-error", lastMessage: "host name did not resolve", failures: 1)
        let empty = HTMLPageRenderer.render(FeedSnapshot(feed: Self.feed, stories: [], outlets: [:], sourceStates: [state]))
        #expect(empty.contains("Nothing published yet"))
        #expect(empty.contains("The Diplomat: dns-error — host name did not resolve"))
    }
}
