public import Foundation
public import Logging

/// One `feedhub fetch` pass: every due source (or the one named), `fetch.concurrency` transfers at a time
/// and at most 2 per host, each stored atomically as soon as it is done (sources done together share a
/// transaction, see ``SQLiteStore/record(_:policy:)``). One failing source never fails the run.
public struct FetchRun: Sendable {
    let configuration: HubConfiguration
    let store: any FeedStorage
    let refresher: SourceRefresher
    let logger: Logger
    /// How many bytes of fetched items may wait for the writer before new transfers wait (see ``WaitingBudget``).
    var waitingLimit = 64 << 20

    /// Creates a run.
    public init(configuration: HubConfiguration, store: any FeedStorage, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.refresher = SourceRefresher(configuration: configuration, logger: logger)
        self.logger = logger
    }

    /// One source's line of the report.
    public struct SourceReport: Sendable, Hashable {
        /// The source's name.
        public var name: String
        /// The outcome code, or `skipped` when the source is in backoff.
        public var outcome: String
        /// The readable message.
        public var message: String
        /// What was stored.
        public var counts: IngestCounts
        /// Seconds spent.
        public var seconds: Double
    }

    /// Runs the pass.
    /// - Parameters:
    ///   - only: a source name; `nil` for all.
    ///   - force: ignore backoff and Retry-After.
    ///   - interval: the daemon's pacing: skip sources attempted less than this long ago (±10% jitter per
    ///     source, so they spread out). `nil` (cron's `feedhub fetch`): every source not backing off.
    /// - Returns: one report per selected source (in file order); sources not due are left out.
    /// - Throws: ``StorageError`` when the database cannot be written (source failures are reports).
    public func run(only: String? = nil, force: Bool = false, interval: Duration? = nil, now: Date = Date()) async throws
        -> [SourceReport]
    {
        try await store.syncSources(configuration.sources)
        let states = try await sourceStatesByName()
        let selected = configuration.sources.filter { only == nil || $0.name == only }
        if let only, selected.isEmpty { throw StorageError.unknownSource(only) }
        var reports: [String: SourceReport] = [:]
        var due: [(SourceConfig, SourceState)] = []
        for source in selected {
            guard let state = states[source.name] else { continue }
            if let interval, !force, let last = state.lastAttemptAt,
                now.timeIntervalSince(last) < Self.paced(interval, for: source.name)
            {
                continue  // not due yet
            }
            if !force, only == nil, let next = state.nextAttemptAt, next > now {
                reports[source.name] = SourceReport(
                    name: source.name, outcome: "skipped",
                    message: "backing off after \(state.failures) failure(s) until \(SourceRefresher.iso(next)) (--force to try now)",
                    counts: IngestCounts(), seconds: 0)
            } else {
                due.append((source, state))
            }
        }
        let limiter = HostLimiter(perHost: 2)
        // `fetch.concurrency` transfers at once; a fetched source waiting for the writer holds no transfer
        // slot, and at most 16x as many sources are in flight (so that the writer takes large batches),
        // while what waits is under `waitingLimit`.
        let transfers = HostLimiter(perHost: configuration.fetch.concurrency)
        let budget = WaitingBudget(limit: waitingLimit)
        let policy = StoryPolicy(feedID: configuration.feed.id, curation: configuration.curation)
        let refresher = self.refresher
        let store = self.store
        try await withThrowingTaskGroup(of: SourceReport.self) { group in
            var iterator = due.makeIterator()
            func addNext() -> Bool {
                guard let (source, state) = iterator.next() else { return false }
                group.addTask {
                    let host = URL(string: state.currentURL)?.host ?? state.currentURL
                    await budget.roomForTransfer()
                    let (record, outcome) = await limiter.withSlot(for: host) {
                        await transfers.withSlot(for: "") { await refresher.refresh(source, state: state, now: now) }
                    }
                    if Task.isCancelled {  // shutting down: an aborted transfer is not the outlet's failure
                        return SourceReport(
                            name: source.name, outcome: "cancelled", message: "stopped by shutdown", counts: IngestCounts(),
                            seconds: record.seconds)
                    }
                    let counts = try await budget.holding(WaitingBudget.size(of: record)) {
                        try await store.record(record, policy: policy)
                    }
                    return SourceReport(
                        name: source.name, outcome: outcome.code, message: record.state.lastMessage ?? "", counts: counts,
                        seconds: record.seconds)
                }
                return true
            }
            for _ in 0..<configuration.fetch.concurrency * 16 where !addNext() { break }
            while let report = try await group.next() {
                reports[report.name] = report
                _ = addNext()
            }
        }
        return selected.compactMap { reports[$0.name] }
    }

    /// When the daemon's next source falls due: the earliest over the configured sources of the last
    /// attempt plus its paced `interval`, or the end of its backoff when that is later; `now` for a source
    /// never fetched.
    /// - Throws: ``StorageError``.
    public func nextDue(interval: Duration, now: Date = Date()) async throws -> Date {
        let states = try await sourceStatesByName()
        var next = Date.distantFuture
        for source in configuration.sources {
            guard let state = states[source.name], let last = state.lastAttemptAt else { return now }
            var due = last.addingTimeInterval(Self.paced(interval, for: source.name))
            if let backoff = state.nextAttemptAt, backoff > due { due = backoff }
            next = min(next, due)
        }
        return next
    }

    /// The stored state of every source, by name.
    private func sourceStatesByName() async throws -> [String: SourceState] {
        Dictionary(uniqueKeysWithValues: try await store.sourceStates().map { ($0.name, $0) })
    }

    /// `interval` scaled by a stable per-source factor in 0.9–1.1, in seconds.
    static func paced(_ interval: Duration, for name: String) -> Double {
        let seconds = Double(interval.components.seconds)
        let unit = Double(TextFingerprint.hash(name) % 1000) / 1000
        return seconds * (0.9 + 0.2 * unit)
    }
}
