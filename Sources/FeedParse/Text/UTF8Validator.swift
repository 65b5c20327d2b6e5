/// Fast UTF-8 validation and repair over raw bytes.
enum UTF8Validator {
    /// The length of the valid UTF-8 sequence starting at `i`, or 0 when the bytes there are invalid.
    @inline(__always)
    static func sequenceLength(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let b0 = p[i]
        if b0 < 0x80 { return 1 }
        let n = p.count
        @inline(__always) func cont(_ k: Int) -> Bool { k < n && p[k] & 0xC0 == 0x80 }
        switch b0 {
        case 0xC2...0xDF:
            return cont(i + 1) ? 2 : 0
        case 0xE0:
            return i + 1 < n && p[i + 1] >= 0xA0 && p[i + 1] <= 0xBF && cont(i + 2) ? 3 : 0
        case 0xED:
            return i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F && cont(i + 2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF:
            return cont(i + 1) && cont(i + 2) ? 3 : 0
        case 0xF0:
            return i + 1 < n && p[i + 1] >= 0x90 && p[i + 1] <= 0xBF && cont(i + 2) && cont(i + 3) ? 4 : 0
        case 0xF1...0xF3:
            return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0
        case 0xF4:
            return i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x8F && cont(i + 2) && cont(i + 3) ? 4 : 0
        default:
            return 0
        }
    }

    /// The offset of the first invalid byte, or `nil` when all of `p` is valid UTF-8.
    static func firstInvalidOffset(_ p: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = p.count
        guard let base = p.baseAddress else { return nil }
        while i < n {
            // ASCII fast path, eight bytes at a time.
            while i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            guard i < n else { break }
            let len = sequenceLength(p, i)
            if len == 0 { return i }
            i += len
        }
        return nil
    }

    /// Whether `p` looks like UTF-8 rather than a single-byte charset: it holds valid multi-byte sequences,
    /// at least as many as invalid bytes (a UTF-8 feed with a few stray Latin-1 bytes still counts).
    static func looksLikeUTF8(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        var multibyte = 0
        var invalid = 0
        var i = 0
        while i < p.count {
            if p[i] < 0x80 {
                i += 1
                continue
            }
            let len = sequenceLength(p, i)
            if len == 0 {
                invalid += 1
                i += 1
            } else {
                multibyte += 1
                i += len
            }
        }
        return multibyte > 0 && multibyte >= invalid
    }

    /// Copies `p` into valid UTF-8, reading each invalid byte as windows-1252 (as browsers and feedparser do).
    /// - Returns: the repaired bytes and how many bytes were replaced.
    static func repair(_ p: UnsafeBufferPointer<UInt8>) -> ([UInt8], Int) {
        var out = [UInt8]()
        out.reserveCapacity(p.count + p.count / 8)
        var replaced = 0
        var i = 0
        while i < p.count {
            let len = sequenceLength(p, i)
            if len > 0 {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<(i + len)]))
                i += len
            } else {
                appendScalar(Windows1252.scalar(for: p[i]), to: &out)
                replaced += 1
                i += 1
            }
        }
        return (out, replaced)
    }

    /// Appends the UTF-8 encoding of a scalar value.
    @inline(__always)
    static func appendScalar(_ v: UInt32, to out: inout [UInt8]) {
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}

/// The windows-1252 mapping of bytes 0x80–0x9F (the rest is Latin-1).
enum Windows1252 {
    private static let c1: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// The Unicode scalar for a windows-1252 byte.
    @inline(__always)
    static func scalar(for byte: UInt8) -> UInt32 {
        (byte >= 0x80 && byte <= 0x9F) ? c1[Int(byte - 0x80)] : UInt32(byte)
    }
}
