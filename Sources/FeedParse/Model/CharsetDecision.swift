/// Which charset a document was decoded with, and the rule that decided it.
public struct CharsetDecision: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The rule that chose the charset, in order of precedence.
    public enum Rule: String, Sendable, Hashable, Codable {
        /// A byte-order mark.
        case byteOrderMark = "bom"
        /// The charset parameter of the HTTP Content-Type (RFC 7303).
        case httpCharset = "http-charset"
        /// UTF-16/32 recognised from the first bytes without a BOM.
        case byteSniffing = "byte-sniffing"
        /// The XML declaration's `encoding`.
        case xmlDeclaration = "xml-declaration"
        /// An HTML `<meta charset>` or `http-equiv` declaration.
        case htmlMeta = "html-meta"
        /// The label named a single-byte charset but the bytes are valid, non-ASCII UTF-8.
        case utf8Content = "utf8-content"
        /// Nothing declared: UTF-8.
        case defaultUTF8 = "default-utf8"
    }

    /// The canonical charset name (`utf-8`, `windows-1251`, `koi8-r`, ...).
    public var charset: String
    /// The rule that decided it.
    public var rule: Rule

    /// Creates a decision.
    public init(charset: String, rule: Rule) {
        self.charset = charset
        self.rule = rule
    }

    public var description: String { "\(charset) (\(rule.rawValue))" }
}
