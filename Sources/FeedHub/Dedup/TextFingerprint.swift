public import Foundation

/// What two items are compared on to find syndicated copies: the title's words and the text's 3-word shingles.
///
/// **Similarity.** Two items are near duplicates when either
/// - their titles share at least 80% of their words (Jaccard index of the word sets, titles of 4+ words), or
/// - at least 60% of the shorter text's 3-word shingles occur in the other (containment, texts of 15+
///   shingles; containment rather than Jaccard because a republished copy is often cut short).
///
/// The text is title + summary + content as plain text, first 400 words. Shingles are stored as 64-bit
/// FNV-1a hashes, sorted, so a fingerprint is a small blob and a comparison is a merge.
public struct TextFingerprint: Sendable, Hashable {
    /// Sorted, unique title word hashes.
    public var titleWords: [UInt64]
    /// Sorted, unique hashes of consecutive 3-word shingles.
    public var shingles: [UInt64]

    /// Title word overlap from which two items are one story.
    public static let titleThreshold = 0.8
    /// Shingle containment from which two items are one story.
    public static let textThreshold = 0.6

    /// Fingerprints an item.
    public init(title: String, text: String) {
        self.init(title: WordIndex(title), text: WordIndex(text))
    }

    /// Fingerprints words already indexed (``ItemBuilder`` shares them with relevance).
    init(title: WordIndex, text: WordIndex) {
        let titleHashes = (0..<title.count).map(title.hash)
        titleWords = Self.sortedUnique(titleHashes)
        let hashes = Array((titleHashes + (0..<min(text.count, 400)).map(text.hash)).prefix(400))
        var shingles: [UInt64] = []
        if hashes.count >= 3 {
            shingles.reserveCapacity(hashes.count - 2)
            for i in 0...(hashes.count - 3) { shingles.append(Self.combine(hashes[i], hashes[i + 1], hashes[i + 2])) }
        }
        self.shingles = Self.sortedUnique(shingles)
    }

    /// Restores a stored fingerprint.
    public init(titleWords: [UInt64], shingles: [UInt64]) {
        self.titleWords = titleWords
        self.shingles = shingles
    }

    /// Whether `self` and `other` are copies of one story (see the type's documentation).
    public func isNearDuplicate(of other: TextFingerprint) -> Bool {
        if min(titleWords.count, other.titleWords.count) >= 4 {
            // Jaccard = common / (a + b - common) >= t  <=>  common >= t (a + b) / (1 + t)
            let total = Double(titleWords.count + other.titleWords.count)
            let needed = Int((Self.titleThreshold * total / (1 + Self.titleThreshold) - 1e-9).rounded(.up))
            if Self.intersects(titleWords, other.titleWords, atLeast: needed) { return true }
        }
        let shorter = min(shingles.count, other.shingles.count)
        guard shorter >= 15 else { return false }
        return Self.intersects(shingles, other.shingles, atLeast: Int((Self.textThreshold * Double(shorter) - 1e-9).rounded(.up)))
    }

    /// Whether sorted `a` and `b` share at least `needed` values; stops as soon as the answer is known.
    static func intersects(_ a: [UInt64], _ b: [UInt64], atLeast needed: Int) -> Bool {
        var i = 0
        var j = 0
        var n = 0
        while i < a.count, j < b.count {
            if n >= needed { return true }
            if n + min(a.count - i, b.count - j) < needed { return false }
            if a[i] == b[j] {
                n += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return n >= needed
    }

    private static func sortedUnique(_ values: [UInt64]) -> [UInt64] {
        var sorted = values.sorted()
        var write = 0
        for v in sorted where write == 0 || sorted[write - 1] != v {
            sorted[write] = v
            write += 1
        }
        return Array(sorted.prefix(write))
    }

    /// An order-sensitive hash of three word hashes (a shingle).
    static func combine(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
        var h = a &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ (h >> 29) ^ b) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 32) ^ c) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }

    static func hash(_ word: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in word.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }

    /// The fingerprint as bytes for storage: count of title words, then all hashes, little-endian.
    public var blob: Data {
        var values = [UInt64(titleWords.count)] + titleWords + shingles
        return Data(bytes: &values, count: values.count * 8)
    }

    /// Reads ``blob``; `nil` when it is damaged.
    public init?(blob: Data) {
        guard blob.count % 8 == 0, blob.count >= 8 else { return nil }
        let total = blob.count / 8
        let parts: ([UInt64], [UInt64])? = blob.withUnsafeBytes { raw in
            let stated = raw.loadUnaligned(as: UInt64.self)
            guard stated < UInt64(total) else { return nil }
            let n = Int(stated)
            func values(_ range: Range<Int>) -> [UInt64] {
                [UInt64](unsafeUninitializedCapacity: range.count) { buffer, initialized in
                    for (i, index) in range.enumerated() { buffer[i] = raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self) }
                    initialized = range.count
                }
            }
            return (values(1..<(n + 1)), values((n + 1)..<total))
        }
        guard let parts else { return nil }
        self.init(titleWords: parts.0, shingles: parts.1)
    }
}
