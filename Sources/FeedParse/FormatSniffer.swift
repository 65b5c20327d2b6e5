/// Recognises what a document is from its bytes (never from a file name or extension).
enum FormatSniffer {
    /// The broad kind of a document.
    enum Kind: Equatable {
        case json
        case xml
        case html
        case unknown
    }

    /// Sniffs UTF-8 bytes: `{` starts JSON; markup whose first element (after the prolog) is `html`, `head`
    /// or `body`, or a `<!DOCTYPE html>`, is HTML; other markup is XML.
    static func sniff(_ b: UnsafeBufferPointer<UInt8>) -> Kind {
        var i = 0
        let n = b.count
        while i < n, ASCII.isSpace(b[i]) { i += 1 }
        guard i < n else { return .unknown }
        if b[i] == 0x7B || b[i] == 0x5B { return .json }
        guard let lt = (i..<n).first(where: { b[$0] == 0x3C }), lt - i < 1024 else { return .unknown }
        i = lt
        var steps = 0
        while i < n, steps < 64 {
            steps += 1
            guard b[i] == 0x3C else {
                i += 1
                continue
            }
            if ByteSearch.hasPrefixCaseInsensitive("<!--", in: b, at: i) {
                i = (ByteSearch.find(ByteSearch.commentEnd, in: b, from: i + 4, to: n) ?? n) + 3
            } else if ByteSearch.hasPrefixCaseInsensitive("<!DOCTYPE", in: b, at: i) {
                // Decided by the document element, not the doctype: feeds carry stray XHTML doctypes.
                var quote: UInt8 = 0
                var k = i + 9
                while k < n {
                    if quote != 0 {
                        if b[k] == quote { quote = 0 }
                    } else if b[k] == 0x22 || b[k] == 0x27 {
                        quote = b[k]
                    } else if b[k] == 0x3E {
                        break
                    }
                    k += 1
                }
                i = k + 1
            } else if i + 1 < n, b[i + 1] == 0x3F || b[i + 1] == 0x21 {
                i += 2
            } else {
                var k = i + 1
                while k < n, b[k] != 0x3E, !ASCII.isSpace(b[k]), b[k] != 0x2F { k += 1 }
                var name = Array(UnsafeBufferPointer(rebasing: b[(i + 1)..<k])).map(ASCII.lower)
                if let colon = name.firstIndex(of: 0x3A) { name = Array(name[(colon + 1)...]) }
                switch String(decoding: name, as: UTF8.self) {
                case "html", "head", "body", "div", "p", "meta", "title", "script", "table", "a": return .html
                default: return .xml
                }
            }
        }
        return .xml
    }
}
