internal import Foundation
internal import GRDB
internal import Synchronization

/// The SQLite database (GRDB, WAL): sources, items, stories and the fetch log.
///
/// Each source's result is written in one transaction, so a killed process leaves every source either
/// fully before or fully after its fetch. WAL with `synchronous=NORMAL` keeps those commits cheap and still
/// never corrupts the file on SIGKILL (a power cut may lose the last commits, never consistency).
public final class FeedStore: Sendable {
    /// The database file.
    public let path: String
    let pool: DatabasePool
    /// Relevant items' fingerprints, loaded on first use (see ``NearDuplicateIndex``).
    let nearDuplicates = Mutex<NearDuplicateIndex?>(nil)

    /// Opens (creating and migrating when needed) the database at `path`.
    /// - Throws: ``StorageError/open(path:message:)``.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            db.add(function: Self.containsFunction)
        }
        do {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            pool = try DatabasePool(path: path, configuration: configuration)
            try Migrations.migrator.migrate(pool)
        } catch {
            throw StorageError.open(path: path, message: Self.describe(error))
        }
    }

    /// `fh_contains(text, needle)`: whether `text` contains `needle`, ignoring case and diacritics in any script.
    static let containsFunction = DatabaseFunction("fh_contains", argumentCount: 2, pure: true) { values in
        guard let text = String.fromDatabaseValue(values[0]), let needle = String.fromDatabaseValue(values[1]) else { return false }
        return text.range(of: needle, options: [.caseInsensitive, .diacriticInsensitive]) != nil
    }

    /// Runs `body` (database work, which blocks its thread) on a thread of its own, never on Swift's
    /// small cooperative pool, and returns its result.
    /// - Throws: what `body` throws.
    public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch let error as StorageError { throw error } catch let error as CurationError {
            throw error
        } catch {
            throw StorageError.io(path: path, message: Self.describe(error))
        }
    }

    /// Runs `body` in a write transaction; when it changed anything, the shared change counter grows in
    /// the same transaction, so every process polling ``changeToken()`` sees the commit.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.write { db in
                let before = db.totalChangesCount
                let result = try body(db)
                if db.totalChangesCount != before {
                    try db.cachedStatement(sql: "UPDATE changeCounter SET version = version + 1 WHERE id = 1").execute()
                }
                return result
            }
        } catch let error as StorageError { throw error } catch let error as CurationError {
            throw error
        } catch {
            throw StorageError.io(path: path, message: Self.describe(error))
        }
    }

    // MARK: - Sources

    /// Adds configured sources not yet known and forgets none. When a source's URL in feeds.yml changed,
    /// its current URL and validators start again from the new one.
    /// - Throws: ``StorageError``.
    public func syncSources(_ sources: [SourceConfig]) throws {
        try write { db in
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
    public func sourceStates() throws -> [SourceState] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM source ORDER BY name").map(Self.sourceState) }
    }

    /// Clears a source's backoff, failures and validators, so the next fetch tries it at once, in full.
    /// - Throws: ``StorageError/unknownSource(_:)`` or ``StorageError``.
    public func resetSource(named name: String) throws {
        try write { db in
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

extension FeedStore {
    /// SQLite's `PRAGMA integrity_check`: `"ok"` for a sound database, else what is wrong.
    /// - Throws: ``StorageError``.
    public func integrityCheck() throws -> String {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }
}

extension FeedStore {
    /// Changes whenever anything was committed, by this process or another (`feedhub fetch` from cron, an
    /// editor's `items` command): a late copy joining a story, a fetch, a curation decision. One indexed
    /// row: cheap enough to poll every second.
    /// - Throws: ``StorageError``.
    public func changeToken() throws -> String {
        try read { db in
            let version = try Int64.fetchOne(db, sql: "SELECT version FROM changeCounter WHERE id = 1") ?? 0
            return "\(version)"
        }
    }
}
