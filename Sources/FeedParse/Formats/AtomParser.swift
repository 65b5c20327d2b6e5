internal import Foundation

/// Maps Atom 1.0 (RFC 4287) and Atom 0.3 elements onto the feed model.
struct AtomParser {
    let context: MappingContext
    /// `.atom10` or `.atom03`: the namespace the document's elements are in (`.none` reads as 1.0).
    let ns: Namespace

    /// Whether an element opening at `depth` is an entry: `feed/entry`, or one nested deeper because the
    /// feed left an element (an `author`, a `subtitle`) unclosed before its entries.
    static func isEntry(root: XElement, depth: Int, ns: Namespace, name: String) -> Bool {
        depth >= 2 && name == "entry" && ns == root.ns
    }

    /// Maps one entry.
    func entry(_ el: XElement) -> ParsedEntry {
        var e = ParsedEntry()
        e.id = Fields.text(el.child(ns, "id"))
        e.title = plain(el.child(ns, "title")) ?? Fields.plainFromHTML(el.child(.dc, "title"))
        e.link = alternateLink(el)
        e.published = context.date(el.child(ns, "published") ?? el.child(ns, "issued") ?? el.child(ns, "created"))
        e.updated = context.date(el.child(ns, "updated") ?? el.child(ns, "modified") ?? el.child(.dc, "date"))
        // Every author once: Atom's, then any dc:creator not among them.
        e.authors = Fields.unique(
            el.children(ns, "author").compactMap(person)
                + el.children(.dc, "creator").compactMap(Fields.personName).map { Person(name: $0) })
        e.summary = plain(el.child(ns, "summary")) ?? Fields.plainFromHTML(el.child(.dc, "description"))
        e.content = el.child(ns, "content").flatMap(html)
        var categories: [String] = []
        for c in el.children(ns, "category") {
            let term = c.attribute("term")?.trimmingASCIIWhitespace()
            let label = c.attribute("label")?.trimmingASCIIWhitespace()
            if let value = (term?.isEmpty == false ? term : label), !value.isEmpty, !categories.contains(value) {
                categories.append(value)
            }
        }
        for c in el.children(.dc, "subject") {
            if let t = Fields.text(c), !categories.contains(t) { categories.append(t) }
        }
        e.categories = categories
        e.enclosures = el.children(ns, "link").compactMap { link -> Enclosure? in
            guard link.attribute("rel")?.lowercased() == "enclosure",
                let url = Fields.url(link.attribute("href"), in: link)
            else { return nil }
            return Fields.enclosure(url, from: link)
        }
        e.image = MediaImage.find(in: el)
        context.finish(&e, line: el.line)
        return e
    }

    /// Maps the feed element's metadata.
    func feed(root: XElement, into feed: inout ParsedFeed) {
        feed.title = plain(root.child(ns, "title")) ?? Fields.plainFromHTML(root.child(.dc, "title"))
        feed.link = alternateLink(root)
        feed.subtitle =
            plain(root.child(ns, "subtitle") ?? root.child(ns, "tagline")) ?? Fields.plainFromHTML(root.child(.dc, "description"))
        feed.language = root.attribute("lang", ns: .xml) ?? Fields.text(root.child(.dc, "language"))
        feed.updated = context.date(
            root.child(ns, "updated") ?? root.child(ns, "modified") ?? root.child(.dc, "date") ?? root.child(ns, "published"))
        feed.authors = root.children(ns, "author").compactMap(person)
        Fields.selfAndHub(root.children(ns, "link"), into: &feed)
        let logo = root.child(ns, "logo") ?? root.child(ns, "icon")
        feed.image = logo.flatMap { Fields.url(Fields.text($0), in: $0) }
    }

    /// The first `alternate` (or rel-less) link with an HTML or absent type, else the first alternate link,
    /// else the `self` link, else the first link.
    private func alternateLink(_ el: XElement) -> String? {
        var fallback: String?
        for link in el.children(ns, "link") {
            let rel = link.attribute("rel")?.trimmingASCIIWhitespace().lowercased() ?? "alternate"
            guard rel == "alternate" || rel == "http://www.iana.org/assignments/relation/alternate" else { continue }
            guard let href = Fields.url(link.attribute("href"), in: link) else { continue }
            let type = link.attribute("type")?.lowercased()
            if type == nil || type == "" || type == "text/html" || type == "application/xhtml+xml" { return href }
            if fallback == nil { fallback = href }
        }
        if fallback == nil {
            // No alternate link at all (feed or entry): its self link is the best address there is, else
            // its first link of any kind, as the most forgiving readers do.
            let links = el.children(ns, "link")
            fallback =
                (links.first { $0.attribute("rel")?.lowercased() == "self" }
                ?? links.first { $0.attribute("href") != nil && $0.attribute("rel")?.lowercased() != "enclosure" })
                .flatMap { Fields.url($0.attribute("href"), in: $0) }
        }
        return fallback
    }

    private func person(_ el: XElement) -> Person? {
        let name = Fields.personName(el.child(ns, "name"))
        let email = Fields.text(el.child(ns, "email"))
        let uri = Fields.text(el.child(ns, "uri") ?? el.child(ns, "url")).map { URLResolver.resolve($0, against: el.parsedBase) }
        if name == nil, email == nil {
            // Some feeds write the name as the author element's text.
            guard el.children.isEmpty, let t = Fields.personName(el) else { return nil }
            return Person(name: t)
        }
        return Person(name: name, email: email, uri: uri)
    }

    // MARK: - Text constructs

    private enum Kind { case text, html, xhtml }

    private func kind(_ el: XElement) -> Kind {
        let type = el.attribute("type")?.trimmingASCIIWhitespace().lowercased() ?? "text"
        if type == "xhtml" || type == "application/xhtml+xml" { return .xhtml }
        if type == "html" || type == "text/html" || el.attribute("mode")?.lowercased() == "escaped" { return .html }
        if ns == .atom03, !el.children.isEmpty { return .xhtml }
        return .text
    }

    /// Calls `body` with the construct's bytes after Atom 0.3 base64 decoding.
    private func withPayload<R>(_ el: XElement, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if el.attribute("mode")?.lowercased() == "base64",
            let data = Data(base64Encoded: el.string.filter { !$0.isWhitespace })
        {
            return [UInt8](data).withUnsafeBufferPointer(body)
        }
        return body(el.text)
    }

    /// The element whose content is the XHTML content: the wrapping `div`, or the construct itself.
    private func xhtmlRoot(_ el: XElement) -> XElement {
        if el.children.count == 1, let div = el.children.first(where: { $0.name == "div" }), el.text.allSatisfy(ASCII.isSpace) {
            return div
        }
        return el
    }

    /// A text construct as plain text.
    func plain(_ el: XElement?) -> String? {
        guard let el else { return nil }
        let s: String
        switch kind(el) {
        case .text:
            s = el.children.isEmpty ? withPayload(el, HTMLText.plainText(fromText:)) : HTMLText.plainText(fromHTML: el.innerHTML)
        case .html: s = el.children.isEmpty ? withPayload(el, HTMLText.plainText(fromHTML:)) : HTMLText.plainText(fromHTML: el.innerHTML)
        case .xhtml: s = HTMLText.plainText(fromHTML: xhtmlRoot(el).innerHTML)
        }
        return s.isEmpty ? nil : s
    }

    /// A content construct as sanitized HTML; `nil` for out-of-line (`src`) or binary content.
    func html(_ el: XElement) -> String? {
        if el.attribute("src") != nil { return nil }
        let base = el.parsedBase
        func sanitize(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
            bytes.contains(where: { !ASCII.isSpace($0) }) ? HTMLSanitizer.sanitize(bytes, base: base) : ""
        }
        let s: String
        switch kind(el) {
        case .text:
            var escaped: [UInt8] = []
            if el.children.isEmpty {
                withPayload(el) { HTMLEscape.appendEscaped($0, to: &escaped) }
            } else {
                HTMLEscape.appendEscaped(el.deepText, to: &escaped)
            }
            s = escaped.withUnsafeBufferPointer(sanitize)
        case .html: s = el.children.isEmpty ? withPayload(el, sanitize) : HTMLSanitizer.sanitize(contentOf: el, base: base)
        case .xhtml:
            let root = xhtmlRoot(el)
            s =
                root.children.isEmpty
                ? root.innerHTML.withUnsafeBufferPointer(sanitize) : HTMLSanitizer.sanitize(contentOf: root, base: base)
        }
        return s.isEmpty ? nil : s
    }
}
