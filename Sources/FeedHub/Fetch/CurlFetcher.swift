internal import CCurl
internal import CCurlShim
internal import Foundation

/// Fetches URLs over HTTP(S) with libcurl, on the process's one ``CurlMultiLoop`` thread.
///
/// Redirects are followed here, hop by hop (at most ``FetchRequest/maxRedirects``, never to a URL already
/// visited, never to a scheme other than http/https), so each hop passes the address guard and the
/// response says whether the whole chain was permanent.
///
/// ```swift
/// let response = try await CurlFetcher().fetch(FetchRequest(url: "https://astanatimes.com/feed/"))
/// ```
public struct CurlFetcher: Sendable {
    /// Creates a fetcher; all fetchers share one transfer thread.
    public init() {}

    /// Performs the request.
    /// - Returns: the final response, whatever its status (a 404 or a 304 is a response, not an error).
    /// - Throws: ``FetchError`` when there is no response; `CancellationError` when the task was cancelled.
    public func fetch(_ request: FetchRequest) async throws -> FetchResponse {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + request.timeout
        var url = request.url
        guard Self.isHTTP(url) else { throw FetchError.unsupportedScheme(url: url) }
        var redirects: [FetchResponse.Redirect] = []
        var visited: Set<String> = [url]
        var permanentSoFar = true
        while true {
            let remaining = deadline - clock.now
            guard remaining > .zero else { throw FetchError.timedOut(url: request.url, after: request.timeout) }
            guard let transfer = CurlTransfer(url: url, request: request, timeout: remaining) else {
                throw FetchError.transport(url: url, code: Int(CURLE_FAILED_INIT.rawValue), message: "curl_easy_init failed")
            }
            let code = await CurlMultiLoop.shared.perform(transfer)
            try Task.checkCancellation()
            if code != CURLE_OK { throw Self.error(code, transfer: transfer, request: request) }
            let status = transfer.status
            if [301, 302, 303, 307, 308].contains(status), let location = transfer.redirectURL {
                guard Self.isHTTP(location) else { throw FetchError.redirectRefused(url: url, location: location) }
                guard redirects.count < request.maxRedirects, visited.insert(location).inserted else {
                    throw FetchError.tooManyRedirects(url: request.url, count: request.maxRedirects)
                }
                permanentSoFar = permanentSoFar && (status == 301 || status == 308)
                redirects.append(.init(status: status, location: location))
                url = location
                continue
            }
            return FetchResponse(
                status: status, finalURL: url, permanentURL: permanentSoFar && !redirects.isEmpty ? url : nil,
                redirects: redirects, headers: transfer.headers, body: transfer.body, elapsed: clock.now - start)
        }
    }

    static func isHTTP(_ url: String) -> Bool {
        let lower = url.prefix(8).lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    private static func error(_ code: CURLcode, transfer: CurlTransfer, request: FetchRequest) -> FetchError {
        let url = transfer.url
        let message = transfer.message(for: code)
        switch code {
        case CURLE_OPERATION_TIMEDOUT: return .timedOut(url: request.url, after: request.timeout)
        case CURLE_WRITE_ERROR where transfer.exceeded, CURLE_FILESIZE_EXCEEDED:
            return .tooLarge(url: url, limit: request.maxBytes)
        case CURLE_COULDNT_CONNECT where transfer.guardState.pointee.refused != 0:
            let address = withUnsafeBytes(of: transfer.guardState.pointee.refused_address) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            return .refusedAddress(url: url, address: address)
        case CURLE_COULDNT_RESOLVE_HOST: return .dns(url: url, message: message)
        case CURLE_COULDNT_CONNECT: return .connect(url: url, message: message)
        case CURLE_UNSUPPORTED_PROTOCOL: return .unsupportedScheme(url: url)
        case CURLE_URL_MALFORMAT: return .invalidURL(url)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR:
            return .tls(url: url, message: message)
        default: return .transport(url: url, code: Int(code.rawValue), message: message)
        }
    }
}
