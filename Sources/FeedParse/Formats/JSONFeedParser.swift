internal import Foundation

/// Reads JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/).
struct JSONFeedParser {
    let context: MappingContext
    let documentURL: String?

    /// Parses UTF-8 JSON bytes.
    /// - Throws: ``FeedParseError/malformedJSON(message:)``, or ``FeedParseError/notAFeed(rootElement:discoveredFeeds:)``
    ///   when the JSON is not a JSON Feed (no version).
    func parse(_ bytes: [UInt8], onEntry: (ParsedEntry) -> Void) throws(FeedParseError) -> ParsedFeed {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            throw .malformedJSON(message: "\(error.localizedDescription)")
        }
        guard let root = object as? [String: Any], let version = root["version"] as? String,
            version.contains("jsonfeed.org/version/") || ["1", "1.0", "1.1"].contains(version.trimmingASCIIWhitespace())
        else {
            throw .notAFeed(rootElement: "JSON without a JSON Feed version", discoveredFeeds: [])
        }
        var feed = ParsedFeed(format: version.hasSuffix("1.1") ? .json11 : .json10)
        let base = string(root["feed_url"]).map { URLResolver.resolve($0, against: documentURL) } ?? documentURL
        feed.title = string(root["title"]).map { HTMLText.plainText(fromText: Array($0.utf8)) }
        feed.link = url(root["home_page_url"], base)
        feed.selfLink = url(root["feed_url"], documentURL)
        feed.subtitle = string(root["description"]).map { HTMLText.plainText(fromText: Array($0.utf8)) }
        feed.language = string(root["language"])
        feed.authors = people(root)
        feed.image = url(root["icon"], base) ?? url(root["favicon"], base)
        if let hubs = root["hubs"] as? [[String: Any]], let first = hubs.first {
            feed.hub = url(first["url"], base)
        }
        for case let item as [String: Any] in (root["items"] as? [Any]) ?? [] {
            onEntry(entry(item, base: base))
        }
        return feed
    }

    private func entry(_ item: [String: Any], base: String?) -> ParsedEntry {
        var e = ParsedEntry()
        if let id = item["id"] as? String {
            e.id = id
        } else if let n = item["id"] as? NSNumber {
            e.id = n.stringValue
        }
        e.title = string(item["title"]).map { HTMLText.plainText(fromText: Array($0.utf8)) }
        e.link = url(item["url"], base) ?? url(item["external_url"], base)
        e.published = date(item["date_published"])
        e.updated = date(item["date_modified"])
        e.authors = people(item)
        e.summary = string(item["summary"]).map { HTMLText.plainText(fromText: Array($0.utf8)) }
        if let html = string(item["content_html"]) {
            e.content = HTMLSanitizer.sanitize(Array(html.utf8), base: base)
        } else if let text = string(item["content_text"]) {
            e.content = HTMLEscape.escape(text, quotes: false)
        }
        e.categories = (item["tags"] as? [Any])?.compactMap { string($0) } ?? []
        e.enclosures = ((item["attachments"] as? [Any]) ?? []).compactMap { raw -> Enclosure? in
            guard let a = raw as? [String: Any], let u = url(a["url"], base) else { return nil }
            let size = (a["size_in_bytes"] as? NSNumber)?.intValue
            return Enclosure(url: u, type: string(a["mime_type"]), length: size)
        }
        e.image = url(item["image"], base) ?? url(item["banner_image"], base)
        context.finish(&e, line: 0)
        return e
    }

    private func people(_ object: [String: Any]) -> [Person] {
        var list: [[String: Any]] = (object["authors"] as? [[String: Any]]) ?? []
        if list.isEmpty, let single = object["author"] as? [String: Any] { list = [single] }
        return list.compactMap { a in
            let name = string(a["name"])
            let uri = string(a["url"])
            return name == nil && uri == nil ? nil : Person(name: name, uri: uri)
        }
    }

    private func string(_ value: Any?) -> String? {
        guard let s = value as? String else { return nil }
        let t = s.trimmingASCIIWhitespace()
        return t.isEmpty ? nil : t
    }

    private func url(_ value: Any?, _ base: String?) -> String? {
        string(value).map { URLResolver.resolve($0, against: base) }
    }

    private func date(_ value: Any?) -> Date? {
        guard let s = string(value) else { return nil }
        if let d = DateParser.parse(s) { return d }
        context.note(ParseDiagnostic(.unparseableDate, "unparseable date '\(s.prefix(60))'"))
        return nil
    }
}
