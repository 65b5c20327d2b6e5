public import HTTPTypes

/// A request to `/admin…`, with its body already read (bounded by ``AdminResponder/maxBodyBytes``).
public struct AdminRequest: Sendable {
    /// The method.
    public var method: HTTPRequest.Method
    /// The path, without the query.
    public var path: String
    /// The query string, without `?`.
    public var query: String?
    /// The headers.
    public var headers: HTTPFields
    /// The body.
    public var body: [UInt8]
    /// The client's address (rate limiting of failed sign-ins).
    public var client: String
    /// The `Host` the client addressed (checked against a browser's `Origin`).
    public var authority: String?

    /// Creates a request.
    public init(
        method: HTTPRequest.Method, path: String, query: String? = nil, headers: HTTPFields = [:], body: [UInt8] = [], client: String,
        authority: String? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.client = client
        self.authority = authority
    }

    /// The path's segments after `/admin` (`/admin/api/stories/4` → `["api", "stories", "4"]`).
    var segments: [Substring] { path.split(separator: "/", omittingEmptySubsequences: true).dropFirst().map { $0 } }

    /// The value of cookie `name`.
    func cookie(_ name: String) -> String? {
        for header in headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingSpaces == name { return String(parts[1].trimmingSpaces) }
            }
        }
        return nil
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
