internal import Foundation

/// Re-tokenizes sanitized HTML, independently of FeedParse's tokenizer, and lists what breaks the content
/// policy: an element outside the allowlist, an `on*` or `style` attribute, an attribute outside the
/// element's allowlist, a URL that is not http, https, mailto or relative.
public enum MarkupPolicyScan {
    static let allowed: Set<String> = [
        "abbr", "acronym", "address", "b", "bdi", "bdo", "big", "blockquote", "caption", "center", "cite", "code", "col",
        "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4",
        "h5", "h6", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small",
        "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr",
        "tt", "u", "ul", "var", "a", "img", "br", "hr", "wbr",
    ]
    static let urlAttributes: Set<String> = ["href", "src", "cite"]
    static let attributes: Set<String> = [
        "href", "title", "hreflang", "cite", "datetime", "start", "type", "reversed", "value", "colspan", "rowspan", "headers",
        "scope", "span", "src", "alt", "width", "height",
    ]

    /// Every violation in `html`, one readable line each.
    public static func violations(_ html: String) -> [String] {
        var found: [String] = []
        let tag = try! NSRegularExpression(pattern: #"<(/?)([A-Za-z][^\s/>]*)([^>]*)>"#)
        let attribute = try! NSRegularExpression(pattern: #"([^\s=/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?"#)
        let ns = html as NSString
        for m in tag.matches(in: html, range: NSRange(location: 0, length: ns.length)) {
            let name = ns.substring(with: m.range(at: 2)).lowercased()
            if !allowed.contains(name) { found.append("element <\(name)>") }
            let attrs = ns.substring(with: m.range(at: 3))
            let ans = attrs as NSString
            for a in attribute.matches(in: attrs, range: NSRange(location: 0, length: ans.length)) {
                let attr = ans.substring(with: a.range(at: 1)).lowercased()
                if attr.hasPrefix("on") || attr == "style" || !attributes.contains(attr) { found.append("attribute \(attr) on <\(name)>") }
                let value =
                    (2...4).lazy.compactMap { i in a.range(at: i).location != NSNotFound ? ans.substring(with: a.range(at: i)) : nil }
                    .first ?? ""
                if urlAttributes.contains(attr), let scheme = scheme(of: value), !["http", "https", "mailto"].contains(scheme) {
                    found.append("\(attr)=\(value) on <\(name)>")
                }
            }
        }
        return found
    }

    static func scheme(of value: String) -> String? {
        let text = value.replacingOccurrences(of: "&amp;", with: "&").trimmingCharacters(in: .whitespaces).lowercased()
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let head = text[..<colon]
        if head.contains("/") || head.contains("?") || head.contains("#") { return nil }
        return String(head)
    }
}
