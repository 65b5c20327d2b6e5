/// For ``RecentPostings``: each key's newest posting and posting count, in one open-addressing table
/// (linear probing, at most 70% full): key, newest and count share 16 bytes, so finding a key (or that it
/// is absent, the common case) costs one cache line, where a `Dictionary` reads its bitmap, keys and values
/// apart. Entries are never removed (a key whose postings were all removed keeps count 0).
/// Pure: no I/O.
struct KeyHeads: Sendable {
    struct Entry: Sendable {
        var key: Int64
        /// The key's newest posting; -1 while the slot is empty.
        var newest: Int32
        var count: Int32
    }

    private var entries: [Entry]
    private var shift: UInt64
    /// Slots in use.
    private(set) var count = 0

    init() {
        entries = Array(repeating: Entry(key: 0, newest: -1, count: 0), count: 1 << 10)
        shift = 64 - 10
    }

    /// Empties the table, keeping its size: a mirror refilled after a move grows no table again.
    mutating func removeAll() {
        entries.withUnsafeMutableBufferPointer { $0.update(repeating: Entry(key: 0, newest: -1, count: 0)) }
        count = 0
    }

    /// The key's entry, if it has one.
    @inline(__always) subscript(key: Int64) -> Entry? {
        let slot = find(key)
        return entries[slot].newest < 0 ? nil : entries[slot]
    }

    /// Makes posting `index` the newest of `key`'s chain; returns the posting it follows (-1 for none) and
    /// the key's new count.
    mutating func push(_ index: Int32, key: Int64) -> (older: Int32, count: Int32) {
        var slot = find(key)
        if entries[slot].newest < 0 {
            if (count + 1) * 10 > entries.count * 7 {
                grow()
                slot = find(key)
            }
            count += 1
            entries[slot] = Entry(key: key, newest: index, count: 1)
            return (-1, 1)
        }
        let older = entries[slot].newest
        entries[slot].newest = index
        entries[slot].count += 1
        return (older, entries[slot].count)
    }

    /// Lowers `key`'s count by `removed`.
    mutating func subtract(_ removed: Int32, from key: Int64) {
        let slot = find(key)
        if entries[slot].newest >= 0 { entries[slot].count -= removed }
    }

    /// Calls `body` with every entry, in no order.
    func forEach(_ body: (Entry) -> Void) {
        for entry in entries where entry.newest >= 0 { body(entry) }
    }

    /// The slot that holds `key`, or the empty one where it would go.
    @inline(__always) private func find(_ key: Int64) -> Int {
        let mask = entries.count - 1
        // Fibonacci hashing: the high bits of the product, so keys that differ only in low bits spread too.
        var slot = Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> shift)
        return entries.withUnsafeBufferPointer { e in
            while e[slot].newest >= 0, e[slot].key != key { slot = (slot + 1) & mask }
            return slot
        }
    }

    private mutating func grow() {
        let old = entries
        entries = Array(repeating: Entry(key: 0, newest: -1, count: 0), count: old.count * 2)
        shift -= 1
        for entry in old where entry.newest >= 0 { entries[find(entry.key)] = entry }
    }
}
