import Foundation
import GRDB
import TestSupport
import Testing

@testable import FeedHub

/// The Bloom filter over the near-duplicate index's keys, the runs, and the cache's rule: every posting in
/// the database is found by every process's cache when that process looks, whatever the others wrote,
/// moved or rolled back.
@Suite struct KeyFilterTests {
    @Test("A key filter has every key it was given, and lets few others through, full or not")
    func noFalseNegatives() async throws {
        let (missed, early, late) = try await onOwnThread {  // a million lookups: off the cooperative pool
            var rng = NearDuplicateIndexTests.Seeded(state: 11)
            var filter = KeyFilter(capacity: 100_000)
            var given: [Int64] = []
            while !filter.isFull {
                let key = Int64(bitPattern: rng.next())
                filter.insert(key)
                given.append(key)
                if given.count == 100_000 {
                    #expect(!filter.isFull, "room for the capacity asked")
                }
            }
            let missed = given.filter { !filter.mayContain($0) }.count
            var fresh = KeyFilter(capacity: 100_000)
            for key in given.prefix(100_000) { fresh.insert(key) }
            func passed(_ f: KeyFilter) -> Double {
                var n = 0
                for _ in 0..<200_000 where f.mayContain(Int64(bitPattern: rng.next())) { n += 1 }
                return Double(n) / 200_000
            }
            return (missed, passed(fresh), passed(filter))
        }
        print("key filter false positives: \(early * 100)% at capacity, \(late * 100)% when full")
        #expect(missed == 0)
        #expect(early < 0.01)
        #expect(late < 0.025)
    }

    /// Whether `store`'s cache, brought in step inside a write transaction, finds every posting of both
    /// levels, and mirrors exactly the rows of `dedupKeyRecent`.
    static func covers(_ store: SQLiteStore) async throws -> Bool {
        try await store.write { db in
            let postings = try SQLiteStore.allPostings(db)
            let recent = try Int.fetchOne(db, sql: "SELECT count(*) FROM dedupKeyRecent") ?? -1
            return try store.withIndexCache(db) { cache in
                try cache.recent.count == recent
                    && postings.allSatisfy { p in
                        try cache.items(under: p.key, within: p.published...p.published, limit: 1000, db: db)?.contains(p.itemID) == true
                    }
            }
        }
    }

    struct RolledBack: Error {}

    @Test("Two stores on one file see each other's keys: after adds, a move into the big level, and a rolled-back write")
    func twoStoresStayInStep() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-keyfilter-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("hub.sqlite").path
        // Two stores, two connection pools, two filters: as a daemon and a cron run have.
        let daemon = try SQLiteStore(path: path, recentKeyLimit: 100)
        let cron = try SQLiteStore(path: path, recentKeyLimit: 100)
        var rng = NearDuplicateIndexTests.Seeded(state: 5)
        var nextItem: Int64 = 1
        func postings(_ count: Int) -> SQLiteStore.Postings {
            var p = SQLiteStore.Postings()
            p.add(
                (0..<count).map { _ in Int64(bitPattern: rng.next()) },
                item: .init(itemID: nextItem, sourceID: 0, published: 1_748_502_000, fingerprint: nil))
            nextItem += 1
            return p
        }
        func add(_ store: SQLiteStore, _ count: Int) async throws {
            let p = postings(count)
            try await store.write { db in try store.index(p, db: db) }
        }
        func recent() async throws -> Int {
            try await daemon.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM dedupKeyRecent") ?? -1 }
        }

        try await add(cron, 40)
        #expect(try await Self.covers(daemon), "built from the database")
        try await add(cron, 30)
        #expect(try await recent() == 70)
        #expect(try await Self.covers(daemon), "keys another process added to the recent level")

        // The daemon adds 10 keys and rolls them back; the cron run then adds 10 of its own. Counting keys
        // would leave the daemon's count where it was after its rolled-back write: tokens must not.
        let lost = postings(10)
        await #expect(throws: StorageError.self) {
            try await daemon.write { db in
                try daemon.index(lost, db: db)
                throw RolledBack()
            }
        }
        try await add(cron, 10)
        #expect(try await Self.covers(daemon), "another's write after a rolled-back one")

        try await add(cron, 50)  // past 100: every recent key moves into a run
        #expect(try await recent() == 0)
        #expect(try await Self.covers(daemon), "keys another process moved into the big level")
        try await add(daemon, 20)
        #expect(try await Self.covers(cron))
        #expect(try await Self.covers(daemon))

        // The daemon re-indexes an edited item: its old keys go, from the table and from both mirrors.
        let edited = postings(15)
        try await daemon.write { db in try daemon.index(edited, db: db) }
        #expect(try await Self.covers(cron))
        try await daemon.write { db in
            try daemon.forgetCandidate(
                edited.rows[0].itemID, removingKeys: edited.rows.map(\.key), published: edited.rows[0].published, db: db)
        }
        #expect(try await recent() == 20)
        #expect(try await Self.covers(daemon))
        #expect(try await Self.covers(cron), "another process's removal")

        // A store opened later builds its cache from both levels.
        let reopened = try SQLiteStore(path: path, recentKeyLimit: 100)
        #expect(try await Self.covers(reopened))
    }

    @Test("Runs: a key whose postings span chunks is found whole, and merges keep every posting once")
    func runsKeepEveryPosting() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-runs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("hub.sqlite").path, recentKeyLimit: 400)
        var rng = NearDuplicateIndexTests.Seeded(state: 17)
        // A phrase every story uses: one key in 300 items (more than two chunks of 128), among random keys.
        let common: Int64 = 42
        var expected: [Posting] = []
        for item in Int64(1)...300 {
            var p = SQLiteStore.Postings()
            let published = 1_748_502_000 + Double(item) * 60
            let keys = [common] + (0..<9).map { _ in Int64(bitPattern: rng.next()) }
            p.add(keys, item: .init(itemID: item, sourceID: 0, published: published, fingerprint: nil))
            expected += keys.map { Posting(key: $0, published: published, itemID: item) }
            try await store.write { [p] db in try store.index(p, db: db) }
        }
        let (runs, recent, stored) = try await store.read { db in
            (
                try Int.fetchAll(db, sql: "SELECT keys FROM dedupRun ORDER BY id"),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM dedupKeyRecent") ?? -1, try SQLiteStore.allPostings(db)
            )
        }
        #expect(stored == expected.sorted(), "every posting, once, after moves and merges")
        // Seven moves of 400 keys; after each, the newest two merge while the newer is at least half the older:
        // 400, 800, 1,200, 1,200 + 400, 2,000, 2,000 + 400, 2,000 + 800.
        #expect(runs == [2_000, 800], "merged as they grew: \(runs)")
        #expect(runs.reduce(0, +) + recent == 3000, "the runs' sizes add up")
        let found = try await store.write { db in
            try store.withIndexCache(db) { cache in
                try cache.items(under: common, within: 0...2_000_000_000, limit: 1000, db: db)
            }
        }
        #expect(found?.sorted() == Array(1...300), "all 300 items of the common key, across chunks and levels")
        #expect(try await Self.covers(store))
    }

    @Test("A common key's window: runs read it from the chunk that holds it, the mirror's day counts answer as its chain does")
    func commonKeyWindows() async throws {
        let temporary = try await TemporaryStore("windows", recentKeyLimit: 1_000)
        defer { temporary.remove() }
        let store = temporary.store
        // One key in 600 items over 60 days (ten a day, out of order), with noise keys: 5 chunks and more in runs.
        let common: Int64 = 7
        let day = 86_400.0
        let start = 1_748_476_800.0  // 2025-05-29T00:00:00Z
        var rng = NearDuplicateIndexTests.Seeded(state: 29)
        var times: [Int64: Double] = [:]
        for item in Int64(1)...600 {
            let published = start + Double((item * 37) % 60) * day + Double(item % 10) * 3_600
            times[item] = published
            var p = SQLiteStore.Postings()
            p.add([common, Int64(bitPattern: rng.next())], item: .init(itemID: item, sourceID: 0, published: published, fingerprint: nil))
            try await store.write { [p] db in try store.index(p, db: db) }
        }
        let stored = times
        @Sendable func expected(_ window: ClosedRange<Double>) -> [Int64] { stored.filter { window.contains($0.value) }.keys.sorted() }
        let windows: [ClosedRange<Double>] = [
            (start + 20 * day)...(start + 27 * day), (start + 20.5 * day)...(start + 20.9 * day), (start + 59 * day)...(start + 70 * day),
            (start - 9 * day)...(start + 0.2 * day),
        ]
        let (runs, recent) = try await store.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM dedupChunk") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM dedupKeyRecent") ?? 0
            )
        }
        #expect(runs >= 5 && recent > 64, "the key is in several chunks and, over 64 times, in the recent level: \(runs), \(recent)")
        try await store.write { db in
            try store.withIndexCache(db) { cache in
                for window in windows {
                    let all = expected(window)
                    let found = try cache.items(under: common, within: window, limit: 10_000, db: db)
                    #expect(found?.sorted() == all, "every item in \(window), none outside")
                    // A limit below what the window holds: the recent level may answer "too common" at once,
                    // but only when it holds that many there itself.
                    let recentHas = cache.recent.items(under: common, within: window, limit: 10_000)?.count ?? -1
                    let limited = cache.recent.items(under: common, within: window, limit: 33)
                    if let limited {
                        #expect(limited.count == min(33, recentHas))
                    } else {
                        #expect(recentHas >= 33, "nil only for a window the recent level holds 33 of")
                    }
                }
            }
        }
    }

    @Test("RecentPostings: day counts agree with the chain after inserts and removals, at day edges too")
    func dayCountsAgree() {
        var postings = RecentPostings()
        let day = 86_400.0
        for item in Int64(0)..<200 { postings.insert(key: 1, published: Double(item % 20) * day + Double(item % 3) * 1_000, itemID: item) }
        for item in Int64(0)..<200 where item % 4 == 0 { postings.remove(keys: [1], itemID: item) }
        for lower in stride(from: -day, through: 20 * day, by: day / 2) {
            for width in [0.0, day / 3, day, 3 * day, 7 * day] {
                let window = lower...(lower + width)
                let all = postings.items(under: 1, within: window, limit: 1_000) ?? []
                for limit in [1, 5, 10, 30] {
                    let found = postings.items(under: 1, within: window, limit: limit)
                    if let found {
                        #expect(found.count == min(limit, all.count))
                    } else {
                        #expect(all.count >= limit, "nil at \(window), limit \(limit), with \(all.count) there")
                    }
                }
            }
        }
        #expect(postings.count == 150)
    }
}
