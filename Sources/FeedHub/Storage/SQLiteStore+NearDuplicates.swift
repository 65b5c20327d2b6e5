internal import Foundation
internal import GRDB

/// The near-duplicate index in the database (see ``NearDuplicateKeys``): every process reads and writes the
/// same keys in the same transactions as the items, so none holds a copy that can go stale.
///
/// It has two tables, as a log-structured index has levels: new keys go to `dedupKeyRecent`, a tree that
/// stays small, and once ``defaultRecentKeyLimit`` keys were added they move into `dedupKey` in one sorted
/// pass, which rewrites each page of the big index at most once. A commit therefore dirties pages of a
/// small tree whatever the size of the archive, and the cost per stored item stays flat as the archive
/// grows. Lookups read both.
extension SQLiteStore {
    /// How many keys `dedupKeyRecent` collects before they move into `dedupKey` (about 2,500 items, a few MB).
    static let defaultRecentKeyLimit: Int64 = 131_072

    /// Index entries waiting to be written together (one fetch's items), in key order then.
    struct Postings {
        var rows: [(key: Int64, published: Double, itemID: Int64)] = []

        mutating func add(_ keys: [Int64], itemID: Int64, published: Double) {
            for key in keys { rows.append((key, published, itemID)) }
        }
    }

    /// Indexes the postings, sorted by key (neighbouring keys share pages), in a few statements, and moves
    /// the recent keys into `dedupKey` once `limit` were added since the last move. Items of one source are
    /// never each other's copies, so one fetch's keys can wait for the end of its transaction.
    static func index(_ postings: Postings, limit: Int64, db: Database) throws {
        guard !postings.rows.isEmpty else { return }
        let rows = postings.rows.sorted { ($0.key, $0.published, $0.itemID) < ($1.key, $1.published, $1.itemID) }
        let chunk = 500
        for start in stride(from: 0, to: rows.count, by: chunk) {
            let part = rows[start..<min(start + chunk, rows.count)]
            var arguments = StatementArguments()
            for row in part { _ = arguments.append(contentsOf: [row.key, row.published, row.itemID]) }
            let sql =
                "INSERT OR IGNORE INTO dedupKeyRecent (key, published, itemID) VALUES "
                + Array(repeating: "(?, ?, ?)", count: part.count).joined(separator: ", ")
            try (part.count == chunk ? db.cachedStatement(sql: sql) : db.makeStatement(sql: sql)).execute(arguments: arguments)
        }
        let added = try Int64.fetchOne(
            db.cachedStatement(sql: "UPDATE dedupKeyRecentSize SET keys = keys + ? WHERE id = 1 RETURNING keys"),
            arguments: [rows.count])
        guard (added ?? 0) >= limit else { return }
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO dedupKey (key, published, itemID) SELECT key, published, itemID FROM dedupKeyRecent;
                DELETE FROM dedupKeyRecent;
                UPDATE dedupKeyRecentSize SET keys = 0 WHERE id = 1;
                """)
    }

    /// Removes the keys an item was indexed under (before its text changes), wherever they are.
    static func removeNearDuplicateKeys(_ keys: [Int64], itemID: Int64, published: Double, db: Database) throws {
        guard !keys.isEmpty else { return }
        for table in ["dedupKey", "dedupKeyRecent"] {
            try db.cachedStatement(
                sql: "DELETE FROM \(table) WHERE key IN (SELECT value FROM json_each(?)) AND published = ? AND itemID = ?"
            ).execute(arguments: [jsonArray(keys), published, itemID])
        }
    }

    /// `[1,-2,3]`: integers as SQLite's `json_each` reads them back, exactly.
    static func jsonArray(_ values: some Sequence<Int64>) -> String {
        "[" + values.map(String.init).joined(separator: ",") + "]"
    }

    /// The stored items the index offers as possible copies of `item` (published within the window and
    /// sharing a key that is not too common); ``StoryPlacement/nearDuplicate(of:sourceID:among:)`` decides.
    static func nearDuplicateCandidates(of item: IncomingItem, keys: [Int64], db: Database) throws -> [StoryPlacement.Candidate] {
        guard !keys.isEmpty else { return [] }
        let published = item.published.timeIntervalSince1970
        let window = StoryPlacement.nearDuplicateWindow
        // One statement for all keys: each key's postings in the window, from both levels, cut after one
        // more than the limit (a key with more says nothing about which story an item is).
        let postings = try db.cachedStatement(
            sql: """
                SELECT (SELECT group_concat(itemID) FROM (
                    SELECT itemID FROM dedupKey WHERE key = k.value AND published BETWEEN ?2 AND ?3
                    UNION ALL SELECT itemID FROM dedupKeyRecent WHERE key = k.value AND published BETWEEN ?2 AND ?3 LIMIT ?4))
                FROM json_each(?1) AS k
                """)
        var ids = Set<Int64>()
        let rows = try String?.fetchCursor(
            postings, arguments: [jsonArray(keys), published - window, published + window, NearDuplicateKeys.commonKeyLimit + 1])
        while let list = try rows.next() {
            guard let list else { continue }
            let found = list.split(separator: ",")
            if found.count <= NearDuplicateKeys.commonKeyLimit { ids.formUnion(found.compactMap { Int64($0) }) }
        }
        guard !ids.isEmpty else { return [] }
        let read = try db.cachedStatement(
            sql: "SELECT id, storyID, sourceID, published, fingerprint FROM item WHERE id IN (SELECT value FROM json_each(?))")
        return try Row.fetchAll(read, arguments: [jsonArray(ids)]).map {
            StoryPlacement.Candidate(
                itemID: $0["id"], storyID: $0["storyID"], sourceID: $0["sourceID"], published: $0["published"],
                fingerprint: TextFingerprint(blob: $0["fingerprint"]))
        }
    }
}
