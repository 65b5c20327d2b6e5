import Foundation
import GRDB
import Synchronization
import Testing

@testable import FeedHub

/// The schema's indexes serve the queries the store runs, and no index is kept that none uses: each one costs
/// every new item a page write at a random place.
@Suite struct SchemaTests {
    @Test("v9: the feed's stories come from one index in feed order, with no sort; the indexes no query used are gone")
    func feedOrderIndex() async throws {
        let temporary = try await TemporaryStore("schema")
        defer { temporary.remove() }
        let store = temporary.store
        let (indexes, plan) = try await store.read { db in
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL")
            // The statement the store itself runs for a page of the feed, as SQLite plans it.
            let statements = Mutex<[String]>([])
            db.trace { event in
                if case .statement(let statement) = event { statements.withLock { $0.append(statement.expandedSQL) } }
            }
            _ = try store.stories(status: .published, limit: 10, db: db)
            db.trace(options: [], nil)
            let listing = try #require(statements.withLock { $0.first { $0.contains("ORDER BY story.pinned DESC") } })
            return (indexes, try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + listing).map { $0["detail"] as String })
        }
        #expect(indexes.contains("story_feedOrder"))
        for gone in ["story_status", "story_published", "item_published"] { #expect(!indexes.contains(gone), "\(gone) is dropped") }
        #expect(plan.contains { $0.contains("story_feedOrder") }, "\(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "no sort of every published story: \(plan)")
    }
}
