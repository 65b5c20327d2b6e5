/// Drops every link of a parsed document that is not a web address (``SafeLink``), with a diagnostic
/// naming the entry, so no `javascript:`, `data:` or `file:` link leaves the parser however it was
/// disguised. Content HTML is the sanitizer's business; this covers the link fields.
struct LinkFilter {
    let context: MappingContext

    /// Cleans one entry's link, enclosures, image and authors' home pages.
    func clean(_ entry: inout ParsedEntry) {
        // Named only when a link is dropped (the owner is an autoclosure): prefix(60) walks graphemes.
        let title = entry.title
        func name() -> String { title.map { "entry '\($0.prefix(60))'" } ?? "an untitled entry" }
        entry.link = keep(entry.link, "link", of: name())
        if entry.enclosures.contains(where: { SafeLink.web($0.url) != $0.url }) {
            entry.enclosures = entry.enclosures.compactMap { enclosure in
                var e = enclosure
                guard let url = keep(e.url, "enclosure", of: name()) else { return nil }
                e.url = url
                return e
            }
        }
        entry.image = keep(entry.image, "image", of: name())
        clean(&entry.authors, of: name())
    }

    /// Cleans the feed's own links.
    func clean(_ feed: inout ParsedFeed) {
        feed.link = keep(feed.link, "link", of: "the feed")
        feed.selfLink = keep(feed.selfLink, "self link", of: "the feed")
        feed.hub = keep(feed.hub, "hub", of: "the feed")
        feed.image = keep(feed.image, "image", of: "the feed")
        clean(&feed.authors, of: "the feed")
    }

    private func clean(_ people: inout [Person], of owner: @autoclosure () -> String) {
        for i in people.indices where people[i].uri != nil {
            people[i].uri = keep(people[i].uri, "author's home page", of: owner())
        }
    }

    /// `owner` names whose link it is; it is worded only when the link is dropped.
    private func keep(_ link: String?, _ field: String, of owner: @autoclosure () -> String) -> String? {
        guard let link else { return nil }
        if let web = SafeLink.web(link) { return web }
        context.note(
            ParseDiagnostic(
                .unsafeLink, "dropped the \(field) of \(owner()): '\(Self.shown(link))' is not an http or https address"))
        return nil
    }

    /// The link as a diagnostic shows it: control characters escaped, at most 80 characters.
    static func shown(_ link: String) -> String {
        String(
            link.unicodeScalars.prefix(80).map { $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16))}" : String($0) }
                .joined())
    }
}
