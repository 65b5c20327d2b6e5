import Foundation
import Testing

@testable import FeedHub

@Suite struct PostingSortTests {
    /// Postings as a move sees them: random keys, a phrase key with thousands of postings, small consecutive
    /// keys (one bucket), the extreme keys, and exact repeats.
    static func postings(_ n: Int, seed: UInt64) -> [Posting] {
        var rng = NearDuplicateIndexTests.Seeded(state: seed)
        let day = 1_746_057_600.0  // 2025-05-01
        var all: [Posting] = []
        for i in 0..<n {
            let key: Int64
            switch i % 10 {
            case 0: key = 0x5EED  // a phrase every story uses
            case 1: key = Int64(i % 2_000)
            case 2: key = i % 20 == 2 ? .min : .max
            default: key = Int64(bitPattern: rng.next())
            }
            all.append(Posting(key: key, published: day + Double(rng.next() % 2_419_200), itemID: Int64(rng.next() % 100_000) + 1))
        }
        return all + all.prefix(300)
    }

    @Test("Sorting for a run gives the index's order, small and large, whatever the keys")
    func sortsLikeSort() {
        for n in [0, 1, 17, PostingSort.smallest - 1, PostingSort.smallest, 50_000] {
            var postings = Self.postings(n, seed: UInt64(n) + 7)
            let expected = postings.sorted()
            postings.sortForRun()
            #expect(postings == expected, "\(n) postings")
        }
    }

    @Test("Counts that do not match the postings placed still give every posting placed, in order")
    func wrongCounts() {
        let postings = Self.postings(10_000, seed: 3)
        // Too few counted for some keys, and too many for others.
        var sorter = PostingSort(total: postings.count)
        for (i, p) in postings.enumerated() { sorter.count(p.key, postings: i % 3 == 0 ? 0 : i % 3 == 1 ? 2 : 1) }
        for p in postings { sorter.place(p) }
        #expect(sorter.finish() == postings.sorted())
        // Nothing placed at all.
        var empty = PostingSort(total: 5_000)
        empty.count(42, postings: 5_000)
        #expect(empty.finish().isEmpty)
    }

    @Test("The recent mirror lists its postings sorted, removed ones not, and refills after removeAll")
    func mirrorListsSorted() {
        var mirror = RecentPostings()
        // What it should hold: a removal takes out every posting so far of that item under that key.
        var expected: [Posting?] = []
        var positions: [[Int64]: [Int]] = [:]
        for (i, p) in Self.postings(20_000, seed: 11).enumerated() {
            mirror.insert(key: p.key, published: p.published, itemID: p.itemID)
            expected.append(p)
            positions[[p.key, p.itemID], default: []].append(expected.count - 1)
            if i % 5 == 0 {
                mirror.remove(keys: [p.key], itemID: p.itemID)
                for j in positions.removeValue(forKey: [p.key, p.itemID]) ?? [] { expected[j] = nil }
            }
        }
        #expect(mirror.postings() == expected.compactMap { $0 }.sorted())
        mirror.removeAll()
        #expect(mirror.postings().isEmpty && mirror.count == 0)
        let again = Self.postings(5_000, seed: 12)
        for p in again { mirror.insert(key: p.key, published: p.published, itemID: p.itemID) }
        #expect(mirror.postings() == again.sorted())
        #expect(
            mirror.items(under: 0x5EED, within: -Double.infinity...Double.infinity, limit: 10_000)?.count
                == again.count { $0.key == 0x5EED })
    }

}
