internal import Foundation

/// Why a fetch produced no response. Each case names the URL; ``code`` is a stable key for logs and metrics.
public enum FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Only `http`, `https` (and `file` for configured sources) are fetched.
    case unsupportedScheme(url: String)
    /// The URL could not be parsed.
    case invalidURL(String)
    /// The whole transfer took longer than allowed.
    case timedOut(url: String, after: Duration)
    /// The body grew past the limit; the transfer was aborted and nothing was kept.
    case tooLarge(url: String, limit: Int)
    /// The host resolved to an address the SSRF guard refuses.
    case refusedAddress(url: String, address: String)
    /// The host name did not resolve.
    case dns(url: String, message: String)
    /// No connection could be made.
    case connect(url: String, message: String)
    /// TLS failed (certificate, handshake).
    case tls(url: String, message: String)
    /// More redirects than allowed, or a redirect back to a URL already visited.
    case tooManyRedirects(url: String, count: Int)
    /// A redirect pointed at a scheme that is never followed (`file:`, `ftp:`...).
    case redirectRefused(url: String, location: String)
    /// A local file source could not be read.
    case file(path: String, message: String)
    /// Any other transfer failure.
    case transport(url: String, code: Int, message: String)

    /// A stable key: `fetch.timeout`, `fetch.too_large`, ...
    public var code: String {
        switch self {
        case .unsupportedScheme: "fetch.unsupported_scheme"
        case .invalidURL: "fetch.invalid_url"
        case .timedOut: "fetch.timeout"
        case .tooLarge: "fetch.too_large"
        case .refusedAddress: "fetch.refused_address"
        case .dns: "fetch.dns"
        case .connect: "fetch.connect"
        case .tls: "fetch.tls"
        case .tooManyRedirects: "fetch.too_many_redirects"
        case .redirectRefused: "fetch.redirect_refused"
        case .file: "fetch.file"
        case .transport: "fetch.transport"
        }
    }

    public var description: String {
        switch self {
        case .unsupportedScheme(let url): "\(url): only http and https URLs (or file:// in feeds.yml) are fetched"
        case .invalidURL(let url): "'\(url)' is not a valid URL"
        case .timedOut(let url, let after): "\(url): no complete response within \(after.formattedSeconds) — the host is slow or down"
        case .tooLarge(let url, let limit):
            "\(url): body larger than \(limit) bytes, transfer aborted — raise fetch.max_bytes if this feed is really that big"
        case .refusedAddress(let url, let address):
            "\(url): refused to connect to non-public address \(address) (set fetch.allow_private_addresses to allow it)"
        case .dns(let url, let message): "\(url): host name did not resolve (\(message))"
        case .connect(let url, let message): "\(url): could not connect (\(message))"
        case .tls(let url, let message): "\(url): TLS failed (\(message))"
        case .tooManyRedirects(let url, let count): "\(url): more than \(count) redirects, or a redirect loop"
        case .redirectRefused(let url, let location): "\(url): redirect to '\(location)' refused (only http and https are followed)"
        case .file(let path, let message): "\(path): \(message)"
        case .transport(let url, let code, let message): "\(url): transfer failed (curl \(code): \(message))"
        }
    }
}

extension Duration {
    /// `2.5s`, for messages.
    var formattedSeconds: String {
        let ms = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        return ms % 1000 == 0 ? "\(ms / 1000)s" : String(format: "%.1fs", Double(ms) / 1000)
    }
}
