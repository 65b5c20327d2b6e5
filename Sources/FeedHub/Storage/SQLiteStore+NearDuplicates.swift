internal import Foundation
internal import GRDB

/// The near-duplicate index in the database (see ``NearDuplicateKeys``): every process reads and writes the
/// same keys in the same transactions as the items, so none holds a copy that can go stale.
///
/// It has two tables, as a log-structured index has levels: new keys go to `dedupKeyRecent` (an append-only
/// table with a small index), and once it holds ``defaultRecentKeyLimit`` keys they move into `dedupKey` in one
/// sorted pass, which rewrites each page of the big index at most once. A commit therefore dirties pages of
/// a tree that stays small whatever the size of the archive, and the cost per stored item stays flat as the
/// archive grows. Lookups read both.
extension SQLiteStore {
    /// How many keys `dedupKeyRecent` collects before they move into `dedupKey` (about 2,500 items, a few MB).
    static let defaultRecentKeyLimit: Int64 = 131_072

    /// Indexes an item under `keys`.
    static func indexNearDuplicateKeys(_ keys: [Int64], itemID: Int64, published: Double, db: Database) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO dedupKeyRecent (key, published, itemID) VALUES (?, ?, ?)")
        for key in keys { try insert.execute(arguments: [key, published, itemID]) }
    }

    /// Removes the keys an item was indexed under (before its text changes), wherever they are.
    static func removeNearDuplicateKeys(_ keys: [Int64], itemID: Int64, published: Double, db: Database) throws {
        let main = try db.cachedStatement(sql: "DELETE FROM dedupKey WHERE key = ? AND published = ? AND itemID = ?")
        let recent = try db.cachedStatement(sql: "DELETE FROM dedupKeyRecent WHERE key = ? AND published = ? AND itemID = ?")
        for key in keys {
            try main.execute(arguments: [key, published, itemID])
            try recent.execute(arguments: [key, published, itemID])
        }
    }

    /// Moves the recent keys into `dedupKey` once there are `limit` of them (in the caller's transaction:
    /// an item's keys are always in one of the two tables).
    static func mergeRecentNearDuplicateKeys(limit: Int64, db: Database) throws {
        // Rows are only appended between merges (a removal leaves a gap), so the largest rowid bounds the count.
        guard try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(rowid) FROM dedupKeyRecent")) ?? 0 >= limit else { return }
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO dedupKey (key, published, itemID)
                SELECT key, published, itemID FROM dedupKeyRecent ORDER BY key, published, itemID;
                DELETE FROM dedupKeyRecent;
                """)
    }

    /// The stored items the index offers as possible copies of `item` (published within the window and
    /// sharing a key that is not too common); ``StoryPlacement/nearDuplicate(of:sourceID:among:)`` decides.
    static func nearDuplicateCandidates(of item: IncomingItem, keys: [Int64], db: Database) throws -> [StoryPlacement.Candidate] {
        let published = item.published.timeIntervalSince1970
        let window = StoryPlacement.nearDuplicateWindow
        let probe = try db.cachedStatement(
            sql: """
                SELECT itemID FROM dedupKey WHERE key = ?1 AND published BETWEEN ?2 AND ?3
                UNION ALL SELECT itemID FROM dedupKeyRecent WHERE key = ?1 AND published BETWEEN ?2 AND ?3 LIMIT ?4
                """)
        var ids = Set<Int64>()
        for key in keys {
            let found = try Int64.fetchAll(
                probe, arguments: [key, published - window, published + window, NearDuplicateKeys.commonKeyLimit + 1])
            if found.count <= NearDuplicateKeys.commonKeyLimit { ids.formUnion(found) }
        }
        let read = try db.cachedStatement(sql: "SELECT storyID, sourceID, published, fingerprint FROM item WHERE id = ?")
        return try ids.compactMap { id in
            try Row.fetchOne(read, arguments: [id]).map {
                StoryPlacement.Candidate(
                    itemID: id, storyID: $0["storyID"], sourceID: $0["sourceID"], published: $0["published"],
                    fingerprint: TextFingerprint(blob: $0["fingerprint"]))
            }
        }
    }
}
