/// Maps RSS 0.9x/2.0 and RSS 1.0 (RDF) elements onto the feed model.
///
/// Field precedence follows the conformance contract: the first `link` wins; `description` before
/// `dc:description` before `itunes:summary`; `pubDate` is published, `dc:date`/`dcterms:modified` updated.
struct RSSParser {
    let context: MappingContext

    /// Whether an element opening at `depth` is an item: `rss/channel/item`, `rss/item`, `rdf:RDF/item`,
    /// and, as forgiving readers do, an item nested deeper because the outlet left an element unclosed
    /// before its items (the builder asks only while no item is open).
    static func isEntry(root: XElement, depth: Int, ns: Namespace, name: String) -> Bool {
        name == "item" && ns.isRSSCore && depth >= 2
    }

    /// The format of an `<rss>` document from its version attribute; RDF documents are decided by namespace.
    static func format(root: XElement, sawRSS090: Bool) -> FeedFormat {
        if root.name == "RDF" { return sawRSS090 ? .rss090 : .rss10 }
        switch root.attribute("version")?.trimmingASCIIWhitespace() {
        case "0.91": return .rss091
        case "0.92": return .rss092
        default: return .rss20
        }
    }

    /// Maps one item.
    func entry(_ item: XElement) -> ParsedEntry {
        var e = ParsedEntry()
        let guid = item.rssChild("guid")
        e.id = Fields.text(guid) ?? item.attribute("about", ns: .rdf)?.trimmingASCIIWhitespace()
        e.title = Fields.plainFromHTML(item.rssChild("title")) ?? Fields.plainFromHTML(item.child(.dc, "title"))
        e.link = firstLink(item)
        if e.link == nil, let guid, let value = Fields.text(guid),
            guid.attribute("isPermaLink")?.trimmingASCIIWhitespace().lowercased() != "false",
            value.hasPrefix("http://") || value.hasPrefix("https://")
        {
            e.link = Fields.url(value, in: guid)
        }
        let dcDate = context.date(item.child(.dc, "date"))
        e.published = context.date(item.rssChild("pubDate")) ?? dcDate ?? context.date(item.child(.dcterms, "issued"))
        e.updated = dcDate ?? context.date(item.child(.dcterms, "modified")) ?? context.date(item.child(.atom10, "updated"))
        e.authors = authors(item)
        e.summary =
            Fields.plainFromHTML(item.rssChild("description") ?? item.child(.dc, "description"))
            ?? Fields.plainFromHTML(item.child(.itunes, "summary"))
        e.content = Fields.sanitizedHTML(item.child(.content, "encoded") ?? item.child(.xhtml, "body"))
        var categories: [String] = []
        for child in item.children {
            if (child.name == "category" && child.ns.isRSSCore) || (child.name == "subject" && child.ns == .dc)
                || (child.name == "category" && child.ns == .media)
            {
                if let t = Fields.text(child), !categories.contains(t) { categories.append(t) }
            } else if child.name == "keywords", child.ns == .media, let t = Fields.text(child) {
                for keyword in t.split(separator: ",") {
                    let k = keyword.trimmingASCIIWhitespace()
                    if !k.isEmpty, !categories.contains(k) { categories.append(k) }
                }
            }
        }
        e.categories = categories
        e.enclosures = item.children.compactMap { child -> Enclosure? in
            guard child.name == "enclosure", child.ns.isRSSCore, let url = Fields.url(child.attribute("url"), in: child) else { return nil }
            return Fields.enclosure(url, from: child)
        }
        e.image = MediaImage.find(in: item)
        context.finish(&e, line: item.line)
        return e
    }

    /// Maps the channel (or the document element of an RDF or channel-less RSS document).
    func feed(root: XElement, into feed: inout ParsedFeed) {
        let channel = root.rssChild("channel") ?? root
        // dc:title only as a fallback.
        feed.title = Fields.plainFromHTML(channel.rssChild("title")) ?? Fields.plainFromHTML(channel.child(.dc, "title"))
        feed.link = firstLink(channel)
        feed.subtitle =
            Fields.plainFromHTML(channel.rssChild("description") ?? channel.child(.dc, "description"))
            ?? Fields.plainFromHTML(channel.child(.itunes, "subtitle"))
        feed.language = Fields.text(channel.rssChild("language") ?? channel.child(.dc, "language"))
        feed.updated =
            context.date(channel.rssChild("lastBuildDate")) ?? context.date(channel.child(.dc, "date"))
            ?? context.date(channel.child(.dcterms, "modified")) ?? context.date(channel.rssChild("pubDate"))
        Fields.selfAndHub(channel.children(.atom10, "link"), into: &feed)
        if let editor = Fields.text(channel.rssChild("managingEditor")) {
            feed.authors = [Fields.rssPerson(editor)]
        } else {
            feed.authors = channel.children(.dc, "creator").compactMap(Fields.text).map { Person(name: $0) }
        }
        let imageURL = (channel.rssChild("image") ?? root.rssChild("image"))?.rssChild("url")
        feed.image =
            imageURL.flatMap { Fields.url(Fields.text($0), in: $0) }
            ?? channel.child(.itunes, "image").flatMap { Fields.url($0.attribute("href"), in: $0) }
    }

    /// The first non-empty RSS `link`, else an `atom:link` with rel alternate (or none).
    private func firstLink(_ element: XElement) -> String? {
        for child in element.children where child.name == "link" && child.ns.isRSSCore {
            if let url = Fields.url(Fields.text(child), in: child) { return url }
            if let href = Fields.url(child.attribute("href"), in: child) { return href }
        }
        for child in element.children(.atom10, "link") {
            let rel = child.attribute("rel")?.lowercased() ?? "alternate"
            if rel == "alternate", let url = Fields.url(child.attribute("href"), in: child) { return url }
        }
        return nil
    }

    private func authors(_ item: XElement) -> [Person] {
        var people: [Person] = []
        for child in item.children {
            if child.name == "author", child.ns.isRSSCore, let t = Fields.personName(child) {
                people.append(Fields.rssPerson(t))
            } else if child.name == "creator", child.ns == .dc, let t = Fields.personName(child) {
                people.append(Fields.rssPerson(t))
            } else if child.name == "author", child.ns == .atom10, let name = Fields.text(child.child(.atom10, "name")) {
                people.append(Person(name: name, email: Fields.text(child.child(.atom10, "email"))))
            }
        }
        if people.isEmpty, let t = Fields.personName(item.child(.itunes, "author")) {
            people.append(Person(name: t))
        }
        return Fields.unique(people)
    }
}

/// Finds a representative image among Media RSS and iTunes elements.
enum MediaImage {
    /// The first media:thumbnail, image media:content (also inside media:group), or itunes:image.
    static func find(in element: XElement) -> String? {
        for child in element.children where child.ns == .media {
            switch child.name {
            case "thumbnail":
                if let url = Fields.url(child.attribute("url"), in: child) { return url }
            case "content":
                let medium = child.attribute("medium") ?? ""
                let type = child.attribute("type") ?? ""
                if medium == "image" || type.hasPrefix("image/"), let url = Fields.url(child.attribute("url"), in: child) {
                    return url
                }
                if let nested = find(in: child) { return nested }
            case "group":
                if let nested = find(in: child) { return nested }
            default:
                continue
            }
        }
        return element.child(.itunes, "image").flatMap { Fields.url($0.attribute("href"), in: $0) }
    }
}
