/// Limits and per-source settings for one parse.
public struct ParseOptions: Sendable, Hashable {
    /// The largest document accepted, in bytes. Larger input fails with
    /// ``FeedParseError/documentTooLarge(bytes:limit:)`` before any parsing.
    public var maxDocumentBytes: Int
    /// The deepest element nesting accepted.
    public var maxDepth: Int
    /// The most bytes that entities declared in a DTD may expand to, in total.
    public var maxEntityExpansionBytes: Int
    /// The most diagnostics kept (later ones are counted, not stored).
    public var maxDiagnostics: Int
    /// XPath rules for scraping HTML pages; `nil` means an HTML page is not a feed.
    public var htmlRules: ScrapeRule?

    /// Creates options; the defaults suit feeds fetched from the open web.
    public init(
        maxDocumentBytes: Int = 64 << 20,
        maxDepth: Int = 256,
        maxEntityExpansionBytes: Int = 1 << 20,
        maxDiagnostics: Int = 50,
        htmlRules: ScrapeRule? = nil
    ) {
        self.maxDocumentBytes = maxDocumentBytes
        self.maxDepth = maxDepth
        self.maxEntityExpansionBytes = maxEntityExpansionBytes
        self.maxDiagnostics = maxDiagnostics
        self.htmlRules = htmlRules
    }
}
