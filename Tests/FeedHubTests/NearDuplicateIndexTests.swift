import Foundation
import GRDB
import Logging
import TestSupport
import Testing

@testable import FeedHub

/// The near-duplicate index in the database: how often a pair at the thresholds becomes a candidate,
/// and that it follows the stories items live in now.
@Suite struct NearDuplicateIndexTests {
    /// A deterministic generator (SplitMix64), so the measured rates are the same on every run.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// `count` distinct words, random and never seen before in this test (so sets have the sizes intended).
    static func words(_ count: Int, _ rng: inout Seeded) -> [String] {
        (0..<count).map { _ in "w\(rng.next())" }
    }

    static func shareAKey(_ a: TextFingerprint, _ b: TextFingerprint) -> Bool {
        !Set(NearDuplicateKeys.keys(a)).isDisjoint(with: NearDuplicateKeys.keys(b))
    }

    /// Measures, over 3,000 seeded pairs at the threshold, how many are near duplicates (all should be) and
    /// the share that share a key, printed as `label`'s measured rate. The loop is seconds of CPU: it runs on
    /// a thread of its own (`onOwnThread`), so it never holds one of the cooperative pool's two threads
    /// that the process-driving tests running beside it need.
    static func candidateRate(
        _ label: String, seed: UInt64, pair: @escaping @Sendable (_ n: Int, _ rng: inout Seeded) -> (TextFingerprint, TextFingerprint)
    ) async throws -> (rate: Double, nearDuplicates: Int, pairs: Int) {
        try await onOwnThread {
            var rng = Seeded(state: seed)
            var found = 0
            var nearDuplicates = 0
            let pairs = 3000
            for n in 0..<pairs {
                let (a, b) = pair(n, &rng)
                if a.isNearDuplicate(of: b) { nearDuplicates += 1 }
                if shareAKey(a, b) { found += 1 }
            }
            let rate = Double(found) / Double(pairs)
            print("\(label): \(found)/\(pairs) candidates (\(rate * 100)%)")
            return (rate, nearDuplicates, pairs)
        }
    }

    @Test("Titles at Jaccard 0.8 (4 of 5, 8 of 10, 12 of 15 words) become candidates in ≥ 99.5% of pairs")
    func titlePairsAtTheThreshold() async throws {
        let measured = try await Self.candidateRate("title pairs at J = 0.8", seed: 2025) { n, rng in
            let size = [4, 8, 12][n % 3]
            let shared = Self.words(size, &rng)
            let extra = Self.words(size / 4, &rng)
            return (
                TextFingerprint(title: shared.joined(separator: " "), text: ""),
                TextFingerprint(title: (shared + extra).shuffled(using: &rng).joined(separator: " "), text: "")
            )
        }
        #expect(measured.nearDuplicates == measured.pairs, "every pair is at the threshold")
        #expect(measured.rate >= 0.995)
    }

    @Test("Texts with 9 of the shorter's 15 shingles in the other (containment 0.6) become candidates in ≥ 99.5% of pairs")
    func textPairsAtTheThreshold() async throws {
        let measured = try await Self.candidateRate("text pairs at containment 0.6 (9 shingles)", seed: 29) { n, rng in
            // The shorter: 17 words (15 shingles); the longer carries 11 of them in a row (9 shingles) amid its own.
            let short = Self.words(17, &rng)
            let start = n % 7
            let long = Self.words(10 + n % 60, &rng) + short[start..<(start + 11)] + Self.words(20, &rng)
            return (
                TextFingerprint(title: "", text: short.joined(separator: " ")),
                TextFingerprint(title: "", text: long.joined(separator: " "))
            )
        }
        #expect(measured.nearDuplicates == measured.pairs, "every pair is at the threshold")
        #expect(measured.rate >= 0.995)
    }

    @Test("Unrelated items share almost no keys (candidates stay few), and short texts have no text keys")
    func unrelatedItemsRarelyCollide() async throws {
        let collisions = try await onOwnThread {  // seconds of CPU: off the cooperative pool, as above
            var rng = Seeded(state: 7)
            var collisions = 0
            for _ in 0..<2000 {
                let a = TextFingerprint(
                    title: Self.words(8, &rng).joined(separator: " "), text: Self.words(80, &rng).joined(separator: " "))
                let b = TextFingerprint(
                    title: Self.words(8, &rng).joined(separator: " "), text: Self.words(80, &rng).joined(separator: " "))
                if Self.shareAKey(a, b) { collisions += 1 }
            }
            return collisions
        }
        #expect(collisions <= 20, "\(collisions) of 2000 unrelated pairs shared a key")
        #expect(NearDuplicateKeys.keys(TextFingerprint(title: "AIF opens", text: "in Astana")).isEmpty)
    }

    @Test("After a split, a new copy of the split-off item joins the story that item lives in now", arguments: TestDatabase.allCases)
    func copyFollowsASplit(_ database: TestDatabase) async throws {
        let hub = try HubHarness(database)
        defer { hub.remove() }
        let title = "Astana International Forum opens with a call for dialogue between middle powers"
        let opening =
            "The Astana International Forum opened on Thursday; President Tokayev welcomed heads of state and urged the audience to rebuild trust between East and West through practical cooperation."
        let panels =
            "At the Astana International Forum delegates from seventy countries discussed trade corridors, water security and the future of multilateral diplomacy in Central Asia during two days of panels."
        let times = try hub.rss(
            "times", [("https://astanatimes.com/2025/05/aif-opens/", title, opening, "Thu, 29 May 2025 09:00:00 +0500")])
        let review = try hub.rss("review", [("https://www.eurasiareview.com/aif-opens/", title, panels, "Thu, 29 May 2025 12:00:00 +0500")])
        let trend = try hub.rss("trend", [])
        let configuration = try hub.configuration(
            sources: """
                  - { name: The Astana Times, url: "\(times)" }
                  - { name: Eurasia Review, url: "\(review)" }
                  - { name: Trend, url: "\(trend)" }
                """)
        let (store, _) = try await hub.run(configuration)
        let first = try #require(try await store.stories().first)
        #expect(first.alsoAt.map(\.source) == ["Eurasia Review"], "the same headline: one story")

        _ = try await store.addEditor(named: "alice")
        let policy = StoryPolicy(feedID: configuration.feed.id, curation: configuration.curation)
        try await store.apply(.split, to: first.number, editor: "alice", policy: policy)
        let own = try #require(try await store.stories().first { $0.source == "Eurasia Review" }, "the copy has a story of its own")

        // Trend republishes Eurasia Review's text under its own headline: a copy of that item only.
        try hub.rss(
            "trend",
            [
                (
                    "https://en.trend.az/aif-panels/", "Delegates from seventy countries meet in the Kazakh capital", panels,
                    "Thu, 29 May 2025 15:00:00 +0500"
                )
            ])
        _ = try await hub.run(configuration)
        let joined = try await store.detail(own.number)
        #expect(joined.items.map(\.source).sorted() == ["Eurasia Review", "Trend"], "joined the split-off story")
        #expect(try await store.detail(first.number).items.map(\.source) == ["The Astana Times"])
    }

    @Test("New keys collect in the recent table and move into the index in batches; copies are found in either")
    func recentKeysMoveInBatches() async throws {
        let hub = try HubHarness(.file)
        defer { hub.remove() }
        let topics = ["trade corridors", "water security", "climate finance", "nuclear safety", "digital public services"]
        func text(_ topic: String, _ n: Int) -> String {
            "At the Astana International Forum delegates from \(40 + n) countries discussed \(topic), the Middle Corridor and the "
                + "future of multilateral diplomacy in Central Asia during panel number \(n) on the second day in the Kazakh capital."
        }
        let noon = "Thu, 29 May 2025 12:00:00 +0500"
        let times = try hub.rss(
            "times",
            topics.enumerated().map { n, topic in
                (
                    "https://astanatimes.com/2025/05/aif-\(n)/", "Astana International Forum panel \(n) debates \(topic)", text(topic, n),
                    noon
                )
            })
        let review = try hub.rss("review", [])
        let trend = try hub.rss("trend", [])
        let configuration = try hub.configuration(
            sources: """
                  - { name: The Astana Times, url: "\(times)" }
                  - { name: Eurasia Review, url: "\(review)" }
                  - { name: Trend, url: "\(trend)" }
                """)
        let store = try SQLiteStore(path: configuration.storagePath, recentKeyLimit: 100)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        func run() async throws { _ = try await FetchRun(configuration: configuration, store: store, logger: logger).run(force: true) }
        func keys() async throws -> (main: Int, recent: Int) {
            try await store.read { db in
                (
                    try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(keys), 0) FROM dedupRun") ?? -1,
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM dedupKeyRecent") ?? -1
                )
            }
        }
        try await run()
        let first = try await keys()
        #expect(first.main >= 100 && first.recent == 0, "five items' keys passed the limit and moved: \(first)")

        // Eurasia Review: a copy of panel 1 under its own headline (found in the index), and a story of its own.
        let own = "Kazakhstan hosts a forum session on Caspian shipping and grain exports"
        try hub.rss(
            "review",
            [
                ("https://www.eurasiareview.com/aif-water/", "Water is the next frontier for Central Asia", text(topics[1], 1), noon),
                ("https://www.eurasiareview.com/aif-caspian/", own, text("Caspian shipping and grain exports", 9), noon),
            ])
        try await run()
        let second = try await keys()
        #expect(second.main == first.main && second.recent > 0, "two items' keys wait in the recent table: \(second)")
        let stories = try await store.stories()
        #expect(stories.count == 6)
        let water = try #require(stories.first { $0.title.contains("water security") })
        #expect(water.alsoAt.map(\.source) == ["Eurasia Review"], "a copy found in the index")

        // Trend republishes the Review's own story: its keys are only in the recent table.
        try hub.rss(
            "trend",
            [
                (
                    "https://en.trend.az/aif-caspian/", "Caspian shipping takes centre stage in Astana",
                    text("Caspian shipping and grain exports", 9), noon
                )
            ])
        try await run()
        let caspian = try #require(try await store.stories().first { $0.title == own })
        #expect(caspian.alsoAt.map(\.source) == ["Trend"], "a copy found in the recent keys")
    }
}

extension NearDuplicateIndexTests {
    @Test("A database made before v7 keeps its near-duplicate keys through v7 and v8, and its copies are still found")
    func upgradeKeepsKeys() async throws {
        let hub = try HubHarness(.file)
        defer { hub.remove() }
        let text =
            "Kazakhstan’s Astana International Forum returns on 29-30 May 2025 with a focus on middle powers, climate finance "
            + "and connectivity across the Middle Corridor, bringing heads of state and ministers from seventy countries."
        let noon = "Thu, 29 May 2025 12:00:00 +0500"
        let diplomat = try hub.rss(
            "diplomat",
            [
                (
                    "https://thediplomat.com/2025/05/aif/", "Kazakhstan’s Astana International Forum: A Bridge Between East and West?",
                    text, noon
                )
            ])
        let review = try hub.rss("review", [])
        let configuration = try hub.configuration(
            sources: """
                  - { name: The Diplomat, url: "\(diplomat)" }
                  - { name: Eurasia Review, url: "\(review)" }
                """)
        // One fetch stored, then the key tables put back as v6 left them (with the foreign key) and v7 unrecorded.
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        _ = try await FetchRun(configuration: configuration, store: try SQLiteStore(path: configuration.storagePath), logger: logger).run()
        let old = try DatabaseQueue(path: configuration.storagePath)
        let before = try await old.write { db in
            let postings = try SQLiteStore.allPostings(db)
            try db.execute(
                sql: """
                    DROP TRIGGER dedupKeyTokens;
                    DROP TABLE dedupChunk;
                    DROP TABLE dedupRun;
                    DROP TABLE dedupKeyRecent;
                    ALTER TABLE dedupKeyRecentSize DROP COLUMN version;
                    ALTER TABLE dedupKeyRecentSize DROP COLUMN moves;
                    DELETE FROM grdb_migrations WHERE identifier LIKE 'v7%' OR identifier LIKE 'v8%';
                    """)
            // Half the keys in each table, as a v6 database has them.
            for (n, table) in ["dedupKey", "dedupKeyRecent"].enumerated() {
                try db.execute(
                    sql: """
                        CREATE TABLE \(table) (
                            key INTEGER NOT NULL,
                            published REAL NOT NULL,
                            itemID INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE,
                            PRIMARY KEY (key, published, itemID)
                        ) WITHOUT ROWID;
                        """)
                for (i, p) in postings.enumerated() where i % 2 == n {
                    try db.execute(
                        sql: "INSERT INTO \(table) (key, published, itemID) VALUES (?, ?, ?)", arguments: [p.key, p.published, p.itemID])
                }
            }
            return postings
        }
        #expect(!before.isEmpty)
        try old.close()

        let store = try SQLiteStore(path: configuration.storagePath)
        let after = try await store.read { db in
            (
                try SQLiteStore.allPostings(db),
                try Int.fetchOne(
                    db,
                    sql:
                        "SELECT (SELECT COUNT(*) FROM pragma_foreign_key_list('dedupChunk') WHERE \"table\" = 'item') + (SELECT COUNT(*) FROM pragma_foreign_key_list('dedupKeyRecent'))"
                ),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM dedupRun")
            )
        }
        #expect(after.0 == before, "every key survives the upgrade")
        #expect(after.1 == 0, "the key tables no longer check item ids")
        #expect(after.2 == 1, "the old keys make one run")
        #expect(try await store.integrityCheck() == "ok")

        try hub.rss(
            "review", [("https://www.eurasiareview.com/aif-bridge/", "Astana forum as a bridge between East and West", text, noon)])
        _ = try await FetchRun(configuration: configuration, store: store, logger: logger).run()
        let stories = try await store.stories()
        #expect(stories.count == 1)
        #expect(stories.first?.alsoAt.map(\.source) == ["Eurasia Review"], "the copy is found through the upgraded keys")
    }
}
