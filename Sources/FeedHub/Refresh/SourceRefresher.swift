internal import FeedParse
public import Foundation
public import Logging

/// One source, start to finish: fetch (conditional, size-bounded), parse, decide relevance, and describe
/// the new state — the caller stores it all in one transaction.
public struct SourceRefresher: Sendable {
    let configuration: HubConfiguration
    let fetcher: CurlFetcher
    let schedule: SourceSchedule
    let logger: Logger

    /// Creates a refresher.
    public init(
        configuration: HubConfiguration, fetcher: CurlFetcher = CurlFetcher(), schedule: SourceSchedule = SourceSchedule(), logger: Logger
    ) {
        self.configuration = configuration
        self.fetcher = fetcher
        self.schedule = schedule
        self.logger = logger
    }

    /// Fetches `source` from where `state` says it lives now.
    /// - Returns: what to store; never throws: every failure is an outcome.
    public func refresh(_ source: SourceConfig, state: SourceState, now: Date = Date()) async -> (FetchRecord, FetchOutcome) {
        let clock = ContinuousClock()
        let started = clock.now
        var state = state
        var outcome: FetchOutcome
        var message: String
        var items: [IncomingItem] = []
        var retryAfter: Date?
        var validators: (etag: String?, lastModified: String?) = (nil, nil)
        do {
            let response = try await fetch(source, state: state)
            if let moved = response.permanentURL, moved != state.currentURL {
                logger.notice(
                    "source moved permanently", metadata: ["source": "\(source.name)", "from": "\(state.currentURL)", "to": "\(moved)"])
                state.currentURL = moved
            }
            let movedNote = response.permanentURL != nil ? " (moved permanently to \(response.finalURL))" : ""
            switch response.status {
            case 304:
                outcome = .notModified
                message = "not modified since the last fetch" + movedNote
                validators = (state.etag, state.lastModified)
            case 200...299:
                let options = ParseOptions(htmlRules: source.html)
                let feed = try FeedParser(options: options).parse(
                    response.body, url: source.baseURL ?? response.finalURL, contentType: response.contentType)
                let builder = ItemBuilder(source: source, global: configuration.relevance)
                items = feed.entries.map { builder.item($0, now: now) }
                for diagnostic in feed.diagnostics where diagnostic.kind == .unsafeLink {
                    logger.warning(
                        "unsafe link dropped", metadata: ["source": "\(source.name)", "message": "\(diagnostic.message)"])
                }
                outcome = .ok
                message = "\(feed.entries.count) entries" + movedNote
                validators = (response.headers["etag"], response.headers["last-modified"])
            case let status:
                if status == 429 || status == 503 { retryAfter = SourceSchedule.retryAfter(response.headers["retry-after"], now: now) }
                if BotWallDetector.isBotWall(status: status, headers: response.headers, body: response.body) {
                    outcome = .botWall(status)
                    message = "HTTP \(status) from \(response.finalURL) is a bot challenge page (the outlet blocks robots, it is not down)"
                } else {
                    outcome = .httpStatus(status)
                    message = "HTTP \(status) from \(response.finalURL)" + (retryAfter.map { " (Retry-After until \(Self.iso($0)))" } ?? "")
                }
            }
        } catch let error as FetchError {
            outcome = .fetchFailed(error)
            message = error.description
        } catch let error as FeedParseError {
            outcome = .parseError(error.code)
            message = "\(state.currentURL): \(error) — previous items are kept"
        } catch {
            outcome = .fetchFailed(.transport(url: state.currentURL, code: -1, message: "\(error)"))
            message = "\(error)"
        }
        state.lastAttemptAt = now
        state.lastOutcome = outcome.code
        state.lastMessage = message
        if outcome.isSuccess {
            state.failures = 0
            state.lastSuccessAt = now
            state.etag = validators.etag
            state.lastModified = validators.lastModified
        } else {
            state.failures += 1
            logger.warning("fetch failed", metadata: ["source": "\(source.name)", "outcome": "\(outcome.code)", "message": "\(message)"])
        }
        state.nextAttemptAt = schedule.nextAttempt(
            failures: state.failures, retryAfter: retryAfter, now: now, jitter: Double.random(in: 0..<1))
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (FetchRecord(state: state, startedAt: now, seconds: seconds, items: items), outcome)
    }

    private func fetch(_ source: SourceConfig, state: SourceState) async throws -> FetchResponse {
        let url = state.currentURL
        if url.lowercased().hasPrefix("file:") { return try LocalFileReader.read(url, maxBytes: configuration.fetch.maxBytes) }
        return try await fetcher.fetch(configuration.fetchRequest(url, etag: state.etag, lastModified: state.lastModified))
    }

    static func iso(_ date: Date) -> String { DateParser.rfc3339(date) }
}
