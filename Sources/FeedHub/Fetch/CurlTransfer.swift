internal import CCurl
internal import CCurlShim
internal import Foundation
internal import Synchronization

/// One HTTP exchange on a libcurl easy handle: its options, the buffers its callbacks fill, and the
/// continuation that resumes the awaiting task.
///
/// `@unchecked Sendable`: the buffers are written only by libcurl callbacks on the ``CurlMultiLoop`` thread
/// while the transfer runs, and read by the awaiting task only after ``finish(_:)`` resumed it (the
/// continuation orders the two). `cancelled` is atomic because the cancelling task sets it at any time.
final class CurlTransfer: @unchecked Sendable {
    let url: String
    let handle: UnsafeMutableRawPointer
    let maxBytes: Int
    private(set) var body = Data()
    private(set) var headers: [String: String] = [:]
    private(set) var exceeded = false
    let cancelled = Atomic<Bool>(false)
    let guardState: UnsafeMutablePointer<fh_address_guard>
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    var continuation: CheckedContinuation<CURLcode, Never>?

    /// Prepares a transfer of `url` under `request`'s limits; `timeout` is what is left of the whole budget.
    init?(url: String, request: FetchRequest, timeout: Duration) {
        guard let handle = curl_easy_init() else { return nil }
        self.url = url
        self.handle = handle
        self.maxBytes = request.maxBytes
        guardState = .allocate(capacity: 1)
        guardState.initialize(to: fh_address_guard())
        guardState.pointee.allow_private = request.allowPrivateAddresses ? 1 : 0
        errorBuffer.initialize(to: 0)
        configure(request, timeout: timeout)
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        guardState.deallocate()
        errorBuffer.deallocate()
    }

    private func configure(_ request: FetchRequest, timeout: Duration) {
        let h = handle
        fh_curl_easy_setopt_string(h, CURLOPT_URL, url)
        fh_curl_easy_setopt_long(h, CURLOPT_NOSIGNAL, 1)
        fh_curl_easy_setopt_long(h, CURLOPT_FOLLOWLOCATION, 0)  // redirects are followed by CurlFetcher, hop by hop
        fh_curl_easy_setopt_string(h, CURLOPT_PROTOCOLS_STR, "http,https")
        fh_curl_easy_setopt_long(h, CURLOPT_TIMEOUT_MS, max(1, timeout.milliseconds))
        fh_curl_easy_setopt_long(h, CURLOPT_CONNECTTIMEOUT_MS, max(1, min(timeout, request.connectTimeout).milliseconds))
        fh_curl_easy_setopt_string(h, CURLOPT_USERAGENT, request.userAgent)
        fh_curl_easy_setopt_string(h, CURLOPT_ACCEPT_ENCODING, "")  // every encoding this libcurl decodes
        fh_curl_easy_setopt_offset(h, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maxBytes))
        fh_curl_easy_setopt_pointer(h, CURLOPT_ERRORBUFFER, errorBuffer)
        var lines = [
            "Accept: application/atom+xml, application/rss+xml, application/feed+json, application/xml;q=0.9, "
                + "text/xml;q=0.9, application/json;q=0.8, text/html;q=0.7, */*;q=0.5"
        ]
        if let etag = request.etag { lines.append("If-None-Match: \(etag)") }
        if let lastModified = request.lastModified { lines.append("If-Modified-Since: \(lastModified)") }
        if let form = request.form {
            fh_curl_easy_setopt_string(h, CURLOPT_COPYPOSTFIELDS, form)  // sets POST; libcurl keeps its own copy
            lines.append("Content-Type: application/x-www-form-urlencoded")
        }
        for line in lines { headerList = curl_slist_append(headerList, line) }
        fh_curl_easy_setopt_slist(h, CURLOPT_HTTPHEADER, headerList)
        let me = Unmanaged.passUnretained(self).toOpaque()
        fh_curl_easy_set_write_callback(h, curlWrite, me)
        fh_curl_easy_set_header_callback(h, curlHeader, me)
        fh_curl_easy_set_progress_callback(h, curlProgress, me)
        fh_curl_easy_install_address_guard(h, guardState)
    }

    fileprivate func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if body.count + bytes.count > maxBytes {
            exceeded = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    fileprivate func header(_ line: String) {
        if line.hasPrefix("HTTP/") {
            headers = [:]  // a new response (after 100 Continue or a proxy's CONNECT)
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        headers[name] = value
    }

    /// The HTTP status of the response (0 when none arrived).
    var status: Int {
        var code = 0
        fh_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    /// The absolute target of a redirect response, resolved by libcurl against the request URL.
    var redirectURL: String? {
        var p: UnsafePointer<CChar>?
        fh_curl_easy_getinfo_string(handle, CURLINFO_REDIRECT_URL, &p)
        return p.map { String(cString: $0) }
    }

    /// libcurl's own message for the failure, or its generic text for `code`.
    func message(for code: CURLcode) -> String {
        let specific = String(cString: errorBuffer)
        return specific.isEmpty ? String(cString: curl_easy_strerror(code)) : specific
    }

    /// Called on the loop thread when libcurl is done with the transfer.
    func finish(_ code: CURLcode) {
        continuation?.resume(returning: code)
        continuation = nil
    }
}

private func curlWrite(_ data: UnsafeMutablePointer<CChar>, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
    let n = size * count
    return transfer.append(UnsafeRawBufferPointer(start: data, count: n)) ? n : 0
}

private func curlHeader(_ data: UnsafeMutablePointer<CChar>, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
    let n = size * count
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: n), as: UTF8.self)
    transfer.header(line)
    return n
}

private func curlProgress(_ context: UnsafeMutableRawPointer?, _: curl_off_t, _: curl_off_t, _: curl_off_t, _: curl_off_t) -> Int32 {
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
    return transfer.cancelled.load(ordering: .relaxed) ? 1 : 0
}

extension Duration {
    /// Whole milliseconds, rounded up (for libcurl's `_MS` options).
    var milliseconds: Int {
        let c = components
        return Int(c.seconds) * 1000 + Int((c.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }
}
