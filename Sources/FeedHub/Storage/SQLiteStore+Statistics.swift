internal import GRDB

extension SQLiteStore {
    /// How many fetches each source had, by outcome, over the whole stored fetch history — so fetches
    /// made by `feedhub fetch` from cron, in another process, count too.
    /// - Throws: ``StorageError``.
    public func fetchCounts() async throws -> [(source: String, outcome: String, count: Int)] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT source.name, fetchLog.outcome, COUNT(*) AS n FROM fetchLog
                    JOIN source ON source.id = fetchLog.sourceID
                    GROUP BY source.name, fetchLog.outcome ORDER BY source.name, fetchLog.outcome
                    """
            ).map { (source: $0["name"], outcome: $0["outcome"], count: $0["n"]) }
        }
    }

    /// How many stories are in each status (every status is listed, with 0 when there is none).
    /// - Throws: ``StorageError``.
    public func storyCounts() async throws -> [StoryStatus: Int] {
        try await read { db in
            var counts = Dictionary(uniqueKeysWithValues: StoryStatus.allCases.map { ($0, 0) })
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM story GROUP BY status") {
                if let status = StoryStatus(rawValue: row["status"]) { counts[status] = row["n"] }
            }
            return counts
        }
    }
}
