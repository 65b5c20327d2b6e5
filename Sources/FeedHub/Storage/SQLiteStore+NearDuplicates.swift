internal import Foundation
internal import GRDB

/// The near-duplicate index in the database (see ``NearDuplicateKeys``): every process reads and writes the
/// same keys in the same transactions as the items.
///
/// It has two levels, as a log-structured index has: new keys are appended to `dedupKeyRecent` (a plain
/// table, no index to update), and once ``defaultRecentKeyLimit`` keys were added they move into
/// `dedupKey`, a sorted tree, in one sorted pass that rewrites each of its pages at most once. A commit
/// therefore dirties the end of a small table whatever the size of the archive, and the cost per stored
/// item stays flat as the archive grows. Lookups go through the process's ``IndexCache``, checked against
/// the database in the same transaction: recent keys from its mirror, the others from `dedupKey`.
extension SQLiteStore {
    /// How many keys `dedupKeyRecent` collects before they move into `dedupKey` (about 2,500 items, a few MB).
    static let defaultRecentKeyLimit: Int64 = 131_072

    /// Index entries waiting to be written together (one fetch's items).
    struct Postings {
        var rows: [(key: Int64, published: Double, itemID: Int64)] = []

        mutating func add(_ keys: [Int64], itemID: Int64, published: Double) {
            for key in keys { rows.append((key, published, itemID)) }
        }
    }

    /// Appends the postings to `dedupKeyRecent` in a few statements, and moves the recent keys into
    /// `dedupKey` once ``recentKeyLimit`` were added since the last move. Items of one source are never
    /// each other's copies, so one fetch's keys can wait for the end of its transaction.
    func index(_ postings: Postings, db: Database) throws {
        let rows = postings.rows
        guard !rows.isEmpty else { return }
        try withIndexCache(db) { cache in
            var start = 0
            while start < rows.count {
                // A few statement sizes, each prepared once: no statement is compiled per fetch.
                let size = Self.insertSizes.first { $0 <= rows.count - start } ?? 1
                var arguments = StatementArguments()
                for row in rows[start..<(start + size)] { _ = arguments.append(contentsOf: [row.key, row.published, row.itemID]) }
                try db.cachedStatement(
                    sql: "INSERT INTO dedupKeyRecent (key, published, itemID) VALUES "
                        + Array(repeating: "(?, ?, ?)", count: size).joined(separator: ", ")
                ).execute(arguments: arguments)
                start += size
            }
            for row in rows {
                cache.filter.insert(row.key)
                cache.recent.insert(key: row.key, published: row.published, itemID: row.itemID)
            }
            let added = try Int64.fetchOne(
                db.cachedStatement(sql: "UPDATE dedupKeyRecentSize SET keys = keys + ? WHERE id = 1 RETURNING keys"),
                arguments: [rows.count])
            if (added ?? 0) >= recentKeyLimit {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO dedupKey (key, published, itemID)
                            SELECT key, published, itemID FROM dedupKeyRecent ORDER BY 1, 2, 3;
                        DELETE FROM dedupKeyRecent;
                        UPDATE dedupKeyRecentSize SET keys = 0 WHERE id = 1;
                        """)
                cache.recent = RecentPostings()
            }
            try cache.saw(db)
        }
    }

    /// The row counts of the multi-row inserts ``index(_:db:)`` prepares, largest first.
    static let insertSizes = [500, 100, 20, 4, 1]

    /// Removes the keys an item was indexed under (before its text changes), wherever they are.
    func removeNearDuplicateKeys(_ keys: [Int64], itemID: Int64, published: Double, db: Database) throws {
        guard !keys.isEmpty else { return }
        try withIndexCache(db) { cache in
            for table in ["dedupKey", "dedupKeyRecent"] {
                try db.cachedStatement(
                    sql: "DELETE FROM \(table) WHERE key IN (SELECT value FROM json_each(?)) AND published = ? AND itemID = ?"
                ).execute(arguments: [Self.jsonArray(keys), published, itemID])
            }
            cache.recent.remove(keys: keys, itemID: itemID)
            // New tokens: other processes reload their mirror of the recent keys (theirs still lists these).
            try db.cachedStatement(sql: "UPDATE dedupKeyRecentSize SET keys = keys WHERE id = 1").execute()
            try cache.saw(db)
        }
    }

    /// `[1,-2,3]`: integers as SQLite's `json_each` reads them back, exactly.
    static func jsonArray(_ values: some Sequence<Int64>) -> String {
        "[" + values.map(String.init).joined(separator: ",") + "]"
    }

    /// The stored items the index offers as possible copies of `item` (published within the window and
    /// sharing a key that is not too common); ``StoryPlacement/nearDuplicate(of:sourceID:among:)`` decides.
    /// Only the keys the cache's ``KeyFilter`` lets through are looked up in `dedupKey`: for most items, none.
    func nearDuplicateCandidates(of item: IncomingItem, keys: [Int64], db: Database) throws -> [StoryPlacement.Candidate] {
        let published = item.published.timeIntervalSince1970
        let window = (published - StoryPlacement.nearDuplicateWindow)...(published + StoryPlacement.nearDuplicateWindow)
        let limit = NearDuplicateKeys.commonKeyLimit
        // Each key's postings in the window, from both levels, cut after one more than the limit (a key with
        // more says nothing about which story an item is).
        let (probed, recent) = try withIndexCache(db) { cache in
            let probed = keys.filter(cache.filter.mayContain)
            return (probed, probed.map { cache.recent.items(under: $0, within: window, limit: limit + 1) })
        }
        guard !probed.isEmpty else { return [] }
        let stored = try db.cachedStatement(
            sql: """
                SELECT (SELECT group_concat(itemID) FROM (
                    SELECT itemID FROM dedupKey WHERE key = k.value AND published BETWEEN ?2 AND ?3 LIMIT ?4))
                FROM json_each(?1) AS k ORDER BY k.key
                """)
        var ids = Set<Int64>()
        let rows = try String?.fetchCursor(
            stored, arguments: [Self.jsonArray(probed), window.lowerBound, window.upperBound, limit + 1])
        var index = 0
        while let list = try rows.next() {
            let found = (list?.split(separator: ",").compactMap { Int64($0) } ?? []) + recent[index]
            index += 1
            if found.count <= limit { ids.formUnion(found) }
        }
        guard !ids.isEmpty else { return [] }
        let read = try db.cachedStatement(
            sql: "SELECT id, storyID, sourceID, published, fingerprint FROM item WHERE id IN (SELECT value FROM json_each(?))")
        var candidates: [StoryPlacement.Candidate] = []
        let found = try Row.fetchCursor(read, arguments: [Self.jsonArray(ids)])
        while let row = try found.next() {
            // By position, and the blob without a copy: this runs for every candidate of every item.
            let fingerprint = try row.withUnsafeData(atIndex: 4) { $0.flatMap(TextFingerprint.init(blob:)) }
            candidates.append(
                StoryPlacement.Candidate(itemID: row[0], storyID: row[1], sourceID: row[2], published: row[3], fingerprint: fingerprint))
        }
        return candidates
    }
}
