internal import Foundation
internal import GRDB
internal import GRDBSQLite

/// The near-duplicate index in the database (see ``NearDuplicateKeys``): every process reads and writes the
/// same keys in the same transactions as the items.
///
/// It is log-structured: new keys are appended to `dedupKeyRecent` (a plain table, no index to update), and
/// once ``defaultRecentKeyLimit`` keys were added they are sorted and written as a new run of chunks, and
/// runs of comparable size are merged (see `SQLiteStore+Runs.swift`). A commit therefore appends to the end
/// of a table whatever the size of the archive, and a key is rewritten a few times in all: the cost per
/// stored item stays about flat as the archive grows. Lookups go through the process's ``IndexCache``,
/// checked against the database in the same transaction: recent keys from its mirror, the others from the
/// runs whose filters let them through.
extension SQLiteStore {
    /// How many keys `dedupKeyRecent` collects before they move into a run: about 20,000 relevant items,
    /// and at most about 45 MB for each process's mirror of them.
    static let defaultRecentKeyLimit: Int64 = 1 << 20

    /// Index entries waiting to be written together (one fetch's items), and what the exact rules compare
    /// of those items (for the cache).
    struct Postings {
        var rows: [Posting] = []
        var items: [StoryPlacement.Candidate] = []

        mutating func add(_ keys: [Int64], item: StoryPlacement.Candidate) {
            guard !keys.isEmpty else { return }
            for key in keys { rows.append(Posting(key: key, published: item.published, itemID: item.itemID)) }
            items.append(item)
        }
    }

    /// Appends the postings to `dedupKeyRecent` in a few statements, and moves the recent keys into a run
    /// once ``recentKeyLimit`` were added since the last move. Items of one source are never
    /// each other's copies, so one fetch's keys can wait for the end of its transaction.
    func index(_ postings: Postings, db: Database) throws {
        let rows = postings.rows
        guard !rows.isEmpty else { return }
        try withIndexCache(db) { cache in
            var start = 0
            while start < rows.count {
                // A few statement sizes, each prepared once: no statement is compiled per fetch. The values are
                // bound through SQLite's C API (``step(_:db:)``).
                let size = Self.insertSizes.first { $0 <= rows.count - start } ?? 1
                let statement = try db.cachedStatement(sql: Self.insertSQL[size]!)
                let handle = statement.sqliteStatement
                for (i, row) in rows[start..<(start + size)].enumerated() {
                    let column = Int32(i * 3)
                    sqlite3_bind_int64(handle, column + 1, row.key)
                    sqlite3_bind_double(handle, column + 2, row.published)
                    sqlite3_bind_int64(handle, column + 3, row.itemID)
                }
                defer { sqlite3_reset(handle) }
                _ = try Self.step(statement, db: db)
                start += size
            }
            for row in rows { cache.recent.insert(key: row.key, published: row.published, itemID: row.itemID) }
            for item in postings.items { cache.candidates[item.itemID] = item }
            let added = try Int64.fetchOne(
                db.cachedStatement(sql: "UPDATE dedupKeyRecentSize SET keys = keys + ? WHERE id = 1 RETURNING keys"),
                arguments: [rows.count])
            if (added ?? 0) >= recentKeyLimit {
                try Self.moveRecentKeys(mirror: cache.recent, runs: &cache.runs, db: db)
                cache.recent.removeAll()
                cache.candidates = [:]
            }
            try cache.saw(db)
        }
    }

    /// The row counts of the multi-row inserts ``index(_:db:)`` prepares, largest first.
    static let insertSizes = [500, 100, 20, 4, 1]

    /// Their SQL, built once (the statement cache is keyed by it).
    static let insertSQL = Dictionary(
        uniqueKeysWithValues: insertSizes.map { size in
            (
                size,
                "INSERT INTO dedupKeyRecent (key, published, itemID) VALUES "
                    + Array(repeating: "(?, ?, ?)", count: size).joined(separator: ", ")
            )
        })

    /// Before an item's text changes: removes the keys it was indexed under from the recent level, and
    /// draws new tokens, so that every other process reads the recent level again and forgets what it
    /// holds of the item (``IndexCache``'s `candidates`). Runs never change: there the old keys stay until a
    /// merge, and can only offer the item as a candidate that the exact rules then reject (they compare
    /// its text as it is now).
    func forgetCandidate(_ itemID: Int64, removingKeys keys: [Int64], published: Double, db: Database) throws {
        try withIndexCache(db) { cache in
            if !keys.isEmpty {
                try db.cachedStatement(
                    sql: "DELETE FROM dedupKeyRecent WHERE key IN (SELECT value FROM json_each(?)) AND published = ? AND itemID = ?"
                ).execute(arguments: [Self.jsonArray(keys), published, itemID])
                cache.recent.remove(keys: keys, itemID: itemID)
            }
            cache.candidates[itemID] = nil
            try db.cachedStatement(sql: "UPDATE dedupKeyRecentSize SET keys = keys WHERE id = 1").execute()
            try cache.saw(db)
        }
    }

    /// Steps `statement` (its values bound through SQLite's C API) once: `true` for a row, `false` when done.
    /// The index's hot paths read and write this way: GRDB's arguments and rows cost more than the lookup.
    static func step(_ statement: Statement, db: Database) throws -> Bool {
        switch sqlite3_step(statement.sqliteStatement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: statement.sql)
        }
    }

    /// `[1,-2,3]`: integers as SQLite's `json_each` reads them back, exactly.
    static func jsonArray(_ values: some Sequence<Int64>) -> String {
        "[" + values.map(String.init).joined(separator: ",") + "]"
    }

    /// The stored items the index offers as possible copies of `item` (published within the window and
    /// sharing a key; of a key too common, only a few); ``StoryPlacement/nearDuplicate(of:sourceID:among:)`` decides.
    /// Recent keys are looked up in the cache's mirror, the others in the runs whose filters let them through:
    /// for most keys of most items, no read at all.
    func nearDuplicateCandidates(of item: IncomingItem, keys: [Int64], db: Database) throws -> [StoryPlacement.Candidate] {
        let published = item.published.timeIntervalSince1970
        let window = (published - StoryPlacement.nearDuplicateWindow)...(published + StoryPlacement.nearDuplicateWindow)
        let limit = NearDuplicateKeys.commonKeyLimit
        // Each key's postings in the window, from both levels, cut after one more than the limit. A key with
        // more is a phrase many items use, or one story many outlets carry (a wire story republished by 40):
        // it gives only a few of its items, so the 34th copy still finds the story and a common phrase
        // costs a few candidates, not hundreds.
        let sample = NearDuplicateKeys.commonKeySample
        let rare = NearDuplicateKeys.rareKeyLimit
        return try withIndexCache(db) { cache in
            // An item is a candidate when a rare key (few postings: the story's own wording) finds it, when
            // two or more keys find it, or as a sample of a key too common. An item that shares one
            // fairly common key and nothing else (a stock phrase) is not: such items grow with the archive.
            var ids = Set<Int64>()
            var onceFound = Set<Int64>()
            for key in keys {
                guard let found = try cache.items(under: key, within: window, limit: limit + 1, db: db) else {
                    ids.formUnion(cache.recent.first(sample, under: key, within: window))
                    continue
                }
                let unique = Set(found)  // an item re-indexed after an edit may be in both levels
                if unique.count <= rare {
                    ids.formUnion(unique)
                } else if unique.count <= limit {
                    for id in unique where !ids.contains(id) {
                        if onceFound.remove(id) != nil { ids.insert(id) } else { onceFound.insert(id) }
                    }
                } else {
                    ids.formUnion(found.prefix(sample))
                }
            }
            guard !ids.isEmpty else { return [] }
            // Known ones from the cache; the others one row at a time by id (``step(_:db:)``: an `IN` list
            // made SQLite build and fill a temporary table first).
            var candidates: [StoryPlacement.Candidate] = []
            candidates.reserveCapacity(ids.count)
            var read: Statement?
            defer { if let read { sqlite3_reset(read.sqliteStatement) } }
            for id in ids {
                if let known = cache.candidates[id] {
                    candidates.append(known)
                    continue
                }
                let statement = try read ?? db.cachedStatement(sql: "SELECT sourceID, published, fingerprint FROM item WHERE id = ?")
                read = statement
                let handle = statement.sqliteStatement
                sqlite3_reset(handle)
                sqlite3_bind_int64(handle, 1, id)
                guard try Self.step(statement, db: db) else { continue }
                var fingerprint: TextFingerprint?
                if let bytes = sqlite3_column_blob(handle, 2) {
                    let data = Data(
                        bytesNoCopy: UnsafeMutableRawPointer(mutating: bytes), count: Int(sqlite3_column_bytes(handle, 2)),
                        deallocator: .none)
                    fingerprint = TextFingerprint(blob: data)
                }
                let candidate = StoryPlacement.Candidate(
                    itemID: id, sourceID: sqlite3_column_int64(handle, 0), published: sqlite3_column_double(handle, 1),
                    fingerprint: fingerprint)
                cache.candidates[id] = candidate
                candidates.append(candidate)
            }
            return candidates
        }
    }
}
