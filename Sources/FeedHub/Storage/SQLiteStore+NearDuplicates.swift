internal import Foundation
internal import GRDB

/// The near-duplicate index in the database (`dedupKey`, see ``NearDuplicateKeys``): every process reads
/// and writes the same keys in the same transactions as the items, so none holds a copy that can go stale.
extension SQLiteStore {
    /// Indexes an item under `keys`.
    static func indexNearDuplicateKeys(_ keys: [Int64], itemID: Int64, published: Double, db: Database) throws {
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO dedupKey (key, published, itemID) VALUES (?, ?, ?)")
        for key in keys { try insert.execute(arguments: [key, published, itemID]) }
    }

    /// Removes the keys an item was indexed under (before its text changes).
    static func removeNearDuplicateKeys(_ keys: [Int64], itemID: Int64, published: Double, db: Database) throws {
        let delete = try db.cachedStatement(sql: "DELETE FROM dedupKey WHERE key = ? AND published = ? AND itemID = ?")
        for key in keys { try delete.execute(arguments: [key, published, itemID]) }
    }

    /// The stored items the index offers as possible copies of `item` (published within the window and
    /// sharing a key that is not too common); ``StoryPlacement/nearDuplicate(of:sourceID:among:)`` decides.
    static func nearDuplicateCandidates(of item: IncomingItem, keys: [Int64], db: Database) throws -> [StoryPlacement.Candidate] {
        let published = item.published.timeIntervalSince1970
        let window = StoryPlacement.nearDuplicateWindow
        let probe = try db.cachedStatement(
            sql: "SELECT itemID FROM dedupKey WHERE key = ? AND published BETWEEN ? AND ? LIMIT ?")
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
