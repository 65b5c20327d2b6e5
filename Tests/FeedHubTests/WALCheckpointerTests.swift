import Foundation
import GRDB
import Synchronization
import Testing

@testable import FeedHub

@Suite struct WALCheckpointerTests {
    /// Writes ~24 MB in 60 commits of 100 pages' worth each; returns the largest WAL seen after a commit.
    static func write(_ writer: some DatabaseWriter, walPath: String) async throws -> Int {
        try await writer.write { db in try db.execute(sql: "CREATE TABLE scratch (id INTEGER PRIMARY KEY, body BLOB)") }
        var largest = 0
        let body = Data(repeating: 0x4B, count: 3_500)
        for _ in 0..<60 {
            try await writer.write { db in
                for _ in 0..<100 { try db.execute(sql: "INSERT INTO scratch (body) VALUES (?)", arguments: [body]) }
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: walPath)[.size] as? Int) ?? 0
            largest = max(largest, size)
        }
        return largest
    }

    @Test("The writer's commits leave checkpoints to the checkpoint thread; the WAL stays bounded and every row is kept")
    func checkpointsOffTheWriter() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-wal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("hub.sqlite").path)
        let largest = try await Self.write(store.writer, walPath: store.path + "-wal")
        let checkpointer = try #require(store.checkpointer)
        // Let the last checkpoint finish (bounded wait).
        for _ in 0..<100 where checkpointer.signal.state.withLock({ $0.checkpoints }) < 2 { try await Task.sleep(for: .milliseconds(20)) }
        let state = checkpointer.signal.state.withLock { $0 }
        #expect(state.checkpoints >= 2 && !state.unavailable)
        // Without any checkpoint the WAL would hold all ~24 MB; a writer this fast outruns the thread, and
        // from the limit on its commits checkpoint themselves.
        #expect(largest < Int(WALCheckpointer.limit + 200) * 4_136, "WAL grew to \(largest) bytes")
        #expect(try await store.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM scratch") } == 6_000)
    }

    @Test("A checkpoint thread that cannot open the file leaves the checkpoints to the commits, as SQLite's own")
    func fallsBackToCommits() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-wal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("hub.sqlite").path
        let checkpointer = WALCheckpointer(path: directory.appendingPathComponent("missing/none.sqlite").path)
        let pool = try DatabasePool(path: path, configuration: SQLiteStore.configuration(checkpointer: checkpointer))
        let largest = try await Self.write(pool, walPath: path + "-wal")
        let state = checkpointer.signal.state.withLock { $0 }
        #expect(state.unavailable && state.checkpoints == 0)
        // Commits checkpoint themselves once the thread has found it cannot open the file (or at the limit,
        // should it be slow to find out).
        #expect(largest < Int(WALCheckpointer.limit + 200) * 4_136, "WAL grew to \(largest) bytes")
        #expect(try await pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM scratch") } == 6_000)
    }
}
