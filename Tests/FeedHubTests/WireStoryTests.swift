import Foundation
import Testing

@testable import FeedHub

/// A story many outlets carry: its own keys become more common than ``NearDuplicateKeys/commonKeyLimit``
/// within the window, and the next copy must still find it.
@Suite struct WireStoryTests {
    @Test("A wire story republished by 40 outlets within hours is one story with 39 copies")
    func wireStoryIsOneStory() async throws {
        let outlets = (1...40).map { "Outlet \($0)" }
        let temporary = try await TemporaryStore("wire", outlets: outlets)
        defer { temporary.remove() }
        let store = temporary.store
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
            _ = try await store.record(TemporaryStore.fetch(source, items: [item], at: now), policy: TemporaryStore.policy)
        }
        let stories = try await store.stories()
        #expect(stories.count == 1, "one story, not \(stories.count)")
        #expect(stories.first?.alsoAt.count == 39)
        #expect(stories.first?.source == "Outlet 1", "the earliest outlet stays primary")
    }
}
