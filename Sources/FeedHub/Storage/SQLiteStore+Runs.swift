internal import Foundation
internal import GRDB
internal import GRDBSQLite

/// The near-duplicate index's sorted level: runs of sorted postings, each written once in one pass as
/// chunks (``PostingChunk``) and never changed; a move merges the new keys with the runs of comparable size
/// into one, so a key is rewritten about log₂(archive / ``defaultRecentKeyLimit``) times in all and there
/// are as few runs.
///
/// A run costs a few appends per thousand keys to write, where inserting each key into a sorted tree cost a
/// descent and a page write (the tree's pages were rewritten at every move, at ~3 µs a key on the scale
/// benchmark's machine).
extension SQLiteStore {
    /// A run as a process knows it: its chunks' first postings and row ids in order, and a filter of its keys
    /// (so that a key the run does not hold costs no read). Runs never change, so it never goes stale.
    struct RunCache {
        let id: Int64
        let firsts: [Posting]
        let chunkIDs: [Int64]
        let filter: KeyFilter

        /// Appends the items under `key` published within `window` to `found`, up to `limit` in all.
        func items(under key: Int64, within window: ClosedRange<Double>, limit: Int, into found: inout [Int64], db: Database) throws {
            guard filter.mayContain(key), var chunk = PostingChunk.start(of: key, from: window.lowerBound, in: firsts),
                firsts[chunk].key <= key
            else { return }
            // The blob read in place, through SQLite's C API (``SQLiteStore/step(_:db:)``).
            let read = try db.cachedStatement(sql: "SELECT postings FROM dedupChunk WHERE id = ?")
            let handle = read.sqliteStatement
            defer { sqlite3_reset(handle) }
            while chunk < chunkIDs.count, found.count < limit {
                sqlite3_reset(handle)
                sqlite3_bind_int64(handle, 1, chunkIDs[chunk])
                var more = false
                if try SQLiteStore.step(read, db: db), let bytes = sqlite3_column_blob(handle, 0) {
                    let raw = UnsafeRawBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, 0)))
                    more = PostingChunk.search(raw, key: key, within: window, limit: limit, into: &found)
                }
                chunk += 1
                guard more, chunk < firsts.count, firsts[chunk].key == key else { return }
            }
        }
    }

    /// Reads run `id`: its chunk list, and every key into its filter.
    static func loadRun(id: Int64, keys: Int, db: Database) throws -> RunCache {
        var filter = KeyFilter(capacity: keys)
        var firsts: [Posting] = []
        var chunkIDs: [Int64] = []
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT id, firstKey, postings FROM dedupChunk WHERE run = ? ORDER BY firstKey, id"), arguments: [id])
        while let row = try rows.next() {
            chunkIDs.append(row[0])
            let first: Posting? = try row.withUnsafeData(atIndex: 2) { data in
                data?.withUnsafeBytes { raw in
                    for i in 0..<(raw.count / PostingChunk.stride) { filter.insert(PostingChunk.posting(raw, i).key) }
                    return raw.count >= PostingChunk.stride ? PostingChunk.posting(raw, 0) : nil
                } ?? nil
            }
            // A damaged (empty) chunk keeps its place, under its stated first key.
            firsts.append(first ?? Posting(key: row[1], published: -.infinity, itemID: 0))
        }
        return RunCache(id: id, firsts: firsts, chunkIDs: chunkIDs, filter: filter)
    }

    /// Writes sorted postings as a new run, chunk by chunk, dropping repeats, and builds its ``RunCache`` as
    /// it goes (the run need not be read back).
    struct RunWriter {
        let db: Database
        let run: Int64
        private var chunk: [Posting] = []
        private var last: Posting?
        private(set) var count = 0
        private var firsts: [Posting] = []
        private var chunkIDs: [Int64] = []
        private var filter: KeyFilter

        /// Starts a run of about `capacity` postings (the size of its filter).
        init(db: Database, capacity: Int) throws {
            self.db = db
            filter = KeyFilter(capacity: capacity)
            try db.execute(sql: "INSERT INTO dedupRun (keys) VALUES (0)")
            run = db.lastInsertedRowID
            chunk.reserveCapacity(PostingChunk.capacity)
        }

        mutating func append(_ posting: Posting) throws {
            guard posting != last else { return }
            last = posting
            chunk.append(posting)
            filter.insert(posting.key)
            count += 1
            if chunk.count == PostingChunk.capacity { try flush() }
        }

        private mutating func flush() throws {
            guard let first = chunk.first else { return }
            try db.cachedStatement(sql: "INSERT INTO dedupChunk (run, firstKey, postings) VALUES (?, ?, ?)").execute(
                arguments: [run, first.key, PostingChunk.encode(chunk)])
            firsts.append(first)
            chunkIDs.append(db.lastInsertedRowID)
            chunk.removeAll(keepingCapacity: true)
        }

        /// Writes what is left and the run's size; returns the run as a cache holds it (`nil`: a run with no
        /// postings, removed).
        @discardableResult
        mutating func finish() throws -> RunCache? {
            try flush()
            guard count > 0 else {
                try db.execute(sql: "DELETE FROM dedupRun WHERE id = ?", arguments: [run])
                return nil
            }
            try db.cachedStatement(sql: "UPDATE dedupRun SET keys = ? WHERE id = ?").execute(arguments: [count, run])
            return RunCache(id: run, firsts: firsts, chunkIDs: chunkIDs, filter: filter)
        }
    }

    /// Moves every recent key into the sorted level, and empties `dedupKeyRecent`. The new keys (sorted in
    /// memory) and the newest runs are merged into one new run, in one pass, while each next run is at most
    /// twice as big as the keys merged so far: 1 M new keys and runs of 1, 2 and 4 M become one run of 8 M,
    /// written once (merging two at a time wrote the runs of 1, 2 and 4 M again on the way). Runs thus
    /// double in size, and a key is rewritten about log₂(archive / ``defaultRecentKeyLimit``) times in all.
    /// The keys come from the cache's mirror, in step with the table in this transaction (checked by count;
    /// else from the table); `runs`, the cache's runs (in step too), become the runs there are after the move.
    static func moveRecentKeys(mirror: RecentPostings, runs: inout [RunCache], db: Database) throws {
        var postings = mirror.postings()
        if try Int.fetchOne(db, sql: "SELECT count(*) FROM dedupKeyRecent") != postings.count {
            postings = try Row.fetchAll(db, sql: "SELECT key, published, itemID FROM dedupKeyRecent").map {
                Posting(key: $0[0], published: $0[1], itemID: $0[2])
            }
            postings.sortForRun()
        }
        var size = postings.count
        var joined: [Int64] = []
        for row in try Row.fetchAll(db, sql: "SELECT id, keys FROM dedupRun ORDER BY id DESC") {
            let keys: Int = row["keys"]
            guard keys <= 2 * size else { break }
            joined.append(row["id"])
            size += keys
        }
        let sql = "SELECT postings FROM dedupChunk WHERE run = ? ORDER BY firstKey, id"
        var streams = [PostingStream(postings)]
        for id in joined { streams.append(try PostingStream(Row.fetchCursor(db.makeStatement(sql: sql), arguments: [id]))) }
        let merged = try merge(&streams, capacity: size, db: db)
        if !joined.isEmpty {
            let marks = Array(repeating: "?", count: joined.count).joined(separator: ", ")
            try db.execute(
                sql: "DELETE FROM dedupChunk WHERE run IN (\(marks)); DELETE FROM dedupRun WHERE id IN (\(marks))",
                arguments: StatementArguments(joined + joined))
        }
        runs.removeAll { joined.contains($0.id) }
        if let merged { runs.append(merged) }
        try db.execute(sql: "DELETE FROM dedupKeyRecent; UPDATE dedupKeyRecentSize SET keys = 0 WHERE id = 1")
    }

    /// Merges sorted streams into a new run (memory: one chunk of each run and one being written), dropping
    /// repeats. `capacity`: about how many postings they hold together. Returns the new run as a cache holds it.
    static func merge(_ streams: inout [PostingStream], capacity: Int, db: Database) throws -> RunCache? {
        var writer = try RunWriter(db: db, capacity: capacity)
        // Each stream's current posting, apart: the loop reads these and changes only the stream it takes from.
        var heads = streams.map(\.current)
        while true {
            // The least of the few current postings.
            var least = -1
            var posting = Posting(key: .max, published: .infinity, itemID: .max)
            for (i, head) in heads.enumerated() {
                guard let head, least < 0 || head < posting else { continue }
                least = i
                posting = head
            }
            guard least >= 0 else { break }
            try writer.append(posting)
            try streams[least].advance()
            heads[least] = streams[least].current
        }
        return try writer.finish()
    }

    /// A run's postings in order, one chunk in memory at a time; or postings sorted in memory.
    struct PostingStream {
        let chunks: RowCursor?
        private var buffer: [Posting] = []
        private var index = 0

        init(_ chunks: RowCursor) throws {
            self.chunks = chunks
            try refill()
        }

        init(_ sorted: [Posting]) {
            chunks = nil
            buffer = sorted
        }

        var current: Posting? { index < buffer.count ? buffer[index] : nil }

        mutating func advance() throws {
            index += 1
            if index == buffer.count { try refill() }
        }

        private mutating func refill() throws {
            buffer = []
            index = 0
            while buffer.isEmpty, let row = try chunks?.next() {
                buffer = try row.withUnsafeData(atIndex: 0) { $0?.withUnsafeBytes(PostingChunk.decode) ?? [] }
            }
        }
    }

    /// Every posting of both levels, in order (tests, upgrades).
    static func allPostings(_ db: Database) throws -> [Posting] {
        var postings = try Row.fetchAll(db, sql: "SELECT key, published, itemID FROM dedupKeyRecent").map {
            Posting(key: $0[0], published: $0[1], itemID: $0[2])
        }
        let chunks = try Row.fetchCursor(db, sql: "SELECT postings FROM dedupChunk")
        while let row = try chunks.next() {
            postings += try row.withUnsafeData(atIndex: 0) { $0?.withUnsafeBytes(PostingChunk.decode) ?? [] }
        }
        return postings.sorted()
    }
}
