/// Reads an XML feed: runs the entity prepass, streams the document through ``SAXTreeBuilder`` and maps
/// elements with the RSS or Atom mapper chosen from the document element.
struct XMLFeedReader {
    let context: MappingContext
    let url: String?

    /// Reads UTF-8 XML bytes, handing each entry to `onEntry`.
    /// - Throws: ``FeedParseError``.
    func read(_ bytes: UnsafeBufferPointer<UInt8>, onEntry: (ParsedEntry) -> Void) throws(FeedParseError) -> ParsedFeed {
        let (rewritten, prepassDiagnostics) = try EntityPrepass.run(bytes, expansionLimit: context.options.maxEntityExpansionBytes)
        context.note(contentsOf: prepassDiagnostics)
        return try withoutActuallyEscaping(onEntry) { onEntry throws(FeedParseError) in
            if let rewritten {
                return try rewritten.withUnsafeBufferPointer { p throws(FeedParseError) in try run(p, onEntry: onEntry) }
            }
            return try run(bytes, onEntry: onEntry)
        }
    }

    private func run(_ bytes: UnsafeBufferPointer<UInt8>, onEntry: @escaping (ParsedEntry) -> Void) throws(FeedParseError) -> ParsedFeed {
        let context = self.context
        var rss: RSSParser?
        var atom: AtomParser?
        var sawRSS090 = false
        let builder = SAXTreeBuilder(
            documentURL: url,
            options: context.options,
            isEntry: { root, depth, ns, name in
                if atom != nil { return AtomParser.isEntry(root: root, depth: depth, ns: ns, name: name) }
                if RSSParser.isEntry(root: root, depth: depth, ns: ns, name: name) {
                    if ns == .rss090 { sawRSS090 = true }
                    return true
                }
                if depth == 2, name == "channel", ns == .rss090 { sawRSS090 = true }
                return false
            },
            onRoot: { root in
                switch (root.name, root.ns) {
                case ("rss", _), ("RDF", .rdf), ("RDF", .other), ("RDF", .none):
                    rss = RSSParser(context: context)
                case ("feed", .atom10), ("feed", .none):
                    atom = AtomParser(context: context, ns: root.ns)
                case ("feed", .atom03):
                    atom = AtomParser(context: context, ns: .atom03)
                case ("channel", .none), ("channel", .rss10):
                    rss = RSSParser(context: context)
                default:
                    return .notAFeed(rootElement: root.name, discoveredFeeds: [])
                }
                return nil
            },
            onEntry: { element in
                if let atom { onEntry(atom.entry(element)) } else if let rss { onEntry(rss.entry(element)) }
            }
        )
        try builder.parse(bytes)
        context.note(contentsOf: builder.diagnostics)
        context.noteDropped(builder.droppedDiagnostics)
        guard let root = builder.root else { throw .notAFeed(rootElement: nil, discoveredFeeds: []) }
        var feed: ParsedFeed
        if let atom {
            feed = ParsedFeed(format: atom.ns == .atom03 ? .atom03 : .atom10)
            atom.feed(root: root, into: &feed)
        } else if let rss {
            feed = ParsedFeed(format: RSSParser.format(root: root, sawRSS090: sawRSS090))
            rss.feed(root: root, into: &feed)
        } else {
            throw .notAFeed(rootElement: root.name, discoveredFeeds: [])
        }
        return feed
    }
}
