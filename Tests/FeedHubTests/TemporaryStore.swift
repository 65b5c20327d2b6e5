import Foundation

@testable import FeedHub

/// A store on a file in a directory of its own, with outlets registered as sources (as `feedhub fetch` syncs
/// them from feeds.yml), and their fetches recorded as the fetcher records them.
struct TemporaryStore {
    let directory: URL
    let store: SQLiteStore
    static let policy = StoryPolicy(feedID: "tag:astanaforum.org,2025:in-the-news", curation: .auto)

    init(_ name: String, outlets: [String] = [], recentKeyLimit: Int64 = SQLiteStore.defaultRecentKeyLimit) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-\(name)-\(UUID().uuidString)")
        store = try SQLiteStore(path: directory.appendingPathComponent("hub.sqlite").path, recentKeyLimit: recentKeyLimit)
        try await store.syncSources(
            outlets.map {
                SourceConfig(name: $0, url: "https://example.kz/\($0)", relevance: .global, html: nil, identity: .guid, baseURL: nil)
            })
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// `source`'s successful fetch at `now` with `items`.
    static func fetch(_ source: String, items: [IncomingItem], at now: Date) -> FetchRecord {
        let state = SourceState(
            name: source, configURL: "https://example.kz/\(source)", currentURL: "https://example.kz/\(source)", lastOutcome: "ok",
            lastAttemptAt: now, lastSuccessAt: now)
        return FetchRecord(state: state, startedAt: now, seconds: 0.1, items: items)
    }
}
