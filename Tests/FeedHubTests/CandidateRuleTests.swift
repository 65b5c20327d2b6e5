import Foundation
import GRDB
import Testing

@testable import FeedHub

/// Which stored items a new item's keys offer as candidates: every item of a rare key, an item of a fairly
/// common key only when a second key finds it too, a sample of a key too common. Fingerprints are built
/// shingle by shingle here, so that each key's number of postings is exactly what the case needs.
@Suite struct CandidateRuleTests {
    /// Shingle values that are keys (their salted hash falls in the sampled half), from a seed.
    static func keyShingles(_ count: Int, seed: UInt64) -> [UInt64] {
        var found: [UInt64] = []
        var s = seed
        while found.count < count {
            s &+= 0x9E37_79B9_7F4A_7C15
            if NearDuplicateKeys.mix(s ^ 0x7361_6D70_6C65_7368) < NearDuplicateKeys.shingleCut { found.append(s) }
        }
        return found
    }

    static let now = Date(timeIntervalSince1970: 1_748_500_000)

    static func item(_ outlet: String, _ n: Int, shingles: [UInt64]) -> IncomingItem {
        let link = "https://\(outlet.lowercased().replacingOccurrences(of: " ", with: "-")).example.kz/2025/05/\(n)"
        return IncomingItem(
            identity: link, guid: nil, link: link, canonicalURL: nil, title: "Astana International Forum \(outlet) \(n)",
            summary: "Astana International Forum", content: nil, author: nil, published: now.addingTimeInterval(Double(n * 60)),
            updated: nil, fingerprint: TextFingerprint(titleWords: [], shingles: shingles.sorted()),
            decision: RelevanceDecision(relevant: true, rule: "include \"Astana International Forum\" (title)"))
    }

    @Test("One fairly common key alone offers nothing; a rare key, or two keys, offer the stored item")
    func rareOrTwoKeys() async throws {
        let outlets = (1...10).map { "Outlet \($0)" }
        let temporary = try await TemporaryStore("candidate-rule", outlets: outlets)
        defer { temporary.remove() }
        let store = temporary.store
        let stock = Self.keyShingles(2, seed: 1)  // two stock phrases
        let rare = Self.keyShingles(1, seed: 2)[0]
        // Items 0-5 carry the first stock phrase (6 postings), items 1-5 the second too (5 postings), item 6 a
        // phrase no other stored item has (1 posting).
        var stored: [[UInt64]] = (0..<6).map { n in
            Self.keyShingles(20, seed: 1000 + UInt64(n)) + [stock[0]] + (n >= 1 ? [stock[1]] : [])
        }
        stored.append(Self.keyShingles(20, seed: 1006) + [rare])
        for (n, shingles) in stored.enumerated() {
            _ = try await store.record(
                TemporaryStore.fetch(outlets[n], items: [Self.item(outlets[n], n, shingles: shingles)], at: Self.now),
                policy: TemporaryStore.policy)
        }
        // The new item has both stock phrases and the rare one, and nothing else in common with anyone.
        let new = Self.item(outlets[9], 9, shingles: Self.keyShingles(20, seed: 1009) + stock + [rare])
        let keys = NearDuplicateKeys.keys(new.fingerprint)
        let candidates = try await store.write { db in try store.nearDuplicateCandidates(of: new, keys: keys, db: db) }
        let ids = candidates.map(\.itemID)
        let links = try await store.read { db in
            try ids.map { try String.fetchOne(db, sql: "SELECT link FROM item WHERE id = ?", arguments: [$0]) ?? "" }
        }
        let found = Set(links.compactMap { $0.split(separator: "/").last.flatMap { Int($0) } })
        // Items 1-5 share both stock keys (two keys), item 6 the rare one; item 0 one stock key only.
        #expect(found == [1, 2, 3, 4, 5, 6], "\(found.sorted())")
    }

    @Test("A story carried by 12 outlets, each copy cut differently, is one story: its keys are not rare, and copies share many")
    func midSizeStory() async throws {
        let outlets = (1...12).map { "Outlet \($0)" }
        let temporary = try await TemporaryStore("candidate-rule-story", outlets: outlets)
        defer { temporary.remove() }
        let store = temporary.store
        let title = "Middle powers at the Astana International Forum call for a new dialogue"
        let words = """
            Delegations from seventy countries gathered in Astana for the Astana International Forum, where foreign \
            ministers of middle powers called for a new dialogue on trade, climate finance and security. Участники \
            Астанинского международного форума обсудили роль средних держав. Астана халықаралық форумы екінші күні \
            жалғасты, and the forum closed with a joint statement on connectivity across the Caspian region.
            """.split(separator: " ")
        for (n, source) in outlets.enumerated() {
            // Each republisher keeps a different two-thirds of the text: the first, the middle or the last.
            let keep = words.count * 2 / 3
            let start = [0, (words.count - keep) / 2, words.count - keep][n % 3]
            let text = words[start..<(start + keep - n / 3)].joined(separator: " ")
            let link = "https://outlet\(n + 1).example.kz/2025/05/middle-powers"
            let headline = n % 2 == 1 ? title.uppercased() : title
            let item = IncomingItem(
                identity: link, guid: nil, link: link, canonicalURL: nil, title: headline, summary: text, content: nil, author: nil,
                published: Self.now.addingTimeInterval(Double(n * 900)), updated: nil,
                fingerprint: TextFingerprint(title: headline, text: text),
                decision: RelevanceDecision(relevant: true, rule: "include \"Astana International Forum\" (title)"))
            _ = try await store.record(TemporaryStore.fetch(source, items: [item], at: Self.now), policy: TemporaryStore.policy)
        }
        let stories = try await store.stories()
        #expect(stories.count == 1, "one story, not \(stories.count)")
        #expect(stories.first?.alsoAt.count == 11)
    }
}
