/// The normalised JSON form of a parsed feed (the conformance contract in `shared/conformance/SCHEMA.md`),
/// plus `charset`, `charset_rule` and `warnings`.
extension ParsedFeed {
    /// One JSON object, UTF-8, keys in a fixed order; byte-identical for identical feeds.
    public func normalizedJSON() -> String {
        let w = JSONWriter()
        w.object {
            w.field("format", format.rawValue)
            w.field("title", title)
            w.field("link", link)
            w.field("subtitle", subtitle)
            w.field("language", language)
            w.field("updated", updated.map(DateParser.rfc3339))
            w.field("self", selfLink)
            w.field("charset", charset.charset)
            w.field("charset_rule", charset.rule.rawValue)
            w.key("entries")
            w.array(entries) { entry in
                w.object {
                    w.field("id", entry.id)
                    w.field("stable_id", entry.stableID)
                    w.field("id_synthesized", entry.idIsSynthesized)
                    w.field("title", entry.title)
                    w.field("link", entry.link)
                    w.field("published", entry.published.map(DateParser.rfc3339))
                    w.field("updated", entry.updated.map(DateParser.rfc3339))
                    w.key("authors")
                    w.array(entry.authors.compactMap(\.displayName)) { w.value($0) }
                    w.field("summary", entry.summary)
                    w.field("content", entry.content)
                    w.key("categories")
                    w.array(entry.categories) { w.value($0) }
                    w.key("enclosures")
                    w.array(entry.enclosures) { enc in
                        w.object {
                            w.field("url", enc.url)
                            w.field("type", enc.type)
                            w.field("length", enc.length)
                        }
                    }
                    w.field("image", entry.image)
                }
            }
            w.key("warnings")
            w.array(diagnostics.map(\.description)) { w.value($0) }
        }
        return w.output
    }
}

/// A minimal streaming JSON writer with deterministic key order.
final class JSONWriter {
    private(set) var output = ""
    private var needsComma: [Bool] = []

    func object(_ body: () -> Void) {
        separator()
        output += "{"
        needsComma.append(false)
        body()
        needsComma.removeLast()
        output += "}"
    }

    func array<T>(_ items: [T], _ body: (T) -> Void) {
        separator()
        output += "["
        needsComma.append(false)
        for item in items { body(item) }
        needsComma.removeLast()
        output += "]"
    }

    func key(_ k: String) {
        separator()
        appendString(k)
        output += ":"
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = false }
    }

    func field(_ k: String, _ v: String?) {
        key(k)
        value(v)
    }

    func field(_ k: String, _ v: Int?) {
        key(k)
        separator()
        output += v.map(String.init) ?? "null"
    }

    func field(_ k: String, _ v: Bool) {
        key(k)
        separator()
        output += v ? "true" : "false"
    }

    func value(_ v: String?) {
        separator()
        guard let v else {
            output += "null"
            return
        }
        appendString(v)
    }

    private func separator() {
        guard !needsComma.isEmpty else { return }
        if needsComma[needsComma.count - 1] { output += "," }
        needsComma[needsComma.count - 1] = true
    }

    private func appendString(_ s: String) {
        output += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
