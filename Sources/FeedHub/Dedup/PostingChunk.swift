public import Foundation

/// One entry of the near-duplicate index: `itemID`, published at `published` (seconds since 1970), has `key`.
/// Ordered by key, then publication, then item, as the index stores them.
public struct Posting: Sendable, Hashable, Comparable {
    public var key: Int64
    public var published: Double
    public var itemID: Int64

    public init(key: Int64, published: Double, itemID: Int64) {
        self.key = key
        self.published = published
        self.itemID = itemID
    }

    public static func < (a: Posting, b: Posting) -> Bool { (a.key, a.published, a.itemID) < (b.key, b.published, b.itemID) }
}

/// A run of sorted postings stored as chunks: blobs of up to ``capacity`` postings, 24 bytes each
/// (key, publication time's bits, item id; little-endian), in key order. A sorted run is written once, in
/// one pass, and looked up by chunk: the run's first keys say which chunk may hold a key, and a binary search
/// finds it there. Pure: no I/O.
public enum PostingChunk {
    /// Postings per chunk: 3 KB, one database page's row with no overflow.
    public static let capacity = 128
    static let stride = 24

    /// The chunk's bytes.
    public static func encode(_ postings: some Collection<Posting>) -> Data {
        var data = Data(count: postings.count * stride)
        data.withUnsafeMutableBytes { raw in
            for (i, p) in postings.enumerated() {
                raw.storeBytes(of: UInt64(bitPattern: p.key).littleEndian, toByteOffset: i * stride, as: UInt64.self)
                raw.storeBytes(of: p.published.bitPattern.littleEndian, toByteOffset: i * stride + 8, as: UInt64.self)
                raw.storeBytes(of: UInt64(bitPattern: p.itemID).littleEndian, toByteOffset: i * stride + 16, as: UInt64.self)
            }
        }
        return data
    }

    /// The chunk's postings; those of a damaged chunk's trailing bytes are dropped.
    public static func decode(_ raw: UnsafeRawBufferPointer) -> [Posting] {
        (0..<(raw.count / stride)).map { posting(raw, $0) }
    }

    @inline(__always) static func posting(_ raw: UnsafeRawBufferPointer, _ i: Int) -> Posting {
        Posting(
            key: Int64(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * stride, as: UInt64.self))),
            published: Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * stride + 8, as: UInt64.self))),
            itemID: Int64(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * stride + 16, as: UInt64.self))))
    }

    /// Appends to `found` the items under `key` in the chunk published within `window`, until `found` holds
    /// `limit`. Returns whether the key's postings within the window may go on in the next chunk (the chunk
    /// ends with them). A key's postings are in publication order, so it reads only those in the window.
    public static func search(
        _ raw: UnsafeRawBufferPointer, key: Int64, within window: ClosedRange<Double>, limit: Int, into found: inout [Int64]
    ) -> Bool {
        let count = raw.count / stride
        // The first posting at or after (key, window start).
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            let p = posting(raw, middle)
            if p.key < key || (p.key == key && p.published < window.lowerBound) { low = middle + 1 } else { high = middle }
        }
        var i = low
        while i < count, found.count < limit {
            let p = posting(raw, i)
            guard p.key == key, p.published <= window.upperBound else { return false }
            found.append(p.itemID)
            i += 1
        }
        return i == count
    }

    /// The chunk (by position in `firsts`, a run's chunks' first postings in order) where `key`'s postings
    /// from `published` on start, if the run can hold them at all: the last chunk starting before
    /// (`key`, `published`), or the first when none does. A key common enough to fill many chunks is
    /// therefore read from the chunk that holds its window, not from its oldest posting.
    public static func start(of key: Int64, from published: Double, in firsts: [Posting]) -> Int? {
        guard !firsts.isEmpty else { return nil }
        var low = 0
        var high = firsts.count
        while low < high {
            let middle = (low + high) / 2
            let first = firsts[middle]
            if first.key < key || (first.key == key && first.published < published) { low = middle + 1 } else { high = middle }
        }
        // firsts[low] is the first at or after (key, published); the postings may start in the chunk before it.
        return max(low - 1, 0)
    }
}
