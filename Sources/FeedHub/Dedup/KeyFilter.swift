/// A Bloom filter over near-duplicate index keys: "certainly not in the index" or "perhaps".
///
/// Most of a new item's keys (distinct wording) are in no stored item. A store keeps one of these over the
/// keys of each sorted run of its index, built when the run is written or first read (runs never change),
/// so that only the keys a run's filter lets through cost a read of one of its chunks. A false positive
/// costs a read that finds nothing; a key of the run is never missed.
///
/// Blocked (one 64-byte block per key, chosen by the key's top bits, 4 bits in it): a lookup touches one
/// cache line, and keys inserted in order touch the blocks in order. Keys must be hashes (uniform bits). Built with 16 bits
/// per expected key, about 0.5% false positives; ``isFull`` says when more keys than that went in and it is
/// down to 10 bits per key (about 1.5%).
/// Pure: no I/O.
public struct KeyFilter: Sendable {
    /// Blocks of 8 words (512 bits).
    private var words: [UInt64]
    private let blockShift: UInt64
    /// Keys inserted (with repeats).
    public private(set) var count = 0

    /// An empty filter for about `capacity` keys (at least 2¹⁶).
    public init(capacity: Int) {
        var blocks = 128
        while blocks * 512 < max(capacity, 1 << 16) * 16 { blocks *= 2 }
        words = Array(repeating: 0, count: blocks * 8)
        blockShift = UInt64(64 - blocks.trailingZeroBitCount)
    }

    /// Whether the filter holds fewer than 10 bits per key no more (rebuild it with more capacity).
    public var isFull: Bool { count * 10 > words.count * 64 }

    /// Adds `key`.
    public mutating func insert(_ key: Int64) {
        let (block, bits) = locate(key)
        words.withUnsafeMutableBufferPointer { w in
            w[block + bits.0.0] |= bits.0.1
            w[block + bits.1.0] |= bits.1.1
            w[block + bits.2.0] |= bits.2.1
            w[block + bits.3.0] |= bits.3.1
        }
        count += 1
    }

    /// `false` when `key` was certainly never inserted.
    public func mayContain(_ key: Int64) -> Bool {
        let (block, bits) = locate(key)
        return words.withUnsafeBufferPointer { w in
            bits.0.1 & w[block + bits.0.0] != 0 && bits.1.1 & w[block + bits.1.0] != 0
                && bits.2.1 & w[block + bits.2.0] != 0 && bits.3.1 & w[block + bits.3.0] != 0
        }
    }

    /// The key's block (its first word's index) and its 4 bits there, as (word in block, mask).
    @inline(__always)
    private func locate(_ key: Int64) -> (Int, ((Int, UInt64), (Int, UInt64), (Int, UInt64), (Int, UInt64))) {
        // Keys are already hashes (NearDuplicateKeys mixes them): their top bits pick the block, so that keys
        // inserted in order (a run is written and read sorted) fill the blocks in order, one cache line after
        // the next, not one miss a key. Mixing again gives the bits in the block, apart from the block's.
        let block = Int(truncatingIfNeeded: UInt64(bitPattern: key) >> blockShift) &* 8
        let h = NearDuplicateKeys.mix(UInt64(bitPattern: key))
        @inline(__always) func bit(_ shift: UInt64) -> (Int, UInt64) {
            let position = Int(truncatingIfNeeded: (h >> shift) & 511)
            return (position >> 6, 1 << UInt64(position & 63))
        }
        return (block, (bit(0), bit(9), bit(18), bit(27)))
    }
}
