internal import Foundation
internal import GRDB

extension SQLiteStore {
    /// Story `number` as an editor sees it.
    /// - Throws: ``CurationError/storyNotFound(_:)``, ``StorageError``.
    public func detail(_ number: Int64) async throws -> StoryDetail {
        try await read { db in try self.detail(number, db: db) }
    }

    /// The story a reference names: its number (`42`) or its entry id (`tag:…:story:…`).
    /// - Throws: ``CurationError/storyNotFound(_:)``, ``StorageError``.
    public func storyNumber(_ reference: String) async throws -> Int64 {
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        return try await read { db in
            if let number = Int64(trimmed), try Self.storyExists(number, db: db) {
                return number
            }
            if let number = try Int64.fetchOne(db, sql: "SELECT id FROM story WHERE entryID = ?", arguments: [trimmed]) { return number }
            throw CurationError.storyNotFound(reference)
        }
    }

    /// Story `number`'s audit log, oldest first.
    /// - Throws: ``CurationError/storyNotFound(_:)``, ``StorageError``.
    public func history(_ number: Int64) async throws -> [AuditEntry] {
        try await read { db in
            try self.requireStory(number, db: db)
            return try Row.fetchAll(db, sql: "SELECT * FROM audit WHERE storyID = ? ORDER BY id", arguments: [number]).map { row in
                AuditEntry(
                    story: row["storyID"], editor: row["editor"], action: row["action"], at: Date(timeIntervalSince1970: row["at"]),
                    before: AuditJSON.decode(row["before"]), after: AuditJSON.decode(row["after"]), reason: row["reason"])
            }
        }
    }

    /// Stories that were published and left the feeds since (rejected, back to pending, merged), most
    /// recently withdrawn first: the Atom feed's `at:deleted-entry` list.
    /// - Throws: ``StorageError``.
    public func tombstones(limit: Int) async throws -> [Tombstone] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT entryID, withdrawnAt FROM story
                    WHERE publishedAt IS NOT NULL AND withdrawnAt IS NOT NULL AND (status != 'published' OR mergedInto IS NOT NULL)
                    ORDER BY withdrawnAt DESC, id DESC LIMIT ?
                    """, arguments: [limit]
            ).map { Tombstone(id: $0["entryID"], when: Date(timeIntervalSince1970: $0["withdrawnAt"])) }
        }
    }

    func detail(_ number: Int64, db: Database) throws -> StoryDetail {
        guard let listing = try stories(number: number, db: db).first,
            let row = try Row.fetchOne(db, sql: "SELECT * FROM story WHERE id = ?", arguments: [number])
        else { throw CurationError.storyNotFound("\(number)") }
        let items = try Row.fetchAll(
            db,
            sql: """
                SELECT item.id, item.title, item.summary, item.link, item.published, item.mergedFrom, source.name AS source
                FROM item JOIN source ON source.id = item.sourceID
                WHERE item.storyID = ? ORDER BY item.id = ? DESC, item.published, item.id
                """, arguments: [(row["mergedInto"] as Int64?) ?? number, row["primaryItemID"] as Int64?])
        var edit: StoryDetail.Edit?
        if let editedAt = row["editedAt"] as Double? {
            let primary = items.first { ($0["id"] as Int64) == (row["primaryItemID"] as Int64?) }
            edit = StoryDetail.Edit(
                title: row["editedTitle"], summary: row["editedSummary"], at: Date(timeIntervalSince1970: editedAt),
                upstreamAtEdit: .init(title: row["editBaseTitle"] ?? "", summary: row["editBaseSummary"]),
                upstreamNow: .init(title: primary?["title"] ?? "", summary: primary?["summary"]))
        }
        return StoryDetail(
            story: listing, reason: row["reason"], publishedAt: Self.date(row["publishedAt"]), withdrawnAt: Self.date(row["withdrawnAt"]),
            mergedInto: row["mergedInto"], edit: edit,
            items: items.map { item in
                StoryDetail.Item(
                    source: item["source"], title: item["title"], link: item["link"],
                    published: Date(timeIntervalSince1970: item["published"]),
                    mergedFrom: item["mergedFrom"], primary: (item["id"] as Int64) == (row["primaryItemID"] as Int64?))
            })
    }
}
