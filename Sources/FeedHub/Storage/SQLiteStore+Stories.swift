internal import Foundation
internal import GRDB

extension SQLiteStore {
    /// Stories, newest first (pinned ones are not reordered here), optionally one status or one primary outlet.
    /// A syndicated copy is not a story: it is listed in its story's ``StoryListing/alsoAt``; nor is a
    /// story an editor merged into another. Titles and summaries are the editor's where edited.
    /// - Parameters:
    ///   - text: only stories whose title or summary (the published or the outlet's) contain it, ignoring case.
    ///   - limit: at most this many; `nil` for all.
    ///   - offset: skip this many first (paging with `limit`).
    /// - Throws: ``StorageError``.
    public func stories(status: StoryStatus?, source: String?, text: String?, limit: Int?, offset: Int)
        async throws -> [StoryListing]
    {
        try await read { db in try self.stories(status: status, source: source, text: text, limit: limit, offset: offset, db: db) }
    }

    /// At most `limit` stories of `status` from `offset`, and how many there are, in one read transaction.
    /// - Throws: ``StorageError``.
    public func storyPage(status: StoryStatus?, limit: Int, offset: Int) async throws -> StoryPage {
        try await read { db in
            let filter = Self.storyFilter(status: status, source: nil, text: nil, number: nil)
            let total =
                try Int.fetchOne(
                    db,
                    sql: "SELECT COUNT(*) FROM story JOIN item ON item.id = story.primaryItemID JOIN source ON source.id = item.sourceID "
                        + filter.sql, arguments: filter.arguments) ?? 0
            return StoryPage(stories: try self.stories(status: status, limit: limit, offset: offset, db: db), total: total)
        }
    }

    /// The `WHERE` clause of a story listing, and its arguments.
    private static func storyFilter(status: StoryStatus?, source: String?, text: String?, number: Int64?) -> (
        sql: String, arguments: StatementArguments
    ) {
        var conditions: [String] = number == nil ? ["story.mergedInto IS NULL"] : ["story.id = ?"]
        var arguments: StatementArguments = number.map { [$0] } ?? []
        if let status {
            conditions.append("story.status = ?")
            _ = arguments.append(contentsOf: [status.rawValue])
        }
        if let source {
            conditions.append("source.name = ?")
            _ = arguments.append(contentsOf: [source])
        }
        if let text, !text.isEmpty {
            // fh_contains folds case for every script (SQLite's LIKE folds ASCII only: not Cyrillic).
            conditions.append(
                "(fh_contains(COALESCE(story.editedTitle, item.title) || ' ' || COALESCE(story.editedSummary, item.summary, ''), ?)"
                    + " OR fh_contains(item.title, ?))")
            _ = arguments.append(contentsOf: [text, text])
        }
        return ("WHERE " + conditions.joined(separator: " AND "), arguments)
    }

    func stories(
        status: StoryStatus? = nil, source: String? = nil, text: String? = nil, limit: Int? = nil, offset: Int = 0, number: Int64? = nil,
        db: Database
    )
        throws -> [StoryListing]
    {
        let (whereClause, arguments) = Self.storyFilter(status: status, source: source, text: text, number: number)
        let limitClause = limit.map { "LIMIT \(max(0, $0)) OFFSET \(max(0, offset))" } ?? ""
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT story.id AS storyID, story.entryID, story.status, story.pinned, story.rule, story.published,
                       COALESCE(story.editedTitle, item.title) AS title, COALESCE(story.editedSummary, item.summary) AS summary,
                       story.editedAt, item.link, item.content, item.author, item.changedAt, item.categories,
                       COALESCE(item.updated, item.published) AS itemUpdated, source.name AS sourceName
                FROM story
                JOIN item ON item.id = story.primaryItemID
                JOIN source ON source.id = item.sourceID
                \(whereClause)
                ORDER BY story.pinned DESC, story.published DESC, story.id DESC
                \(limitClause)
                """, arguments: arguments)
        let copies = try copiesByStory(rows.map { $0["storyID"] as Int64 }, db: db)
        return rows.map { row in
            let edited = row["editedAt"] as Double?
            return StoryListing(
                id: row["entryID"], title: row["title"], link: row["link"], source: row["sourceName"],
                alsoAt: copies[row["storyID"] as Int64] ?? [], published: Date(timeIntervalSince1970: row["published"]),
                updated: Date(timeIntervalSince1970: max(row["itemUpdated"] as Double, row["published"] as Double, edited ?? 0)),
                status: StoryStatus(rawValue: row["status"]) ?? .pending, pinned: row["pinned"], rule: row["rule"],
                summary: row["summary"], content: row["content"], author: row["author"],
                categories: CategoryList.decode(row["categories"]), number: row["storyID"], edited: edited != nil)
        }
    }

    private func copiesByStory(_ storyIDs: [Int64], db: Database) throws -> [Int64: [StoryListing.Copy]] {
        guard !storyIDs.isEmpty else { return [:] }
        var result: [Int64: [StoryListing.Copy]] = [:]
        for chunk in stride(from: 0, to: storyIDs.count, by: 500).map({ Array(storyIDs[$0..<min($0 + 500, storyIDs.count)]) }) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT item.storyID, item.link, source.name FROM item
                    JOIN story ON story.id = item.storyID
                    JOIN source ON source.id = item.sourceID
                    WHERE item.storyID IN (\(marks)) AND item.id != story.primaryItemID
                    ORDER BY item.published, item.id
                    """, arguments: StatementArguments(chunk))
            for row in rows { result[row["storyID"], default: []].append(.init(source: row["name"], link: row["link"])) }
        }
        return result
    }
}
