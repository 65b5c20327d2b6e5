public import Foundation
internal import GRDB
internal import Synchronization

extension SQLiteStore {
    /// Applies an editor's decision to story `number`, with its audit log line, in one transaction.
    /// - Parameters:
    ///   - editor: the editor's name; must be one added with ``addEditor(named:at:)``.
    ///   - policy: the feed's policy (what a story split off by ``CurationAction/split`` starts as).
    /// - Returns: the story after the change.
    /// - Throws: ``CurationError`` (nothing is written), ``StorageError``.
    @discardableResult
    public func apply(_ action: CurationAction, to number: Int64, editor: String, policy: StoryPolicy, at date: Date) async throws
        -> StoryDetail
    {
        let result = try await write { db in
            try self.requireEditor(editor, db: db)
            guard let story = try Row.fetchOne(db, sql: "SELECT * FROM story WHERE id = ?", arguments: [number]) else {
                throw CurationError.storyNotFound("\(number)")
            }
            if let into = story["mergedInto"] as Int64? {
                throw CurationError.conflict(story: number, message: "it was merged into story \(into); act on that story (or split it)")
            }
            var change = Change(story: number, editor: editor, action: action.name, at: date.timeIntervalSince1970)
            try change.perform(action, on: story, policy: policy, db: db)
            try db.execute(sql: "UPDATE story SET updatedAt = ? WHERE id = ?", arguments: [change.at, number])
            try change.log(db)
            return try self.detail(number, db: db)
        }
        return result
    }

    /// Whether story `number` exists.
    static func storyExists(_ number: Int64, db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM story WHERE id = ?", arguments: [number]) == true
    }

    /// Throws unless story `number` exists.
    /// - Throws: ``CurationError/storyNotFound(_:)``.
    func requireStory(_ number: Int64, db: Database) throws {
        guard try Self.storyExists(number, db: db) else { throw CurationError.storyNotFound("\(number)") }
    }

    /// Throws unless an editor has this name.
    /// - Throws: ``CurationError/unknownEditor(_:)``.
    func requireEditor(_ name: String, db: Database) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM editor WHERE name = ?", arguments: [name]) == true else {
            throw CurationError.unknownEditor(name)
        }
    }

    /// Points story `number` at its earliest item (the primary outlet) and takes that item's date.
    static func choosePrimary(of number: Int64, db: Database) throws {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT id, published FROM item WHERE storyID = ? ORDER BY published, id LIMIT 1", arguments: [number])
        else { return }
        try db.execute(
            sql: "UPDATE story SET primaryItemID = ?, published = ? WHERE id = ?",
            arguments: [row["id"] as Int64, row["published"] as Double, number])
    }
}

/// One decision being written: the rows it changes and its audit line(s).
struct Change {
    let story: Int64
    let editor: String
    let action: String
    let at: Double
    var before: [String: String?] = [:]
    var after: [String: String?] = [:]
    var reason: String?
    /// Audit lines for other stories the decision touched (merge target, split-off stories).
    var related: [(story: Int64, before: [String: String?], after: [String: String?])] = []

    mutating func perform(_ action: CurationAction, on story: Row, policy: StoryPolicy, db: Database) throws {
        let status = StoryStatus(rawValue: story["status"]) ?? .pending
        switch action {
        case .approve: try move(story, from: status, to: .published, db: db)
        case .reject(let reason):
            self.reason = try CurationText.optional(reason, field: "reason", limit: CurationAction.maxReasonLength)
            try move(story, from: status, to: .rejected, db: db)
        case .pending: try move(story, from: status, to: .pending, db: db)
        case .pin, .unpin:
            let pin = action == .pin
            guard (story["pinned"] as Bool) != pin else {
                throw CurationError.conflict(story: self.story, message: pin ? "it is already pinned" : "it is not pinned")
            }
            try db.execute(sql: "UPDATE story SET pinned = ? WHERE id = ?", arguments: [pin, self.story])
            before["pinned"] = pin ? "false" : "true"
            after["pinned"] = pin ? "true" : "false"
        case .edit(let title, let summary): try edit(story, title: title, summary: summary, db: db)
        case .merge(let into): try merge(story, into: into, status: status, db: db)
        case .split: try split(story, status: status, policy: policy, db: db)
        }
    }

    /// A status change; leaving the feeds after being in them records when (the tombstone's time).
    private mutating func move(_ story: Row, from old: StoryStatus, to new: StoryStatus, db: Database) throws {
        guard old != new else { throw CurationError.conflict(story: self.story, message: "it is already \(new.rawValue)") }
        if new == .published {
            try db.execute(
                sql: "UPDATE story SET status = ?, publishedAt = COALESCE(publishedAt, ?), withdrawnAt = NULL, reason = NULL WHERE id = ?",
                arguments: [new.rawValue, at, self.story])
        } else {
            try db.execute(
                sql: "UPDATE story SET status = ?, withdrawnAt = CASE WHEN ? THEN ? ELSE withdrawnAt END, reason = ? WHERE id = ?",
                arguments: [new.rawValue, old == .published, at, reason, self.story])
        }
        before["status"] = old.rawValue
        after["status"] = new.rawValue
    }

    private mutating func edit(_ story: Row, title: String?, summary: String?, db: Database) throws {
        guard title != nil || summary != nil else {
            throw CurationError.invalid(field: "title", message: "give a new title, a new summary, or both")
        }
        let newTitle = try title.map { try CurationText.required($0, field: "title", limit: CurationAction.maxTitleLength) }
        let newSummary = try summary.map { try CurationText.optional($0, field: "summary", limit: CurationAction.maxSummaryLength) ?? "" }
        guard
            let upstream = try Row.fetchOne(
                db, sql: "SELECT title, summary FROM item WHERE id = ?", arguments: [story["primaryItemID"] as Int64?])
        else { throw CurationError.conflict(story: self.story, message: "it has no item to edit") }
        let oldTitle: String = (story["editedTitle"] as String?) ?? (upstream["title"] as String)
        let oldSummary: String? = (story["editedSummary"] as String?) ?? (upstream["summary"] as String?)
        if let newTitle, newTitle != oldTitle {
            before["title"] = oldTitle
            after["title"] = newTitle
        }
        if let newSummary, newSummary != (oldSummary ?? "") {
            before.updateValue(oldSummary, forKey: "summary")
            after["summary"] = newSummary
        }
        guard !after.isEmpty else { throw CurationError.conflict(story: self.story, message: "the title and summary are already these") }
        try db.execute(
            sql: """
                UPDATE story SET editedTitle = COALESCE(?, editedTitle), editedSummary = COALESCE(?, editedSummary), editedAt = ?,
                editBaseTitle = ?, editBaseSummary = ? WHERE id = ?
                """,
            arguments: [
                after["title"] ?? nil, after["summary"] ?? nil, at, upstream["title"] as String, upstream["summary"] as String?, self.story,
            ])
    }

    private mutating func merge(_ story: Row, into target: Int64, status: StoryStatus, db: Database) throws {
        guard target != self.story else { throw CurationError.conflict(story: self.story, message: "a story cannot be merged into itself") }
        guard let targetRow = try Row.fetchOne(db, sql: "SELECT mergedInto FROM story WHERE id = ?", arguments: [target]) else {
            throw CurationError.storyNotFound("\(target)")
        }
        if let further = targetRow["mergedInto"] as Int64? {
            throw CurationError.conflict(story: target, message: "it was itself merged into story \(further); merge into that one")
        }
        try db.execute(
            sql: "UPDATE item SET mergedFrom = COALESCE(mergedFrom, ?), storyID = ? WHERE storyID = ?",
            arguments: [self.story, target, self.story])
        try db.execute(
            sql: "UPDATE story SET mergedInto = ?, withdrawnAt = CASE WHEN ? THEN ? ELSE withdrawnAt END WHERE id = ?",
            arguments: [target, status == .published, at, self.story])
        try db.execute(sql: "UPDATE story SET mergedInto = ? WHERE mergedInto = ?", arguments: [target, self.story])
        try SQLiteStore.choosePrimary(of: target, db: db)
        try db.execute(sql: "UPDATE story SET updatedAt = ? WHERE id = ?", arguments: [at, target])
        before["merged_into"] = .some(nil)
        after["merged_into"] = "\(target)"
        related.append((target, [:], ["merged_from": "\(self.story)"]))
    }

    private mutating func split(_ story: Row, status: StoryStatus, policy: StoryPolicy, db: Database) throws {
        let items = try Row.fetchAll(
            db,
            sql: """
                SELECT item.id, item.mergedFrom, item.identity, item.relevant, item.rule, item.published, source.name AS source
                FROM item JOIN source ON source.id = item.sourceID WHERE item.storyID = ? ORDER BY item.published, item.id
                """, arguments: [self.story])
        let primary = story["primaryItemID"] as Int64?
        let primarySource = items.first { ($0["id"] as Int64) == primary }?["source"] as String?
        var parts: [Int64] = []
        for item in items {
            let itemID = item["id"] as Int64
            if let origin = item["mergedFrom"] as Int64?, origin != self.story {
                try db.execute(sql: "UPDATE item SET storyID = ?, mergedFrom = NULL WHERE id = ?", arguments: [origin, itemID])
                if !parts.contains(origin) {
                    parts.append(origin)
                    try db.execute(
                        sql:
                            "UPDATE story SET mergedInto = NULL, updatedAt = ?, withdrawnAt = CASE WHEN status = 'published' THEN NULL ELSE withdrawnAt END WHERE id = ?",
                        arguments: [at, origin])
                }
            } else if itemID != primary, (item["source"] as String) != primarySource {
                // Another outlet's copy folded in by dedup: a story of its own. A rejected story's copies
                // wait for an editor rather than publish by themselves.
                let relevant = item["relevant"] as Bool
                let newStatus: StoryStatus =
                    !relevant ? .offTopic : (status == .rejected || policy.curation == .review ? .pending : .published)
                let newStory = try SQLiteStore.insertStory(
                    feedID: policy.feedID, sourceName: item["source"], identity: item["identity"], status: newStatus, rule: item["rule"],
                    published: item["published"], now: at, primaryItemID: itemID, db: db)
                try db.execute(sql: "UPDATE item SET storyID = ?, mergedFrom = NULL WHERE id = ?", arguments: [newStory, itemID])
                parts.append(newStory)
            }
        }
        guard !parts.isEmpty else {
            throw CurationError.conflict(story: self.story, message: "it holds one outlet's item only; there is nothing to split")
        }
        for part in parts { try SQLiteStore.choosePrimary(of: part, db: db) }
        try SQLiteStore.choosePrimary(of: self.story, db: db)
        after["split_into"] = parts.map(String.init).joined(separator: ", ")
        for part in parts { related.append((part, ["part_of": "\(self.story)"], [:])) }
    }

    /// Writes the audit lines.
    func log(_ db: Database) throws {
        try Self.insert(story: story, editor: editor, action: action, at: at, before: before, after: after, reason: reason, db: db)
        for line in related {
            try Self.insert(
                story: line.story, editor: editor, action: action, at: at, before: line.before, after: line.after, reason: nil, db: db)
        }
    }

    static func insert(
        story: Int64, editor: String, action: String, at: Double, before: [String: String?], after: [String: String?], reason: String?,
        db: Database
    ) throws {
        try db.execute(
            sql: "INSERT INTO audit (storyID, editor, action, at, before, after, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [story, editor, action, at, AuditJSON.encode(before), AuditJSON.encode(after), reason])
    }
}

extension SQLiteStore {
    /// The story holding an item with this canonical URL, or `nil`.
    /// - Throws: ``StorageError``.
    public func story(withCanonicalURL canonical: String) async throws -> Int64? {
        try await read { db in try self.story(withCanonicalURL: canonical, db: db) }
    }

    /// The story (followed through merges) holding an item with this canonical URL, or `nil`.
    private func story(withCanonicalURL canonical: String, db: Database) throws -> Int64? {
        try Int64.fetchOne(
            db,
            sql:
                "SELECT COALESCE(story.mergedInto, story.id) FROM item JOIN story ON story.id = item.storyID WHERE canonicalURL = ? LIMIT 1",
            arguments: [canonical])
    }

    /// Stores an article an editor added by hand as a pending story of `source` (created when no
    /// configured outlet matches), with an `add` audit line.
    /// - Throws: ``CurationError/unknownEditor(_:)``, ``CurationError/alreadyStored(url:story:)``, ``StorageError``.
    public func addStory(_ item: IncomingItem, source: String, editor: String, feedID: String, at date: Date) async throws
        -> StoryDetail
    {
        let now = date.timeIntervalSince1970
        let detail = try await write { db in
            try self.requireEditor(editor, db: db)
            if let canonical = item.canonicalURL, let existing = try self.story(withCanonicalURL: canonical, db: db) {
                throw CurationError.alreadyStored(url: item.link ?? canonical, story: existing)
            }
            var sourceID = try Int64.fetchOne(db, sql: "SELECT id FROM source WHERE name = ?", arguments: [source])
            if sourceID == nil {
                try db.execute(
                    sql: "INSERT INTO source (name, configURL, currentURL) VALUES (?, 'added-by-hand', ?)",
                    arguments: [source, item.link ?? ""])
                sourceID = db.lastInsertedRowID
            }
            let number = try Self.insertStory(
                feedID: feedID, sourceName: source, identity: item.identity, status: .pending, rule: item.decision.rule,
                published: item.published.timeIntervalSince1970, now: now, db: db)
            let itemID = try self.insertItem(
                item, sourceID: sourceID!, storyID: number, now: now, keys: Self.nearDuplicateKeys(of: item), db: db)
            try db.execute(sql: "UPDATE story SET primaryItemID = ? WHERE id = ?", arguments: [itemID, number])
            try Change.insert(
                story: number, editor: editor, action: "add", at: now, before: [:],
                after: ["title": item.title, "url": item.link, "status": "pending"],
                reason: nil, db: db)
            return try self.detail(number, db: db)
        }
        return detail
    }
}
