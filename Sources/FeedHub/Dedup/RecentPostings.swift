/// The near-duplicate index's recent level in memory: key → the items indexed under it (with their
/// publication time), for the keys a store has not yet moved into its big, sorted level.
///
/// A store keeps one as a mirror of its `dedupKeyRecent` table, which is append-only (cheap to write) and
/// therefore has no index to look keys up in: lookups are answered here. Postings are kept in one flat array,
/// each key's chained newest first, so 100,000 keys cost a few MB and no allocation per key.
///
/// A key with many postings (a phrase every story uses) also keeps how many it has on each day: a lookup
/// that finds more than its limit on the days wholly inside its window answers at once, where following its
/// chain (scattered over the array) cost a cache miss a posting.
/// Pure: no I/O.
public struct RecentPostings: Sendable {
    /// One posting: the item, its publication time (seconds since 1970; `nan` once removed), and the key's
    /// next older posting (or -1). One struct, so that following a chain costs one cache line a posting.
    private struct Slot {
        var itemID: Int64
        var published: Double
        var next: Int32
    }

    /// The newest posting of each key, and how many postings the key has (removed ones not counted).
    private var head = KeyHeads()
    private var slots: [Slot] = []
    /// For each key with at least ``countedFrom`` postings: postings per day (since 1970, UTC).
    private var days: [Int64: [Int32: Int32]] = [:]

    /// From how many postings a key's postings are counted per day.
    static let countedFrom: Int32 = 64
    static let day = 86_400.0

    public init() {}

    /// Forgets every posting but keeps its memory: after a move the mirror fills up again to about the
    /// same size, and its arrays then grow (and copy themselves) no more.
    public mutating func removeAll() {
        head.removeAll()
        slots.removeAll(keepingCapacity: true)
        days = [:]
    }

    /// How many postings it holds (removed ones not counted).
    public var count: Int { slots.count { !$0.published.isNaN } }

    /// Adds one posting.
    public mutating func insert(key: Int64, published time: Double, itemID: Int64) {
        let count = head.push(Int32(slots.count), key: key)
        slots.append(Slot(itemID: itemID, published: time, next: count.older))
        if count.count == Self.countedFrom {
            var perDay: [Int32: Int32] = [:]
            chain(key) { perDay[Self.dayOf($0), default: 0] += 1 }
            days[key] = perDay
        } else if count.count > Self.countedFrom {
            days[key]?[Self.dayOf(time), default: 0] += 1
        }
    }

    /// Every posting it holds (removed ones not), in the index's order (``PostingSort``).
    public func postings() -> [Posting] {
        var sorter = PostingSort(total: count)
        head.forEach { sorter.count($0.key, postings: Int($0.count)) }
        head.forEach { entry in
            var i = entry.newest
            while i >= 0 {
                let slot = slots[Int(i)]
                if !slot.published.isNaN { sorter.place(Posting(key: entry.key, published: slot.published, itemID: slot.itemID)) }
                i = slot.next
            }
        }
        return sorter.finish()
    }

    /// Removes `itemID`'s postings under `keys` (its text changed).
    public mutating func remove(keys: [Int64], itemID: Int64) {
        for key in keys {
            guard let entry = head[key] else { continue }
            var removed: Int32 = 0
            var i = entry.newest
            while i >= 0 {
                let time = slots[Int(i)].published
                if slots[Int(i)].itemID == itemID, !time.isNaN {
                    slots[Int(i)].published = .nan
                    removed += 1
                    days[key]?[Self.dayOf(time), default: 0] -= 1
                }
                i = slots[Int(i)].next
            }
            head.subtract(removed, from: key)
        }
    }

    /// The items under `key` published within `window` (closed), stopping after `limit`; `nil` when it
    /// has at least `limit` there (without listing them: the per-day counts of a common key show it).
    public func items(under key: Int64, within window: ClosedRange<Double>, limit: Int) -> [Int64]? {
        guard let entry = head[key] else { return [] }
        if entry.count >= Self.countedFrom, let perDay = days[key], window.lowerBound.isFinite, window.upperBound.isFinite {
            // The days wholly inside the window.
            let first = Self.dayOf(window.lowerBound) + (window.lowerBound.truncatingRemainder(dividingBy: Self.day) == 0 ? 0 : 1)
            let last = Self.dayOf(window.upperBound) - 1
            var inside = 0
            if first <= last {
                for day in first...last { inside += Int(perDay[day] ?? 0) }
            }
            if inside >= limit { return nil }
        }
        return Self.first(limit, from: entry.newest, within: window, in: slots)
    }

    /// The first `count` items under `key` published within `window`, newest indexed first, whatever the
    /// key's day counts say.
    public func first(_ count: Int, under key: Int64, within window: ClosedRange<Double>) -> [Int64] {
        Self.first(count, from: head[key]?.newest ?? -1, within: window, in: slots)
    }

    /// The first `count` items within `window` of the chain that starts at `start`.
    private static func first(_ count: Int, from start: Int32, within window: ClosedRange<Double>, in slots: [Slot]) -> [Int64] {
        var found: [Int64] = []
        var i = start
        while i >= 0, found.count < count {
            let slot = slots[Int(i)]
            if window.contains(slot.published) { found.append(slot.itemID) }
            i = slot.next
        }
        return found
    }

    /// Calls `body` with the publication time of each of `key`'s postings (removed ones not).
    private func chain(_ key: Int64, _ body: (Double) -> Void) {
        var i = head[key]?.newest ?? -1
        while i >= 0 {
            if !slots[Int(i)].published.isNaN { body(slots[Int(i)].published) }
            i = slots[Int(i)].next
        }
    }

    @inline(__always) static func dayOf(_ time: Double) -> Int32 {
        let days = (time / day).rounded(.down)
        return days.isFinite ? Int32(max(min(days, Double(Int32.max)), Double(Int32.min))) : 0
    }
}
