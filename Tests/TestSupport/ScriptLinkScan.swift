public import Foundation

/// Finds script-type URLs (`javascript:`, `vbscript:`, `data:`, `file:`) in what FeedHub sends or stores,
/// read the way a browser or a feed reader would read it. Written independently of FeedParse's
/// `SafeLink`, so a test built on it checks that code instead of repeating it.
public enum ScriptLinkScan {
    static let schemes = ["javascript:", "vbscript:", "data:", "file:"]

    /// Whether a browser would take `value` as a script-type URL: tab, line feed and carriage return
    /// removed anywhere, C0 controls and spaces trimmed, case ignored.
    public static func isScriptType(_ value: String) -> Bool {
        var scalars = value.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
        while let first = scalars.first, first.value <= 0x20 { scalars.removeFirst() }
        let text = String(String.UnicodeScalarView(scalars)).lowercased()
        return schemes.contains { text.hasPrefix($0) }
    }

    /// Every attribute value and text run of HTML or XML `markup` (character references decoded once, as
    /// a parser does) that is a script-type URL; escaped markup inside text (Atom `type="html"`, RSS
    /// descriptions) is scanned again, once decoded.
    public static func offending(markup: String, depth: Int = 0) -> [String] {
        var found: [String] = []
        for value in attributeValues(markup) + textRuns(markup) {
            let decoded = decodeReferences(value)
            if isScriptType(decoded) { found.append(decoded) }
            if depth == 0, decoded.contains("<") { found += offending(markup: decoded, depth: 1) }
        }
        return found
    }

    /// Every string in a JSON document that is a script-type URL (or holds markup with one).
    public static func offending(json: Data) throws -> [String] {
        var found: [String] = []
        func walk(_ value: Any) {
            if let s = value as? String {
                if isScriptType(s) { found.append(s) }
                if s.contains("<") { found += offending(markup: s, depth: 1) }
            } else if let a = value as? [Any] {
                a.forEach(walk)
            } else if let o = value as? [String: Any] {
                o.values.forEach(walk)
            }
        }
        walk(try JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed]))
        return found
    }

    static func attributeValues(_ markup: String) -> [String] {
        let pattern = #"[A-Za-z_:][-A-Za-z0-9_:.]*\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#
        let regex = try! NSRegularExpression(pattern: pattern)
        let ns = markup as NSString
        return regex.matches(in: markup, range: NSRange(location: 0, length: ns.length)).compactMap { m in
            (1...3).lazy.compactMap { i in m.range(at: i).location != NSNotFound ? ns.substring(with: m.range(at: i)) : nil }.first
        }
    }

    static func textRuns(_ markup: String) -> [String] {
        var runs: [String] = []
        var current = ""
        var inTag = false
        for c in markup {
            if c == "<" {
                if !current.isEmpty { runs.append(current) }
                current = ""
                inTag = true
            } else if c == ">", inTag {
                inTag = false
            } else if !inTag {
                current.append(c)
            }
        }
        if !current.isEmpty { runs.append(current) }
        // CDATA sections keep their text between the markers.
        return runs.map { $0.replacingOccurrences(of: "]]", with: "") }
    }

    /// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&colon;`, `&Tab;`, `&NewLine;` and numeric references.
    public static func decodeReferences(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let named = [
            "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "colon": ":", "tab": "\t", "newline": "\n", "nbsp": "\u{A0}",
        ]
        var out = ""
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == "&", let semicolon = text[i...].prefix(12).firstIndex(of: ";") {
                let name = text[text.index(after: i)..<semicolon]
                var replacement: String?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    replacement = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
                } else if name.hasPrefix("#") {
                    replacement = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
                } else {
                    replacement = named[name.lowercased()]
                }
                if let replacement {
                    out += replacement
                    i = text.index(after: semicolon)
                    continue
                }
            }
            out.append(text[i])
            i = text.index(after: i)
        }
        return out
    }
}
