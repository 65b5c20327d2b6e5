import Foundation
import Testing

@testable import FeedHub

/// Each process keeps what the exact rules compare of the candidates it has seen (``SQLiteStore/IndexCache``):
/// an edit, by it or by another process on the same file, must never leave it comparing an item's old text.
@Suite struct CandidateCacheTests {
    static let now = Date(timeIntervalSince1970: 1_748_500_000)
    static let opening = (
        "Tokayev opens the Astana International Forum with a call for dialogue among middle powers",
        """
        President Kassym-Jomart Tokayev opened the Astana International Forum on Thursday, calling on middle powers \
        to lead a new dialogue on trade, climate finance and security as delegations from seventy countries \
        gathered in the capital for two days of talks.
        """
    )
    static let harvest = (
        "Kostanay farmers report a record wheat harvest despite the dry spring",
        """
        Farmers in the Kostanay region harvested more wheat than in any year since independence, the regional \
        akimat said, crediting new seed varieties and irrigation built with support from the agriculture ministry.
        """
    )
    /// Shares its opening words with `opening` (so the index offers it as a candidate), not the story.
    static let roundup = (
        "Weekly roundup: the capital hosts diplomats, ministers and business leaders",
        """
        President Kassym-Jomart Tokayev opened the Astana International Forum on Thursday, calling on middle powers \
        while elsewhere in the region ministers discussed railway tariffs, a new airport terminal in Shymkent and \
        the spring sowing campaign in the north.
        """
    )

    static func item(_ outlet: String, _ story: (String, String), minutes: Double = 0, path: String = "aif-opening") -> IncomingItem {
        let link = "https://\(outlet.lowercased().replacingOccurrences(of: " ", with: "-")).example.kz/2025/05/\(path)"
        return IncomingItem(
            identity: link, guid: nil, link: link, canonicalURL: nil, title: story.0, summary: story.1, content: nil, author: nil,
            published: now.addingTimeInterval(minutes * 60), updated: nil, fingerprint: TextFingerprint(title: story.0, text: story.1),
            decision: RelevanceDecision(relevant: true, rule: "include \"Astana International Forum\" (summary)"))
    }

    @discardableResult
    static func record(_ store: SQLiteStore, _ outlet: String, _ item: IncomingItem) async throws -> IngestCounts {
        try await store.record(TemporaryStore.fetch(outlet, items: [item], at: now), policy: TemporaryStore.policy)
    }

    @Test("After another process edits an item, a copy of its old text is no longer its copy", arguments: [false, true])
    func editElsewhereOrHere(byAnotherProcess: Bool) async throws {
        let outlets = ["Astana Times", "Kazinform", "Tengri News"]
        // The first writer moves every fetch's keys into a run (where the old keys stay after an edit).
        let temporary = try await TemporaryStore("candidate-cache", outlets: outlets, recentKeyLimit: 1)
        defer { temporary.remove() }
        let path = temporary.directory.appendingPathComponent("hub.sqlite").path
        let daemon = try SQLiteStore(path: path)
        let cron = try SQLiteStore(path: path)
        try await Self.record(temporary.store, "Astana Times", Self.item("Astana Times", Self.opening))
        // The daemon reads the opening as a candidate for the roundup (not its copy) and keeps what it read.
        try await Self.record(daemon, "Tengri News", Self.item("Tengri News", Self.roundup, minutes: 30))
        #expect(try await daemon.stories().count == 2)
        // The outlet replaces the article's text with another story.
        try await Self.record(byAnotherProcess ? cron : daemon, "Astana Times", Self.item("Astana Times", Self.harvest))
        // A copy of the old text: the opening's stored text is now the harvest, so it starts a story.
        try await Self.record(daemon, "Kazinform", Self.item("Kazinform", Self.opening, minutes: 60))
        let stories = try await daemon.stories()
        #expect(stories.count == 3, "\(stories.map { ($0.source, $0.alsoAt.count) })")
        #expect(stories.allSatisfy { $0.alsoAt.isEmpty })
    }

    @Test("Only an indexed item's edit draws new index tokens: an off-topic item's edit leaves them")
    func offTopicEditsLeaveTokens() async throws {
        let temporary = try await TemporaryStore("candidate-cache-tokens", outlets: ["Astana Times"])
        defer { temporary.remove() }
        let store = temporary.store
        var offTopic = Self.item("Astana Times", Self.harvest, path: "kostanay-harvest")
        offTopic.decision = RelevanceDecision(relevant: false, rule: "no include phrase matched")
        try await Self.record(store, "Astana Times", offTopic)
        try await Self.record(store, "Astana Times", Self.item("Astana Times", Self.opening, minutes: 5))
        @Sendable func tokens() async throws -> [Int64] {
            try await store.read { db in
                let (version, moves) = try SQLiteStore.indexTokens(db)
                return [version, moves]
            }
        }
        let before = try await tokens()
        // The off-topic article's text changes: never indexed, so no process can hold it as a candidate.
        var edited = offTopic
        edited.summary = Self.roundup.1
        edited.fingerprint = TextFingerprint(title: edited.title, text: Self.roundup.1)
        #expect(try await Self.record(store, "Astana Times", edited).updated == 1)
        #expect(try await tokens() == before)
        // The relevant one's text changes: new tokens.
        var revised = Self.item("Astana Times", Self.opening, minutes: 5)
        revised.summary = Self.roundup.1
        revised.fingerprint = TextFingerprint(title: revised.title, text: Self.roundup.1)
        #expect(try await Self.record(store, "Astana Times", revised).updated == 1)
        #expect(try await tokens() != before)
    }

    @Test("A copy found through the cache joins the story, in the process that cached it and in another")
    func copiesStillMerge() async throws {
        let outlets = ["Astana Times", "Kazinform", "Tengri News"]
        let temporary = try await TemporaryStore("candidate-cache-merge", outlets: outlets)
        defer { temporary.remove() }
        let other = try SQLiteStore(path: temporary.directory.appendingPathComponent("hub.sqlite").path)
        try await Self.record(temporary.store, "Astana Times", Self.item("Astana Times", Self.opening))
        try await Self.record(temporary.store, "Kazinform", Self.item("Kazinform", Self.opening, minutes: 20))
        try await Self.record(other, "Tengri News", Self.item("Tengri News", Self.opening, minutes: 40))
        let stories = try await other.stories()
        #expect(stories.count == 1)
        #expect(stories.first?.source == "Astana Times" && stories.first?.alsoAt.count == 2)
    }
}
