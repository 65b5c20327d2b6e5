/// Escaping of text and attribute values for HTML/XML output.
enum HTMLEscape {
    /// Appends `bytes` with `&`, `<`, `>` (and `"` when `quotes`) escaped.
    static func appendEscaped(_ bytes: some Sequence<UInt8>, to out: inout [UInt8], quotes: Bool = false) {
        for b in bytes {
            switch b {
            case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])  // &amp;
            case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])  // &lt;
            case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])  // &gt;
            case 0x22 where quotes: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
            default: out.append(b)
            }
        }
    }

    /// Appends `bytes` escaped, copying runs that need no escaping in one go.
    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], quotes: Bool = false) {
        var runStart = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 0x26 || b == 0x3C || b == 0x3E || (quotes && b == 0x22) {
                if i > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
                switch b {
                case 0x26: out.append(contentsOf: Self.amp)
                case 0x3C: out.append(contentsOf: Self.lt)
                case 0x3E: out.append(contentsOf: Self.gt)
                default: out.append(contentsOf: Self.quot)
                }
                runStart = i + 1
            }
            i += 1
        }
        if n > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<n])) }
    }

    private static let amp: [UInt8] = Array("&amp;".utf8)
    private static let lt: [UInt8] = Array("&lt;".utf8)
    private static let gt: [UInt8] = Array("&gt;".utf8)
    private static let quot: [UInt8] = Array("&quot;".utf8)

    /// `text` escaped for an HTML/XML text node or double-quoted attribute.
    static func escape(_ text: String, quotes: Bool = true) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        appendEscaped(text.utf8, to: &out, quotes: quotes)
        return String(decoding: out, as: UTF8.self)
    }
}

/// Decodes HTML character references (named, decimal, hex) in UTF-8 bytes.
enum HTMLEntityDecoder {
    /// Decodes references in `bytes` and returns the text.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(0x26) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        appendDecoded(bytes, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `p` to `out` with character references decoded. Unknown or malformed references are kept
    /// as written.
    static func appendDecoded(_ p: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let n = p.count
        var i = 0
        var run = 0  // the start of the bytes not yet copied
        while i < n {
            guard p[i] == 0x26 else {
                i += 1
                continue
            }
            guard let (scalar, next) = reference(p, at: i) else {
                i += 1
                continue
            }
            if run < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[run..<i])) }
            UTF8Validator.appendScalar(scalar, to: &out)
            i = next
            run = next
        }
        if run < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[run..<n])) }
    }

    /// The scalar of the reference at `i` (`&...`) and the offset after it.
    static func reference(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int)? {
        let n = p.count
        var j = i + 1
        guard j < n else { return nil }
        if p[j] == 0x23 {
            j += 1
            var hex = false
            if j < n, p[j] | 0x20 == 0x78 {
                hex = true
                j += 1
            }
            let digits = j
            var v: UInt32 = 0
            while j < n, j - digits < 8 {
                let d = p[j]
                if ASCII.isDigit(d) {
                    v = v &* (hex ? 16 : 10) &+ UInt32(d - 0x30)
                } else if hex, d | 0x20 >= 0x61, d | 0x20 <= 0x66 {
                    v = v &* 16 &+ UInt32((d | 0x20) - 0x61 + 10)
                } else {
                    break
                }
                j += 1
            }
            guard j > digits else { return nil }
            if j < n, p[j] == 0x3B { j += 1 }
            if v >= 0x80, v <= 0x9F { v = Windows1252.scalar(for: UInt8(v)) }
            if v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) { v = 0xFFFD }
            return (v, j)
        }
        let start = j
        while j < n, j - start < 32, ASCII.isAlnum(p[j]) { j += 1 }
        guard j > start else { return nil }
        let name = UnsafeBufferPointer(rebasing: p[start..<j])
        if let v = HTMLEntities.scalar(named: name) {
            return (v, (j < n && p[j] == 0x3B) ? j + 1 : j)
        }
        return nil
    }
}
