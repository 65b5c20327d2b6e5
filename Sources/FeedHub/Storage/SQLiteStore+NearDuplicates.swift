internal import Foundation
internal import GRDB

/// The near-duplicate index in the database (`dedupKey`, see ``NearDuplicateKeys``): every process reads
/// and writes the same keys in the same transactions as the items, so none holds a copy that can go stale.
extension SQLiteStore {
    /// How far apart two copies' publication times may be.
    static let nearDuplicateWindow: Double = 7 * 86_400

    /// The keys an item is indexed under: its ``NearDuplicateKeys`` when it is relevant, else none.
    /// Computed once per stored item and handed to both the lookup and the insert.
    static func nearDuplicateKeys(of item: IncomingItem) -> [Int64] {
        item.decision.relevant ? NearDuplicateKeys.keys(item.fingerprint) : []
    }

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

    /// The story of a near duplicate of `item` from another source, published within the window: the
    /// earliest such copy, as a scan in publication order would find it. Candidates come from the index;
    /// the exact rules decide.
    static func nearDuplicateStory(of item: IncomingItem, keys: [Int64], sourceID: Int64, db: Database) throws -> Int64? {
        let published = item.published.timeIntervalSince1970
        let probe = try db.cachedStatement(
            sql: "SELECT itemID FROM dedupKey WHERE key = ? AND published BETWEEN ? AND ? LIMIT ?")
        var candidates = Set<Int64>()
        for key in keys {
            let ids = try Int64.fetchAll(
                probe,
                arguments: [key, published - nearDuplicateWindow, published + nearDuplicateWindow, NearDuplicateKeys.commonKeyLimit + 1])
            if ids.count <= NearDuplicateKeys.commonKeyLimit { candidates.formUnion(ids) }
        }
        guard !candidates.isEmpty else { return nil }
        let read = try db.cachedStatement(sql: "SELECT storyID, sourceID, published, fingerprint FROM item WHERE id = ?")
        var best: (published: Double, id: Int64, story: Int64)?
        for id in candidates {
            guard let row = try Row.fetchOne(read, arguments: [id]), (row["sourceID"] as Int64) != sourceID,
                let fingerprint = TextFingerprint(blob: row["fingerprint"]), item.fingerprint.isNearDuplicate(of: fingerprint)
            else { continue }
            let candidate = (published: row["published"] as Double, id: id, story: row["storyID"] as Int64)
            if best == nil || (candidate.published, candidate.id) < (best!.published, best!.id) { best = candidate }
        }
        return best?.story
    }
}
