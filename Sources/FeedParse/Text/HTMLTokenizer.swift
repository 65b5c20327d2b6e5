/// A forgiving, allocation-free HTML tokenizer over UTF-8 bytes, for stripping and sanitizing.
///
/// It never fails: malformed markup degrades to text. Tag and attribute names come as byte ranges plus
/// their lower-case bytes packed into a `UInt64` (0 when longer than 8 bytes), so callers classify them
/// with a switch instead of building strings. Raw-text elements (script, style, …) are skipped to their
/// end tag by ``skipElement(_:toEndIfUnclosed:)``.
struct HTMLTokenizer {
    /// A start tag.
    struct StartTag {
        /// The tag name's bytes.
        var name: Range<Int>
        /// The lower-case name packed little-endian, or 0 when longer than 8 bytes.
        var packed: UInt64
        /// The raw attribute bytes (read them with ``HTMLTokenizer/forEachAttribute(in:_:)``).
        var attributes: Range<Int>
        /// Whether the tag ends with `/>`.
        var selfClosing: Bool
    }

    enum Token {
        /// Text (undecoded) in `range`.
        case text(Range<Int>)
        /// A start tag.
        case start(StartTag)
        /// An end tag: name bytes and packed lower-case name.
        case end(name: Range<Int>, packed: UInt64)
        /// A comment, doctype or processing instruction (ignored by callers).
        case other
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The tag info for a name (packed, or looked up by string when longer than 8 bytes).
    func info(name: Range<Int>, packed: UInt64) -> HTMLTagInfo? {
        if packed != 0 { return HTMLTagInfo.lookup(packed: packed) }
        guard name.count > 8, name.count <= 16 else { return nil }
        return HTMLTagInfo.lookup(long: String(decoding: UnsafeBufferPointer(rebasing: bytes[name]).map(ASCII.lower), as: UTF8.self))
    }

    /// The next token, or `nil` at the end.
    mutating func next() -> Token? {
        let p = bytes
        let n = p.count
        guard position < n else { return nil }
        let start = position
        if p[start] != 0x3C {
            let i = ByteSearch.index(of: 0x3C, in: p, from: start + 1)
            position = i
            return .text(start..<i)
        }
        guard start + 1 < n else {
            position = n
            return .text(start..<n)
        }
        let c = p[start + 1]
        if c == 0x21 {  // <!
            if ByteSearch.hasPrefixCaseInsensitive("<!--", in: p, at: start) {
                position = min((ByteSearch.find(ByteSearch.commentEnd, in: p, from: start + 4, to: n) ?? (n - 3)) + 3, n)
            } else if ByteSearch.hasPrefixCaseInsensitive("<![CDATA[", in: p, at: start) {
                let end = ByteSearch.find(ByteSearch.cdataEnd, in: p, from: start + 9, to: n) ?? n
                position = min(end + 3, n)
                return .text((start + 9)..<end)
            } else {
                let close = skipTo(0x3E, from: start)
                guard close < n else {  // "<!DOCTYPE" with no '>' is text, not markup
                    position = n
                    return .text(start..<n)
                }
                position = close + 1
            }
            return .other
        }
        if c == 0x3F {  // <?
            position = min(skipTo(0x3E, from: start) + 1, n)
            return .other
        }
        if c == 0x2F {  // </
            let (nameEnd, packed) = scanName(from: start + 2)
            position = min(skipTo(0x3E, from: nameEnd) + 1, n)
            return nameEnd == start + 2 ? .other : .end(name: (start + 2)..<nameEnd, packed: packed)
        }
        guard ASCII.isAlpha(c) else {  // a bare '<' is text
            let i = ByteSearch.index(of: 0x3C, in: p, from: start + 1)
            position = i
            return .text(start..<i)
        }
        let (nameEnd, packed) = scanName(from: start + 1)
        var i = nameEnd
        var quote: UInt8 = 0
        while i < n {
            let b = p[i]
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == 0x22 || b == 0x27 {
                if p[i - 1] == 0x3D || ASCII.isSpace(p[i - 1]) { quote = b }
            } else if b == 0x3E {
                break
            }
            i += 1
        }
        let selfClosing = i > nameEnd && p[i - 1] == 0x2F
        position = min(i + 1, n)
        return .start(StartTag(name: (start + 1)..<nameEnd, packed: packed, attributes: nameEnd..<i, selfClosing: selfClosing))
    }

    /// Whether a byte continues a tag name: a letter, a digit, `:`, `-` or `_`.
    @inline(__always) static func isNameByte(_ b: UInt8) -> Bool { ASCII.isAlnum(b) || b == 0x3A || b == 0x2D || b == 0x5F }

    /// Scans a tag name from `from`; returns where it ends and its packed lower-case form.
    private func scanName(from: Int) -> (Int, UInt64) {
        let p = bytes
        var i = from
        var packed: UInt64 = 0
        while i < p.count, Self.isNameByte(p[i]) {
            let k = i - from
            if k < 8 { packed |= UInt64(ASCII.lower(p[i])) << (8 * UInt64(k)) }
            i += 1
        }
        return (i, i - from > 8 ? 0 : packed)
    }

    /// Calls `body` for each attribute in `range`: its packed lower-case name (0 when longer than 8 bytes)
    /// and its raw (undecoded) value bytes.
    func forEachAttribute(in range: Range<Int>, _ body: (_ packedName: UInt64, _ value: Range<Int>) -> Void) {
        let p = bytes
        let n = range.upperBound
        var i = range.lowerBound
        while i < n {
            while i < n, ASCII.isSpace(p[i]) || p[i] == 0x2F { i += 1 }
            guard i < n else { break }
            let an = i
            var packed: UInt64 = 0
            while i < n, !ASCII.isSpace(p[i]), p[i] != 0x3D, p[i] != 0x2F {
                let k = i - an
                if k < 8 { packed |= UInt64(ASCII.lower(p[i])) << (8 * UInt64(k)) }
                i += 1
            }
            if i == an {
                i += 1
                continue
            }
            if i - an > 8 { packed = 0 }
            while i < n, ASCII.isSpace(p[i]) { i += 1 }
            var value = i..<i
            if i < n, p[i] == 0x3D {
                i += 1
                while i < n, ASCII.isSpace(p[i]) { i += 1 }
                if i < n, p[i] == 0x22 || p[i] == 0x27 {
                    let q = p[i]
                    let vs = i + 1
                    i = vs
                    while i < n, p[i] != q { i += 1 }
                    value = vs..<i
                    i = min(i + 1, n)
                } else {
                    let vs = i
                    while i < n, !ASCII.isSpace(p[i]) { i += 1 }
                    value = vs..<i
                }
            }
            body(packed, value)
        }
    }

    /// Skips the content of a dropped element up to and including its end tag. With no end tag, a raw-text
    /// element (script, style) runs to the end of the input, as in a browser; any other element is left
    /// where it was, so only its start tag is dropped and what follows is read as usual.
    mutating func skipElement(_ name: Range<Int>, toEndIfUnclosed: Bool) {
        let p = bytes
        let n = p.count
        var i = position
        while i < n {
            if p[i] == 0x3C, i + 1 < n, p[i + 1] == 0x2F {
                var k = 0
                while k < name.count, i + 2 + k < n, ASCII.lower(p[i + 2 + k]) == ASCII.lower(p[name.lowerBound + k]) { k += 1 }
                let after = i + 2 + k
                // `</name>`, `</name >` or `</name/`, never `</names>`.
                if k == name.count, after >= n || p[after] == 0x3E || p[after] == 0x2F || ASCII.isSpace(p[after]) {
                    position = min(skipTo(0x3E, from: i) + 1, n)
                    return
                }
            }
            i += 1
        }
        if toEndIfUnclosed { position = n }
    }

    private func skipTo(_ byte: UInt8, from: Int) -> Int {
        ByteSearch.index(of: byte, in: bytes, from: from)
    }
}
