/// Puts postings in the index's order (key, publication, item), as a run is written: a counting pass on the
/// keys' top bits, then each bucket sorted on its own.
///
/// Keys are hashes, spread evenly over the 64-bit range, so each bucket holds a posting or two, and the
/// mirror's postings go straight to their places (``RecentPostings/postings()``), with no unsorted copy and
/// no comparison sort of a million postings. A bucket holding many postings of one key (a phrase every
/// story uses) is sorted with `sort()`.
/// Use: ``count(_:postings:)`` for every key, then ``place(_:)`` every posting, then ``finish()``. Should
/// the counts be wrong, the result is still every posting placed, in order.
/// Pure: no I/O.
struct PostingSort {
    private let shift: UInt64
    /// Per bucket: first its count (at `b + 1`), then (summed) where it starts; placing a posting moves its
    /// bucket's mark on, so that at the end `ends[b]` is where bucket `b` ends.
    private var ends: [Int32]
    /// Where each bucket starts (set by the first ``place(_:)``), and one past the last.
    private var starts: [Int32] = []
    private var sorted: [Posting]
    /// Postings beyond their bucket's count (the counts were wrong): then everything is sorted with `sort()`.
    private var overflow: [Posting] = []

    /// Fewer postings than this are better sorted with `sort()`.
    static let smallest = 1 << 12

    /// Sorts `total` postings (fewer than 2³¹).
    init(total: Int) {
        precondition(total < Int(Int32.max))
        // About two postings a bucket, at most 2²⁰ buckets (4 MB of marks).
        let bits = max(min(Int.bitWidth - total.leadingZeroBitCount - 1, 20), 1)
        shift = UInt64(64 - bits)
        ends = [Int32](repeating: 0, count: (1 << bits) + 1)
        sorted = Array(repeating: Posting(key: 0, published: 0, itemID: 0), count: total)
    }

    // The sign bit flipped: unsigned order of the result is the keys' signed order.
    @inline(__always) private func bucket(_ key: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) ^ (1 << 63)) >> shift)
    }

    /// Counts `postings` postings under `key`.
    mutating func count(_ key: Int64, postings: Int) { ends[bucket(key) + 1] += Int32(postings) }

    /// Places one posting (after every count).
    mutating func place(_ posting: Posting) {
        if starts.isEmpty {
            for i in 1..<ends.count { ends[i] += ends[i - 1] }
            starts = ends
        }
        let b = bucket(posting.key)
        guard ends[b] < starts[b + 1] else { return overflow.append(posting) }
        sorted[Int(ends[b])] = posting
        ends[b] += 1
    }

    /// The postings, sorted. Had the counts not matched the postings placed, those placed are sorted with `sort()`.
    consuming func finish() -> [Posting] {
        let ends = ends
        if starts.isEmpty || !overflow.isEmpty || zip(ends, starts.dropFirst()).contains(where: { $0 != $1 }) {
            var all = overflow
            for b in 0..<(ends.count - 1) where !starts.isEmpty { all += sorted[Int(starts[b])..<Int(ends[b])] }
            return all.sorted()
        }
        // Every bucket holds exactly its own postings: sorting each sorts all.
        sorted.withUnsafeMutableBufferPointer { buffer in
            var low = 0
            for b in 0..<(ends.count - 1) {
                let high = Int(ends[b])
                defer { low = high }
                if high - low > 16 {
                    var bucket = UnsafeMutableBufferPointer(rebasing: buffer[low..<high])
                    bucket.sort()
                    continue
                }
                var i = low + 1
                while i < high {
                    let p = buffer[i]
                    var j = i
                    while j > low, p < buffer[j - 1] {
                        buffer[j] = buffer[j - 1]
                        j -= 1
                    }
                    buffer[j] = p
                    i += 1
                }
            }
        }
        return sorted
    }
}

extension Array where Element == Posting {
    /// Sorts the postings in the index's order with ``PostingSort``.
    mutating func sortForRun() {
        guard count >= PostingSort.smallest, count < Int(Int32.max) else { return sort() }
        var sorter = PostingSort(total: count)
        for p in self { sorter.count(p.key, postings: 1) }
        for p in self { sorter.place(p) }
        self = sorter.finish()
    }
}
