public import FeedHub
internal import Foundation
internal import HTTPTypes
public import Logging
internal import NIOCore

/// Answers `/admin` (the editors' page) and `/admin/api/…` (the JSON API). Every route needs an editor:
/// the API a bearer token, the page a session cookie from its login form. Public feeds never pass here.
///
/// The page's forms carry a per-session CSRF token (the login form a double-submit cookie), its cookies
/// are `Secure; HttpOnly; SameSite=Strict` and scoped to `/admin`, and failed sign-ins are rate limited
/// per client address.
public struct AdminResponder: Sendable {
    let store: any FeedStorage
    let configuration: HubConfiguration
    let adder: StoryAdder
    let throttle: LoginThrottle
    /// Called after every change, so the feeds show it before the response is sent.
    let onChange: @Sendable () async -> Void
    /// How long a page session lasts.
    let sessionLifetime: Duration
    let logger: Logger

    /// The largest request body accepted (413 above).
    public static let maxBodyBytes = 64 * 1024
    static let sessionCookie = "feedhub_session"
    static let loginCookie = "feedhub_login"

    /// Creates a responder.
    public init(
        store: any FeedStorage, configuration: HubConfiguration, sessionLifetime: Duration = .seconds(12 * 3600),
        logger: Logger = Logger(label: "feedhub.admin"), onChange: @escaping @Sendable () async -> Void = {}
    ) {
        self.logger = logger
        self.store = store
        self.configuration = configuration
        self.adder = StoryAdder(configuration: configuration, store: store)
        self.throttle = LoginThrottle()
        self.onChange = onChange
        self.sessionLifetime = sessionLifetime
    }

    /// Whether `path` is served here.
    public static func handles(_ path: String) -> Bool { path == "/admin" || path.hasPrefix("/admin/") }

    /// The answer to `request`. HEAD is answered as GET, without the body.
    public func answer(_ request: AdminRequest) async -> FeedResponder.Answer {
        var request = request
        request.client = Self.client(request, trusting: configuration.trustedProxies)
        let head = request.method == .head
        if head { request.method = .get }
        let segments = request.segments
        var answer =
            segments.first == "api" ? await api(request, route: Array(segments.dropFirst())) : await page(request, route: segments)
        if head { answer.buffer = ByteBuffer() }  // GET's headers, Content-Length included
        return answer
    }

    /// Logs an editor's decision and renders the feeds again.
    func changed(_ action: String, story: Int64, editor: String) async {
        logger.info("editor decision", metadata: ["editor": "\(editor)", "action": "\(action)", "story": "\(story)"])
        await onChange()
    }

    /// Records a failed sign-in (logged, and counted by the throttle).
    func failedSignIn(_ client: String, via: String) {
        throttle.fail(client)
        logger.notice("failed sign-in", metadata: ["client": "\(client)", "via": "\(via)"])
    }

    /// The client a request comes from: the peer, or — when the peer is a trusted proxy — the last
    /// address in `X-Forwarded-For` that is not one of the trusted proxies.
    static func client(_ request: AdminRequest, trusting proxies: [String]) -> String {
        guard proxies.contains(request.client), let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!] else {
            return request.client
        }
        let hops = forwarded.split(separator: ",").map { String($0.trimmingSpaces) }.filter { !$0.isEmpty }
        return hops.last { !proxies.contains($0) } ?? request.client
    }

    /// Whether a browser's `Origin` is this server: the `Host` it asked for, or `feed.url`'s origin
    /// (behind a proxy that does not pass `Host` on).
    func sameOrigin(_ request: AdminRequest) -> Bool {
        guard let origin = request.headers[HTTPField.Name("Origin")!]?.lowercased() else { return true }  // not a browser form
        if let host = request.authority?.lowercased(), origin.split(separator: "://", maxSplits: 1).last.map(String.init) == host {
            return true
        }
        guard let feed = URL(string: configuration.feed.url), let scheme = feed.scheme, let host = feed.host else { return false }
        let published = "\(scheme)://\(host)" + (feed.port.map { ":\($0)" } ?? "")
        return origin == published.lowercased()
    }

    var policy: StoryPolicy { StoryPolicy(feedID: configuration.feed.id, curation: configuration.curation) }

    /// The status a refused action answers with.
    static func status(of error: CurationError) -> HTTPResponse.Status {
        switch error {
        case .storyNotFound: .notFound
        case .conflict, .alreadyStored, .editorExists: .conflict
        case .invalid, .unreadablePage: .unprocessableContent
        case .unknownEditor: .unauthorized
        }
    }

    /// `Retry-After` in whole seconds (at least 1).
    static func seconds(_ duration: Duration) -> String { "\(max(1, Int(duration.components.seconds) + 1))" }
}
