internal import Foundation
internal import GRDB
internal import Synchronization

extension SQLiteStore {
    /// What ingest reads of an item it already has.
    static let knownItemColumns = "id, storyID, title, summary, content, categories, fingerprint, published, relevant"

    /// Writes one source's fetch in one transaction: its state, its log line, and its items — updating
    /// known items in place, folding copies into existing stories, minting ids for new stories.
    /// - Returns: what changed.
    /// - Throws: ``StorageError``; nothing of this fetch is then written.
    public func record(_ record: FetchRecord, policy: StoryPolicy) async throws -> IngestCounts {
        try await write { db in
            guard
                let sourceID = try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT id FROM source WHERE name = ?"), arguments: [record.state.name])
            else {
                throw StorageError.unknownSource(record.state.name)
            }
            var counts = IngestCounts()
            let now = record.startedAt.timeIntervalSince1970
            for item in record.items {
                try self.ingest(item, sourceID: sourceID, sourceName: record.state.name, now: now, policy: policy, db: db, counts: &counts)
            }
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
    }

    private func ingest(
        _ item: IncomingItem, sourceID: Int64, sourceName: String, now: Double, policy: StoryPolicy, db: Database,
        counts: inout IngestCounts
    ) throws {
        // 1. The same item of this source: by identity, then by canonical URL (guid edits, http→https flips).
        var existing = try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT \(Self.knownItemColumns) FROM item WHERE sourceID = ? AND identity = ?"),
            arguments: [sourceID, item.identity])
        if existing == nil, let canonical = item.canonicalURL {
            existing = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT \(Self.knownItemColumns) FROM item WHERE sourceID = ? AND canonicalURL = ? LIMIT 1
                        """),
                arguments: [sourceID, canonical])
        }
        if let existing {
            let categories = CategoryList.encode(item.categories)
            let changed =
                (existing["title"] as String) != item.title || (existing["summary"] as String?) != item.summary
                || (existing["content"] as String?) != item.content || (existing["categories"] as String) != categories
            if changed {
                if existing["relevant"] as Bool, let old = TextFingerprint(blob: existing["fingerprint"]) {
                    try Self.removeNearDuplicateKeys(
                        NearDuplicateKeys.keys(old), itemID: existing["id"], published: existing["published"], db: db)
                    try Self.indexNearDuplicateKeys(
                        NearDuplicateKeys.keys(item.fingerprint), itemID: existing["id"], published: existing["published"], db: db)
                }
                try db.cachedStatement(
                    sql: """
                        UPDATE item SET title = ?, summary = ?, content = ?, link = ?, canonicalURL = ?, updated = ?,
                        fingerprint = ?, changedAt = ?, categories = ? WHERE id = ?
                        """
                ).execute(
                    arguments: [
                        item.title, item.summary, item.content, item.link, item.canonicalURL,
                        (item.updated ?? Date(timeIntervalSince1970: now)).timeIntervalSince1970, item.fingerprint.blob, now,
                        categories, existing["id"] as Int64,
                    ])
                try db.cachedStatement(sql: "UPDATE story SET updatedAt = ? WHERE id = ?").execute(
                    arguments: [now, existing["storyID"] as Int64])
                counts.updated += 1
            }
            return
        }
        // 2. Another outlet's copy of a known story: same canonical URL, or near-duplicate text.
        let keys = Self.nearDuplicateKeys(of: item)
        var storyID: Int64?
        if let canonical = item.canonicalURL {
            storyID = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT storyID FROM item WHERE canonicalURL = ? AND sourceID != ? LIMIT 1"),
                arguments: [canonical, sourceID])
        }
        if storyID == nil, item.decision.relevant {
            storyID = try Self.nearDuplicateStory(of: item, keys: keys, sourceID: sourceID, db: db)
        }
        if let found = storyID {
            // An editor may have merged that story into another since: the copy joins the story it lives in now.
            storyID =
                try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT COALESCE(mergedInto, id) FROM story WHERE id = ?"), arguments: [found]) ?? found
        }
        let published = item.published.timeIntervalSince1970
        if let storyID {
            let itemID = try insertItem(item, sourceID: sourceID, storyID: storyID, now: now, keys: keys, db: db)
            try adopt(itemID: itemID, published: published, relevant: item.decision, into: storyID, policy: policy, now: now, db: db)
            counts.merged += 1
            return
        }
        let status: StoryStatus = item.decision.relevant ? (policy.curation == .auto ? .published : .pending) : .offTopic
        let newStoryID = try Self.insertStory(
            feedID: policy.feedID, sourceName: sourceName, identity: item.identity, status: status, rule: item.decision.rule,
            published: published, now: now, db: db)
        let itemID = try insertItem(item, sourceID: sourceID, storyID: newStoryID, now: now, keys: keys, db: db)
        try db.cachedStatement(sql: "UPDATE story SET primaryItemID = ? WHERE id = ?").execute(
            arguments: [itemID, newStoryID])
        if item.decision.relevant {
            counts.new += 1
        } else {
            counts.offTopic += 1
        }
    }

    /// Inserts an item and indexes it under `keys` (``nearDuplicateKeys(of:)``).
    func insertItem(_ item: IncomingItem, sourceID: Int64, storyID: Int64, now: Double, keys: [Int64], db: Database) throws -> Int64 {
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
        let itemID = db.lastInsertedRowID
        try Self.indexNearDuplicateKeys(keys, itemID: itemID, published: item.published.timeIntervalSince1970, db: db)
        return itemID
    }

    /// Folds a new copy into a story: the earliest outlet becomes (or stays) the primary; an off-topic
    /// story that gets a relevant copy becomes relevant.
    private func adopt(
        itemID: Int64, published: Double, relevant: RelevanceDecision, into storyID: Int64, policy: StoryPolicy, now: Double,
        db: Database
    ) throws {
        guard
            let story = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT status, published FROM story WHERE id = ?"), arguments: [storyID])
        else {
            return
        }
        if published < story["published"] as Double {
            try db.cachedStatement(sql: "UPDATE story SET primaryItemID = ?, published = ?, updatedAt = ? WHERE id = ?").execute(
                arguments: [itemID, published, now, storyID])
        }
        if (story["status"] as String) == StoryStatus.offTopic.rawValue, relevant.relevant {
            let status: StoryStatus = policy.curation == .auto ? .published : .pending
            try db.cachedStatement(
                sql: "UPDATE story SET status = ?, rule = ?, updatedAt = ?, publishedAt = COALESCE(publishedAt, ?) WHERE id = ?"
            ).execute(arguments: [status.rawValue, relevant.rule, now, status == .published ? now : nil, storyID])
        }
    }

    /// Inserts a story of `status` under a newly minted entry id (see ``mintEntryID(_:sourceName:identity:db:)``);
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

    /// `<feed.id>:story:<16 hex digits>`, from the first outlet and its identity for the item; minted once.
    private static func mintEntryID(_ feedID: String, sourceName: String, identity: String, db: Database) throws -> String {
        let base = "\(feedID):story:" + String(TextFingerprint.hash(sourceName + "\n" + identity), radix: 16)
        var candidate = base
        var n = 1
        while try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM story WHERE entryID = ?"), arguments: [candidate]) == true
        {
            n += 1
            candidate = "\(base)-\(n)"
        }
        return candidate
    }
}
