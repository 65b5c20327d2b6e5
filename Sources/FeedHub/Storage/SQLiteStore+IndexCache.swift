internal import GRDB
internal import Synchronization

extension SQLiteStore {
    /// What a process keeps of the near-duplicate index, and the state of the index it reflects:
    /// - `recent`: the postings of `dedupKeyRecent` (``RecentPostings``), which has no index of its own;
    /// - `runs`: each sorted run's chunk list and a filter of its keys (``RunCache``); runs never change;
    /// - `version` and `moves`: `dedupKeyRecentSize`'s tokens, which a trigger draws at random on every
    ///   change of the key count and on every move into a run. Random rather than counted, so that a
    ///   rolled-back write and a later one by another process can never leave the same value.
    /// - `candidates`: what the exact rules compare (source, publication time, fingerprint) of the items this
    ///   process indexed or read as candidates since the recent level was last read or moved, so that a
    ///   candidate offered again costs no read. An item's fingerprint changes only by an edit, and an edit
    ///   draws a new `version` (``forgetCandidate(_:removingKeys:published:db:)``): every other process then
    ///   starts again empty.
    struct IndexCache {
        var recent: RecentPostings
        var runs: [RunCache]
        var version: Int64
        var moves: Int64
        var candidates: [Int64: StoryPlacement.Candidate] = [:]

        /// Records the tokens of the index as it is now, once this cache holds what it holds.
        mutating func saw(_ db: Database) throws { (version, moves) = try SQLiteStore.indexTokens(db) }

        /// The items under `key` published within `window`, from both levels, stopping after `limit`; `nil`
        /// when the recent level alone has at least `limit` there.
        func items(under key: Int64, within window: ClosedRange<Double>, limit: Int, db: Database) throws -> [Int64]? {
            guard var found = recent.items(under: key, within: window, limit: limit) else { return nil }
            for run in runs where found.count < limit {
                try run.items(under: key, within: window, limit: limit, into: &found, db: db)
            }
            return found
        }
    }

    /// Forgets the cache (the next write builds it again): after a rolled-back write, what it recorded of
    /// that write (keys added, runs moved) is not in the database.
    func dropIndexCache() { indexCache.withLock { $0 = nil } }

    /// Runs `body` with the cache brought in step with the index, inside the current write transaction (no
    /// other process can write until it ends):
    /// - the tokens are the ones the cache saw: nothing to do (the common case; one single-row read);
    /// - `version` changed (another process, or a rolled-back write, added or removed recent keys): the
    ///   recent level is read again (at most ``defaultRecentKeyLimit`` rows);
    /// - `moves` changed: the runs are listed again, and the new ones read (the others are kept: a run never
    ///   changes), and so is the recent level.
    /// `body` must record what it writes in the cache, then call ``IndexCache/saw(_:)``. When it throws, the
    /// cache is dropped (the next call builds it again), as the transaction's changes may be rolled back.
    func withIndexCache<T>(_ db: Database, _ body: (inout IndexCache) throws -> T) throws -> T {
        try indexCache.withLock { stored in
            let (version, moves) = try Self.indexTokens(db)
            // Taken out and changed in place (never through a copy): the cache owns its arrays alone, and
            // changing them copies nothing. It goes back only if all went well: after an error, what it
            // holds may be half written, and the next transaction builds it again.
            let first = stored == nil
            var cache = stored ?? IndexCache(recent: RecentPostings(), runs: [], version: 0, moves: 0)
            stored = nil
            if first || cache.moves != moves {
                try Self.reloadRuns(&cache.runs, db: db)
            }
            if first || cache.version != version || cache.moves != moves {
                cache.recent = try Self.recentPostings(db)
                cache.candidates = [:]
            }
            (cache.version, cache.moves) = (version, moves)
            let result = try body(&cache)
            stored = cache
            return result
        }
    }

    /// Brings the list of runs in step: keeps those that still exist, reads the new ones.
    static func reloadRuns(_ runs: inout [RunCache], db: Database) throws {
        let current = try Row.fetchAll(db, sql: "SELECT id, keys FROM dedupRun ORDER BY id")
        let known = Dictionary(runs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        runs = try current.map { row in try known[row["id"]] ?? loadRun(id: row["id"], keys: row["keys"], db: db) }
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
