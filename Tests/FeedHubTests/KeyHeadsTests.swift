import Testing

@testable import FeedHub

@Suite struct KeyHeadsTests {
    @Test("The recent mirror's key table agrees with a Dictionary through growth, repeats and removals")
    func agreesWithDictionary() {
        var heads = KeyHeads()
        var expected: [Int64: (newest: Int32, count: Int32)] = [:]
        var rng = NearDuplicateIndexTests.Seeded(state: 99)
        // Random keys, small consecutive ones (0, 1, 2 … as tests use) and keys that differ in high bits only.
        let keys: [Int64] =
            (0..<3_000).map { _ in Int64(bitPattern: rng.next()) } + Array(0..<2_000) + (0..<500).map { Int64($0) << 40 } + [.min, .max]
        for index in 0..<30_000 {
            let key = keys[Int(rng.next() % UInt64(keys.count))]
            let pushed = heads.push(Int32(index), key: key)
            let before = expected[key]
            #expect(pushed.older == (before?.newest ?? -1) && pushed.count == (before?.count ?? 0) + 1)
            expected[key] = (Int32(index), (before?.count ?? 0) + 1)
            if index % 7 == 0 {
                heads.subtract(1, from: key)
                expected[key]!.count -= 1
            }
        }
        #expect(heads.count == expected.count)
        for key in keys {
            let entry = heads[key]
            #expect(entry?.newest == expected[key]?.newest && entry?.count == expected[key]?.count)
        }
        #expect(heads[0x1234_5678_9abc] == nil || expected[0x1234_5678_9abc] != nil)
        var seen = 0
        heads.forEach { entry in
            seen += 1
            #expect(expected[entry.key]?.newest == entry.newest)
        }
        #expect(seen == expected.count)
    }
}
