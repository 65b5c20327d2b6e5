/// Sanitizes HTML content against an allowlist, resolving links against a base URL.
///
/// Kept: text formatting, links (http, https, mailto), images (http, https), lists, quotes, headings,
/// tables, figures. Dropped with their content: script, style, iframe, object, embed, form and the like.
/// Other tags are dropped but their text is kept. Event handlers, `style`, and every attribute not on the
/// allowlist are removed; `javascript:` and `data:` URLs never survive. Output is balanced HTML.
enum HTMLSanitizer {
    /// What the sanitizer does with a tag: one dictionary lookup per tag decides everything.
    private enum Policy {
        /// Kept, with these attributes (URL attributes checked separately); `void` tags have no end tag.
        case keep(attributes: [String], void: Bool)
        /// Dropped together with everything inside it.
        case dropWithContent
    }

    private static let policies: [String: Policy] = {
        var table: [String: Policy] = [:]
        let plain = [
            "abbr", "acronym", "address", "b", "bdi", "bdo", "big", "blockquote", "caption", "center", "cite", "code",
            "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2",
            "h3", "h4", "h5", "h6", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp",
            "small", "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
            "time", "tr", "tt", "u", "ul", "var",
        ]
        for tag in plain { table[tag] = .keep(attributes: [], void: false) }
        let attributes: [String: [String]] = [
            "a": ["href", "title", "hreflang"], "abbr": ["title"], "acronym": ["title"], "blockquote": ["cite"],
            "q": ["cite"], "del": ["cite", "datetime"], "ins": ["cite", "datetime"], "time": ["datetime"],
            "ol": ["start", "type", "reversed"], "li": ["value"], "td": ["colspan", "rowspan", "headers"],
            "th": ["colspan", "rowspan", "scope", "headers"], "colgroup": ["span"],
        ]
        for (tag, attrs) in attributes { table[tag] = .keep(attributes: attrs, void: false) }
        table["img"] = .keep(attributes: ["src", "alt", "title", "width", "height"], void: true)
        table["col"] = .keep(attributes: ["span"], void: true)
        for tag in ["br", "hr", "wbr"] { table[tag] = .keep(attributes: [], void: true) }
        for tag in HTMLText.rawTextElements.union([
            "form", "applet", "frameset", "frame", "select", "button", "head", "title", "base", "link", "meta",
        ]) {
            table[tag] = .dropWithContent
        }
        return table
    }()

    /// Sanitized HTML of `bytes`, with relative URLs resolved against `base`.
    static func sanitize(_ bytes: [UInt8], base: String?) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var open: [String] = []
        let base = URLResolver.Base(base)
        bytes.withUnsafeBufferPointer { p in
            var tokenizer = HTMLTokenizer(p)
            while let token = tokenizer.next() {
                switch token {
                case .text(let range):
                    let text = UnsafeBufferPointer(rebasing: p[range])
                    if !text.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E }) {
                        out.append(contentsOf: text)
                        continue
                    }
                    var decoded: [UInt8] = []
                    decoded.reserveCapacity(range.count)
                    HTMLEntityDecoder.appendDecoded(text, to: &decoded)
                    HTMLEscape.appendEscaped(decoded, to: &out)
                case .start(let name, let attributes, let selfClosing):
                    switch policies[name] {
                    case .dropWithContent?:
                        if !selfClosing { tokenizer.skipRawText(name) }
                    case .keep(let permitted, let void)?:
                        writeStart(name, attributes, permitted: permitted, base: base, to: &out)
                        if !void, !selfClosing { open.append(name) }
                    case nil:
                        continue
                    }
                case .end(let name):
                    guard let k = open.lastIndex(of: name) else { continue }
                    while open.count > k {
                        let closing = open.removeLast()
                        writeEnd(closing, to: &out)
                    }
                case .other:
                    break
                }
            }
        }
        while let closing = open.popLast() { writeEnd(closing, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    private static func writeStart(
        _ name: String, _ attributes: [(String, String)], permitted: [String], base: URLResolver.Base?, to out: inout [UInt8]
    ) {
        out.append(0x3C)
        out.append(contentsOf: name.utf8)
        var written: [String] = []
        for (attr, rawValue) in attributes where permitted.contains(attr) && !written.contains(attr) {
            var value = rawValue
            if attr == "href" || attr == "src" || attr == "cite" {
                guard let safe = safeURL(rawValue, base: base, imagesOnly: attr == "src") else { continue }
                value = safe
            }
            written.append(attr)
            out.append(0x20)
            out.append(contentsOf: attr.utf8)
            out.append(contentsOf: [0x3D, 0x22])
            HTMLEscape.appendEscaped(value.utf8, to: &out, quotes: true)
            out.append(0x22)
        }
        out.append(0x3E)
    }

    private static func writeEnd(_ name: String, to out: inout [UInt8]) {
        out.append(contentsOf: [0x3C, 0x2F])
        out.append(contentsOf: name.utf8)
        out.append(0x3E)
    }

    /// The absolute URL when its scheme is allowed, else `nil`.
    static func safeURL(_ raw: String, base: URLResolver.Base?, imagesOnly: Bool) -> String? {
        // Control characters and whitespace inside a scheme are a classic filter bypass ("java\tscript:").
        var cleaned = raw
        if raw.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) {
            cleaned = String(decoding: raw.utf8.filter { $0 > 0x20 && $0 != 0x7F }, as: UTF8.self)
        }
        guard !cleaned.isEmpty else { return nil }
        let resolved = URLResolver.resolve(cleaned, against: base)
        switch URLResolver.scheme(of: resolved) {
        case nil: return resolved  // still relative (no base): harmless
        case "http", "https": return resolved
        case "mailto": return imagesOnly ? nil : resolved
        default: return nil
        }
    }
}
