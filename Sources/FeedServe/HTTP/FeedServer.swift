public import FeedHub
internal import Foundation
internal import Hummingbird
internal import HummingbirdCore
public import Logging
internal import NIOCore
public import ServiceLifecycle

/// `feedhub serve`: the HTTP server (Hummingbird 2) and the service that renders the documents again
/// within about a second of a change — made by this process or by `feedhub fetch` from cron.
/// SIGTERM/SIGINT stop accepting, finish in-flight requests and return.
public struct FeedServer: Sendable {
    let configuration: HubConfiguration
    let store: any FeedStorage
    let logger: Logger

    /// Creates a server for a configuration and its database.
    public init(configuration: HubConfiguration, store: any FeedStorage, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.logger = logger
    }

    /// Serves until SIGTERM or SIGINT.
    /// - Parameters:
    ///   - port: overrides `server.listen`'s port (`0` picks a free one).
    ///   - onListening: called with the bound port once the server accepts connections.
    /// - Throws: ``StorageError`` when the first render cannot read the database; server errors.
    ///   - services: more services to run in the same group (the daemon's ``FetchScheduler``).
    public func run(
        port: Int? = nil, services: [any Service] = [], onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let publisher = FeedPublisher(store: store, configuration: configuration)
        try await publisher.refreshIfChanged()
        let metrics = ServerMetrics(routes: FeedPublisher.routes.map(\.path) + ["/healthz", "/metrics", "/admin"])
        let answers = FeedResponder(publisher: publisher, metrics: metrics)
        let pinger = configuration.websubHub.map { WebSubPinger(hub: $0, userAgent: configuration.userAgent, logger: logger) }
        let republisher = Republisher(publisher: publisher, pinger: pinger, logger: logger)
        let admin = AdminResponder(store: store, configuration: configuration, logger: logger) {
            await republisher.refresh()
        }
        let callback = CallbackResponder<ServerRequestContext> { request, context in
            let start = ContinuousClock.now
            let path = request.uri.path
            let answer: FeedResponder.Answer
            if AdminResponder.handles(path) {
                answer = await Self.admin(request, client: context.client, responder: admin)
            } else {
                answer = await answers.answer(method: request.method, path: path, query: request.uri.query, headers: request.headers)
            }
            metrics.record(path: AdminResponder.handles(path) ? "/admin" : path, status: answer.status.code, duration: .now - start)
            return Response(status: answer.status, headers: answer.headers, body: .init(byteBuffer: answer.buffer))
        }
        let app = Application(
            responder: callback,
            server: HTTPServerBuilder { responder in
                PublishedDocumentChannel(inner: HTTP1Channel(responder: responder), responder: answers, metrics: metrics)
            },
            configuration: .init(address: .hostname(configuration.listen.host, port: port ?? configuration.listen.port)),
            services: [RefreshService(republisher: republisher)] + services,
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.runService()
    }
}

extension FeedServer {
    /// Reads the body (at most ``AdminResponder/maxBodyBytes``: 413 above) and answers an admin request.
    static func admin(_ request: Request, client: String, responder: AdminResponder) async -> FeedResponder.Answer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > AdminResponder.maxBodyBytes {
            return AdminResponder.error(
                .contentTooLarge, "the body is \(length) bytes; at most \(AdminResponder.maxBodyBytes) are accepted")
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: AdminResponder.maxBodyBytes)
        } catch {
            return AdminResponder.error(.contentTooLarge, "the body is larger than \(AdminResponder.maxBodyBytes) bytes")
        }
        return await responder.answer(
            AdminRequest(
                method: request.method, path: request.uri.path, query: request.uri.query, headers: request.headers,
                body: Array(body.readableBytesView), client: client, authority: request.head.authority))
    }
}

/// The request context: Hummingbird's core storage plus the client's address (for rate limiting).
struct ServerRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The peer's IP address (`unknown` for a Unix socket).
    let client: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        client = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}

/// Renders the documents again when the stored stories changed and hands changed feeds to the WebSub
/// pinger. Called every second by ``RefreshService`` and right after each editor's action (so the feeds
/// show it before the editor's response is sent).
final class Republisher: Sendable {
    let publisher: FeedPublisher
    let pinger: WebSubPinger?
    let logger: Logger
    let topics: AsyncStream<[String]>
    private let continuation: AsyncStream<[String]>.Continuation

    init(publisher: FeedPublisher, pinger: WebSubPinger?, logger: Logger) {
        self.publisher = publisher
        self.pinger = pinger
        self.logger = logger
        (topics, continuation) = AsyncStream<[String]>.makeStream(bufferingPolicy: .bufferingNewest(64))
    }

    func refresh() async {
        do {
            let changed = try await publisher.refreshIfChanged()
            if !changed.isEmpty { logger.info("feed rendered again", metadata: ["changed": "\(changed)"]) }
            let topics = publisher.topics(changed)
            if pinger != nil, !topics.isEmpty { continuation.yield(topics) }
        } catch {
            logger.error("cannot read the database; the previous documents stay served", metadata: ["error": "\(error)"])
        }
    }

    func finish() { continuation.finish() }
}

/// Polls the database's change token every second and renders again when it moved; when a feed's
/// bytes changed and a WebSub hub is configured, pings the hub (in the background: a slow hub never
/// delays the next render).
struct RefreshService: Service {
    let republisher: Republisher

    func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask {
                await withDiscardingTaskGroup { pings in
                    for await topics in republisher.topics {
                        guard let pinger = republisher.pinger else { continue }
                        pings.addTask { await pinger.ping(topics: topics) }
                    }
                }
            }
            while !Task.isShuttingDownGracefully, !Task.isCancelled {
                await republisher.refresh()
                do {
                    try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
                } catch {
                    break
                }
            }
            republisher.finish()
        }
    }
}
