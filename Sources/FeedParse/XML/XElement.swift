/// A lightweight, namespace-aware element built from SAX events.
///
/// Only one entry's subtree (plus the small channel-level tree) exists at a time: the parser streams.
/// Text is kept as UTF-8 bytes; `childOffsets` records where in `text` each child began, so mixed content
/// (inline XHTML) can be serialised in order.
/// Mutable state is `@exclusivity(unchecked)` for the reason given on ``SAXTreeBuilder``.
final class XElement {
    let ns: Namespace
    let name: String
    @exclusivity(unchecked) var attributes: [XAttribute]
    @exclusivity(unchecked) var children: [XElement] = []
    @exclusivity(unchecked) var childOffsets: [Int] = []
    @exclusivity(unchecked) var text: [UInt8] = []
    /// The effective base URL (xml:base resolved against the parents and the document URL).
    let base: String?
    /// The effective xml:lang.
    let lang: String?
    /// The line where the element starts.
    let line: Int

    init(ns: Namespace, name: String, attributes: [XAttribute], base: String?, lang: String?, line: Int) {
        self.ns = ns
        self.name = name
        self.attributes = attributes
        self.base = base
        self.lang = lang
        self.line = line
    }

    // The lookups below walk the arrays through a buffer pointer: `first(where:)` and `filter` retained and
    // released each element they looked at (~5% of an Atom parse of 16 entries, measured).

    /// The first child with this namespace and name.
    func child(_ ns: Namespace, _ name: String) -> XElement? {
        children.withUnsafeBufferPointer { all in
            for i in all.indices where all[i].ns == ns && all[i].name == name { return all[i] }
            return nil
        }
    }

    /// The first RSS core child (no namespace, RSS 0.90 or 1.0) with this name.
    func rssChild(_ name: String) -> XElement? {
        children.withUnsafeBufferPointer { all in
            for i in all.indices where all[i].name == name && all[i].ns.isRSSCore { return all[i] }
            return nil
        }
    }

    /// All children with this namespace and name.
    func children(_ ns: Namespace, _ name: String) -> [XElement] {
        children.withUnsafeBufferPointer { all in
            var found: [XElement] = []
            for i in all.indices where all[i].ns == ns && all[i].name == name { found.append(all[i]) }
            return found
        }
    }

    /// An attribute value by local name, in no namespace unless one is given.
    func attribute(_ name: String, ns: Namespace = .none) -> String? {
        attributes.withUnsafeBufferPointer { all in
            for i in all.indices where all[i].name == name && all[i].ns == ns { return all[i].value }
            return nil
        }
    }

    /// The element's own text (children's text not included), undecoded bytes as UTF-8 string.
    var string: String { String(decoding: text, as: UTF8.self) }

    /// All text of the element and its descendants, in document order.
    var deepText: [UInt8] {
        if children.isEmpty { return text }
        var out: [UInt8] = []
        appendDeepText(to: &out)
        return out
    }

    private func appendDeepText(to out: inout [UInt8]) {
        var start = 0
        for (k, child) in children.enumerated() {
            let offset = childOffsets[k]
            out.append(contentsOf: text[start..<offset])
            child.appendDeepText(to: &out)
            start = offset
        }
        out.append(contentsOf: text[start...])
    }

    /// The element's content serialised as HTML: text escaped, child elements written as tags
    /// (namespace prefixes dropped). Used for inline XHTML and unescaped HTML inside RSS.
    var innerHTML: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count + 64)
        appendInner(to: &out)
        return out
    }

    private func appendInner(to out: inout [UInt8]) {
        var start = 0
        for (k, child) in children.enumerated() {
            let offset = childOffsets[k]
            HTMLEscape.appendEscaped(text[start..<offset], to: &out)
            child.appendOuter(to: &out)
            start = offset
        }
        HTMLEscape.appendEscaped(text[start...], to: &out)
    }

    private func appendOuter(to out: inout [UInt8]) {
        out.append(0x3C)
        out.append(contentsOf: name.utf8)
        for attr in attributes where attr.ns == .none {
            out.append(0x20)
            out.append(contentsOf: attr.name.utf8)
            out.append(contentsOf: "=\"".utf8)
            HTMLEscape.appendEscaped(attr.value.utf8, to: &out, quotes: true)
            out.append(0x22)
        }
        out.append(0x3E)
        appendInner(to: &out)
        out.append(contentsOf: "</".utf8)
        out.append(contentsOf: name.utf8)
        out.append(0x3E)
    }
}

/// One attribute of an ``XElement``.
struct XAttribute {
    let ns: Namespace
    let name: String
    let value: String
}
