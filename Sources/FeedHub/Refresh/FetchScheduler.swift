internal import Foundation
public import Logging
public import ServiceLifecycle

/// The daemon's fetching: at start every source that is due (never fetched, or last fetched more than
/// `fetch.interval` ago), then each again every `fetch.interval` (±10% per source), honouring backoff and
/// Retry-After. Between passes it sleeps until the next source falls due (at least 1 s, at most 5 min).
/// Passes take the same run lock as `feedhub fetch`, so a cron job and the daemon never fetch at once
/// (a pass finding the lock held is skipped). Graceful shutdown cancels the wait and any
/// transfer in flight; nothing half-fetched is stored.
public struct FetchScheduler: Service {
    let configuration: HubConfiguration
    let store: any FeedStorage
    let logger: Logger

    /// The longest the scheduler sleeps between looks (a changed clock or a source added by a reload).
    static let longestSleep: Duration = .seconds(300)
    /// The shortest, so a source whose fetch keeps failing at once cannot spin the loop.
    static let shortestSleep: Duration = .seconds(1)
    /// How long to wait when another process's fetch holds the run lock.
    static let lockedSleep: Duration = .seconds(5)

    /// Creates the scheduler.
    public init(configuration: HubConfiguration, store: any FeedStorage, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.logger = logger
    }

    /// How long to sleep until `due`, within ``shortestSleep`` and ``longestSleep``.
    static func untilDue(_ due: Date, now: Date = Date()) -> Duration {
        let shortest = Double(shortestSleep.components.seconds)
        let seconds = min(max(due.timeIntervalSince(now), shortest), Double(longestSleep.components.seconds))
        return .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }

    public func run() async throws {
        let run = FetchRun(configuration: configuration, store: store, logger: logger)
        while !Task.isShuttingDownGracefully {
            var sleep = Self.longestSleep
            do {
                let lock = try await store.lockRun(wait: .zero)
                let reports = try await cancelWhenGracefulShutdown {
                    try await run.run(interval: configuration.fetch.interval)
                }
                withExtendedLifetime(lock) {}
                for report in reports where report.outcome != "cancelled" {
                    logger.info(
                        "fetched", metadata: ["source": "\(report.name)", "outcome": "\(report.outcome)", "new": "\(report.counts.new)"])
                }
                sleep = Self.untilDue(try await run.nextDue(interval: configuration.fetch.interval))
            } catch StorageError.locked {
                logger.info("another fetch holds the lock; skipping this pass")
                sleep = Self.lockedSleep
            } catch is CancellationError {
                return
            } catch {
                logger.error("fetch pass failed", metadata: ["error": "\(error)"])
                sleep = Self.lockedSleep
            }
            do {
                let pause = sleep
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
            } catch {
                return
            }
        }
    }
}
