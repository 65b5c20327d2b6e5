/// Text as a list of lowercased words, the unit that relevance phrases and similarity work in.
///
/// A word is a run of letters, digits and combining marks (any script); everything else separates words,
/// so `(AIF)` gives `aif` and `AIF-2025` gives `aif`, `2025`. An apostrophe inside a word is dropped
/// (`Kazakhstan’s` → `kazakhstans`), the same way for the text and for the phrases.
///
/// The words live in one UTF-8 buffer (no string per word); scalars are classified with an ASCII fast
/// path, since grapheme clustering is not needed to find word boundaries and costs several times more.
struct WordIndex: Sendable {
    private var bytes: [UInt8] = []
    private var ranges: [Range<Int>] = []

    init(_ text: String) {
        bytes.reserveCapacity(text.utf8.count)
        var start = 0
        var apostrophe = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            var isWordScalar = false
            var isApostrophe = false
            if v < 0x80 {
                if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) {
                    bytes.append(UInt8(v))
                    isWordScalar = true
                } else if v >= 0x41 && v <= 0x5A {
                    bytes.append(UInt8(v + 0x20))
                    isWordScalar = true
                } else {
                    isApostrophe = v == 0x27
                }
            } else {
                let properties = scalar.properties
                if properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
                    || properties.generalCategory == .spacingMark
                {
                    if properties.changesWhenLowercased {
                        bytes.append(contentsOf: properties.lowercaseMapping.utf8)
                    } else {
                        UTF8.encode(scalar) { bytes.append($0) }
                    }
                    isWordScalar = true
                } else {
                    isApostrophe = v == 0x2019
                }
            }
            if isWordScalar {
                apostrophe = false
            } else if isApostrophe, bytes.count > start, !apostrophe {
                apostrophe = true  // inside a word: dropped, the word goes on
            } else {
                if bytes.count > start { ranges.append(start..<bytes.count) }
                start = bytes.count
                apostrophe = false
            }
        }
        if bytes.count > start { ranges.append(start..<bytes.count) }
    }

    /// The number of words.
    var count: Int { ranges.count }

    /// Word `i`'s UTF-8 bytes.
    func word(_ i: Int) -> ArraySlice<UInt8> { bytes[ranges[i]] }

    /// The words as strings (for building phrases).
    var strings: [String] { ranges.map { String(decoding: bytes[$0], as: UTF8.self) } }

    /// Whether word `i` is `other`, or starts with it when `prefix`.
    func matches(_ i: Int, _ other: [UInt8], prefix: Bool) -> Bool {
        let r = ranges[i]
        if prefix ? r.count < other.count : r.count != other.count { return false }
        var k = r.lowerBound
        for b in other {
            if bytes[k] != b { return false }
            k += 1
        }
        return true
    }

    /// A 64-bit FNV-1a hash of word `i`.
    func hash(_ i: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in ranges[i] {
            h ^= UInt64(bytes[k])
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }
}
