/// A forgiving, allocation-light HTML tokenizer over UTF-8 bytes, for stripping and sanitizing.
///
/// It never fails: malformed markup degrades to text. Raw-text elements (script, style, …) are skipped
/// to their end tag by ``skipRawText(_:)``.
struct HTMLTokenizer {
    enum Token {
        /// Text (undecoded) in `range`.
        case text(Range<Int>)
        /// A start tag: lower-cased name, attributes (lower-cased names, decoded values), self-closing flag.
        case start(name: String, attributes: [(String, String)], selfClosing: Bool)
        /// An end tag with its lower-cased name.
        case end(name: String)
        /// A comment, doctype or processing instruction (ignored by callers).
        case other
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The next token, or `nil` at the end.
    mutating func next() -> Token? {
        let p = bytes
        let n = p.count
        guard position < n else { return nil }
        let start = position
        if p[start] != 0x3C {
            var i = start + 1
            while i < n, p[i] != 0x3C { i += 1 }
            position = i
            return .text(start..<i)
        }
        // '<'
        guard start + 1 < n else {
            position = n
            return .text(start..<n)
        }
        let c = p[start + 1]
        if c == 0x21 {  // <!
            if ByteSearch.hasPrefixCaseInsensitive("<!--", in: p, at: start) {
                position = (ByteSearch.find([0x2D, 0x2D, 0x3E], in: p, from: start + 4, to: n) ?? (n - 3)) + 3
            } else if ByteSearch.hasPrefixCaseInsensitive("<![CDATA[", in: p, at: start) {
                let end = ByteSearch.find([0x5D, 0x5D, 0x3E], in: p, from: start + 9, to: n) ?? n
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
            position = min(position, n)
            return .other
        }
        if c == 0x3F {  // <?
            position = min(skipTo(0x3E, from: start) + 1, n)
            return .other
        }
        if c == 0x2F {  // </
            var i = start + 2
            let nameStart = i
            while i < n, ASCII.isAlnum(p[i]) || p[i] == 0x3A || p[i] == 0x2D { i += 1 }
            let name = lowerString(nameStart..<i)
            position = min(skipTo(0x3E, from: i) + 1, n)
            return name.isEmpty ? .other : .end(name: name)
        }
        guard ASCII.isAlpha(c) else {
            // A bare '<' is text.
            var i = start + 1
            while i < n, p[i] != 0x3C { i += 1 }
            position = i
            return .text(start..<i)
        }
        var i = start + 1
        while i < n, ASCII.isAlnum(p[i]) || p[i] == 0x3A || p[i] == 0x2D || p[i] == 0x5F { i += 1 }
        let name = lowerString((start + 1)..<i)
        var attributes: [(String, String)] = []
        var selfClosing = false
        while i < n {
            while i < n, ASCII.isSpace(p[i]) { i += 1 }
            guard i < n else { break }
            if p[i] == 0x3E {
                i += 1
                break
            }
            if p[i] == 0x2F {
                selfClosing = true
                i += 1
                continue
            }
            let an = i
            while i < n, !ASCII.isSpace(p[i]), p[i] != 0x3D, p[i] != 0x3E, p[i] != 0x2F { i += 1 }
            if i == an {
                i += 1
                continue
            }
            let attrName = lowerString(an..<i)
            while i < n, ASCII.isSpace(p[i]) { i += 1 }
            var value = ""
            if i < n, p[i] == 0x3D {
                i += 1
                while i < n, ASCII.isSpace(p[i]) { i += 1 }
                if i < n, p[i] == 0x22 || p[i] == 0x27 {
                    let q = p[i]
                    let vs = i + 1
                    i = vs
                    while i < n, p[i] != q { i += 1 }
                    value = HTMLEntityDecoder.decode(UnsafeBufferPointer(rebasing: p[vs..<i]))
                    i = min(i + 1, n)
                } else {
                    let vs = i
                    while i < n, !ASCII.isSpace(p[i]), p[i] != 0x3E { i += 1 }
                    value = HTMLEntityDecoder.decode(UnsafeBufferPointer(rebasing: p[vs..<i]))
                }
            }
            attributes.append((attrName, value))
        }
        position = i
        return .start(name: name, attributes: attributes, selfClosing: selfClosing)
    }

    /// Skips the content of a raw-text element up to and including `</name>`.
    mutating func skipRawText(_ name: String) {
        let p = bytes
        let n = p.count
        var i = position
        let nameBytes = Array(name.utf8)
        while i < n {
            if p[i] == 0x3C, i + 1 < n, p[i + 1] == 0x2F {
                var k = 0
                while k < nameBytes.count, i + 2 + k < n, ASCII.lower(p[i + 2 + k]) == nameBytes[k] { k += 1 }
                if k == nameBytes.count {
                    position = min(skipTo(0x3E, from: i) + 1, n)
                    return
                }
            }
            i += 1
        }
        position = n
    }

    private func skipTo(_ byte: UInt8, from: Int) -> Int {
        var i = from
        while i < bytes.count, bytes[i] != byte { i += 1 }
        return i
    }

    private func lowerString(_ r: Range<Int>) -> String {
        var s = [UInt8]()
        s.reserveCapacity(r.count)
        for k in r { s.append(ASCII.lower(bytes[k])) }
        return String(decoding: s, as: UTF8.self)
    }
}
