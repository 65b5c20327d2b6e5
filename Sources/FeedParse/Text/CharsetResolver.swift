internal import Foundation

/// Decides which charset a document is in, before any byte reaches libxml2.
///
/// Precedence: byte-order mark; the HTTP `charset` parameter (RFC 7303: it wins over the document);
/// UTF-16/32 recognised from the first bytes; the XML declaration (or, for HTML, `<meta charset>`);
/// else UTF-8. A single-byte label on bytes that are valid, non-ASCII UTF-8 is overruled: they are
/// read as UTF-8 (rule ``CharsetDecision/Rule/utf8Content``), so a mislabelled feed never turns into
/// mojibake.
struct CharsetResolver {
    /// The outcome: the decision and how many BOM bytes to skip.
    struct Resolution {
        var decision: CharsetDecision
        var bomLength: Int
    }

    /// Resolves the charset of `bytes`.
    /// - Parameters:
    ///   - bytes: the raw document.
    ///   - contentType: the HTTP Content-Type, if any (only its `charset` parameter is used).
    ///   - isHTML: whether to look for `<meta charset>` instead of the XML declaration.
    static func resolve(_ bytes: UnsafeBufferPointer<UInt8>, contentType: String?, isHTML: Bool = false) -> Resolution {
        if let bom = byteOrderMark(bytes) {
            return Resolution(decision: CharsetDecision(charset: bom.0, rule: .byteOrderMark), bomLength: bom.1)
        }
        var decision: CharsetDecision
        if let label = contentType.flatMap(Self.charsetParameter), let name = canonicalName(label) {
            decision = CharsetDecision(charset: name, rule: .httpCharset)
        } else if let sniffed = sniffWideEncoding(bytes) {
            return Resolution(decision: CharsetDecision(charset: sniffed, rule: .byteSniffing), bomLength: 0)
        } else if let label = isHTML ? htmlMetaCharset(bytes) : xmlDeclarationEncoding(bytes),
            let name = canonicalName(label)
        {
            decision = CharsetDecision(charset: name, rule: isHTML ? .htmlMeta : .xmlDeclaration)
        } else {
            decision = CharsetDecision(charset: "utf-8", rule: .defaultUTF8)
        }
        // A wide label on bytes without NULs is wrong: such a document is ASCII-compatible.
        if decision.charset.hasPrefix("utf-16") || decision.charset.hasPrefix("utf-32") {
            if sniffWideEncoding(bytes) == nil {
                decision = CharsetDecision(charset: "utf-8", rule: .utf8Content)
            }
        } else if decision.charset != "utf-8", isSingleByte(decision.charset), UTF8Validator.looksLikeUTF8(bytes) {
            decision = CharsetDecision(charset: "utf-8", rule: .utf8Content)
        }
        return Resolution(decision: decision, bomLength: 0)
    }

    /// The charset parameter of a Content-Type value, unquoted.
    static func charsetParameter(_ contentType: String) -> String? {
        for part in contentType.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingASCIIWhitespace().lowercased() == "charset" else { continue }
            var value = pair[1].trimmingASCIIWhitespace()
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    private static func byteOrderMark(_ b: UnsafeBufferPointer<UInt8>) -> (String, Int)? {
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { return ("utf-8", 3) }
        if b.count >= 4, b[0] == 0x00, b[1] == 0x00, b[2] == 0xFE, b[3] == 0xFF { return ("utf-32be", 4) }
        if b.count >= 4, b[0] == 0xFF, b[1] == 0xFE, b[2] == 0x00, b[3] == 0x00 { return ("utf-32le", 4) }
        if b.count >= 2, b[0] == 0xFE, b[1] == 0xFF { return ("utf-16be", 2) }
        if b.count >= 2, b[0] == 0xFF, b[1] == 0xFE { return ("utf-16le", 2) }
        return nil
    }

    /// UTF-16/32 without a BOM, recognised by where the NULs sit around the first `<` (XML 1.0 appendix F).
    private static func sniffWideEncoding(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        guard b.count >= 4 else {
            if b.count >= 2, b[0] == 0x3C, b[1] == 0 { return "utf-16le" }
            if b.count >= 2, b[0] == 0, b[1] == 0x3C { return "utf-16be" }
            return nil
        }
        switch (b[0], b[1], b[2], b[3]) {
        case (0, 0, 0, 0x3C): return "utf-32be"
        case (0x3C, 0, 0, 0): return "utf-32le"
        case (0, 0x3C, 0, _), (0, 0x20, 0, _), (0, 0x0A, 0, _), (0, 0x0D, 0, _), (0, 0x09, 0, _), (0, 0x7B, 0, _):
            return "utf-16be"
        case (0x3C, 0, _, 0), (0x20, 0, _, 0), (0x0A, 0, _, 0), (0x0D, 0, _, 0), (0x09, 0, _, 0), (0x7B, 0, _, 0):
            return "utf-16le"
        default: return nil
        }
    }

    /// The `encoding` pseudo-attribute of an XML declaration in the first kilobyte, if any.
    static func xmlDeclarationEncoding(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        let limit = min(b.count, 1024)
        guard let start = ByteSearch.find(Array("<?xml".utf8), in: b, from: 0, to: limit) else { return nil }
        guard let end = ByteSearch.find(Array("?>".utf8), in: b, from: start, to: limit) else { return nil }
        let decl = String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
        return Self.attributeValue(named: "encoding", in: decl)
    }

    /// `<meta charset="x">` or `<meta http-equiv="Content-Type" content="...; charset=x">` in the first 4 KB.
    static func htmlMetaCharset(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        let limit = min(b.count, 4096)
        let head = String(decoding: UnsafeBufferPointer(rebasing: b[0..<limit]), as: UTF8.self).lowercased()
        var searchFrom = head.startIndex
        while let meta = head.range(of: "<meta", range: searchFrom..<head.endIndex) {
            let tagEnd = head.range(of: ">", range: meta.upperBound..<head.endIndex)?.lowerBound ?? head.endIndex
            let tag = String(head[meta.upperBound..<tagEnd])
            if let value = attributeValue(named: "charset", in: tag) { return value }
            if let content = attributeValue(named: "content", in: tag), let value = charsetParameter(content) {
                return value
            }
            searchFrom = tagEnd
        }
        return nil
    }

    /// A quoted pseudo-attribute value (`name="v"` or `name='v'`) from a declaration or tag.
    static func attributeValue(named name: String, in text: String) -> String? {
        var rest = Substring(text)
        while let r = rest.range(of: name) {
            var i = r.upperBound
            let before = r.lowerBound == text.startIndex ? " " : rest[rest.index(before: r.lowerBound)]
            rest = rest[r.upperBound...]
            guard before == " " || before == "\t" || before == "\n" || before == "\r" else { continue }
            while i < text.endIndex, text[i] == " " { i = text.index(after: i) }
            guard i < text.endIndex, text[i] == "=" else { continue }
            i = text.index(after: i)
            while i < text.endIndex, text[i] == " " { i = text.index(after: i) }
            guard i < text.endIndex else { return nil }
            let quote = text[i]
            if quote == "\"" || quote == "'" {
                let valueStart = text.index(after: i)
                guard let close = text[valueStart...].firstIndex(of: quote) else { return nil }
                return String(text[valueStart..<close])
            }
            let valueEnd = text[i...].firstIndex(where: { $0 == " " || $0 == ">" || $0 == "/" || $0 == ";" }) ?? text.endIndex
            return String(text[i..<valueEnd])
        }
        return nil
    }

    /// Canonical lower-case charset name for a label, with common aliases folded; `nil` for an empty label.
    ///
    /// ISO-8859-1 and US-ASCII are read as windows-1252, as browsers do (its superset, and what
    /// mislabelled feeds actually contain).
    static func canonicalName(_ label: String) -> String? {
        let l = label.trimmingASCIIWhitespace().lowercased()
        guard !l.isEmpty else { return nil }
        let compact = l.filter { $0 != "-" && $0 != "_" && $0 != " " }
        switch compact {
        case "utf8", "unicode11utf8": return "utf-8"
        case "utf16", "u16", "ucs2", "unicode", "iso10646ucs2": return "utf-16"
        case "utf16le": return "utf-16le"
        case "utf16be": return "utf-16be"
        case "utf32", "u32", "ucs4": return "utf-32"
        case "utf32le": return "utf-32le"
        case "utf32be": return "utf-32be"
        case "iso88591", "latin1", "l1", "isolatin1", "usascii", "ascii", "ansix3.41968", "cp819", "ibm819",
            "windows1252", "cp1252", "win1252", "xcp1252", "iso885915", "latin9":
            return compact.hasSuffix("15") || compact == "latin9" ? "iso-8859-15" : "windows-1252"
        case "windows1251", "cp1251", "win1251", "xcp1251", "windowscyrillic": return "windows-1251"
        case "windows1250", "cp1250", "win1250", "xcp1250": return "windows-1250"
        case "windows1253", "cp1253", "win1253": return "windows-1253"
        case "windows1254", "cp1254", "win1254": return "windows-1254"
        case "windows1255", "cp1255", "win1255": return "windows-1255"
        case "windows1256", "cp1256", "win1256": return "windows-1256"
        case "windows1257", "cp1257", "win1257": return "windows-1257"
        case "koi8r", "koi8", "cskoi8r": return "koi8-r"
        case "koi8u": return "koi8-u"
        case "shiftjis", "sjis", "xsjis", "mskanji", "windows31j", "cp932": return "shift_jis"
        case "eucjp", "xeucjp": return "euc-jp"
        case "euckr", "cp949", "ksc56011987": return "euc-kr"
        case "gb2312", "gbk", "cp936", "xgbk", "gb18030", "euccn": return "gb18030"
        case "big5", "big5hkscs", "cp950": return "big5"
        default:
            if compact.hasPrefix("iso8859"), let n = Int(compact.dropFirst(7)) { return "iso-8859-\(n)" }
            return l
        }
    }

    /// Whether a canonical name is a single-byte charset.
    static func isSingleByte(_ name: String) -> Bool {
        name.hasPrefix("windows-") || name.hasPrefix("iso-8859-") || name.hasPrefix("koi8") || name == "mac"
            || name == "macintosh"
    }
}

extension String {
    /// The string without leading and trailing ASCII whitespace.
    func trimmingASCIIWhitespace() -> String {
        let u = utf8
        guard let first = u.firstIndex(where: { !ASCII.isSpace($0) }) else { return "" }
        let last = u.lastIndex(where: { !ASCII.isSpace($0) })!
        if first == u.startIndex, last == u.index(before: u.endIndex) { return self }
        return String(decoding: u[first...last], as: UTF8.self)
    }
}

extension Substring {
    /// The substring without leading and trailing ASCII whitespace.
    func trimmingASCIIWhitespace() -> String { String(self).trimmingASCIIWhitespace() }
}
