internal import FeedHub
internal import Foundation
public import Logging
internal import ServiceLifecycle

/// Tells a WebSub hub that published feeds changed, so subscribers hear of new stories without polling:
/// one `POST hub.mode=publish&hub.url=<topic>` per changed feed (the PubSubHubbub 0.4 convention hubs
/// accept). A hub that fails is tried three times (1 s, then 5 s apart); it never holds up serving.
public struct WebSubPinger: Sendable {
    /// The hub's URL (`websub.hub` in feeds.yml).
    public let hub: String
    let userAgent: String
    let logger: Logger
    let delays: [Duration]

    /// How one topic's ping ended.
    public enum Outcome: Sendable, Hashable {
        /// The hub answered 2xx.
        case accepted(status: Int)
        /// The hub answered something else, or could not be reached, on every attempt.
        case failed(String)
    }

    /// Creates a pinger; `delays` are the waits before the second and later attempts.
    public init(hub: String, userAgent: String, logger: Logger, delays: [Duration] = [.seconds(1), .seconds(5)]) {
        self.hub = hub
        self.userAgent = userAgent
        self.logger = logger
        self.delays = delays
    }

    /// The form body announcing `topic`.
    static func form(topic: String) -> String { "hub.mode=publish&hub.url=" + FormBody.encode(topic) }

    /// Pings the hub for each topic, in turn.
    /// - Returns: each topic's outcome.
    @discardableResult
    public func ping(topics: [String]) async -> [String: Outcome] {
        var outcomes: [String: Outcome] = [:]
        for topic in topics { outcomes[topic] = await ping(topic) }
        return outcomes
    }

    private func ping(_ topic: String) async -> Outcome {
        // The hub is the operator's own setting, so it may live on a private address.
        let request = FetchRequest(
            url: hub, timeout: .seconds(10), connectTimeout: .seconds(5), maxBytes: 64 << 10, userAgent: userAgent,
            allowPrivateAddresses: true, maxRedirects: 0, form: Self.form(topic: topic))
        var last = ""
        for attempt in 0...delays.count {
            if attempt > 0 {
                do {
                    try await cancelWhenGracefulShutdown { try await Task.sleep(for: delays[attempt - 1]) }
                } catch {
                    break
                }
            }
            do {
                let response = try await CurlFetcher().fetch(request)
                if (200..<300).contains(response.status) {
                    logger.info("WebSub hub notified", metadata: ["hub": "\(hub)", "topic": "\(topic)", "status": "\(response.status)"])
                    return .accepted(status: response.status)
                }
                last = "HTTP \(response.status)"
            } catch {
                last = "\(error)"
            }
        }
        logger.warning("WebSub hub not notified", metadata: ["hub": "\(hub)", "topic": "\(topic)", "error": "\(last)"])
        return .failed(last)
    }
}
