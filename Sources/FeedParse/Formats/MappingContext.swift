internal import Foundation

/// Shared state while mapping one document: diagnostics, id bookkeeping and field helpers used by every
/// format mapper.
/// Mutable state is `@exclusivity(unchecked)`: a context belongs to one synchronous parse on one thread.
final class MappingContext {
    let options: ParseOptions
    @exclusivity(unchecked) private(set) var diagnostics: [ParseDiagnostic] = []
    /// The ids seen so far, as 64-bit FNV-1a hashes: hashing a long id once is cheaper than a string set
    /// over 20,000 entries, and two distinct ids sharing a hash (about 1 in 10^11 for such a document)
    /// would only raise a spurious duplicate-id warning.
    @exclusivity(unchecked) private var seenIDs: Set<UInt64> = []
    @exclusivity(unchecked) private var dropped = 0

    init(options: ParseOptions) {
        self.options = options
    }

    /// Records a diagnostic, up to the configured maximum.
    func note(_ diagnostic: ParseDiagnostic) {
        if diagnostics.count < options.maxDiagnostics { diagnostics.append(diagnostic) } else { dropped += 1 }
    }

    /// Appends diagnostics gathered elsewhere (prepass, libxml2).
    func note(contentsOf list: [ParseDiagnostic]) {
        for d in list { note(d) }
    }

    /// Parses a date element's text; an unparseable date is `nil` plus a diagnostic.
    func date(_ element: XElement?) -> Date? {
        guard let element else { return nil }
        let text = element.string.trimmingASCIIWhitespace()
        guard !text.isEmpty else { return nil }
        if let d = DateParser.parse(text) { return d }
        note(ParseDiagnostic(.unparseableDate, "unparseable date '\(text.prefix(60))' in <\(element.name)>", line: element.line))
        return nil
    }

    /// Fills ``ParsedEntry/stableID`` and reports a duplicate id.
    func finish(_ entry: inout ParsedEntry, line: Int) {
        if let id = entry.id, !id.isEmpty {
            entry.stableID = id
            entry.idIsSynthesized = false
            if !seenIDs.insert(StableHash.fnv1a64(id)).inserted {
                note(ParseDiagnostic(.duplicateID, "id '\(id.prefix(80))' appears more than once in the document", line: line))
            }
        } else {
            entry.id = nil
            entry.idIsSynthesized = true
            if let link = entry.link, !link.isEmpty {
                entry.stableID = link
            } else {
                let seed =
                    (entry.title ?? "") + "\u{1F}" + (entry.published.map(DateParser.rfc3339) ?? "")
                    + "\u{1F}" + (entry.summary ?? "")
                entry.stableID = "urn:feedhub:fnv1a64:" + StableHash.fnv1a64Hex(seed)
            }
        }
    }

    /// Counts diagnostics that were dropped elsewhere because the list was full.
    func noteDropped(_ count: Int) { dropped += count }

    /// The diagnostics, with one closing line saying how many more did not fit.
    var finalDiagnostics: [ParseDiagnostic] {
        guard dropped > 0 else { return diagnostics }
        return diagnostics + [ParseDiagnostic(.other, "\(dropped) further warnings omitted")]
    }
}

/// A deterministic, dependency-free hash for synthesized ids.
enum StableHash {
    /// 64-bit FNV-1a of the UTF-8 bytes.
    static func fnv1a64(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }

    /// 64-bit FNV-1a of the UTF-8 bytes, as 16 hex digits.
    static func fnv1a64Hex(_ text: String) -> String {
        let hex = String(fnv1a64(text), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// Field helpers over ``XElement`` shared by the XML mappers.
enum Fields {
    /// Trimmed own text, or `nil` when empty.
    static func text(_ element: XElement?) -> String? {
        guard let element else { return nil }
        let s = element.children.isEmpty ? element.string : String(decoding: element.deepText, as: UTF8.self)
        let t = s.trimmingASCIIWhitespace()
        return t.isEmpty ? nil : t
    }

    /// A person's name as plain text: markup in it (a CDATA `<p>Jane</p>`) is read as HTML; when the
    /// element holds child elements (`<name>`, then a job title), the first one with text is the name, so a
    /// role is never run into it.
    static func personName(_ element: XElement?) -> String? {
        guard let element else { return nil }
        if let first = element.children.lazy.compactMap({ text($0) }).first { return first }
        let raw = element.text
        if raw.contains(0x3C) { return plainFromHTML(element) }
        return text(element)
    }

    /// `people` with each name (or address) listed once, in first-seen order.
    static func unique(_ people: [Person]) -> [Person] {
        guard people.count > 1 else { return people }
        var seen: Set<String> = []
        return people.filter { seen.insert(($0.displayName ?? "").lowercased()).inserted }
    }

    /// Plain text of an element whose content is HTML (escaped, or inline elements).
    static func plainFromHTML(_ element: XElement?) -> String? {
        guard let element else { return nil }
        let s = element.withMarkup(HTMLText.plainText(fromHTML:))
        return s.isEmpty ? nil : s
    }

    /// Sanitized HTML of an element whose content is HTML.
    static func sanitizedHTML(_ element: XElement?) -> String? {
        guard let element else { return nil }
        let s: String
        if element.children.isEmpty {
            let bytes = element.text
            s = bytes.contains(where: { !ASCII.isSpace($0) }) ? HTMLSanitizer.sanitize(bytes, base: element.parsedBase) : ""
        } else {
            s = HTMLSanitizer.sanitize(contentOf: element, base: element.parsedBase)
        }
        return s.isEmpty ? nil : s
    }

    /// An absolute URL from an element's text or attribute, resolved against its base.
    static func url(_ raw: String?, in element: XElement) -> String? {
        guard let raw else { return nil }
        let t = raw.trimmingASCIIWhitespace()
        guard !t.isEmpty else { return nil }
        return URLResolver.resolve(t, against: element.parsedBase)
    }

    /// A person from an RSS `author`/`managingEditor` value: `jane@x.org (Jane Doe)` → Jane Doe.
    static func rssPerson(_ raw: String) -> Person {
        var s = raw.trimmingASCIIWhitespace()
        if !s.utf8.contains(where: { $0 == 0x28 || $0 == 0x3C || $0 == 0x40 }) { return Person(name: s) }
        if let open = s.firstIndex(of: "("), let close = s.lastIndex(of: ")"), open < close {
            let name = s[s.index(after: open)..<close].trimmingASCIIWhitespace()
            let email = s[..<open].trimmingASCIIWhitespace()
            if email.contains("@"), !email.contains(" ") {
                if !name.isEmpty { return Person(name: name, email: email) }
                s = email
            }
        }
        if let lt = s.firstIndex(of: "<"), let gt = s.lastIndex(of: ">"), lt < gt {
            let email = s[s.index(after: lt)..<gt].trimmingASCIIWhitespace()
            let name = s[..<lt].trimmingASCIIWhitespace().strippingCharacters("\"")
            return Person(name: name.isEmpty ? nil : name, email: email.isEmpty ? nil : email)
        }
        if s.contains("@"), !s.contains(" ") { return Person(email: s) }
        return Person(name: s)
    }

    /// Fills the feed's self and WebSub hub links from Atom `link` elements (the first of each wins).
    static func selfAndHub(_ links: [XElement], into feed: inout ParsedFeed) {
        for link in links {
            let rel = link.attribute("rel")?.lowercased()
            if rel == "self", feed.selfLink == nil { feed.selfLink = url(link.attribute("href"), in: link) }
            if rel == "hub", feed.hub == nil { feed.hub = url(link.attribute("href"), in: link) }
        }
    }

    /// An enclosure at `url` with the element's `type` and `length` attributes.
    static func enclosure(_ url: String, from element: XElement) -> Enclosure {
        let type = element.attribute("type")?.trimmingASCIIWhitespace()
        return Enclosure(url: url, type: type?.isEmpty == false ? type : nil, length: length(element.attribute("length")))
    }

    /// An integer length, when the text is a plain non-negative number.
    static func length(_ raw: String?) -> Int? {
        guard let raw else { return nil }
        let t = raw.trimmingASCIIWhitespace()
        guard !t.isEmpty, t.utf8.allSatisfy(ASCII.isDigit) else { return nil }
        return Int(t)
    }
}

extension String {
    /// The string without the given leading and trailing characters.
    fileprivate func strippingCharacters(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
