import FeedParse

/// What every parse result must satisfy, checked on each fuzz input (a violation stops the fuzzer):
/// - every link field (feed and entry links, enclosures, images, authors' home pages) is an http or https
///   address as a browser reads it;
/// - every entry's `content`, tokenized again as a browser would, holds only allowlisted elements and
///   attributes, no `on*` attribute, and no URL outside http, https and mailto (images: http, https).
/// Written apart from the sanitizer (its own tokenizer and lists), so it checks that code, not repeats it.
enum OutputProperty {
    static let elements: Set<String> = [
        "a", "abbr", "acronym", "address", "b", "bdi", "bdo", "big", "blockquote", "br", "caption", "center", "cite", "code", "col",
        "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
        "hr",
        "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strike", "strong",
        "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "wbr",
    ]
    static let attributes: Set<String> = [
        "alt", "cite", "colspan", "datetime", "headers", "height", "href", "hreflang", "reversed", "rowspan", "scope", "span", "src",
        "start", "title", "type", "value", "width",
    ]

    static func check(_ feed: ParsedFeed) {
        var links = [feed.link, feed.selfLink, feed.hub, feed.image].compactMap { $0 } + feed.authors.compactMap(\.uri)
        for entry in feed.entries {
            links += [entry.link, entry.image].compactMap { $0 } + entry.enclosures.map(\.url) + entry.authors.compactMap(\.uri)
            if let content = entry.content { checkMarkup(content) }
        }
        for link in links where !hasScheme(link, in: ["http", "https"]) {
            fatalError("property: link \(link.debugDescription) is not an http or https address")
        }
    }

    /// The scheme a browser reads: tab, LF, CR removed; C0 controls and spaces trimmed; case ignored.
    static func hasScheme(_ url: String, in schemes: Set<String>) -> Bool {
        var scalars = Array(url.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" })
        while let first = scalars.first, first.value <= 0x20 { scalars.removeFirst() }
        guard let colon = scalars.firstIndex(of: ":") else { return false }
        return schemes.contains(String(String.UnicodeScalarView(scalars[..<colon])).lowercased())
    }

    static func checkMarkup(_ html: String) {
        let s = Array(html.utf8)
        var i = 0
        func fail(_ why: String) -> Never { fatalError("property: \(why) in content \(html.prefix(300).debugDescription)") }
        while i < s.count {
            guard s[i] == 0x3C else {
                if s[i] == 0x3E { fail("a bare '>'") }
                i += 1
                continue
            }
            i += 1
            if i < s.count, s[i] == 0x2F { i += 1 }
            let nameStart = i
            while i < s.count, isNameByte(s[i]) { i += 1 }
            let name = String(decoding: s[nameStart..<i], as: UTF8.self)
            if !elements.contains(name) { fail("element <\(name)>") }
            while i < s.count, s[i] != 0x3E {
                guard s[i] == 0x20 else { fail("unexpected byte \(s[i]) in <\(name)>") }
                i += 1
                let attrStart = i
                while i < s.count, isNameByte(s[i]) { i += 1 }
                let attr = String(decoding: s[attrStart..<i], as: UTF8.self)
                if attr.hasPrefix("on") || !attributes.contains(attr) { fail("attribute \(attr) on <\(name)>") }
                guard i + 1 < s.count, s[i] == 0x3D, s[i + 1] == 0x22 else { fail("unquoted \(attr)") }
                i += 2
                let valueStart = i
                while i < s.count, s[i] != 0x22 { i += 1 }
                if i >= s.count { fail("unterminated \(attr)") }
                let value = decode(String(decoding: s[valueStart..<i], as: UTF8.self))
                i += 1
                if attr == "href" || attr == "cite", !hasScheme(value, in: ["http", "https", "mailto"]) { fail("\(attr)=\(value)") }
                if attr == "src", !hasScheme(value, in: ["http", "https"]) { fail("src=\(value)") }
            }
            i += 1
        }
    }

    static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || b == 0x2D || b == 0x3A || b == 0x5F
    }

    /// The character references the serializer writes, decoded as a browser would.
    static func decode(_ value: String) -> String {
        guard value.contains("&") else { return value }
        var out = ""
        var rest = Substring(value)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            rest = rest[amp...]
            guard let semi = rest.prefix(10).firstIndex(of: ";") else {
                out += "&"
                rest = rest.dropFirst()
                continue
            }
            let name = rest[rest.index(after: rest.startIndex)..<semi]
            let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'"]
            if let r = named[String(name)] {
                out += r
            } else if name.hasPrefix("#x"), let v = UInt32(name.dropFirst(2), radix: 16), let u = Unicode.Scalar(v) {
                out.unicodeScalars.append(u)
            } else if name.hasPrefix("#"), let v = UInt32(name.dropFirst()), let u = Unicode.Scalar(v) {
                out.unicodeScalars.append(u)
            } else {
                out += "&"
                rest = rest.dropFirst()
                continue
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}
