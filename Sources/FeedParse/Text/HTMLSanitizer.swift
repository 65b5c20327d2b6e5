/// Sanitizes HTML content against an allowlist, resolving links against a base URL.
///
/// Kept: text formatting, links (http, https, mailto), images (http, https), lists, quotes, headings,
/// tables, figures. Dropped with their content: script, style, iframe, object, embed, form and the like.
/// Other tags are dropped but their text is kept. Event handlers, `style`, and every attribute not on the
/// allowlist are removed; `javascript:` and `data:` URLs never survive. Output is balanced HTML.
enum HTMLSanitizer {
    private static let allowed: Set<String> = [
        "a", "abbr", "acronym", "address", "b", "bdi", "bdo", "big", "blockquote", "br", "caption", "center", "cite",
        "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q",
        "rp", "rt", "ruby", "s", "samp", "small", "span", "strike", "strong", "sub", "summary", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "wbr",
    ]
    private static let dropWithContent: Set<String> = HTMLText.rawTextElements.union([
        "form", "applet", "frameset", "frame", "select", "button", "head", "title", "base", "link", "meta",
    ])
    private static let void: Set<String> = ["br", "hr", "img", "col", "wbr"]
    private static let allowedAttributes: [String: Set<String>] = [
        "a": ["href", "title", "hreflang"],
        "img": ["src", "alt", "title", "width", "height"],
        "abbr": ["title"], "acronym": ["title"],
        "blockquote": ["cite"], "q": ["cite"], "del": ["cite", "datetime"], "ins": ["cite", "datetime"],
        "time": ["datetime"],
        "ol": ["start", "type", "reversed"], "li": ["value"],
        "td": ["colspan", "rowspan", "headers"], "th": ["colspan", "rowspan", "scope", "headers"],
        "col": ["span"], "colgroup": ["span"],
    ]
    private static let urlAttributes: Set<String> = ["href", "src", "cite"]

    /// Sanitized HTML of `bytes`, with relative URLs resolved against `base`.
    static func sanitize(_ bytes: [UInt8], base: String?) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var open: [String] = []
        bytes.withUnsafeBufferPointer { p in
            var tokenizer = HTMLTokenizer(p)
            while let token = tokenizer.next() {
                switch token {
                case .text(let range):
                    var decoded: [UInt8] = []
                    decoded.reserveCapacity(range.count)
                    HTMLEntityDecoder.appendDecoded(UnsafeBufferPointer(rebasing: p[range]), to: &decoded)
                    HTMLEscape.appendEscaped(decoded, to: &out)
                case .start(let name, let attributes, let selfClosing):
                    if dropWithContent.contains(name) {
                        if !selfClosing, !void.contains(name) { tokenizer.skipRawText(name) }
                        continue
                    }
                    guard allowed.contains(name) else { continue }
                    writeStart(name, attributes, base: base, to: &out)
                    if !void.contains(name), !selfClosing { open.append(name) }
                case .end(let name):
                    guard allowed.contains(name), !void.contains(name), let k = open.lastIndex(of: name) else { continue }
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

    private static func writeStart(_ name: String, _ attributes: [(String, String)], base: String?, to out: inout [UInt8]) {
        out.append(0x3C)
        out.append(contentsOf: name.utf8)
        if let permitted = allowedAttributes[name] {
            var seen: Set<String> = []
            for (attr, rawValue) in attributes where permitted.contains(attr) && !seen.contains(attr) {
                var value = rawValue
                if urlAttributes.contains(attr) {
                    guard let safe = safeURL(rawValue, base: base, imagesOnly: attr == "src") else { continue }
                    value = safe
                }
                seen.insert(attr)
                out.append(0x20)
                out.append(contentsOf: attr.utf8)
                out.append(contentsOf: [0x3D, 0x22])
                HTMLEscape.appendEscaped(value.utf8, to: &out, quotes: true)
                out.append(0x22)
            }
        }
        out.append(0x3E)
    }

    private static func writeEnd(_ name: String, to out: inout [UInt8]) {
        out.append(contentsOf: [0x3C, 0x2F])
        out.append(contentsOf: name.utf8)
        out.append(0x3E)
    }

    /// The absolute URL when its scheme is allowed, else `nil`.
    static func safeURL(_ raw: String, base: String?, imagesOnly: Bool) -> String? {
        // Control characters and whitespace inside a scheme are a classic filter bypass ("java\tscript:").
        let cleaned = String(String.UnicodeScalarView(raw.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }))
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
