import FeedHub
import FeedParse
import Foundation
import Synchronization
import TestSupport
import Testing

/// Editors' decisions against a real database, with outlets served over loopback HTTP that change
/// between fetches: the three rules that must hold, merge/split, the audit log, tokens and add-by-URL.
@Suite struct CurationTests {
    /// Outlets whose feeds the test rewrites between fetches.
    final class Outlets: Sendable {
        let feeds = Mutex<[String: String]>([:])
        func set(_ path: String, _ body: String) { feeds.withLock { $0[path] = body } }
        func reply(_ request: LoopbackServer.Request) -> LoopbackServer.Reply {
            guard let body = feeds.withLock({ $0[request.path] }) else { return .response(status: 404) }
            let type = body.hasPrefix("<!DOCTYPE html") ? "text/html; charset=utf-8" : "application/rss+xml; charset=utf-8"
            return .response(status: 200, headers: ["Content-Type": type], body: Data(body.utf8))
        }
    }

    static func rss(_ title: String, items: [(guid: String, title: String, link: String, date: String, summary: String)]) -> String {
        var x =
            #"<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>\#(title)</title><link>https://example.org/</link>"#
        for i in items {
            x += "<item><guid>\(i.guid)</guid><title>\(i.title)</title><link>\(i.link)</link><pubDate>\(i.date)</pubDate>"
            x += "<description>\(i.summary)</description></item>"
        }
        return x + "</channel></rss>"
    }

    static let openingSummary =
        "President Tokayev opened the Astana International Forum on Thursday with a call for dialogue between middle powers, "
        + "as delegations from more than sixty countries gathered in the Kazakh capital for two days of talks on security and trade."

    static func astanaTimes(title: String = "Tokayev opens Astana International Forum") -> String {
        rss(
            "The Astana Times",
            items: [
                ("at-1", title, "https://astanatimes.com/2025/05/tokayev-opens-aif/", "Thu, 29 May 2025 09:00:00 +0500", openingSummary),
                (
                    "at-2", "Astana International Forum closes with call for dialogue", "https://astanatimes.com/2025/05/aif-closes/",
                    "Fri, 30 May 2025 18:00:00 +0500", "The second day of the Astana International Forum ended with a joint statement."
                ),
            ])
    }

    /// Eurasia Review republishing The Astana Times' opening story under its own address.
    static var syndicatedOpening: String {
        rss(
            "Eurasia Review",
            items: [
                (
                    "er-77", "Tokayev opens Astana International Forum", "https://www.eurasiareview.com/30052025-tokayev-opens-aif/",
                    "Fri, 30 May 2025 06:00:00 +0000", openingSummary
                )
            ])
    }

    /// A harness with two outlets on a loopback server, `curation:` as given, and editor "alice".
    static func withHub(
        curation: String = "auto", _ body: (HubHarness, HubConfiguration, Outlets, LoopbackServer) async throws -> Void
    ) async throws {
        let hub = try HubHarness()
        defer { hub.remove() }
        let outlets = Outlets()
        outlets.set("/at.xml", astanaTimes())
        outlets.set("/er.xml", rss("Eurasia Review", items: []))
        try await withLoopbackServer({ outlets.reply($0) }) { server in
            let configuration = try hub.configuration(
                sources: """
                      - { name: The Astana Times, url: "\(server.url("/at.xml"))" }
                      - { name: Eurasia Review, url: "\(server.url("/er.xml"))" }
                    """, extra: "curation: \(curation)")
            let (store, _) = try await hub.run(configuration)
            _ = try await store.addEditor(named: "alice")
            try await body(hub, configuration, outlets, server)
        }
    }

    static func policy(_ configuration: HubConfiguration) -> StoryPolicy {
        StoryPolicy(feedID: configuration.feed.id, curation: configuration.curation)
    }

    static func story(_ store: SQLiteStore, titled prefix: String) async throws -> StoryListing {
        try #require(try await store.stories().first { $0.title.hasPrefix(prefix) }, "no story titled \(prefix)…")
    }

    @Test("A rejected story never comes back: not after an upstream edit, not when another outlet syndicates it, not after re-fetches")
    func rejectedNeverReturns() async throws {
        try await Self.withHub { hub, configuration, outlets, server in
            let store = try SQLiteStore(path: configuration.storagePath)
            let opening = try await Self.story(store, titled: "Tokayev opens")
            #expect(opening.status == .published)
            try await store.apply(
                .reject(reason: "duplicate of our own release"), to: opening.number, editor: "alice", policy: Self.policy(configuration))

            outlets.set("/at.xml", Self.astanaTimes(title: "Tokayev opens Astana International Forum (updated)"))
            outlets.set("/er.xml", Self.syndicatedOpening)
            _ = try await hub.run(configuration, force: true)
            _ = try await hub.run(configuration, force: true)

            let after = try await store.detail(opening.number)
            #expect(after.story.status == .rejected)
            #expect(
                after.items.map(\.source).sorted() == ["Eurasia Review", "The Astana Times"],
                "the syndicated copy joined the rejected story")
            #expect(after.items.contains { $0.title.hasSuffix("(updated)") }, "the outlet's edit was stored")
            let published = try await store.stories(status: .published)
            #expect(!published.contains { $0.title.hasPrefix("Tokayev opens") }, "nothing about it is published")
            await #expect(try store.stories().filter { $0.title.hasPrefix("Tokayev opens") }.count == 1)
            _ = server
        }
    }

    @Test("An editor's title and summary win over later upstream edits, and the editor sees what the outlet changed")
    func editsWinOverUpstream() async throws {
        try await Self.withHub { hub, configuration, outlets, _ in
            let store = try SQLiteStore(path: configuration.storagePath)
            let opening = try await Self.story(store, titled: "Tokayev opens")
            let edited = try await store.apply(
                .edit(title: "Tokayev opens the forum", summary: "Our summary."), to: opening.number, editor: "alice",
                policy: Self.policy(configuration))
            #expect(edited.story.title == "Tokayev opens the forum")
            #expect(edited.story.updated > opening.updated, "an edit bumps updated")
            #expect(edited.edit?.upstreamChanged == false)

            outlets.set("/at.xml", Self.astanaTimes(title: "Tokayev opens Astana International Forum, calls for dialogue"))
            _ = try await hub.run(configuration, force: true)

            let detail = try await store.detail(opening.number)
            #expect(detail.story.title == "Tokayev opens the forum", "the editor's title stays published")
            #expect(detail.story.summary == "Our summary.")
            let edit = try #require(detail.edit)
            #expect(edit.upstreamChanged)
            #expect(edit.upstreamAtEdit.title == "Tokayev opens Astana International Forum")
            #expect(edit.upstreamNow.title == "Tokayev opens Astana International Forum, calls for dialogue")
            await #expect(try store.stories(status: .published).contains { $0.title == "Tokayev opens the forum" })
        }
    }

    @Test("Rejecting a published story leaves a tombstone; approving it again removes the tombstone")
    func rejectAfterPublishLeavesTombstone() async throws {
        try await Self.withHub { _, configuration, _, _ in
            let store = try SQLiteStore(path: configuration.storagePath)
            let closing = try await Self.story(store, titled: "Astana International Forum closes")
            await #expect(try store.tombstones().isEmpty)
            let before = Date()
            try await store.apply(.reject(reason: nil), to: closing.number, editor: "alice", policy: Self.policy(configuration))
            let tombstones = try await store.tombstones()
            #expect(tombstones.map(\.id) == [closing.id])
            #expect(tombstones[0].when.timeIntervalSince(before) > -1)
            try await store.apply(.approve, to: closing.number, editor: "alice", policy: Self.policy(configuration))
            await #expect(try store.tombstones().isEmpty)
        }
    }

    @Test("In review mode new stories wait as pending; approve publishes; impossible moves are refused and write nothing")
    func reviewModeAndConflicts() async throws {
        try await Self.withHub(curation: "review") { _, configuration, _, _ in
            let store = try SQLiteStore(path: configuration.storagePath)
            await #expect(try store.stories(status: .published).isEmpty)
            let opening = try await Self.story(store, titled: "Tokayev opens")
            #expect(opening.status == .pending)
            await #expect(try store.tombstones().isEmpty, "a story never published leaves no tombstone")
            let policy = Self.policy(configuration)
            try await store.apply(.approve, to: opening.number, editor: "alice", policy: policy)
            await #expect(throws: CurationError.conflict(story: opening.number, message: "it is already published")) {
                try await store.apply(.approve, to: opening.number, editor: "alice", policy: policy)
            }
            await #expect(throws: CurationError.unknownEditor("mallory")) {
                try await store.apply(.pin, to: opening.number, editor: "mallory", policy: policy)
            }
            await #expect(throws: CurationError.storyNotFound("9999")) {
                try await store.apply(.pin, to: 9999, editor: "alice", policy: policy)
            }
            await #expect(throws: CurationError.invalid(field: "title", message: "must not be empty")) {
                try await store.apply(.edit(title: "   ", summary: nil), to: opening.number, editor: "alice", policy: policy)
            }
            await #expect(throws: CurationError.invalid(field: "title", message: "contains control characters")) {
                try await store.apply(.edit(title: "Bad\u{0}title", summary: nil), to: opening.number, editor: "alice", policy: policy)
            }
            await #expect(throws: CurationError.self) {
                try await store.apply(
                    .edit(title: String(repeating: "x", count: 401), summary: nil), to: opening.number, editor: "alice", policy: policy)
            }
            try await store.apply(.pin, to: opening.number, editor: "alice", policy: policy)
            await #expect(throws: CurationError.conflict(story: opening.number, message: "it is already pinned")) {
                try await store.apply(.pin, to: opening.number, editor: "alice", policy: policy)
            }
            try await store.apply(.pending, to: opening.number, editor: "alice", policy: policy)
            await #expect(try store.detail(opening.number).story.status == .pending)
            await #expect(try store.tombstones().map(\.id) == [opening.id], "leaving the feeds after publication withdraws it")
            let actions = try await store.history(opening.number).map(\.action)
            #expect(actions == ["approve", "pin", "pending"], "refused actions leave no audit line")
        }
    }

    @Test("Merge folds one story into another and hides it; split brings it back and frees syndicated copies")
    func mergeAndSplit() async throws {
        try await Self.withHub { hub, configuration, outlets, _ in
            let store = try SQLiteStore(path: configuration.storagePath)
            let policy = Self.policy(configuration)
            let opening = try await Self.story(store, titled: "Tokayev opens")
            let closing = try await Self.story(store, titled: "Astana International Forum closes")

            let merged = try await store.apply(.merge(into: opening.number), to: closing.number, editor: "alice", policy: policy)
            #expect(merged.mergedInto == opening.number)
            await #expect(try store.stories().map(\.number).contains(closing.number) == false, "a merged story is not listed")
            await #expect(try store.detail(opening.number).items.count == 2)
            await #expect(try store.tombstones().map(\.id) == [closing.id], "the merged story leaves the feeds with a tombstone")
            await #expect(throws: CurationError.self) {
                try await store.apply(.approve, to: closing.number, editor: "alice", policy: policy)
            }

            try await store.apply(.split, to: opening.number, editor: "alice", policy: policy)
            let back = try await store.detail(closing.number)
            #expect(back.mergedInto == nil)
            #expect(back.story.status == .published)
            #expect(back.items.map(\.title) == ["Astana International Forum closes with call for dialogue"])
            await #expect(try store.tombstones().isEmpty)

            // A copy folded in by dedup (same article at another outlet) splits into a story of its own.
            outlets.set("/er.xml", Self.syndicatedOpening)
            _ = try await hub.run(configuration, force: true)
            await #expect(try store.detail(opening.number).story.alsoAt.map(\.source) == ["Eurasia Review"])
            let split = try await store.apply(.split, to: opening.number, editor: "alice", policy: policy)
            #expect(split.items.count == 1)
            let own = try await Self.story(store, titled: "Tokayev opens")
            await #expect(try store.stories().filter { $0.title.hasPrefix("Tokayev opens") }.count == 2)
            _ = own
            _ = try await hub.run(configuration, force: true)
            await #expect(
                try store.stories().filter { $0.title.hasPrefix("Tokayev opens") }.count == 2, "a re-fetch does not merge them again")
            await #expect(throws: CurationError.self) { try await store.apply(.split, to: opening.number, editor: "alice", policy: policy) }
        }
    }

    @Test("The audit log records editor, action, time, values before and after, and the reason")
    func auditLog() async throws {
        try await Self.withHub { _, configuration, _, _ in
            let store = try SQLiteStore(path: configuration.storagePath)
            _ = try await store.addEditor(named: "Бауыржан")
            let opening = try await Self.story(store, titled: "Tokayev opens")
            let policy = Self.policy(configuration)
            try await store.apply(.edit(title: "New title", summary: nil), to: opening.number, editor: "Бауыржан", policy: policy)
            try await store.apply(.reject(reason: "off-message"), to: opening.number, editor: "alice", policy: policy)
            let history = try await store.history(opening.number)
            #expect(history.count == 2)
            #expect(history[0].editor == "Бауыржан")
            #expect(history[0].action == "edit")
            #expect(history[0].before == ["title": "Tokayev opens Astana International Forum"])
            #expect(history[0].after == ["title": "New title"])
            #expect(history[1].before == ["status": "published"])
            #expect(history[1].after == ["status": "rejected"])
            #expect(history[1].reason == "off-message")
            let json = String(decoding: try CurationJSON.encode(history), as: UTF8.self)
            #expect(json.range(of: #""at":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ""#, options: .regularExpression) != nil, "RFC 3339 times")
        }
    }

    @Test("Editor tokens: 256 random bits, shown once, only a hash stored; removal revokes at once")
    func editorTokens() async throws {
        try await Self.withHub { _, configuration, _, _ in
            let store = try SQLiteStore(path: configuration.storagePath)
            let token = try await store.addEditor(named: "dana")
            #expect(token.hasPrefix("fh_") && token.count == 46, "fh_ + 43 base64url characters = 256 bits")
            await #expect(try store.addEditor(named: "erlan") != token)
            await #expect(try store.editor(forToken: token) == "dana")
            await #expect(try store.editor(forToken: token + "x") == nil)
            await #expect(try store.editor(forToken: String(token.dropLast()) + (token.last == "A" ? "B" : "A")) == nil)
            let file = try Data(contentsOf: URL(fileURLWithPath: configuration.storagePath))
            let wal = (try? Data(contentsOf: URL(fileURLWithPath: configuration.storagePath + "-wal"))) ?? Data()
            #expect(file.range(of: Data(token.utf8)) == nil && wal.range(of: Data(token.utf8)) == nil, "the token itself is never stored")
            await #expect(throws: CurationError.editorExists("dana")) { try await store.addEditor(named: "dana") }
            let session = try await store.openSession(editor: "dana", lifetime: .seconds(60))
            await #expect(try store.session(secret: session)?.editor == "dana")
            await #expect(try store.session(secret: session, at: Date().addingTimeInterval(61)) == nil, "sessions expire")
            try await store.removeEditor(named: "dana")
            await #expect(try store.editor(forToken: token) == nil)
            await #expect(try store.session(secret: session) == nil, "a removed editor's sessions end")
            await #expect(try store.editors().map(\.name) == ["alice", "erlan"])
        }
    }

    @Test("Adding by URL reads og:/JSON-LD metadata into a pending story; the same article twice is refused")
    func addByURL() async throws {
        try await Self.withHub { _, configuration, outlets, server in
            let store = try SQLiteStore(path: configuration.storagePath)
            outlets.set(
                "/kz/aif-panel",
                """
                <!DOCTYPE html><html><head><title>Panel | Site</title>
                <meta property="og:title" content="Эксперты обсудили роль средних держав на Астанинском международном форуме">
                <meta property="og:site_name" content="Kazinform">
                <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"ignored",
                "description":"Панельная сессия АМФ собрала экспертов из 20 стран.","datePublished":"2025-05-30T12:30:00+05:00"}</script>
                </head><body><p>Текст</p></body></html>
                """)
            let adder = StoryAdder(configuration: configuration, store: store)
            let detail = try await adder.add(server.url("/kz/aif-panel"), editor: "alice")
            #expect(detail.story.status == .pending)
            #expect(detail.story.title == "Эксперты обсудили роль средних держав на Астанинском международном форуме")
            #expect(detail.story.summary == "Панельная сессия АМФ собрала экспертов из 20 стран.")
            #expect(detail.story.published == Date(timeIntervalSince1970: 1_748_590_200))
            #expect(detail.story.source == "The Astana Times", "an article at a configured outlet's host is that outlet's")
            #expect(try await adder.preview(server.url("/kz/aif-panel")).siteName == "Kazinform")
            await #expect(try store.history(detail.story.number).map(\.action) == ["add"])
            await #expect(throws: CurationError.alreadyStored(url: server.url("/kz/aif-panel"), story: detail.story.number)) {
                try await adder.add(server.url("/kz/aif-panel"), editor: "alice")
            }
            await #expect(throws: CurationError.self) { try await adder.add(server.url("/missing"), editor: "alice") }
            await #expect(throws: CurationError.self) { try await adder.add("file:///etc/passwd", editor: "alice") }
        }
    }

    @Test("SHA-256 matches FIPS 180-4's test vectors")
    func sha256() {
        #expect(
            Secret.hash("").map { String(format: "%02x", $0) }.joined()
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            Secret.hash("abc").map { String(format: "%02x", $0) }.joined()
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            Secret.hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq").map { String(format: "%02x", $0) }.joined()
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            Secret.constantTimeEquals("abc", "abc") && !Secret.constantTimeEquals("abc", "abd") && !Secret.constantTimeEquals("abc", "ab"))
    }
}
