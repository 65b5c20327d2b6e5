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
    let store: FeedStore
    let logger: Logger

    /// Creates a server for a configuration and its database.
    public init(configuration: HubConfiguration, store: FeedStore, logger: Logger) {
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
        try publisher.refreshIfChanged()
        let metrics = ServerMetrics(routes: FeedPublisher.routes.map(\.path) + ["/healthz", "/metrics"])
        let answers = FeedResponder(publisher: publisher, metrics: metrics)
        let callback = CallbackResponder<BasicRequestContext> { request, _ in
            let start = ContinuousClock.now
            let path = request.uri.path
            let answer = answers.answer(method: request.method, path: path, query: request.uri.query, headers: request.headers)
            metrics.record(path: path, status: answer.status.code, duration: .now - start)
            return Response(status: answer.status, headers: answer.headers, body: .init(byteBuffer: answer.buffer))
        }
        let pinger = configuration.websubHub.map { WebSubPinger(hub: $0, userAgent: configuration.userAgent, logger: logger) }
        let app = Application(
            responder: callback,
            server: HTTPServerBuilder { responder in
                PublishedDocumentChannel(inner: HTTP1Channel(responder: responder), responder: answers, metrics: metrics)
            },
            configuration: .init(address: .hostname(configuration.listen.host, port: port ?? configuration.listen.port)),
            services: [RefreshService(publisher: publisher, pinger: pinger, logger: logger)] + services,
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.runService()
    }
}

/// Polls the database's change token every second and renders again when it moved; when a feed's
/// bytes changed and a WebSub hub is configured, pings the hub (in the background: a slow hub never
/// delays the next render).
struct RefreshService: Service {
    let publisher: FeedPublisher
    let pinger: WebSubPinger?
    let logger: Logger

    func run() async throws {
        await withDiscardingTaskGroup { group in
            while !Task.isShuttingDownGracefully, !Task.isCancelled {
                do {
                    let changed = try publisher.refreshIfChanged()
                    if !changed.isEmpty { logger.info("feed rendered again", metadata: ["changed": "\(changed)"]) }
                    let topics = publisher.topics(changed)
                    if let pinger, !topics.isEmpty { group.addTask { await pinger.ping(topics: topics) } }
                } catch {
                    logger.error("cannot read the database; the previous documents stay served", metadata: ["error": "\(error)"])
                }
                do {
                    try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
                } catch {
                    return
                }
            }
        }
    }
}
