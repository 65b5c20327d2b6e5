/// One HTTP(S) GET (or a form POST, for WebSub pings), with the conditional-request validators and the limits that bound it.
public struct FetchRequest: Sendable, Hashable {
    /// The URL to request (`http` or `https`; `file` is read from disk by ``SourceFetcher``).
    public var url: String
    /// The ETag stored from the last `200`, sent as `If-None-Match`.
    public var etag: String?
    /// The Last-Modified stored from the last `200`, sent as `If-Modified-Since`.
    public var lastModified: String?
    /// The whole transfer, redirects included.
    public var timeout: Duration
    /// Connecting (DNS + TCP + TLS) to one host.
    public var connectTimeout: Duration
    /// The decoded body may not exceed this; the transfer is aborted as soon as it does.
    public var maxBytes: Int
    /// Sent as `User-Agent`.
    public var userAgent: String
    /// When `false`, loopback, private, link-local and unique-local addresses are refused.
    public var allowPrivateAddresses: Bool
    /// Redirects followed before giving up.
    public var maxRedirects: Int
    /// When set, the request is a `POST` of this `application/x-www-form-urlencoded` body.
    public var form: String?

    /// Creates a request.
    public init(
        url: String, etag: String? = nil, lastModified: String? = nil, timeout: Duration = .seconds(20),
        connectTimeout: Duration = .seconds(10), maxBytes: Int = 10_000_000, userAgent: String = "FeedHub",
        allowPrivateAddresses: Bool = false, maxRedirects: Int = 5, form: String? = nil
    ) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxBytes = maxBytes
        self.userAgent = userAgent
        self.allowPrivateAddresses = allowPrivateAddresses
        self.maxRedirects = maxRedirects
        self.form = form
    }
}

extension HubConfiguration {
    /// A GET of `url` bounded by `fetch:` (timeout, size, address policy) and sent with FeedHub's
    /// User-Agent; the connection alone may take at most 10 s of the timeout.
    public func fetchRequest(_ url: String, etag: String? = nil, lastModified: String? = nil) -> FetchRequest {
        FetchRequest(
            url: url, etag: etag, lastModified: lastModified, timeout: fetch.timeout, connectTimeout: min(fetch.timeout, .seconds(10)),
            maxBytes: fetch.maxBytes, userAgent: userAgent, allowPrivateAddresses: fetch.allowPrivateAddresses)
    }
}
