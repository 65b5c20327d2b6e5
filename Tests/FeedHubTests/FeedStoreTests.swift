import FeedHub
import Foundation
import TestSupport
import Testing

@Suite struct FeedStoreTests {
    static func rss(_ items: [(guid: String, link: String, title: String, description: String, date: String)]) -> String {
        let body = items.map { item in
            """
            <item><guid isPermaLink="false">\(item.guid)</guid><link>\(item.link)</link><title>\(item.title)</title>
            <description>\(item.description)</description><pubDate>\(item.date)</pubDate></item>
            """
        }.joined(separator: "\n")
        return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>\(body)</channel></rss>"
    }

    static let preview = (
        guid: "https://astanatimes.com/?p=151201",
        link: "https://astanatimes.com/2025/05/kazakhstan-to-host-astana-international-forum/",
        title: "Kazakhstan to Host Astana International Forum on May 29–30",
        description: "Kazakhstan will convene the Astana International Forum (AIF) later this month, on May 29–30.",
        date: "Mon, 12 May 2025 10:15:00 +0000"
    )

    @Test("An outlet's edit updates the item in place: same story, same id, new title", arguments: TestDatabase.allCases)
    func editsUpdateInPlace(_ database: TestDatabase) async throws {
        let hub = try HubHarness(database)
        defer { hub.remove() }
        let file = hub.directory.appendingPathComponent("astana.xml")
        try Self.rss([Self.preview]).write(to: file, atomically: true, encoding: .utf8)
        let configuration = try hub.configuration(sources: "  - { name: The Astana Times, url: \"\(file.absoluteString)\" }")
        let (store, first) = try await hub.run(configuration)
        #expect(first["The Astana Times"]?.counts.new == 1)
        let before = try await #require(try store.stories().first)

        var edited = Self.preview
        edited.title = "Kazakhstan Hosts Astana International Forum on May 29–30 (updated)"
        try Self.rss([edited]).write(to: file, atomically: true, encoding: .utf8)
        let (_, second) = try await hub.run(configuration)
        #expect(second["The Astana Times"]?.counts.updated == 1)
        #expect(second["The Astana Times"]?.counts.new == 0)
        let after = try await store.stories()
        #expect(after.count == 1)
        #expect(after.first?.id == before.id)
        #expect(after.first?.title == edited.title)

        // The guid changes with the headline and the link flips to http: still the same item.
        var regenerated = edited
        regenerated.guid = "https://astanatimes.com/?p=999999"
        regenerated.link = "http://astanatimes.com/2025/05/kazakhstan-to-host-astana-international-forum/?utm_source=rss"
        regenerated.title = "Astana International Forum opens on May 29"
        try Self.rss([regenerated, regenerated]).write(to: file, atomically: true, encoding: .utf8)
        let (_, third) = try await hub.run(configuration)
        #expect(third["The Astana Times"]?.counts.new == 0)
        let final = try await store.stories()
        #expect(final.count == 1)
        #expect(final.first?.id == before.id)
        #expect(final.first?.title == regenerated.title)
    }

    @Test("A syndicated copy merges into the original's story; the earliest outlet stays primary", arguments: TestDatabase.allCases)
    func syndicatedCopiesMerge(_ database: TestDatabase) async throws {
        let hub = try HubHarness(database)
        defer { hub.remove() }
        let diplomat = hub.directory.appendingPathComponent("diplomat.xml")
        let review = hub.directory.appendingPathComponent("review.xml")
        let text = """
            Kazakhstan’s Astana International Forum returns on 29-30 May 2025 with a focus on middle powers, climate \
            finance and connectivity across the Middle Corridor, bringing heads of state, ministers and experts from \
            more than seventy countries to the capital for two days of dialogue.
            """
        try Self.rss([
            (
                "https://thediplomat.com/?p=1", "https://thediplomat.com/2025/05/kazakhstans-astana-international-forum/",
                "Kazakhstan’s Astana International Forum: A Bridge Between East and West?", text, "Tue, 20 May 2025 01:00:00 +0000"
            )
        ]).write(to: diplomat, atomically: true, encoding: .utf8)
        try Self.rss([
            (
                "https://www.eurasiareview.com/?p=2", "https://www.eurasiareview.com/21052025-kazakhstans-astana-forum-analysis/",
                "Kazakhstan’s Astana International Forum: A Bridge Between East And West? – Analysis", String(text.prefix(200)),
                "Wed, 21 May 2025 06:00:00 +0000"
            ),
            (
                "https://www.eurasiareview.com/?p=3", "https://www.eurasiareview.com/21052025-astana-think-tank-forum/",
                "Astana Think Tank Forum discusses water security", "Experts met at the Astana Think Tank Forum in October.",
                "Wed, 21 May 2025 07:00:00 +0000"
            ),
        ]).write(to: review, atomically: true, encoding: .utf8)
        // The copy is fetched first; the original, published a day earlier, arrives later and becomes primary.
        let reviewOnly = try hub.configuration(sources: "  - { name: Eurasia Review, url: \"\(review.absoluteString)\" }")
        let (store, _) = try await hub.run(reviewOnly)
        let idBefore = try await #require(try store.stories().first { $0.title.contains("Bridge") }?.id)
        let both = try hub.configuration(
            sources: """
                  - { name: Eurasia Review, url: "\(review.absoluteString)" }
                  - { name: The Diplomat, url: "\(diplomat.absoluteString)" }
                """)
        let (_, reports) = try await hub.run(both)
        #expect(reports["The Diplomat"]?.counts.merged == 1)
        let stories = try await store.stories()
        #expect(stories.count == 2, "\(stories.map(\.title))")
        let bridge = try #require(stories.first { $0.title.contains("Bridge") })
        #expect(bridge.id == idBefore, "the id minted first never changes")
        #expect(bridge.source == "The Diplomat")
        #expect(
            bridge.alsoAt == [
                .init(source: "Eurasia Review", link: "https://www.eurasiareview.com/21052025-kazakhstans-astana-forum-analysis/")
            ])
    }

    @Test("The run lock is exclusive until its lease goes; every commit moves the change token", arguments: TestDatabase.allCases)
    func runLockAndChangeToken(_ database: TestDatabase) async throws {
        let hub = try HubHarness(database)
        defer { hub.remove() }
        let store: any FeedStorage =
            database == .memory ? try SQLiteStore.inMemory() : try SQLiteStore(path: hub.directory.appendingPathComponent("a.sqlite").path)
        var lease: (any RunLease)? = try await store.lockRun(wait: .zero)
        #expect(lease != nil)
        await #expect(throws: StorageError.self) { _ = try await store.lockRun(wait: .milliseconds(200)) }
        lease = nil
        let again = try await store.lockRun(wait: .zero)  // throws if the first lease still held it
        withExtendedLifetime(again) {}

        let before = try await store.changeToken()
        #expect(try await store.changeToken() == before, "reading changes nothing")
        _ = try await store.addEditor(named: "Aigerim Seitkali")
        let after = try await store.changeToken()
        #expect(after != before)
        try await store.syncSources([])
        #expect(try await store.changeToken() == after, "a write that changed no row leaves it")
    }

    @Test("A plain-text summary is read once: a tag named in it and an escaped ampersand survive", arguments: TestDatabase.allCases)
    func summaryReadOnce(_ database: TestDatabase) async throws {
        let hub = try HubHarness(database)
        defer { hub.remove() }
        let file = hub.directory.appendingPathComponent("untitled.xml")
        // No title: the story's title is the summary's start. The description is HTML whose text names a tag.
        try """
        <?xml version="1.0"?><rss version="2.0"><channel><title>Digital Kazakhstan</title><item>
        <link>https://digital.kz/aif-web-standards/</link><pubDate>Thu, 29 May 2025 10:00:00 +0500</pubDate>
        <description>At the Astana International Forum, developers explained the &amp;lt;code&amp;gt; tag &amp;amp;amp; more</description>
        </item></channel></rss>
        """.write(to: file, atomically: true, encoding: .utf8)
        let configuration = try hub.configuration(sources: "  - { name: Digital Kazakhstan, url: \"\(file.absoluteString)\" }")
        let (store, _) = try await hub.run(configuration)
        let story = try #require(try await store.stories().first)
        #expect(story.title == "At the Astana International Forum, developers explained the <code> tag &amp; more")
    }

    @Test("The store lists stories in feed order: pinned first, then newest", arguments: TestDatabase.allCases)
    func feedOrder(_ database: TestDatabase) async throws {
        let hub = try HubHarness(database)
        defer { hub.remove() }
        let file = hub.directory.appendingPathComponent("astana.xml")
        var later = Self.preview
        later.guid = "https://astanatimes.com/?p=151999"
        later.link = "https://astanatimes.com/2025/05/astana-international-forum-opens/"
        later.title = "Astana International Forum opens in the capital"
        later.description = "Tokayev opened the Astana International Forum on Thursday before delegations from seventy countries."
        later.date = "Thu, 29 May 2025 10:00:00 +0500"
        try Self.rss([Self.preview, later]).write(to: file, atomically: true, encoding: .utf8)
        let configuration = try hub.configuration(sources: "  - { name: The Astana Times, url: \"\(file.absoluteString)\" }")
        let (store, _) = try await hub.run(configuration)
        #expect(try await store.stories().map(\.title) == [later.title, Self.preview.title], "newest first")
        _ = try await store.addEditor(named: "alice")
        let older = try #require(try await store.stories().last)
        try await store.apply(.pin, to: older.number, editor: "alice", policy: StoryPolicy(feedID: configuration.feed.id, curation: .auto))
        #expect(try await store.stories().map(\.title) == [Self.preview.title, later.title], "pinned first")
        #expect(try await store.stories(limit: 1).map(\.title) == [Self.preview.title], "a page takes the same order")
        let second = try await store.storyPage(status: .published, limit: 1, offset: 1)
        #expect(second.total == 2 && second.stories.map(\.title) == [later.title], "a page and the count of all, read together")
        try await store.apply(.reject(reason: nil), to: older.number, editor: "alice", policy: StoryPolicy(feedID: "", curation: .auto))
        let published = try await store.storyPage(status: .published, limit: 10, offset: 0)
        #expect(published.total == 1 && published.stories.map(\.title) == [later.title], "the count is of that status only")
        #expect(try await store.storyPage(status: .published, limit: 10, offset: 5) == StoryPage(stories: [], total: 1))
    }
}
