public import FeedParse

/// The whole of `feeds.yml`, validated: what FeedHub publishes, where it stores, how it fetches and which
/// outlets it follows. Built by ``ConfigLoader``.
public struct HubConfiguration: Sendable {
    /// The configuration file this came from (absolute).
    public var file: String
    /// The published feed.
    public var feed: FeedSettings
    /// Where the HTTP server listens.
    public var listen: ListenAddress
    /// `server.trusted_proxies`: reverse proxies whose `X-Forwarded-For` names the real client (for
    /// rate limiting failed sign-ins per client rather than per proxy).
    public var trustedProxies: [String] = []
    /// The SQLite database, resolved relative to the configuration file.
    public var storagePath: String
    /// Fetch limits and pacing.
    public var fetch: FetchSettings
    /// The global relevance rules.
    public var relevance: RelevanceRules
    /// Whether relevant items publish at once or wait for an editor.
    public var curation: CurationMode
    /// `websub.hub`: the WebSub hub the published feeds advertise and ping when they change.
    public var websubHub: String?
    /// The outlets, in file order.
    public var sources: [SourceConfig]

    /// The `User-Agent` FeedHub sends: `FeedHub/<version> (+<feed.url>)`.
    public var userAgent: String { "FeedHub/\(FeedHubVersion.current) (+\(feed.url))" }
}

/// The `feed:` block.
public struct FeedSettings: Sendable, Hashable {
    /// The feed's title.
    public var title: String
    /// An optional subtitle.
    public var subtitle: String?
    /// The Atom feed id; story ids are minted under it.
    public var id: String
    /// The public base URL of the published feed.
    public var url: String
    /// The feed's author.
    public var author: String?
    /// How many entries the published feed carries.
    public var maxEntries: Int

    /// Creates a value.
    public init(
        title: String, subtitle: String?, id: String, url: String, author: String?, maxEntries: Int
    ) {
        self.title = title
        self.subtitle = subtitle
        self.id = id
        self.url = url
        self.author = author
        self.maxEntries = maxEntries
    }
}

/// `host:port` the server binds.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// A host name or address.
    public var host: String
    /// The TCP port.
    public var port: Int
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// The `fetch:` block.
public struct FetchSettings: Sendable, Hashable {
    /// How often the serving daemon fetches (cron paces `feedhub fetch`).
    public var interval: Duration
    /// The whole transfer of one source.
    public var timeout: Duration
    /// The largest body accepted.
    public var maxBytes: Int
    /// Transfers at once (and at most 2 per host).
    public var concurrency: Int
    /// Whether loopback/private addresses may be fetched.
    public var allowPrivateAddresses: Bool
}

/// `curation:`.
public enum CurationMode: String, Sendable, Hashable, CaseIterable {
    /// Relevant items publish at once.
    case auto
    /// Relevant items wait for an editor.
    case review
}

/// One outlet of `sources:`.
public struct SourceConfig: Sendable, Hashable {
    /// The unique display name.
    public var name: String
    /// The configured URL (`http`, `https` or `file`).
    public var url: String
    /// The source's relevance: the global rules, `all`, or its own rules.
    public var relevance: SourceRelevance
    /// XPath rules when the source is an HTML page.
    public var html: ScrapeRule?
    /// How an item of this source is recognised again.
    public var identity: IdentityMode
    /// What relative links resolve against when it is not the fetched URL (a `file:` snapshot of a site).
    public var baseURL: String?
}

/// A source's relevance override.
public enum SourceRelevance: Sendable, Hashable {
    /// Use the global rules.
    case global
    /// Every item is on topic.
    case all
    /// The source's own include/exclude lists.
    case rules(RelevanceRules)
}

/// `identity:` — which field says two items of one source are the same.
public enum IdentityMode: String, Sendable, Hashable, CaseIterable {
    /// The guid/id, or the link when there is none (the default).
    case guid
    /// The canonical link only (for outlets whose guids change when a headline is edited).
    case link
    /// The canonical link plus the publication date (for outlets that reuse one link).
    case linkDate = "link+date"
}
