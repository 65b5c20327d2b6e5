/// The keys under which a relevant item's fingerprint is indexed in the database, so that the candidates
/// for "is this a copy of a stored item?" are a few indexed lookups instead of a scan of the archive.
/// Candidates are then verified with ``TextFingerprint/isNearDuplicate(of:)``, the exact rules.
///
/// - **Titles** (4+ words, Jaccard ≥ 0.8): MinHash with ``titleBands`` bands of ``titleRows`` rows (LSH).
///   A pair at J = 0.8 shares a band with probability 1 − (1 − 0.8⁴)¹² ≈ 99.8%; above, more.
/// - **Texts** (15+ shingles, containment ≥ 0.6 of the shorter, so ≥ 9 shingles in common): every
///   shingle whose (salted) hash falls in the lower ``shingleRate`` of the range is a key. The choice
///   depends on the shingle alone, so a shingle two items share is a key of both or of neither: a pair
///   with c shingles in common is missed with probability (1 − rate)^c, at most 0.5⁹ ≈ 0.2%.
///
/// Pure: no I/O; ``SQLiteStore`` stores and looks up the keys.
public enum NearDuplicateKeys {
    /// MinHash bands for titles.
    public static let titleBands = 12
    /// Rows (hash functions) per band.
    public static let titleRows = 4
    /// The fraction of an item's shingles that are keys.
    public static let shingleRate = 0.5
    /// A key whose posting list within the window is longer than this gives only ``commonKeySample`` of its
    /// items: it is a phrase every story uses ("the Astana International Forum"), which says little about
    /// which story an item is (the other keys of a real copy still find it), or a story many outlets carry.
    public static let commonKeyLimit = 32
    /// A key with at most this many postings within the window is rare: each of its items is a candidate.
    /// Of a key between this and ``commonKeyLimit``, an item is a candidate only when a second key finds it
    /// too (a real copy shares several keys with its original: at the text threshold, 9 shingles in common,
    /// it shares fewer than two with probability 10/512 per stored copy, and a story with that many
    /// postings under one key has several copies, any of which places the new one).
    public static let rareKeyLimit = 4
    /// How many of a too-common key's items are still candidates: a story many outlets republish makes its
    /// own keys too common, and its next copy must still find it (the exact rules reject the others).
    public static let commonKeySample = 2

    static let shingleCut = UInt64(Double(UInt64.max) * shingleRate)

    /// The item's keys (none for a fingerprint too short for either rule), distinct.
    public static func keys(_ fingerprint: TextFingerprint) -> [Int64] {
        var keys: [Int64] = []
        let words = fingerprint.titleWords
        if words.count >= 4 {
            keys.reserveCapacity(titleBands)
            for band in 0..<titleBands {
                var key = mix(0x7469_746C_6562_616E ^ UInt64(band))  // "titleban"
                for row in 0..<titleRows {
                    let seed = mix(UInt64(band * titleRows + row) &+ 0x9E37_79B9_7F4A_7C15)
                    var least = UInt64.max
                    for w in words { least = min(least, mix(w ^ seed)) }
                    key = mix(key ^ least)
                }
                keys.append(Int64(bitPattern: key))
            }
        }
        if fingerprint.shingles.count >= 15 {
            for s in fingerprint.shingles where mix(s ^ 0x7361_6D70_6C65_7368) < shingleCut {  // "sampleSh"
                keys.append(Int64(bitPattern: mix(s ^ 0x7368_696E_676C_6573)))  // "shingles"
            }
        }
        return keys
    }

    /// A 64-bit finalizer (SplitMix64): every input bit affects every output bit.
    @inline(__always) static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
