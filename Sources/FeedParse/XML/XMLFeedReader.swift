/// Reads an XML feed: streams the document through the entity prepass into ``SAXTreeBuilder`` and maps
/// elements with the RSS or Atom mapper chosen from the document element.
struct XMLFeedReader {
    let context: MappingContext
    let url: String?

    /// Reads UTF-8 XML bytes, handing each entry to `onEntry`.
    /// - Throws: ``FeedParseError``.
    func read(_ bytes: UnsafeBufferPointer<UInt8>, onEntry: (ParsedEntry) -> Void) throws(FeedParseError) -> ParsedFeed {
        try withoutActuallyEscaping(onEntry) { onEntry throws(FeedParseError) in
            try run(onEntry: onEntry) { push throws(FeedParseError) in
                let diagnostics = try EntityPrepass.run(bytes, expansionLimit: context.options.maxEntityExpansionBytes, sink: push)
                context.note(contentsOf: diagnostics)
            }
        }
    }

    private func run(
        onEntry: @escaping (ParsedEntry) -> Void,
        produce: (_ push: EntityPrepass.Sink) throws(FeedParseError) -> Void
    ) throws(FeedParseError) -> ParsedFeed {
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
        // The root is a view into the builder's tree: keep the builder alive until the feed is mapped.
        defer { withExtendedLifetime(builder) {} }
        try builder.parse(produce)
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
