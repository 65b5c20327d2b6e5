/// The near-duplicate index's recent level in memory: key → the items indexed under it (with their
/// publication time), for the keys a store has not yet moved into its big, sorted level.
///
/// A store keeps one as a mirror of its `dedupKeyRecent` table, which is append-only (cheap to write) and
/// therefore has no index to look keys up in: lookups are answered here. Postings are kept in flat arrays,
/// each key's chained newest first, so 100,000 keys cost a few MB and no allocation per key.
/// Pure: no I/O.
public struct RecentPostings: Sendable {
    /// The newest posting of each key.
    private var head: [Int64: Int32] = [:]
    private var itemIDs: [Int64] = []
    /// Seconds since 1970; `nan` once removed.
    private var published: [Double] = []
    /// The key's next older posting, or -1.
    private var next: [Int32] = []

    public init() {}

    /// How many postings it holds (removed ones not counted).
    public var count: Int { published.count { !$0.isNaN } }

    /// Adds one posting.
    public mutating func insert(key: Int64, published time: Double, itemID: Int64) {
        next.append(head[key] ?? -1)
        head[key] = Int32(itemIDs.count)
        itemIDs.append(itemID)
        published.append(time)
    }

    /// Every posting it holds (removed ones not), in no order.
    public func postings() -> [Posting] {
        var all: [Posting] = []
        all.reserveCapacity(itemIDs.count)
        for (key, newest) in head {
            var i = newest
            while i >= 0 {
                if !published[Int(i)].isNaN { all.append(Posting(key: key, published: published[Int(i)], itemID: itemIDs[Int(i)])) }
                i = next[Int(i)]
            }
        }
        return all
    }

    /// Removes `itemID`'s postings under `keys` (its text changed).
    public mutating func remove(keys: [Int64], itemID: Int64) {
        for key in keys {
            var i = head[key] ?? -1
            while i >= 0 {
                if itemIDs[Int(i)] == itemID { published[Int(i)] = .nan }
                i = next[Int(i)]
            }
        }
    }

    /// The items under `key` published within `window` (closed), stopping after `limit`.
    public func items(under key: Int64, within window: ClosedRange<Double>, limit: Int) -> [Int64] {
        var found: [Int64] = []
        var i = head[key] ?? -1
        while i >= 0, found.count < limit {
            if window.contains(published[Int(i)]) { found.append(itemIDs[Int(i)]) }
            i = next[Int(i)]
        }
        return found
    }
}
