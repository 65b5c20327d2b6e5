import Foundation
import Testing

@testable import FeedHub

/// A story many outlets carry: its own keys become more common than ``NearDuplicateKeys/commonKeyLimit``
/// within the window, and the next copy must still find it.
@Suite struct WireStoryTests {
    @Test("A wire story republished by 40 outlets within hours is one story with 39 copies")
    func wireStoryIsOneStory() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-wire-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("hub.sqlite").path)
        let outlets = (1...40).map { "Outlet \($0)" }
        try await store.syncSources(
            outlets.map {
                SourceConfig(name: $0, url: "https://example.kz/\($0)", relevance: .global, html: nil, identity: .guid, baseURL: nil)
            })
        let policy = StoryPolicy(feedID: "tag:astanaforum.org,2025:in-the-news", curation: .auto)
        let now = Date(timeIntervalSince1970: 1_748_500_000)
        let title = "Tokayev opens the Astana International Forum with a call for dialogue among middle powers"
        let words = """
            President Kassym-Jomart Tokayev opened the Astana International Forum on Thursday, calling on middle powers \
            to lead a new dialogue on trade, climate finance and security as delegations from seventy countries \
            gathered in the capital for two days of talks. Президент Касым-Жомарт Токаев открыл Астанинский \
            международный форум.
            """.split(separator: " ")
        for (n, source) in outlets.enumerated() {
            // As republishers do: some shout the headline, some cut the text.
            let headline = n % 3 == 1 ? title.uppercased() : title
            let text = words.prefix(words.count - (n % 4) * 3).joined(separator: " ")
            let link = "https://outlet\(n + 1).example.kz/2025/05/tokayev-opens-aif"
            let item = IncomingItem(
                identity: link, guid: nil, link: link, canonicalURL: nil, title: headline, summary: text, content: nil, author: nil,
                published: now.addingTimeInterval(Double(n * 600)), updated: nil, fingerprint: TextFingerprint(title: headline, text: text),
                decision: RelevanceDecision(relevant: true, rule: "include \"Astana International Forum\" (title)"))
            let state = SourceState(
                name: source, configURL: "https://example.kz/\(source)", currentURL: "https://example.kz/\(source)", lastOutcome: "ok",
                lastAttemptAt: now, lastSuccessAt: now)
            _ = try await store.record(FetchRecord(state: state, startedAt: now, seconds: 0.1, items: [item]), policy: policy)
        }
        let stories = try await store.stories()
        #expect(stories.count == 1, "one story, not \(stories.count)")
        #expect(stories.first?.alsoAt.count == 39)
        #expect(stories.first?.source == "Outlet 1", "the earliest outlet stays primary")
    }
}
