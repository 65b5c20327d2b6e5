internal import Foundation
internal import GRDB

extension SQLiteStore {
    /// Writes one source's fetch atomically: its state, its log line, and its items — updating known items
    /// in place, folding copies into existing stories, minting ids for new stories.
    ///
    /// Fetches recorded concurrently share a transaction (``GroupCommit``). It is first written with no
    /// savepoint: inside one, SQLite keeps a statement journal of every page the fetch changes, a copy of
    /// each page per fetch. Should any fetch fail, that transaction is rolled back whole and the batch written
    /// again with each fetch in its own savepoint: the failing one is rolled back alone, and the others are
    /// committed together.
    /// - Returns: what changed.
    /// - Throws: ``StorageError``; nothing of this fetch is then written.
    public func record(_ record: FetchRecord, policy: StoryPolicy) async throws -> IngestCounts {
        try await ingestQueue.submit(Ingest(record: record, policy: policy)) { batch in
            do {
                return try await self.write { db in
                    try batch.map { job in
                        Result<IngestCounts, any Error>.success(try self.ingestFetch(job.record, policy: job.policy, db: db))
                    }
                }
            } catch {
                // What the cache recorded of the rolled-back writes (keys, runs moved) is not in the database.
                self.dropIndexCache()
                if batch.count == 1 { return [.failure(self.storageError(error))] }
            }
            let results = try await self.write { db in
                batch.map { job in
                    Result<IngestCounts, any Error> {
                        do {
                            var counts = IngestCounts()
                            try db.inSavepoint {
                                counts = try self.ingestFetch(job.record, policy: job.policy, db: db)
                                return .commit
                            }
                            return counts
                        } catch {
                            throw self.storageError(error)
                        }
                    }
                }
            }
            // A fetch whose savepoint was rolled back may have left its keys in the cache.
            if results.contains(where: { if case .failure = $0 { true } else { false } }) { self.dropIndexCache() }
            return results
        }
    }

    /// One source's fetch waiting for the writer.
    struct Ingest: Sendable {
        let record: FetchRecord
        let policy: StoryPolicy
    }

    /// Writes one source's fetch in the current transaction.
    private func ingestFetch(_ record: FetchRecord, policy: StoryPolicy, db: Database) throws -> IngestCounts {
        guard
            let sourceID = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM source WHERE name = ?"), arguments: [record.state.name])
        else {
            throw StorageError.unknownSource(record.state.name)
        }
        var counts = IngestCounts()
        var postings = Postings()
        let now = record.startedAt.timeIntervalSince1970
        for item in record.items {
            try self.ingest(
                item, sourceID: sourceID, sourceName: record.state.name, now: now, policy: policy, db: db, counts: &counts,
                postings: &postings)
        }
        // Before the next fetch in this transaction looks for copies among these items.
        try self.index(postings, db: db)
        let s = record.state
        try db.cachedStatement(
            sql: """
                UPDATE source SET currentURL = ?, etag = ?, lastModified = ?, lastOutcome = ?, lastMessage = ?,
                lastAttemptAt = ?, lastSuccessAt = ?, failures = ?, nextAttemptAt = ? WHERE id = ?
                """
        ).execute(
            arguments: [
                s.currentURL, s.etag, s.lastModified, s.lastOutcome, s.lastMessage, s.lastAttemptAt?.timeIntervalSince1970,
                s.lastSuccessAt?.timeIntervalSince1970, s.failures, s.nextAttemptAt?.timeIntervalSince1970, sourceID,
            ])
        try db.cachedStatement(
            sql: """
                INSERT INTO fetchLog (sourceID, startedAt, seconds, outcome, message, newItems, updatedItems, mergedItems,
                offTopicItems) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                sourceID, now, record.seconds, s.lastOutcome ?? "", s.lastMessage, counts.new, counts.updated, counts.merged,
                counts.offTopic,
            ])
        return counts
    }

    /// Executes ``StoryPlacement``'s rules for one item: looks up what they ask for, writes what they return.
    private func ingest(
        _ item: IncomingItem, sourceID: Int64, sourceName: String, now: Double, policy: StoryPolicy, db: Database,
        counts: inout IngestCounts, postings: inout Postings
    ) throws {
        // 1. The same item of this source: by identity, then by canonical URL (guid edits, http→https flips).
        if let known = try Self.knownItem(item, sourceID: sourceID, db: db) {
            guard case .update(let removeKeys, let addKeys) = StoryPlacement.revise(known.item, with: item) else { return }
            // Only relevant items are ever indexed, so only theirs can be a candidate any process holds: an
            // off-topic item's edit leaves the index and its tokens alone (new tokens make every other
            // process read the recent keys again).
            if known.item.relevant, !removeKeys.isEmpty || known.item.fingerprint != item.fingerprint {
                try self.forgetCandidate(known.item.id, removingKeys: removeKeys, published: known.published, db: db)
            }
            postings.add(
                addKeys,
                item: .init(itemID: known.item.id, sourceID: sourceID, published: known.published, fingerprint: item.fingerprint))
            try db.cachedStatement(
                sql: """
                    UPDATE item SET title = ?, summary = ?, content = ?, link = ?, canonicalURL = ?, updated = ?,
                    fingerprint = ?, changedAt = ?, categories = ? WHERE id = ?
                    """
            ).execute(
                arguments: [
                    item.title, item.summary, item.content, item.link, item.canonicalURL,
                    (item.updated ?? Date(timeIntervalSince1970: now)).timeIntervalSince1970, item.fingerprint.blob, now,
                    CategoryList.encode(item.categories), known.item.id,
                ])
            try db.cachedStatement(sql: "UPDATE story SET updatedAt = ? WHERE id = ?").execute(arguments: [now, known.item.storyID])
            counts.updated += 1
            return
        }
        // 2. Another outlet's copy of a known story: same canonical URL, or near-duplicate text.
        let keys = StoryPlacement.indexKeys(of: item)
        var storyID: Int64?
        if let canonical = item.canonicalURL {
            storyID = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT storyID FROM item WHERE canonicalURL = ? AND sourceID != ? LIMIT 1"),
                arguments: [canonical, sourceID])
        }
        if storyID == nil, item.decision.relevant {
            let copy = StoryPlacement.nearDuplicate(
                of: item, sourceID: sourceID, among: try self.nearDuplicateCandidates(of: item, keys: keys, db: db))
            storyID = try copy.flatMap {
                try Int64.fetchOne(db.cachedStatement(sql: "SELECT storyID FROM item WHERE id = ?"), arguments: [$0])
            }
        }
        // An editor may have merged that story into another since: the copy joins the story it lives in now.
        let story = try storyID.flatMap { found in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT target.id, target.status, target.published FROM story
                        JOIN story AS target ON target.id = COALESCE(story.mergedInto, story.id) WHERE story.id = ?
                        """), arguments: [found]
            ).map {
                StoryPlacement.StoryState(id: $0["id"], status: StoryStatus(rawValue: $0["status"]) ?? .pending, published: $0["published"])
            }
        }
        // 3. Join that story, or start one.
        let published = item.published.timeIntervalSince1970
        switch StoryPlacement.place(item, in: story, policy: policy) {
        case .join(let storyID, let becomesPrimary, let status):
            let itemID = try Self.insertItem(item, sourceID: sourceID, storyID: storyID, now: now, db: db)
            postings.add(keys, item: .init(itemID: itemID, sourceID: sourceID, published: published, fingerprint: item.fingerprint))
            if becomesPrimary {
                try db.cachedStatement(sql: "UPDATE story SET primaryItemID = ?, published = ?, updatedAt = ? WHERE id = ?").execute(
                    arguments: [itemID, published, now, storyID])
            }
            if let status {
                try db.cachedStatement(
                    sql: "UPDATE story SET status = ?, rule = ?, updatedAt = ?, publishedAt = COALESCE(publishedAt, ?) WHERE id = ?"
                ).execute(arguments: [status.rawValue, item.decision.rule, now, status == .published ? now : nil, storyID])
            }
            counts.merged += 1
        case .newStory(let status):
            let newStoryID = try Self.insertStory(
                feedID: policy.feedID, sourceName: sourceName, identity: item.identity, status: status, rule: item.decision.rule,
                published: published, now: now, db: db)
            let itemID = try Self.insertItem(item, sourceID: sourceID, storyID: newStoryID, now: now, db: db)
            postings.add(keys, item: .init(itemID: itemID, sourceID: sourceID, published: published, fingerprint: item.fingerprint))
            try db.cachedStatement(sql: "UPDATE story SET primaryItemID = ? WHERE id = ?").execute(arguments: [itemID, newStoryID])
            if item.decision.relevant {
                counts.new += 1
            } else {
                counts.offTopic += 1
            }
        }
    }

    /// The item of this source that `item` is, by identity then by canonical URL, with its publication time.
    private static func knownItem(_ item: IncomingItem, sourceID: Int64, db: Database) throws -> (
        item: StoryPlacement.KnownItem, published: Double
    )? {
        let columns = "id, storyID, title, summary, content, categories, fingerprint, published, relevant"
        var row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(columns) FROM item WHERE sourceID = ? AND identity = ?"),
            arguments: [sourceID, item.identity])
        if row == nil, let canonical = item.canonicalURL {
            row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(columns) FROM item WHERE sourceID = ? AND canonicalURL = ? LIMIT 1"),
                arguments: [sourceID, canonical])
        }
        return row.map { row in
            let known = StoryPlacement.KnownItem(
                id: row["id"], storyID: row["storyID"], title: row["title"], summary: row["summary"], content: row["content"],
                categories: row["categories"], fingerprint: TextFingerprint(blob: row["fingerprint"]), relevant: row["relevant"])
            return (known, row["published"])
        }
    }

    /// Inserts an item (its index keys are the caller's to add).
    static func insertItem(_ item: IncomingItem, sourceID: Int64, storyID: Int64, now: Double, db: Database) throws -> Int64 {
        try db.cachedStatement(
            sql: """
                INSERT INTO item (sourceID, storyID, identity, guid, link, canonicalURL, title, summary, content, author,
                published, updated, fingerprint, relevant, rule, firstSeenAt, changedAt, categories)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                sourceID, storyID, item.identity, item.guid, item.link, item.canonicalURL, item.title, item.summary, item.content,
                item.author, item.published.timeIntervalSince1970, item.updated?.timeIntervalSince1970, item.fingerprint.blob,
                item.decision.relevant, item.decision.rule, now, now, CategoryList.encode(item.categories),
            ])
        return db.lastInsertedRowID
    }

    /// Inserts a story of `status` under a newly minted entry id (``EntryID``);
    /// a published one records when it went into the feeds.
    /// - Parameter primaryItemID: its primary item, when that item already exists.
    /// - Returns: the story's number.
    static func insertStory(
        feedID: String, sourceName: String, identity: String, status: StoryStatus, rule: String, published: Double, now: Double,
        primaryItemID: Int64? = nil, db: Database
    ) throws -> Int64 {
        let entryID = try mintEntryID(feedID, sourceName: sourceName, identity: identity, db: db)
        try db.cachedStatement(
            sql: """
                INSERT INTO story (entryID, primaryItemID, status, rule, published, createdAt, updatedAt, publishedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [entryID, primaryItemID, status.rawValue, rule, published, now, now, status == .published ? now : nil])
        return db.lastInsertedRowID
    }

    /// The first of ``EntryID/candidates(feedID:sourceName:identity:)`` that no story holds.
    private static func mintEntryID(_ feedID: String, sourceName: String, identity: String, db: Database) throws -> String {
        let taken = try db.cachedStatement(sql: "SELECT 1 FROM story WHERE entryID = ?")
        for candidate in EntryID.candidates(feedID: feedID, sourceName: sourceName, identity: identity)
        where try Bool.fetchOne(taken, arguments: [candidate]) != true {
            return candidate
        }
        preconditionFailure("EntryID.candidates is endless")
    }
}
