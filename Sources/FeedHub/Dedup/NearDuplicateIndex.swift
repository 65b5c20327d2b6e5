internal import Foundation

/// The fingerprints of relevant items, in memory, sorted by publication time, so finding a syndicated
/// copy is a window search instead of a table scan per new item.
///
/// It mirrors the database, whoever wrote it: before each use, inside the write transaction, it reads
/// the items stored since (by any process: a cron `feedhub fetch` beside the daemon) and reloads
/// everything when items changed story (`changeCounter.storyVersion`, grown by a split). A rolled-back
/// transaction drops it (``SQLiteStore/record(_:policy:)``).
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
    /// The highest item row id read so far.
    private(set) var loadedUpTo: Int64
    /// The `storyVersion` the story ids were read at.
    let storyVersion: Int64

    init(_ entries: [Entry], loadedUpTo: Int64, storyVersion: Int64) {
        self.entries = entries.sorted { $0.published < $1.published }
        self.loadedUpTo = loadedUpTo
        self.storyVersion = storyVersion
    }

    /// Adds items read after ``loadedUpTo`` (row ids above it, up to `upTo`).
    mutating func append(_ newEntries: [Entry], upTo: Int64) {
        if newEntries.count < 32 {
            for entry in newEntries { insert(entry) }
        } else {  // a first load, or another process's whole pass: one sort, not n shifting inserts
            entries.append(contentsOf: newEntries)
            entries.sort { $0.published < $1.published }
        }
        loadedUpTo = max(loadedUpTo, upTo)
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
