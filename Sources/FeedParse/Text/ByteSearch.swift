import Glibc

/// Small byte-level search helpers over unsafe buffers (no allocation, no Foundation).
enum ByteSearch {
    static let commentEnd: [UInt8] = Array("-->".utf8)
    static let cdataEnd: [UInt8] = Array("]]>".utf8)
    static let piEnd: [UInt8] = Array("?>".utf8)

    /// The offset of the first `byte` at or after `from` (memchr), or `haystack.count` when there is none.
    @inline(__always)
    static func index(of byte: UInt8, in haystack: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        index(of: byte, in: haystack, from: from, to: haystack.count)
    }

    /// The offset of the first `byte` in `haystack[from..<to]` (memchr), or `to` when there is none.
    static func index(of byte: UInt8, in haystack: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        guard from < to, let base = haystack.baseAddress else { return to }
        guard let hit = memchr(base + from, Int32(byte), to - from) else { return to }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// The first offset of `needle` in `haystack[from..<to]`, if any.
    static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard !needle.isEmpty, to - from >= needle.count else { return nil }
        let first = needle[0]
        var i = from
        let last = to - needle.count
        while i <= last {
            i = index(of: first, in: haystack, from: i, to: last + 1)
            guard i <= last else { return nil }
            var j = 1
            while j < needle.count, haystack[i + j] == needle[j] { j += 1 }
            if j == needle.count { return i }
            i += 1
        }
        return nil
    }

    /// Whether `haystack` has `prefix` (ASCII, case-insensitive) at `offset`.
    static func hasPrefixCaseInsensitive(_ prefix: StaticString, in haystack: UnsafeBufferPointer<UInt8>, at offset: Int)
        -> Bool
    {
        let n = prefix.utf8CodeUnitCount
        guard offset + n <= haystack.count else { return false }
        let p = prefix.utf8Start
        for k in 0..<n where ASCII.lower(haystack[offset + k]) != ASCII.lower(p[k]) {
            return false
        }
        return true
    }
}

/// ASCII byte helpers.
enum ASCII {
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C }
    @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isAlpha(b) || isDigit(b) }

    /// The lower-case bytes of an ASCII word packed little-endian (for matching words with a switch or a
    /// table instead of strings), or `nil` when it is longer than 8 bytes.
    static func packedLower(_ bytes: some Sequence<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        var k: UInt64 = 0
        for b in bytes {
            guard k < 8 else { return nil }
            value |= UInt64(lower(b)) << (8 * k)
            k += 1
        }
        return value
    }
}
