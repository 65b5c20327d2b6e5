public import Foundation

/// Parses feed documents: RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1, and HTML pages with scrape rules.
///
/// The parser is a value: it holds no state between calls, does no I/O and no logging, and is safe to use
/// from many threads at once. The format is sniffed from the bytes; the charset is decided before libxml2
/// sees a byte (see ``CharsetDecision``). XML is streamed through libxml2's SAX2 push parser, so memory
/// stays proportional to one entry plus the result.
///
/// ```swift
/// let feed = try FeedParser().parse(data, url: URL(string: "https://astanatimes.com/feed/"),
///                                   contentType: "application/rss+xml; charset=utf-8")
/// for entry in feed.entries { print(entry.title ?? "(untitled)", entry.link ?? "") }
/// ```
public struct FeedParser: Sendable {
    /// Limits and HTML rules applied to every parse.
    public var options: ParseOptions

    /// Creates a parser.
    public init(options: ParseOptions = ParseOptions()) {
        self.options = options
    }

    /// Parses a document.
    /// - Parameters:
    ///   - data: the raw bytes, exactly as fetched.
    ///   - url: the document's URL; relative links resolve against it (after `xml:base`).
    ///   - contentType: the HTTP Content-Type, whose `charset` wins over the document's declaration.
    /// - Returns: the normalised feed with all its entries.
    /// - Throws: ``FeedParseError``.
    public func parse(_ data: Data, url: URL, contentType: String? = nil) throws -> ParsedFeed {
        try parse(data, url: url.absoluteString, contentType: contentType)
    }

    /// Parses a document whose URL is given as a string.
    /// - Throws: ``FeedParseError``.
    public func parse(_ data: Data, url: String? = nil, contentType: String? = nil) throws -> ParsedFeed {
        var entries: [ParsedEntry] = []
        var feed = try stream(data, url: url, contentType: contentType) { entries.append($0) }
        feed.entries = entries
        return feed
    }

    /// Parses a document and hands each entry to `onEntry` as soon as it is read, without collecting them:
    /// the returned feed has empty ``ParsedFeed/entries``. Use it for feeds too large to hold.
    /// - Throws: ``FeedParseError``.
    public func stream(_ data: Data, url: String?, contentType: String? = nil, onEntry: (ParsedEntry) -> Void) throws
        -> ParsedFeed
    {
        guard data.count <= options.maxDocumentBytes, data.count < Int(Int32.max) else {
            throw FeedParseError.documentTooLarge(bytes: data.count, limit: min(options.maxDocumentBytes, Int(Int32.max) - 1))
        }
        return try data.withUnsafeBytes { raw throws(FeedParseError) in
            let bytes = raw.bindMemory(to: UInt8.self)
            return try parseBytes(bytes, url: url, contentType: contentType, onEntry: onEntry)
        }
    }

    private func parseBytes(
        _ bytes: UnsafeBufferPointer<UInt8>, url: String?, contentType: String?, onEntry deliver: (ParsedEntry) -> Void
    ) throws(FeedParseError) -> ParsedFeed {
        guard bytes.contains(where: { !ASCII.isSpace($0) && $0 != 0 }) else { throw .emptyDocument }
        let context = MappingContext(options: options)
        let links = LinkFilter(context: context)
        func onEntry(_ entry: ParsedEntry) {
            var entry = entry
            links.clean(&entry)
            deliver(entry)
        }
        var resolution = CharsetResolver.resolve(bytes, contentType: contentType)
        var utf8 = try DecodedBytes.decode(bytes, &resolution, context: context)
        let kind = utf8.withBuffer { FormatSniffer.sniff($0) }
        if kind == .html {
            var htmlResolution = CharsetResolver.resolve(bytes, contentType: contentType, isHTML: true)
            if htmlResolution.decision != resolution.decision {
                utf8 = try DecodedBytes.decode(bytes, &htmlResolution, context: context)
                resolution = htmlResolution
            }
        }
        if utf8.replaced > 0 {
            context.note(
                ParseDiagnostic(.encoding, "\(utf8.replaced) bytes were invalid in \(resolution.decision.charset) and were replaced"))
        }
        var feed: ParsedFeed
        switch kind {
        case .json:
            feed = try JSONFeedParser(context: context, documentURL: url).parse(utf8.array(), onEntry: onEntry)
        case .html:
            let html = utf8.array()
            guard let rule = options.htmlRules else {
                throw .notAFeed(rootElement: "html", discoveredFeeds: HTMLScraper.discoverFeeds(html, url: url))
            }
            feed = try HTMLScraper.scrape(html, url: url, rule: rule, context: context)
            feed.entries.forEach(onEntry)
            feed.entries = []
        case .xml:
            feed = try utf8.withBuffer { p throws(FeedParseError) in
                try XMLFeedReader(context: context, url: url).read(p, onEntry: onEntry)
            }
        case .unknown:
            throw .notAFeed(rootElement: nil, discoveredFeeds: [])
        }
        links.clean(&feed)
        feed.charset = resolution.decision
        feed.diagnostics = context.finalDiagnostics
        return feed
    }
}

/// The document as UTF-8: borrowed when the input already was valid UTF-8, else an owned copy.
struct DecodedBytes {
    private let borrowed: UnsafeBufferPointer<UInt8>?
    private let owned: [UInt8]?
    let replaced: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, _ resolution: CharsetResolver.Resolution) throws(FeedParseError) {
        let body = UnsafeBufferPointer(rebasing: bytes[resolution.bomLength...])
        if resolution.decision.charset == "utf-8" {
            if UTF8Validator.firstInvalidOffset(body) == nil {
                borrowed = body
                owned = nil
                replaced = 0
            } else {
                let (fixed, count) = UTF8Validator.repair(body)
                borrowed = nil
                owned = fixed
                replaced = count
            }
        } else {
            let out = try Transcoder.toUTF8(body, from: resolution.decision.charset)
            borrowed = nil
            owned = out.bytes
            replaced = out.replaced
        }
    }

    /// Decodes with the resolved charset; a charset this system does not know is read as UTF-8 (repaired),
    /// with a diagnostic, so a bogus label never costs the feed.
    static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, _ resolution: inout CharsetResolver.Resolution, context: MappingContext
    ) throws(FeedParseError) -> DecodedBytes {
        do {
            return try DecodedBytes(bytes, resolution)
        } catch .unsupportedCharset(let name) {
            context.note(ParseDiagnostic(.encoding, "unknown charset '\(name)' (\(resolution.decision.rule.rawValue)); read as UTF-8"))
            resolution.decision = CharsetDecision(charset: "utf-8", rule: .defaultUTF8)
            return try DecodedBytes(bytes, resolution)
        }
    }

    func withBuffer<T>(_ body: (UnsafeBufferPointer<UInt8>) throws(FeedParseError) -> T) throws(FeedParseError) -> T {
        if let borrowed { return try body(borrowed) }
        return try owned!.withUnsafeBufferPointer { p throws(FeedParseError) in try body(p) }
    }

    func withBuffer<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        if let borrowed { return body(borrowed) }
        return owned!.withUnsafeBufferPointer(body)
    }

    func array() -> [UInt8] { owned ?? Array(borrowed!) }
}
