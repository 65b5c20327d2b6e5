internal import Foundation
internal import GRDB
internal import Synchronization

/// The SQLite implementation of ``FeedStorage`` (GRDB; WAL for a file, or an in-memory database).
///
/// Each source's result is written in one transaction, so a killed process leaves every source either
/// fully before or fully after its fetch. WAL with `synchronous=NORMAL` keeps those commits cheap and still
/// never corrupts the file on SIGKILL (a power cut may lose the last commits, never consistency).
/// Work runs through GRDB's own async `read`/`write`, which wait off the cooperative pool.
public final class SQLiteStore: FeedStorage {
    /// The database file, or ``memoryPath``.
    public let path: String
    /// The `path` of an in-memory database.
    static let memoryPath = ":memory:"
    let writer: any DatabaseWriter
    /// How many keys the near-duplicate index collects in `dedupKeyRecent` before they move into a run.
    let recentKeyLimit: Int64
    /// Fetch results waiting to share the next write transaction (see ``record(_:policy:)``).
    let ingestQueue = GroupCommit<Ingest, IngestCounts>()
    /// What this process keeps of the near-duplicate index, checked against the database in every write
    /// transaction (see ``withIndexCache(_:_:)``).
    let indexCache = Mutex<IndexCache?>(nil)
    /// The in-process run lock of an in-memory database (a file's is a `flock`, see ``RunLock``).
    private let memoryRunLock = Mutex(false)
    /// A file's WAL checkpoints, off the writer (declared after `writer`, so that it goes after the
    /// connections; its hook's state outlives both anyway).
    let checkpointer: WALCheckpointer?

    /// Opens (creating and migrating when needed) the database file at `path`.
    /// - Throws: ``StorageError/open(path:message:)``.
    public convenience init(path: String) throws {
        try self.init(path: path, recentKeyLimit: SQLiteStore.defaultRecentKeyLimit)
    }

    /// ``init(path:)`` with the near-duplicate index's batch size (tests use a small one).
    convenience init(path: String, recentKeyLimit: Int64) throws {
        do {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            let checkpointer = WALCheckpointer(path: path)
            try self.init(
                writer: DatabasePool(path: path, configuration: Self.configuration(checkpointer: checkpointer)), path: path,
                recentKeyLimit: recentKeyLimit, checkpointer: checkpointer)
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError.open(path: path, message: Self.describe(error))
        }
    }

    /// A new, empty, migrated in-memory database (tests, dry runs).
    /// - Throws: ``StorageError/open(path:message:)``.
    public static func inMemory() throws -> SQLiteStore {
        do {
            return try SQLiteStore(writer: DatabaseQueue(configuration: configuration()), path: memoryPath)
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError.open(path: memoryPath, message: Self.describe(error))
        }
    }

    /// Migrates the database `writer` opened (made with ``configuration``) and works on it.
    /// - Throws: ``StorageError/open(path:message:)``.
    init(
        writer: any DatabaseWriter, path: String, recentKeyLimit: Int64 = SQLiteStore.defaultRecentKeyLimit,
        checkpointer: WALCheckpointer? = nil
    ) throws {
        self.path = path
        self.writer = writer
        self.recentKeyLimit = recentKeyLimit
        self.checkpointer = checkpointer
        do {
            // A read when the schema is current: no write lock, no barrier against a serving daemon's reads.
            if try !writer.read({ db in try Migrations.migrator.hasCompletedMigrations(db) }) {
                // Processes starting together (cron overlapping a daemon's start) migrate one after the other.
                let migrating = path == Self.memoryPath ? nil : try RunLock(databasePath: path, wait: .seconds(30), suffix: ".migrate.lock")
                defer { withExtendedLifetime(migrating) {} }
                try Migrations.migrator.migrate(writer)
            }
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError.open(path: path, message: Self.describe(error))
        }
    }

    /// What every connection needs: a busy timeout, `synchronous=NORMAL`, `fh_contains`; the writer's
    /// checkpoints go to `checkpointer`, if any.
    static func configuration(checkpointer: WALCheckpointer? = nil) -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            if let checkpointer, !db.configuration.readonly { checkpointer.install(on: db) }
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // 32 MB of page cache (SQLite's default is 2 MB): the near-duplicate index's pages stay in memory.
            try db.execute(sql: "PRAGMA cache_size = -32768")
            // Reads map the file (up to 1 GB) instead of copying each page out of the OS cache: lookups in a
            // large index cost no system call, and every connection shares the one copy the OS keeps.
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
            // Statement journals (a savepoint's copies of the pages it changes) and temporary tables in
            // memory, not in temporary files: at 2,000 feeds, when each fetch had its own savepoint, those
            // files took more writes than the WAL itself.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            db.add(function: containsFunction)
        }
        return configuration
    }

    /// `fh_contains(text, needle)`: whether `text` contains `needle`, ignoring case and diacritics in any script.
    static let containsFunction = DatabaseFunction("fh_contains", argumentCount: 2, pure: true) { values in
        guard let text = String.fromDatabaseValue(values[0]), let needle = String.fromDatabaseValue(values[1]) else { return false }
        return text.range(of: needle, options: [.caseInsensitive, .diacriticInsensitive]) != nil
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    /// `error` as this store reports it: its own typed errors as they are, anything else as an I/O error.
    func storageError(_ error: any Error) -> any Error {
        if error is StorageError || error is CurationError { return error }
        return StorageError.io(path: path, message: Self.describe(error))
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await writer.read(body) } catch { throw storageError(error) }
    }

    /// Runs `body` in a write transaction; when it changed anything, the shared change counter grows in
    /// the same transaction, so every process polling ``changeToken()`` sees the commit.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write { db in
                let before = db.totalChangesCount
                let result = try body(db)
                if db.totalChangesCount != before {
                    try db.cachedStatement(sql: "UPDATE changeCounter SET version = version + 1 WHERE id = 1").execute()
                }
                return result
            }
        } catch {
            throw storageError(error)
        }
    }

    /// The run lock: a `flock` beside the database file (see ``RunLock``); in memory, a flag.
    /// - Throws: ``StorageError/locked(path:waited:)``, ``StorageError/open(path:message:)``.
    public func lockRun(wait: Duration) async throws -> any RunLease {
        if path != Self.memoryPath { return try RunLock(databasePath: path, wait: wait) }
        let clock = ContinuousClock()
        let deadline = clock.now + wait
        while !memoryRunLock.withLock({ held in
            if held { return false }
            held = true
            return true
        }) {
            guard clock.now < deadline else { throw StorageError.locked(path: path, waited: wait) }
            try await Task.sleep(for: .milliseconds(50))
        }
        return MemoryRunLease { [self] in memoryRunLock.withLock { $0 = false } }
    }

    // MARK: - Sources

    /// Adds configured sources not yet known and forgets none. When a source's URL in feeds.yml changed,
    /// its current URL and validators start again from the new one.
    /// - Throws: ``StorageError``.
    public func syncSources(_ sources: [SourceConfig]) async throws {
        try await write { db in
            for source in sources {
                let known = try Row.fetchOne(db, sql: "SELECT configURL FROM source WHERE name = ?", arguments: [source.name])
                if known == nil {
                    try db.execute(
                        sql: "INSERT INTO source (name, configURL, currentURL) VALUES (?, ?, ?)",
                        arguments: [source.name, source.url, source.url])
                } else if (known?["configURL"] as String?) != source.url {
                    try db.execute(
                        sql: """
                            UPDATE source SET configURL = ?, currentURL = ?, etag = NULL, lastModified = NULL,
                            failures = 0, nextAttemptAt = NULL WHERE name = ?
                            """,
                        arguments: [source.url, source.url, source.name])
                }
            }
        }
    }

    /// Every known source, in name order.
    /// - Throws: ``StorageError``.
    public func sourceStates() async throws -> [SourceState] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM source ORDER BY name").map(Self.sourceState) }
    }

    /// Clears a source's backoff, failures and validators, so the next fetch tries it at once, in full.
    /// - Throws: ``StorageError/unknownSource(_:)`` or ``StorageError``.
    public func resetSource(named name: String) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE source SET failures = 0, nextAttemptAt = NULL, etag = NULL, lastModified = NULL WHERE name = ?",
                arguments: [name])
            if db.changesCount == 0 { throw StorageError.unknownSource(name) }
        }
    }

    static func sourceState(_ row: Row) -> SourceState {
        SourceState(
            name: row["name"], configURL: row["configURL"], currentURL: row["currentURL"], etag: row["etag"],
            lastModified: row["lastModified"], lastOutcome: row["lastOutcome"], lastMessage: row["lastMessage"],
            lastAttemptAt: date(row["lastAttemptAt"]), lastSuccessAt: date(row["lastSuccessAt"]), failures: row["failures"],
            nextAttemptAt: date(row["nextAttemptAt"]))
    }

    static func date(_ value: Double?) -> Date? { value.map { Date(timeIntervalSince1970: $0) } }
}

extension SQLiteStore {
    /// SQLite's `PRAGMA integrity_check`: `"ok"` for a sound database, else what is wrong.
    /// - Throws: ``StorageError``.
    public func integrityCheck() async throws -> String {
        try await read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }
}

extension SQLiteStore {
    /// Changes whenever anything was committed, by this process or another (`feedhub fetch` from cron, an
    /// editor's `items` command): a late copy joining a story, a fetch, a curation decision. One indexed
    /// row: cheap enough to poll every second.
    /// - Throws: ``StorageError``.
    public func changeToken() async throws -> String {
        try await read { db in
            let version = try Int64.fetchOne(db, sql: "SELECT version FROM changeCounter WHERE id = 1") ?? 0
            return "\(version)"
        }
    }
}
