internal import CLibXML2

/// Reads HTML pages with libxml2's HTML parser: scrapes entries with XPath rules and discovers feed links.
///
/// Parsing uses `HTML_PARSE_NONET | HTML_PARSE_RECOVER`; the document never leaves ``scrape(_:url:rule:context:)``
/// or ``discoverFeeds(_:url:)``.
enum HTMLScraper {
    private static let parseOptions = Int32(
        HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_COMPACT.rawValue)

    /// Runs `body` with a parsed HTML document (UTF-8 bytes).
    static func withDocument<T>(_ bytes: [UInt8], _ body: (htmlDocPtr) throws(FeedParseError) -> T) throws(FeedParseError) -> T {
        fh_xml_silence_this_thread()
        let doc = bytes.withUnsafeBufferPointer { p in
            p.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: p.count) {
                    htmlReadMemory($0, Int32(p.count), nil, "UTF-8", parseOptions)
                }
            }
        }
        guard let doc else { throw .notAFeed(rootElement: "html", discoveredFeeds: []) }
        defer { xmlFreeDoc(doc) }
        return try body(doc)
    }

    /// Feed links declared by `<link rel="alternate" type="application/(rss|atom)+xml|feed+json">`.
    static func discoverFeeds(_ bytes: [UInt8], url: String?) -> [DiscoveredFeed] {
        (try? withDocument(bytes) { doc throws(FeedParseError) in
            var base = url
            var found: [DiscoveredFeed] = []
            for node in evaluate("//base[@href] | //link[@href]", doc: doc, node: nil) {
                let name = String(cString: node.pointee.name)
                let href = property(node, "href") ?? ""
                if name == "base" {
                    base = URLResolver.resolve(href, against: url)
                    continue
                }
                let rels = (property(node, "rel") ?? "").lowercased().split(separator: " ")
                let type = (property(node, "type") ?? "").lowercased().trimmingASCIIWhitespace()
                guard rels.contains("alternate"),
                    [
                        "application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
                        "application/rdf+xml", "text/xml", "application/xml",
                    ].contains(type)
                else { continue }
                let feedURL = URLResolver.resolve(href, against: base)
                if !found.contains(where: { $0.url == feedURL }) {
                    found.append(DiscoveredFeed(url: feedURL, type: type, title: property(node, "title")))
                }
            }
            return found
        }) ?? []
    }

    /// Entries scraped from `bytes` with `rule`.
    /// - Throws: ``FeedParseError/invalidXPath(rule:expression:)`` when an expression does not compile.
    static func scrape(_ bytes: [UInt8], url: String?, rule: ScrapeRule, context: MappingContext) throws(FeedParseError) -> ParsedFeed {
        try withDocument(bytes) { doc throws(FeedParseError) in
            var feed = ParsedFeed(format: .html)
            feed.link = url
            feed.title = evaluate("//title", doc: doc, node: nil).first.map { HTMLText.collapse(Array(content($0).utf8)) }
            feed.language = evaluate("/html/@lang", doc: doc, node: nil).first.map(content)
            let base = evaluate("//base/@href", doc: doc, node: nil).first.map { URLResolver.resolve(content($0), against: url) } ?? url
            for (name, expr) in [
                ("item", rule.item), ("title", rule.title), ("link", rule.link), ("date", rule.date), ("summary", rule.summary),
            ] {
                guard let expr else { continue }
                guard let compiled = xmlXPathCompile(expr) else { throw .invalidXPath(rule: name, expression: expr) }
                xmlXPathFreeCompExpr(compiled)
            }
            for item in evaluate(rule.item, doc: doc, node: nil) {
                func first(_ expr: String?) -> String? { expr.flatMap { text($0, doc: doc, node: item) } }
                var e = ParsedEntry()
                e.title = first(rule.title)
                e.link = first(rule.link).map { URLResolver.resolve($0, against: base) }
                if let raw = first(rule.date) {
                    e.published = DateParser.parse(raw)
                    if e.published == nil {
                        context.note(ParseDiagnostic(.unparseableDate, "unparseable date '\(raw.prefix(60))' in scraped item"))
                    }
                }
                e.summary = first(rule.summary)
                guard e.title != nil || e.link != nil else { continue }
                context.finish(&e, line: Int(xmlGetLineNo(item)))
                feed.entries.append(e)
            }
            return feed
        }
    }

    /// The nodes an XPath expression selects, relative to `node` when given.
    static func evaluate(_ expr: String, doc: htmlDocPtr, node: xmlNodePtr?) -> [xmlNodePtr] {
        guard let ctx = xmlXPathNewContext(doc) else { return [] }
        defer { xmlXPathFreeContext(ctx) }
        if let node { ctx.pointee.node = node }
        guard let result = xmlXPathEvalExpression(expr, ctx) else { return [] }
        defer { xmlXPathFreeObject(result) }
        guard let set = result.pointee.nodesetval, set.pointee.nodeNr > 0, let tab = set.pointee.nodeTab else { return [] }
        return (0..<Int(set.pointee.nodeNr)).compactMap { tab[$0] }
    }

    /// The whitespace-collapsed text of the first node `expr` selects (relative to `node` when given);
    /// `nil` when it selects nothing or only blank text.
    static func text(_ expr: String, doc: htmlDocPtr, node: xmlNodePtr?) -> String? {
        guard let found = evaluate(expr, doc: doc, node: node).first else { return nil }
        let text = HTMLText.collapse(Array(content(found).utf8))
        return text.isEmpty ? nil : text
    }

    /// The text content of a node (an attribute's value, an element's descendant text).
    static func content(_ node: xmlNodePtr) -> String {
        guard let raw = xmlNodeGetContent(node) else { return "" }
        defer { fh_xml_free(raw) }
        return String(cString: raw)
    }

    static func property(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let raw = xmlGetProp(node, name) else { return nil }
        defer { fh_xml_free(raw) }
        return String(cString: raw)
    }
}
