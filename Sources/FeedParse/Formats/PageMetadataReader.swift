internal import CLibXML2
internal import Foundation

/// Reads ``PageMetadata`` from an HTML page with libxml2's HTML parser. The first source that has a
/// field wins: Open Graph, then JSON-LD, then plain HTML.
enum PageMetadataReader {
    static func read(_ html: [UInt8], url: String?) -> PageMetadata {
        (try? HTMLScraper.withDocument(html) { doc throws(FeedParseError) in
            func meta(_ names: String...) -> String? {
                names.lazy.compactMap { name in
                    HTMLScraper.text("//meta[@property='\(name)' or @name='\(name)'][@content]/@content", doc: doc, node: nil)
                }.first
            }
            func first(_ expr: String) -> String? { HTMLScraper.text(expr, doc: doc, node: nil) }
            let article = HTMLScraper.evaluate("//script[@type='application/ld+json']", doc: doc, node: nil)
                .lazy.compactMap { LinkedData.article(in: HTMLScraper.content($0)) }.first
            var page = PageMetadata()
            page.title = meta("og:title") ?? article?.headline ?? meta("twitter:title") ?? first("//title")
            page.summary = meta("og:description") ?? article?.description ?? meta("description", "twitter:description")
            page.published =
                (meta("article:published_time") ?? article?.datePublished ?? meta("date", "pubdate", "dc.date")
                ?? first("//time/@datetime")).flatMap(DateParser.parse)
            page.modified = (meta("article:modified_time", "og:updated_time") ?? article?.dateModified).flatMap(DateParser.parse)
            page.siteName = meta("og:site_name") ?? article?.publisher
            page.author = meta("author", "article:author") ?? article?.author
            let canonical = first("//link[@rel='canonical']/@href") ?? meta("og:url")
            page.url = canonical.flatMap { SafeLink.web(URLResolver.resolve($0, against: url)) } ?? url
            return page
        }) ?? PageMetadata(url: url)
    }
}

/// The schema.org article in a JSON-LD block: the first object (at the top, in an array or in
/// `@graph`) whose `@type` ends in `Article` or is `BlogPosting`/`Report`.
private struct LinkedData {
    var headline: String?
    var description: String?
    var datePublished: String?
    var dateModified: String?
    var publisher: String?
    var author: String?

    static func article(in json: String) -> LinkedData? {
        guard let data = json.data(using: .utf8), let root = try? JSONSerialization.jsonObject(with: data) else { return nil }
        return find(root, depth: 0)
    }

    private static func find(_ value: Any, depth: Int) -> LinkedData? {
        guard depth < 4 else { return nil }
        if let array = value as? [Any] { return array.lazy.compactMap { find($0, depth: depth + 1) }.first }
        guard let object = value as? [String: Any] else { return nil }
        if let graph = object["@graph"], let found = find(graph, depth: depth + 1) { return found }
        let types = (object["@type"] as? [String]) ?? [(object["@type"] as? String) ?? ""]
        guard types.contains(where: { $0.hasSuffix("Article") || $0 == "BlogPosting" || $0 == "Report" }) else { return nil }
        return LinkedData(
            headline: text(object["headline"]) ?? text(object["name"]), description: text(object["description"]),
            datePublished: text(object["datePublished"]), dateModified: text(object["dateModified"]),
            publisher: name(object["publisher"]), author: name(object["author"]))
    }

    private static func text(_ value: Any?) -> String? {
        guard let string = value as? String else { return nil }
        let text = HTMLText.collapse(Array(string.utf8))
        return text.isEmpty ? nil : text
    }

    private static func name(_ value: Any?) -> String? {
        if let array = value as? [Any] { return array.lazy.compactMap { name($0) }.first }
        if let object = value as? [String: Any] { return text(object["name"]) }
        return text(value)
    }
}
