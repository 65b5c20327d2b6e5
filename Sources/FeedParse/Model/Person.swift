/// An author or contributor.
public struct Person: Sendable, Hashable, Codable {
    /// The display name.
    public var name: String?
    /// The e-mail address.
    public var email: String?
    /// A home page, absolute.
    public var uri: String?

    /// Creates a person.
    public init(name: String? = nil, email: String? = nil, uri: String? = nil) {
        self.name = name
        self.email = email
        self.uri = uri
    }

    /// The name, else the e-mail address.
    public var displayName: String? { name ?? email }
}
