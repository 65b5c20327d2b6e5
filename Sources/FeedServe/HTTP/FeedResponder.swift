internal import FeedHub
internal import Foundation
public import HTTPTypes
internal import NIOCore

/// Answers HTTP requests from the publisher's rendered documents: conditional GET (strong ETag first,
/// then Last-Modified), gzip when accepted (compressed once per change, never per request), HEAD,
/// 404 for unknown paths and 405 for other methods. Pure: no I/O beyond the publisher's lookup.
public struct FeedResponder: Sendable {
    let publisher: FeedPublisher
    let metrics: ServerMetrics?

    /// A response before it is written: status, headers, and the bytes to send.
    public struct Answer: Sendable {
        /// The status.
        public var status: HTTPResponse.Status
        /// The headers, Content-Length included.
        public var headers: HTTPFields
        /// The bytes sent (empty for HEAD and 304); shared with the rendered document, not copied.
        var buffer: ByteBuffer

        /// The body (empty for HEAD, 304 and errors without one).
        public var body: [UInt8] { Array(buffer.readableBytesView) }

        init(status: HTTPResponse.Status, headers: HTTPFields, body: [UInt8]) {
            self.init(status: status, headers: headers, buffer: ByteBuffer(bytes: body))
        }

        init(status: HTTPResponse.Status, headers: HTTPFields, buffer: ByteBuffer) {
            self.status = status
            self.headers = headers
            self.buffer = buffer
        }
    }

    /// Creates a responder; `metrics` are served at `/metrics`.
    public init(publisher: FeedPublisher, metrics: ServerMetrics? = nil) {
        self.publisher = publisher
        self.metrics = metrics
    }

    /// The answer to `method path?query` with `headers`. The query's `page=N` picks an older page of a
    /// paged document; other query parameters (cache busters) are ignored.
    public func answer(method: HTTPRequest.Method, path: String, query: String? = nil, headers: HTTPFields) async -> Answer {
        if path == "/healthz" {
            if let refused = Self.refuse(method) { return refused }
            return await health(method: method)
        }
        if path == "/metrics", let metrics {
            if let refused = Self.refuse(method) { return refused }
            return await exposition(metrics, method: method)
        }
        guard let page = Self.page(query) else { return Self.notFound(path, query) }
        do {
            guard let document = try await publisher.representation(for: path, page: page) else { return Self.notFound(path, query) }
            return serve(document, method: method, headers: headers)
        } catch {
            return Self.plain(.serviceUnavailable, "the stories cannot be read: \(error)\n")
        }
    }

    /// Whether ``document(method:path:query:headers:)`` can answer `path?query` without database work
    /// (the document is rendered already, or it does not exist).
    public func answersAtOnce(path: String, query: String?) -> Bool {
        guard let page = Self.page(query) else { return true }
        return publisher.answersAtOnce(path: path, page: page)
    }

    /// The answer for a published document from what is rendered already (no database work: NIO's event
    /// loop calls it directly, when ``answersAtOnce(path:query:)``).
    public func document(method: HTTPRequest.Method, path: String, query: String? = nil, headers: HTTPFields) -> Answer {
        guard let page = Self.page(query), let document = publisher.cachedRepresentation(for: path, page: page) else {
            return Self.notFound(path, query)
        }
        return serve(document, method: method, headers: headers)
    }

    private static func notFound(_ path: String, _ query: String?) -> Answer {
        plain(.notFound, "not found: \(path)\(query.map { "?" + $0 } ?? "")\n")
    }

    private func serve(_ document: Representation, method: HTTPRequest.Method, headers: HTTPFields) -> Answer {
        if let refused = Self.refuse(method) { return refused }
        let variant = document.variant(
            ifNoneMatch: headers[.ifNoneMatch], ifModifiedSince: headers[.ifModifiedSince], acceptEncoding: headers[.acceptEncoding])
        return Answer(
            status: variant == .notModified ? .notModified : .ok, headers: document.fields(variant),
            buffer: method == .head ? ByteBuffer() : document.buffer(variant))
    }

    /// The `page` query parameter: 1 when absent, `nil` when it is not a positive number.
    static func page(_ query: String?) -> Int? {
        guard let query, !query.isEmpty else { return 1 }
        for pair in query.split(separator: "&") where pair.hasPrefix("page=") {
            guard let n = Int(pair.dropFirst(5)), n >= 1 else { return nil }
            return n
        }
        return 1
    }

    private func health(method: HTTPRequest.Method) async -> Answer {
        var status: HTTPResponse.Status = .ok
        var object: [String: Any] = ["status": "ok"]
        do {
            _ = try await publisher.store.changeToken()
            let last = try await publisher.store.sourceStates().compactMap(\.lastSuccessAt).max()
            object["database"] = "ok"
            object["last_successful_fetch_age_seconds"] = last.map { Int(Date().timeIntervalSince($0)) } ?? NSNull()
        } catch {
            status = .serviceUnavailable
            object = ["status": "unavailable", "database": "\(error)"]
        }
        let body = Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields[.cacheControl] = "no-store"
        fields[.contentLength] = "\(body.count)"
        return Answer(status: status, headers: fields, body: method == .head ? [] : body)
    }

    private func exposition(_ metrics: ServerMetrics, method: HTTPRequest.Method) async -> Answer {
        let body: [UInt8]
        do {
            body = try await metrics.exposition(store: publisher.store)
        } catch {
            return Self.plain(.serviceUnavailable, "database unavailable\n")
        }
        var fields = HTTPFields()
        fields[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        fields[.cacheControl] = "no-store"
        fields[.contentLength] = "\(body.count)"
        return Answer(status: .ok, headers: fields, body: method == .head ? [] : body)
    }

    /// 405 for anything but GET and HEAD.
    private static func refuse(_ method: HTTPRequest.Method) -> Answer? {
        guard method != .get, method != .head else { return nil }
        var answer = plain(.methodNotAllowed, "method not allowed\n")
        answer.headers[.allow] = "GET, HEAD"
        return answer
    }

    private static func plain(_ status: HTTPResponse.Status, _ text: String) -> Answer {
        var fields = HTTPFields()
        fields[.contentType] = "text/plain; charset=utf-8"
        fields[.contentLength] = "\(text.utf8.count)"
        return Answer(status: status, headers: fields, body: Array(text.utf8))
    }
}
