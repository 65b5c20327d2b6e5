internal import GRDB
internal import Synchronization

extension SQLiteStore {
    /// What a process keeps of the near-duplicate index, and the state of the index it reflects:
    /// - `filter`: every key of both levels (``KeyFilter``), so most lookups in `dedupKey` are skipped;
    /// - `recent`: the postings of `dedupKeyRecent` (``RecentPostings``), which has no index of its own;
    /// - `version` and `moves`: `dedupKeyRecentSize`'s tokens, which a trigger draws at random on every
    ///   change of the key count and on every move into `dedupKey`. Random rather than counted, so that a
    ///   rolled-back write and a later one by another process can never leave the same value.
    struct IndexCache {
        var filter: KeyFilter
        var recent: RecentPostings
        var version: Int64
        var moves: Int64

        /// Records the tokens of the index as it is now, once this cache holds what it holds.
        mutating func saw(_ db: Database) throws { (version, moves) = try SQLiteStore.indexTokens(db) }
    }

    /// Runs `body` with the cache brought in step with the index, inside the current write transaction (no
    /// other process can write until it ends):
    /// - the tokens are the ones the cache saw: nothing to do (the common case; one single-row read);
    /// - only `version` changed (another process, or a rolled-back write, added or removed keys, all in
    ///   `dedupKeyRecent`): the recent level is read again (a few hundred thousand rows at most);
    /// - `moves` changed, there is no cache yet, or its filter is full: the filter is rebuilt from both tables.
    /// A key in the index is therefore always in the filter, and `recent` is exactly `dedupKeyRecent`.
    /// `body` must record what it writes in the cache, then call ``IndexCache/saw(_:)``. When it throws, the
    /// cache is dropped (the next call builds it again), as the transaction's changes may be rolled back.
    func withIndexCache<T>(_ db: Database, _ body: (inout IndexCache) throws -> T) throws -> T {
        try indexCache.withLock { stored in
            let (version, moves) = try Self.indexTokens(db)
            // Taken out and changed in place (never through a copy): the cache owns its arrays alone, and
            // changing them copies nothing. It goes back only if all went well: after an error, what it
            // holds may be half written, and the next transaction builds it again.
            var cache = stored
            stored = nil
            let inStep = cache.map { $0.moves == moves && !$0.filter.isFull } ?? false
            if !inStep {
                cache = nil
                let count = try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM dedupKey) + (SELECT count(*) FROM dedupKeyRecent)") ?? 0
                var filter = KeyFilter(capacity: max(count + count / 2, 1 << 18))
                for table in ["dedupKey", "dedupKeyRecent"] {
                    let keys = try Int64.fetchCursor(db, sql: "SELECT key FROM \(table)")
                    while let key = try keys.next() { filter.insert(key) }
                }
                cache = IndexCache(filter: filter, recent: try Self.recentPostings(db), version: version, moves: moves)
            } else if cache?.version != version {
                cache?.recent = try Self.recentPostings(db)
                let keys = try Int64.fetchCursor(db, sql: "SELECT key FROM dedupKeyRecent")
                while let key = try keys.next() { cache?.filter.insert(key) }
                cache?.version = version
            }
            let result = try body(&cache!)
            stored = cache
            return result
        }
    }

    /// `dedupKeyRecent` as postings.
    static func recentPostings(_ db: Database) throws -> RecentPostings {
        var recent = RecentPostings()
        let rows = try Row.fetchCursor(db, sql: "SELECT key, published, itemID FROM dedupKeyRecent")
        while let row = try rows.next() { recent.insert(key: row[0], published: row[1], itemID: row[2]) }
        return recent
    }

    /// `dedupKeyRecentSize`'s `version` and `moves` tokens (see ``IndexCache``).
    static func indexTokens(_ db: Database) throws -> (Int64, Int64) {
        let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT version, moves FROM dedupKeyRecentSize WHERE id = 1"))
        return (row?[0] ?? 0, row?[1] ?? 0)
    }
}
