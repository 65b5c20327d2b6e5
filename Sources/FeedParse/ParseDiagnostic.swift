/// A non-fatal problem met during a lenient parse (feedparser's "bozo" idea).
///
/// One bad entry or one broken tag never costs the whole feed: the parser recovers, keeps what it can and
/// records what was wrong here.
public struct ParseDiagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The XML was not well-formed; libxml2 recovered.
        case malformedXML = "malformed-xml"
        /// A date could not be parsed and was left empty.
        case unparseableDate = "unparseable-date"
        /// Two entries of the document carry the same id.
        case duplicateID = "duplicate-id"
        /// An entity reference was unknown, external or refused.
        case entity
        /// Bytes were not valid in the chosen charset and were replaced.
        case encoding
        /// A link could not be resolved to an absolute URL.
        case link
        /// A link was not an http or https address (`javascript:`, `data:`, `file:`, ...) and was dropped.
        case unsafeLink = "unsafe-link"
        /// Anything else worth telling.
        case other
    }

    /// What kind of problem this is.
    public var kind: Kind
    /// A one-line, human-readable description.
    public var message: String
    /// The 1-based line in the document, when known.
    public var line: Int?
    /// The 1-based column in the document, when known.
    public var column: Int?

    /// Creates a diagnostic.
    public init(_ kind: Kind, _ message: String, line: Int? = nil, column: Int? = nil) {
        self.kind = kind
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String {
        switch (line, column) {
        case (let line?, let column?): "\(kind.rawValue) at line \(line), column \(column): \(message)"
        case (let line?, nil): "\(kind.rawValue) at line \(line): \(message)"
        default: "\(kind.rawValue): \(message)"
        }
    }
}
