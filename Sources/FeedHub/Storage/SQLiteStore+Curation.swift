public import Foundation
internal import GRDB

extension SQLiteStore {
    /// Applies an editor's decision to story `number`, with its audit log lines, in one transaction: it
    /// looks up what ``CurationRules`` needs, and executes the plan they return.
    /// - Parameters:
    ///   - editor: the editor's name; must be one added with ``addEditor(named:at:)``.
    ///   - policy: the feed's policy (what a story split off by ``CurationAction/split`` starts as).
    /// - Returns: the story after the change.
    /// - Throws: ``CurationError`` (nothing is written), ``StorageError``.
    @discardableResult
    public func apply(_ action: CurationAction, to number: Int64, editor: String, policy: StoryPolicy, at date: Date) async throws
        -> StoryDetail
    {
        let at = date.timeIntervalSince1970
        return try await write { db in
            try self.requireEditor(editor, db: db)
            let facts = try Self.facts(for: action, story: number, db: db)
            let plan = try CurationRules.plan(action, facts: facts, policy: policy, at: at)
            let created = try Self.execute(plan.writes, policy: policy, at: at, db: db)
            for line in plan.auditLines(created: created) {
                try Self.audit(
                    story: line.story, editor: editor, action: action.name, at: at, before: line.before, after: line.after,
                    reason: line.reason, db: db)
            }
            return try self.detail(number, db: db)
        }
    }

    /// Story `number` and what `action` needs besides (``CurationRules/needs(_:)``).
    /// - Throws: ``CurationError/storyNotFound(_:)``.
    private static func facts(for action: CurationAction, story number: Int64, db: Database) throws -> CurationRules.Facts {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM story WHERE id = ?", arguments: [number]) else {
            throw CurationError.storyNotFound("\(number)")
        }
        var facts = CurationRules.Facts(
            story: CurationRules.Story(
                id: number, status: StoryStatus(rawValue: row["status"]) ?? .pending, pinned: row["pinned"], mergedInto: row["mergedInto"],
                primaryItemID: row["primaryItemID"], editedTitle: row["editedTitle"], editedSummary: row["editedSummary"]))
        for need in CurationRules.needs(action) {
            switch need {
            case .upstream:
                facts.upstream = try Row.fetchOne(
                    db, sql: "SELECT title, summary FROM item WHERE id = ?", arguments: [facts.story.primaryItemID]
                ).map { CurationRules.Upstream(title: $0["title"], summary: $0["summary"]) }
            case .target(let target):
                facts.target = try Row.fetchOne(db, sql: "SELECT id, mergedInto FROM story WHERE id = ?", arguments: [target]).map {
                    CurationRules.Target(id: $0["id"], mergedInto: $0["mergedInto"])
                }
            case .items:
                facts.items = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT item.id, item.mergedFrom, item.identity, item.relevant, item.rule, item.published, source.name AS source
                        FROM item JOIN source ON source.id = item.sourceID WHERE item.storyID = ? ORDER BY item.published, item.id
                        """, arguments: [number]
                ).map {
                    CurationRules.Item(
                        id: $0["id"], mergedFrom: $0["mergedFrom"], identity: $0["identity"], relevant: $0["relevant"], rule: $0["rule"],
                        published: $0["published"], source: $0["source"])
                }
            }
        }
        return facts
    }

    /// Executes a plan's writes in order; returns the numbers of the stories it created.
    private static func execute(_ writes: [CurationWrite], policy: StoryPolicy, at: Double, db: Database) throws -> [Int64] {
        var created: [Int64] = []
        for write in writes {
            switch write {
            case .setStatus(let story, let status, let publishedAt, let withdrawnAt, let reason):
                let (published, publishedArguments) = stamp("publishedAt", publishedAt)
                let (withdrawn, withdrawnArguments) = stamp("withdrawnAt", withdrawnAt)
                try db.execute(
                    sql: "UPDATE story SET status = ?, publishedAt = \(published), withdrawnAt = \(withdrawn), reason = ? WHERE id = ?",
                    arguments: StatementArguments([status.rawValue] + publishedArguments + withdrawnArguments + [reason, story]))
            case .setPinned(let story, let pinned):
                try db.execute(sql: "UPDATE story SET pinned = ? WHERE id = ?", arguments: [pinned, story])
            case .setEdit(let story, let title, let summary, let editedAt, let baseTitle, let baseSummary):
                try db.execute(
                    sql: """
                        UPDATE story SET editedTitle = COALESCE(?, editedTitle), editedSummary = COALESCE(?, editedSummary), editedAt = ?,
                        editBaseTitle = ?, editBaseSummary = ? WHERE id = ?
                        """, arguments: [title, summary, editedAt, baseTitle, baseSummary, story])
            case .foldItems(let from, let into):
                try db.execute(
                    sql: "UPDATE item SET mergedFrom = COALESCE(mergedFrom, ?), storyID = ? WHERE storyID = ?",
                    arguments: [from, into, from])
            case .setMergedInto(let story, let into, let withdrawnAt):
                let (withdrawn, arguments) = stamp("withdrawnAt", withdrawnAt)
                try db.execute(
                    sql: "UPDATE story SET mergedInto = ?, withdrawnAt = \(withdrawn) WHERE id = ?",
                    arguments: StatementArguments([into] + arguments + [story]))
            case .redirectMerges(let from, let to):
                try db.execute(sql: "UPDATE story SET mergedInto = ? WHERE mergedInto = ?", arguments: [to, from])
            case .unmerge(let story):
                try db.execute(
                    sql:
                        "UPDATE story SET mergedInto = NULL, withdrawnAt = CASE WHEN status = 'published' THEN NULL ELSE withdrawnAt END WHERE id = ?",
                    arguments: [story])
            case .createStory(let new):
                created.append(
                    try insertStory(
                        feedID: policy.feedID, sourceName: new.sourceName, identity: new.identity, status: new.status, rule: new.rule,
                        published: new.published, now: at, primaryItemID: new.primaryItemID, db: db))
            case .moveItem(let item, let story):
                try db.execute(
                    sql: "UPDATE item SET storyID = ?, mergedFrom = NULL WHERE id = ?", arguments: [story.number(created: created), item])
            case .choosePrimary(let story): try choosePrimary(of: story.number(created: created), db: db)
            case .touch(let story):
                try db.execute(sql: "UPDATE story SET updatedAt = ? WHERE id = ?", arguments: [at, story.number(created: created)])
            }
        }
        return created
    }

    /// The SQL value of a ``Stamp`` for `column`, and its arguments.
    private static func stamp(_ column: String, _ stamp: Stamp) -> (String, [(any DatabaseValueConvertible)?]) {
        switch stamp {
        case .keep: (column, [])
        case .clear: ("NULL", [])
        case .set(let time): ("?", [time])
        case .setIfUnset(let time): ("COALESCE(\(column), ?)", [time])
        }
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

    /// Points story `number` at its primary (``StoryPlacement/primary(of:)``) and takes that item's date.
    static func choosePrimary(of number: Int64, db: Database) throws {
        let members = try Row.fetchAll(db, sql: "SELECT id, published FROM item WHERE storyID = ?", arguments: [number]).map {
            StoryPlacement.Member(id: $0["id"], published: $0["published"])
        }
        guard let primary = StoryPlacement.primary(of: members) else { return }
        try db.execute(
            sql: "UPDATE story SET primaryItemID = ?, published = ? WHERE id = ?", arguments: [primary.id, primary.published, number])
    }

    /// Writes one audit log line.
    static func audit(
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
            let itemID = try Self.insertItem(item, sourceID: sourceID!, storyID: number, now: now, db: db)
            var postings = Postings()
            postings.add(
                StoryPlacement.indexKeys(of: item),
                item: .init(
                    itemID: itemID, sourceID: sourceID!, published: item.published.timeIntervalSince1970, fingerprint: item.fingerprint))
            try self.index(postings, db: db)
            try db.execute(sql: "UPDATE story SET primaryItemID = ? WHERE id = ?", arguments: [itemID, number])
            try Self.audit(
                story: number, editor: editor, action: "add", at: now, before: [:],
                after: ["title": item.title, "url": item.link, "status": "pending"],
                reason: nil, db: db)
            return try self.detail(number, db: db)
        }
        return detail
    }
}
