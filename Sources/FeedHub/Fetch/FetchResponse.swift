public import Foundation

/// A completed transfer: the final response after redirects.
public struct FetchResponse: Sendable {
    /// The HTTP status of the final response (`200`, `304`, `404`, ...).
    public var status: Int
    /// The URL the final response came from.
    public var finalURL: String
    /// When every redirect on the way was permanent (301/308), the URL the source now lives at.
    public var permanentURL: String?
    /// The redirect hops taken, in order, as `(status, location)`.
    public var redirects: [Redirect]
    /// Response headers of the final response, names lowercased; a repeated header keeps its last value.
    public var headers: [String: String]
    /// The decoded body (gzip/deflate/br already undone).
    public var body: Data
    /// Wall time of the whole fetch.
    public var elapsed: Duration

    /// One redirect hop.
    public struct Redirect: Sendable, Hashable {
        /// 301, 302, 303, 307 or 308.
        public var status: Int
        /// The absolute target.
        public var location: String
    }

    /// The `Content-Type` header.
    public var contentType: String? { headers["content-type"] }
}
