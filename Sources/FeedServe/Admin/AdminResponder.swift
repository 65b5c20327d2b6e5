public import FeedHub
internal import Foundation
internal import HTTPTypes
public import Logging

/// Answers `/admin` (the editors' page) and `/admin/api/…` (the JSON API). Every route needs an editor:
/// the API a bearer token, the page a session cookie from its login form. Public feeds never pass here.
///
/// The page's forms carry a per-session CSRF token (the login form a double-submit cookie), its cookies
/// are `Secure; HttpOnly; SameSite=Strict` and scoped to `/admin`, and failed sign-ins are rate limited
/// per client address.
public struct AdminResponder: Sendable {
    let store: FeedStore
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
        store: FeedStore, configuration: HubConfiguration, sessionLifetime: Duration = .seconds(12 * 3600),
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

    /// The answer to `request`.
    public func answer(_ request: AdminRequest) async -> FeedResponder.Answer {
        let segments = request.segments
        if segments.first == "api" { return await api(request, route: Array(segments.dropFirst())) }
        return await page(request, route: segments)
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

    var policy: StoryPolicy { StoryPolicy(feedID: configuration.feed.id, curation: configuration.curation) }

    /// Runs blocking database work off Swift's cooperative pool.
    func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

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
