internal import Foundation
internal import HTTPTypes
internal import NIOCore
internal import NIOHTTP1
internal import Synchronization

/// The fast path for what readers fetch most: `GET`/`HEAD` of a published document (`/feed.atom`, ...)
/// is answered right here on the connection's event loop from the already rendered bytes, without the
/// hop into Swift concurrency that Hummingbird's request handling costs. Every other request (and any
/// request pipelined behind one Hummingbird is still answering, so responses keep their order) passes
/// through unchanged to Hummingbird, which answers with the same ``FeedResponder``.
///
/// It sits right after NIO's HTTP/1 request decoder; see ``PublishedDocumentChannel``.
final class PublishedDocumentHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let responder: FeedResponder
    private let metrics: ServerMetrics?
    private let paths: Set<String>
    /// Requests passed to Hummingbird whose response has not ended yet.
    private var forwarded = 0
    /// The current request was answered here: its body parts are dropped.
    private var answering = false
    /// Responses written here and not yet flushed out completely.
    private var writing = 0
    /// A graceful-shutdown event held back until `writing` drops to 0.
    private var heldEvent: Any?
    /// This connection's copy of the publisher's page-1 documents, valid while its generation is current.
    private var documents: (generation: Int, byPath: [String: Representation]) = (-1, [:])
    /// This connection's metric instruments, by path and status.
    private var instruments: [String: ServerMetrics.Instruments] = [:]
    /// The `Date` header value, made again when the second changes.
    private var date: (second: Int, value: String) = (-1, "")

    init(responder: FeedResponder, metrics: ServerMetrics?) {
        self.responder = responder
        self.metrics = metrics
        self.paths = Set(FeedPublisher.routes.map(\.path))
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch part {
        case .head(let head):
            guard forwarded == 0, head.method == .GET || head.method == .HEAD, let target = fastTarget(head.uri),
                target.query == nil || responder.answersAtOnce(path: target.path, query: target.query)
            else {
                forward(context, data)
                return
            }
            answering = true
            answer(context: context, head: head, path: target.path, query: target.query)
        case .body, .end:
            if answering {
                if case .end = part { answering = false }
                return
            }
            context.fireChannelRead(data)
        }
    }

    private func forward(_ context: ChannelHandlerContext, _ data: NIOAny) {
        forwarded += 1
        context.fireChannelRead(data)
    }

    private func fastTarget(_ uri: String) -> (path: String, query: String?)? {
        let question = uri.utf8.firstIndex(of: UInt8(ascii: "?"))
        guard let question else { return paths.contains(uri) ? (uri, nil) : nil }
        let path = String(uri[..<question])
        guard paths.contains(path) else { return nil }
        return (path, String(uri[uri.index(after: question)...]))
    }

    private func answer(context: ChannelHandlerContext, head: HTTPRequestHead, path: String, query: String?) {
        let start = ContinuousClock.now
        let status: HTTPResponseStatus
        var headers: HTTPHeaders
        let body: ByteBuffer
        if query == nil, let document = currentDocument(path) {
            // The common case: page 1 of a document, headers and bytes all prepared when it was rendered.
            let variant = document.variant(
                ifNoneMatch: Self.header(head.headers, "If-None-Match"),
                ifModifiedSince: Self.header(head.headers, "If-Modified-Since"),
                acceptEncoding: Self.header(head.headers, "Accept-Encoding"))
            status = variant == .notModified ? .notModified : .ok
            headers = document.nioHeaders[variant.rawValue]
            body = head.method == .HEAD ? ByteBuffer() : document.buffer(variant)
        } else {
            var fields = HTTPFields()
            for (nioName, name) in Self.conditionalHeaders {
                if let value = Self.header(head.headers, nioName) { fields[name] = value }
            }
            let answer = responder.document(method: head.method == .HEAD ? .head : .get, path: path, query: query, headers: fields)
            status = HTTPResponseStatus(statusCode: Int(answer.status.code), reasonPhrase: answer.status.reasonPhrase)
            headers = HTTPHeaders(answer.headers.map { ($0.name.rawName, $0.value) })
            body = answer.buffer
        }
        let keepAlive = head.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        headers.add(name: "Date", value: currentDate())
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
        if body.readableBytes > 0 { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        writing += 1
        let done = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: done)
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        done.futureResult.whenComplete { _ in
            let (handler, context) = loopBound.value
            handler.writing -= 1
            if !keepAlive {
                context.close(promise: nil)
            } else if handler.writing == 0, let event = handler.heldEvent {
                handler.heldEvent = nil
                context.fireUserInboundEventTriggered(event)
            }
        }
        if let metrics {
            let key = path + " " + String(status.code)
            if instruments[key] == nil { instruments[key] = metrics.instruments(path: path, status: Int(status.code)) }
            instruments[key]!.record(.now - start)
        }
    }

    /// The `Date` header for now (RFC 9110 §6.6.1), formatted once a second at most.
    private func currentDate() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        if now.tv_sec != date.second {
            date = (now.tv_sec, HTTPDate.format(Date(timeIntervalSince1970: TimeInterval(now.tv_sec))))
        }
        return date.value
    }

    /// Page 1 of `path`, from this connection's copy, refreshed only when the publisher rendered again.
    private func currentDocument(_ path: String) -> Representation? {
        if responder.publisher.generation.load(ordering: .acquiring) != documents.generation {
            let current = responder.publisher.currentDocuments()
            documents = (current.generation, current.documents)
        }
        return documents.byPath[path]
    }

    /// All values of a request header, joined as one (RFC 9110's list syntax).
    private static func header(_ headers: HTTPHeaders, _ name: String) -> String? {
        let values = headers[name]
        return values.isEmpty ? nil : values.count == 1 ? values[0] : values.joined(separator: ", ")
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { forwarded = max(0, forwarded - 1) }
        context.write(data, promise: promise)
    }

    /// Hummingbird closes idle connections on graceful shutdown; a connection still sending a response
    /// from here is not idle, so the event waits until it is sent.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if writing > 0, event is ChannelShouldQuiesceEvent {
            heldEvent = event
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    private static let conditionalHeaders: [(String, HTTPField.Name)] = [
        ("If-None-Match", .ifNoneMatch), ("If-Modified-Since", .ifModifiedSince), ("Accept-Encoding", .acceptEncoding),
    ]
}
