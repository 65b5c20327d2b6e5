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
        titleWords = Self.sortedUnique(WordIndex(title).words.map(Self.hash))
        let words = Array((WordIndex(title).words + WordIndex(text).words).prefix(400))
        var shingles: [UInt64] = []
        if words.count >= 3 {
            for i in 0...(words.count - 3) { shingles.append(Self.hash(words[i] + " " + words[i + 1] + " " + words[i + 2])) }
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
            let common = Self.intersectionCount(titleWords, other.titleWords)
            let union = titleWords.count + other.titleWords.count - common
            if Double(common) / Double(union) >= Self.titleThreshold { return true }
        }
        let shorter = min(shingles.count, other.shingles.count)
        guard shorter >= 15 else { return false }
        return Double(Self.intersectionCount(shingles, other.shingles)) / Double(shorter) >= Self.textThreshold
    }

    static func intersectionCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
        var i = 0
        var j = 0
        var n = 0
        while i < a.count, j < b.count {
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
        return n
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
        let values = blob.withUnsafeBytes { raw in (0..<(blob.count / 8)).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) }
        }
        let n = Int(values[0])
        guard n <= values.count - 1 else { return nil }
        self.init(titleWords: Array(values[1...n]), shingles: Array(values[(n + 1)...]))
    }
}
