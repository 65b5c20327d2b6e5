public import Foundation

/// Where FeedHub keeps sources, items, stories, editors and the audit log: the one seam between the
/// domain (fetching, relevance, dedup, curation) and a database engine. Every caller — fetch runs, the
/// scheduler, the server, the admin, the CLI — depends on this protocol only; ``SQLiteStore`` is the
/// embedded implementation.
///
/// Methods are named for what the caller means, are `async` (an implementation waits off the
/// cooperative pool) and throw ``StorageError`` (``CurationError`` for refused curation).
public protocol FeedStorage: Sendable {
    // MARK: Sources
    /// Adds configured sources not yet known and forgets none; a changed URL starts again from it.
    func syncSources(_ sources: [SourceConfig]) async throws
    /// Every known source, in name order.
    func sourceStates() async throws -> [SourceState]
    /// Clears a source's failures, backoff and validators so the next run fetches it at once.
    func resetSource(named name: String) async throws

    // MARK: Fetching
    /// Writes one source's fetch atomically (all of it or none): its state, its log line and its items.
    func record(_ record: FetchRecord, policy: StoryPolicy) async throws -> IngestCounts
    /// The run lock that keeps two fetch passes on one database from running at once, waiting up to `wait`.
    func lockRun(wait: Duration) async throws -> any RunLease

    // MARK: Stories
    /// One page of stories in feed order: pinned first, then newest (then the latest stored). The only
    /// place stories are ordered: the feeds, the page, the admin and the CLI all show this order.
    func stories(status: StoryStatus?, source: String?, text: String?, limit: Int?, offset: Int) async throws -> [StoryListing]
    /// At most `limit` stories of `status` from `offset`, in the same order, and how many there are in all, from
    /// one snapshot: what a page of the feeds renders, without loading the stories of other pages.
    func storyPage(status: StoryStatus?, limit: Int, offset: Int) async throws -> StoryPage
    /// One story with its copies.
    func detail(_ number: Int64) async throws -> StoryDetail
    /// The story a reference (number or entry id) names.
    func storyNumber(_ reference: String) async throws -> Int64
    /// A story's audit log, oldest first.
    func history(_ number: Int64) async throws -> [AuditEntry]
    /// Withdrawn stories for Atom tombstones, newest first.
    func tombstones(limit: Int) async throws -> [Tombstone]
    /// The story (followed through merges) holding an item with this canonical URL.
    func story(withCanonicalURL canonical: String) async throws -> Int64?

    // MARK: Curation
    /// Applies an editor's action to a story and logs it.
    func apply(_ action: CurationAction, to number: Int64, editor: String, policy: StoryPolicy, at date: Date) async throws
        -> StoryDetail
    /// Stores an article an editor added by hand as a pending story.
    func addStory(_ item: IncomingItem, source: String, editor: String, feedID: String, at date: Date) async throws -> StoryDetail

    // MARK: Editors and sessions
    /// Adds an editor; returns the sign-in token (shown once).
    func addEditor(named name: String, at date: Date) async throws -> String
    /// Every editor.
    func editors() async throws -> [EditorInfo]
    /// Removes an editor and their sessions.
    func removeEditor(named name: String) async throws
    /// The editor a token signs in, or `nil`.
    func editor(forToken token: String) async throws -> String?
    /// Opens a session; returns its secret.
    func openSession(editor: String, lifetime: Duration, at date: Date) async throws -> String
    /// The live session a secret names, or `nil`.
    func session(secret: String, at date: Date) async throws -> EditorSession?
    /// Ends a session.
    func closeSession(secret: String) async throws

    // MARK: Statistics and health
    /// Fetch outcomes counted per source.
    func fetchCounts() async throws -> [(source: String, outcome: String, count: Int)]
    /// Stories counted per status.
    func storyCounts() async throws -> [StoryStatus: Int]
    /// `"ok"` for a sound database, else what is wrong.
    func integrityCheck() async throws -> String
    /// Changes whenever anything was committed, by any process.
    func changeToken() async throws -> String
}

/// A held run lock; dropping the last reference releases it.
public protocol RunLease: AnyObject, Sendable {}

extension FeedStorage {
    /// ``stories(status:source:text:limit:offset:)`` with defaults: every story, all of them.
    public func stories(
        status: StoryStatus? = nil, source: String? = nil, text: String? = nil, limit: Int? = nil, offset: Int = 0
    ) async throws -> [StoryListing] {
        try await stories(status: status, source: source, text: text, limit: limit, offset: offset)
    }

    /// ``tombstones(limit:)`` with the default of 100.
    public func tombstones() async throws -> [Tombstone] { try await tombstones(limit: 100) }

    /// ``apply(_:to:editor:policy:at:)`` now.
    @discardableResult
    public func apply(_ action: CurationAction, to number: Int64, editor: String, policy: StoryPolicy) async throws -> StoryDetail {
        try await apply(action, to: number, editor: editor, policy: policy, at: Date())
    }

    /// ``addEditor(named:at:)`` now.
    public func addEditor(named name: String) async throws -> String { try await addEditor(named: name, at: Date()) }

    /// ``openSession(editor:lifetime:at:)`` now.
    public func openSession(editor: String, lifetime: Duration) async throws -> String {
        try await openSession(editor: editor, lifetime: lifetime, at: Date())
    }

    /// ``session(secret:at:)`` now.
    public func session(secret: String) async throws -> EditorSession? { try await session(secret: secret, at: Date()) }
}
