/// A media file attached to an entry (RSS enclosure, Atom `rel="enclosure"`, JSON attachment).
public struct Enclosure: Sendable, Hashable, Codable {
    /// The media URL, absolute.
    public var url: String
    /// The MIME type, when given.
    public var type: String?
    /// The size in bytes, when given and numeric.
    public var length: Int?

    /// Creates an enclosure.
    public init(url: String, type: String? = nil, length: Int? = nil) {
        self.url = url
        self.type = type
        self.length = length
    }
}
