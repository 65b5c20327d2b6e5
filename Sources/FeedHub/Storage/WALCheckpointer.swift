internal import Foundation
internal import GRDB
internal import GRDBSQLite
internal import Synchronization

/// Checkpoints a database file's WAL on a thread and connection of its own, so that the writer's commits
/// never copy pages into the database file themselves.
///
/// SQLite's automatic checkpoint runs inside the commit that takes the WAL past 1,000 pages: the writer
/// (and every fetch waiting on it) waits while it copies those pages and syncs both files, ~10% of the
/// writer's time in a pass over 500 feeds. Here the writer's commit only notes the WAL's size (SQLite's
/// WAL hook, which replaces the automatic checkpoint) and, past ``threshold`` pages, wakes this thread,
/// which runs the same PASSIVE checkpoint (it never waits for readers or the writer) while the writer goes
/// on. Should the thread fall behind (``limit``) or have no connection (it could not open the file), the
/// commit checkpoints as before. The pages are synced as SQLite's own checkpoint syncs them (`synchronous=NORMAL`).
final class WALCheckpointer: Sendable {
    /// WAL pages from which a checkpoint is asked for (SQLite's default for its automatic one).
    static let threshold: Int32 = 1000
    /// WAL pages from which the commit checkpoints itself after all: a writer that commits faster than the
    /// thread checkpoints (the WAL restarts only once a checkpoint has caught up) waits, as with SQLite's
    /// own, and the WAL stays below ~16 MB.
    static let limit: Int32 = 4 * threshold

    /// What a writer connection's hook and the thread share. One is retained by each connection the hook is
    /// installed on, for as long as the process runs (SQLite offers no moment to release it): ~100 bytes.
    final class Signal: Sendable {
        struct State {
            var requested = false
            var stopped = false
            /// The thread could not open its connection: commits checkpoint themselves.
            var unavailable = false
            /// Checkpoints the thread ran.
            var checkpoints = 0
        }
        let state = Mutex(State())
        let wake = DispatchSemaphore(value: 0)

        /// After a commit that left `frames` pages in the WAL: whether the committing connection must
        /// checkpoint itself.
        func committed(frames: Int32) -> Bool {
            guard frames >= WALCheckpointer.threshold else { return false }
            let (wake, inline) = state.withLock { state -> (Bool, Bool) in
                if state.unavailable || state.stopped || frames >= WALCheckpointer.limit { return (false, true) }
                defer { state.requested = true }
                return (!state.requested, false)
            }
            if wake { self.wake.signal() }
            return inline
        }
    }

    let signal = Signal()

    /// Starts the thread for the database file at `path`.
    init(path: String) {
        let signal = signal
        let thread = Thread { Self.run(path: path, signal: signal) }
        thread.name = "feedhub.checkpoint"
        thread.start()
    }

    deinit { stop() }

    /// Ends the thread (after the checkpoint in progress, if any); commits then checkpoint themselves.
    func stop() {
        let wake = signal.state.withLock { state in
            defer { state.stopped = true }
            return !state.stopped
        }
        if wake { signal.wake.signal() }
    }

    /// Makes the writer connection `db` leave its checkpoints to this thread.
    func install(on db: Database) {
        let context = Unmanaged.passRetained(signal).toOpaque()
        sqlite3_wal_hook(
            db.sqliteConnection,
            { context, connection, _, frames in
                let signal = Unmanaged<Signal>.fromOpaque(context!).takeUnretainedValue()
                if signal.committed(frames: frames) {
                    sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                }
                return SQLITE_OK
            }, context)
    }

    private static func run(path: String, signal: Signal) {
        var connection: OpaquePointer?
        defer { sqlite3_close(connection) }
        while true {
            signal.wake.wait()
            let stopped = signal.state.withLock { state in
                state.requested = false
                return state.stopped
            }
            if stopped { return }
            // Opened at the first request: by then the file exists and is in WAL mode.
            if connection == nil, !open(path, &connection) {
                signal.state.withLock { $0.unavailable = true }
                return
            }
            sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            signal.state.withLock { $0.checkpoints += 1 }
        }
    }

    private static func open(_ path: String, _ connection: inout OpaquePointer?) -> Bool {
        guard sqlite3_open_v2(path, &connection, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK else {
            sqlite3_close(connection)
            connection = nil
            return false
        }
        // The same durability as the writer's own checkpoints.
        sqlite3_exec(connection, "PRAGMA synchronous = NORMAL", nil, nil, nil)
        return true
    }
}
