public import Logging
public import ServiceLifecycle

/// The daemon's fetching: at start every source that is due (never fetched, or last fetched more than
/// `fetch.interval` ago), then each again every `fetch.interval` (±10% per source), honouring backoff and
/// Retry-After. Passes take the same run lock as `feedhub fetch`, so a cron job and the daemon never fetch
/// at once (a pass finding the lock held is skipped). Graceful shutdown cancels the wait and any
/// transfer in flight; nothing half-fetched is stored.
public struct FetchScheduler: Service {
    let configuration: HubConfiguration
    let store: FeedStore
    let logger: Logger

    /// How often the scheduler looks for due sources.
    static let tick: Duration = .seconds(15)

    /// Creates the scheduler.
    public init(configuration: HubConfiguration, store: FeedStore, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.logger = logger
    }

    public func run() async throws {
        let run = FetchRun(configuration: configuration, store: store, logger: logger)
        while !Task.isShuttingDownGracefully {
            do {
                let lock = try RunLock(databasePath: configuration.storagePath, wait: .zero)
                let reports = try await cancelWhenGracefulShutdown {
                    try await run.run(interval: configuration.fetch.interval)
                }
                withExtendedLifetime(lock) {}
                for report in reports where report.outcome != "cancelled" {
                    logger.info(
                        "fetched", metadata: ["source": "\(report.name)", "outcome": "\(report.outcome)", "new": "\(report.counts.new)"])
                }
            } catch StorageError.locked {
                logger.info("another fetch holds the lock; skipping this pass")
            } catch is CancellationError {
                return
            } catch {
                logger.error("fetch pass failed", metadata: ["error": "\(error)"])
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: Self.tick) }
            } catch {
                return
            }
        }
    }
}
