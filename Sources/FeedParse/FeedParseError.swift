/// Why a document could not be parsed at all.
///
/// Problems that still leave a usable feed are ``ParseDiagnostic``s instead.
public enum FeedParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The document is empty (or only whitespace).
    case emptyDocument
    /// The document is larger than ``ParseOptions/maxDocumentBytes``.
    case documentTooLarge(bytes: Int, limit: Int)
    /// The document is not a feed; `rootElement` names what it was, when it was XML or HTML.
    /// `discoveredFeeds` lists feed links found in an HTML page (`<link rel="alternate">`).
    case notAFeed(rootElement: String?, discoveredFeeds: [DiscoveredFeed])
    /// The XML could not be recovered into anything usable.
    case malformedXML(line: Int, column: Int, message: String)
    /// The JSON could not be read.
    case malformedJSON(message: String)
    /// An entity declared in the document's DTD would expand beyond the limits (billion laughs,
    /// quadratic blowup), so parsing was refused.
    case entityExpansionRefused(entity: String, line: Int, limit: Int)
    /// The document nests elements deeper than ``ParseOptions/maxDepth``.
    case tooDeep(line: Int, limit: Int)
    /// The charset named by the document or the HTTP header is not one this system can decode.
    case unsupportedCharset(String)
    /// An HTML scrape rule's XPath expression does not compile.
    case invalidXPath(rule: String, expression: String)

    /// A stable, bounded key for metrics and logs.
    public var code: String {
        switch self {
        case .emptyDocument: "parse.empty"
        case .documentTooLarge: "parse.too_large"
        case .notAFeed: "parse.not_a_feed"
        case .malformedXML: "parse.malformed_xml"
        case .malformedJSON: "parse.malformed_json"
        case .entityExpansionRefused: "parse.entity_expansion"
        case .tooDeep: "parse.too_deep"
        case .unsupportedCharset: "parse.charset"
        case .invalidXPath: "parse.invalid_xpath"
        }
    }

    public var description: String {
        switch self {
        case .emptyDocument:
            return "the document is empty — the server sent no body"
        case .documentTooLarge(let bytes, let limit):
            return "the document is \(bytes) bytes, over the limit of \(limit) bytes — raise the size limit if this is expected"
        case .notAFeed(let root, let feeds):
            let what = root.map { "a <\($0)> document" } ?? "not XML or JSON"
            if feeds.isEmpty {
                return "not a feed: \(what), not RSS, Atom or JSON Feed — point the source at its feed URL, or give HTML scrape rules"
            }
            let links = feeds.map(\.url).joined(separator: ", ")
            return "not a feed: \(what) that links to feeds: \(links) — use one of those URLs"
        case .malformedXML(let line, let column, let message):
            return "malformed XML at line \(line), column \(column): \(message)"
        case .malformedJSON(let message):
            return "malformed JSON: \(message)"
        case .entityExpansionRefused(let entity, let line, let limit):
            return "refused to expand entity '\(entity)' at line \(line): expansion exceeds \(limit) bytes (entity bomb?)"
        case .tooDeep(let line, let limit):
            return "elements nest deeper than \(limit) levels at line \(line) — refused as hostile"
        case .unsupportedCharset(let name):
            return "unsupported charset '\(name)' — the document cannot be decoded"
        case .invalidXPath(let rule, let expression):
            return "invalid XPath for html rule '\(rule)': \(expression)"
        }
    }
}
