internal import Foundation

/// The fingerprints of relevant items, in memory, sorted by publication time, so finding a syndicated
/// copy is a window search instead of a table scan per new item.
///
/// Loaded from the database on first use, inside a write transaction; entries added by a transaction
/// are applied only after it commits (``FeedStore/record(_:policy:)``), so a rolled-back write never
/// leaves an item here that the database does not have.
struct NearDuplicateIndex {
    struct Entry {
        var published: Double
        var storyID: Int64
        var sourceID: Int64
        var fingerprint: TextFingerprint
    }

    /// How far apart two copies' publication times may be.
    static let window: Double = 7 * 86_400

    private var entries: [Entry] = []

    init(_ entries: [Entry]) {
        self.entries = entries.sorted { $0.published < $1.published }
    }

    /// The story of a near duplicate of `fingerprint` from another source, published within the window.
    func story(matching fingerprint: TextFingerprint, published: Double, excludingSource sourceID: Int64) -> Int64? {
        var i = firstIndex(notBefore: published - Self.window)
        while i < entries.count, entries[i].published <= published + Self.window {
            let e = entries[i]
            if e.sourceID != sourceID, fingerprint.isNearDuplicate(of: e.fingerprint) { return e.storyID }
            i += 1
        }
        return nil
    }

    mutating func insert(_ entry: Entry) {
        entries.insert(entry, at: firstIndex(notBefore: entry.published.nextUp))
    }

    private func firstIndex(notBefore time: Double) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].published < time { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
