public import Foundation

/// What FeedHub knows about one outlet: where it lives now, its validators, and how its last fetch went.
public struct SourceState: Sendable, Hashable, Codable {
    /// The name from feeds.yml.
    public var name: String
    /// The URL in feeds.yml.
    public var configURL: String
    /// The URL fetched now: the target of a permanent redirect, else ``configURL``.
    public var currentURL: String
    /// The ETag of the last `200`.
    public var etag: String?
    /// The Last-Modified of the last `200`.
    public var lastModified: String?
    /// The last outcome code (`ok`, `not-modified`, `http-status 500`, `timeout`, ...).
    public var lastOutcome: String?
    /// The last outcome's readable message.
    public var lastMessage: String?
    /// When the last fetch started.
    public var lastAttemptAt: Date?
    /// When a fetch last succeeded (`ok` or `not-modified`).
    public var lastSuccessAt: Date?
    /// Failures in a row.
    public var failures: Int
    /// Before this time a plain `feedhub fetch` skips the source (backoff or Retry-After).
    public var nextAttemptAt: Date?

    /// Creates a value.
    public init(
        name: String, configURL: String, currentURL: String, etag: String? = nil, lastModified: String? = nil, lastOutcome: String? = nil,
        lastMessage: String? = nil, lastAttemptAt: Date? = nil, lastSuccessAt: Date? = nil, failures: Int = 0, nextAttemptAt: Date? = nil
    ) {
        self.name = name
        self.configURL = configURL
        self.currentURL = currentURL
        self.etag = etag
        self.lastModified = lastModified
        self.lastOutcome = lastOutcome
        self.lastMessage = lastMessage
        self.lastAttemptAt = lastAttemptAt
        self.lastSuccessAt = lastSuccessAt
        self.failures = failures
        self.nextAttemptAt = nextAttemptAt
    }
}
