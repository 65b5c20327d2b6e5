/// How one source's fetch ended. ``code`` is what `feedhub sources` shows.
public enum FetchOutcome: Sendable, Equatable {
    /// Fetched and parsed.
    case ok
    /// `304 Not Modified`: nothing parsed.
    case notModified
    /// A status other than 200/304 (after redirects).
    case httpStatus(Int)
    /// A Cloudflare/DataDome/... challenge page instead of the feed.
    case botWall(Int)
    /// The transfer failed.
    case fetchFailed(FetchError)
    /// The body is not a feed FeedHub can read.
    case parseError(String)

    /// `ok`, `not-modified`, `http-status 500`, `timeout`, `too-large`, `parse-error`, `refused-address`,
    /// `bot-wall`, `dns-error`, `connect-error`, `tls-error`, `redirect-error`, `file-error`, `transport-error`.
    public var code: String {
        switch self {
        case .ok: "ok"
        case .notModified: "not-modified"
        case .httpStatus(let status): "http-status \(status)"
        case .botWall: "bot-wall"
        case .parseError: "parse-error"
        case .fetchFailed(let error):
            switch error {
            case .timedOut: "timeout"
            case .tooLarge: "too-large"
            case .refusedAddress: "refused-address"
            case .dns: "dns-error"
            case .connect: "connect-error"
            case .tls: "tls-error"
            case .tooManyRedirects, .redirectRefused: "redirect-error"
            case .file: "file-error"
            case .unsupportedScheme, .invalidURL, .transport: "transport-error"
            }
        }
    }

    /// Whether the source counts as working (no backoff).
    public var isSuccess: Bool { self == .ok || self == .notModified }
}
