public import FeedHub
internal import Foundation
internal import Metrics
public import Prometheus
internal import Synchronization

/// The Prometheus metrics `GET /metrics` shows.
///
/// - `feedhub_http_requests_total{route,status}` and `feedhub_http_request_duration_seconds{route}`
///   (a histogram) are recorded by this process through swift-metrics into a swift-prometheus registry.
/// - `feedhub_fetches_total{source,outcome}` and `feedhub_stories{status}` are read from the database at
///   scrape time, so fetches made by `feedhub fetch` from cron, in another process, count too.
///
/// `route` is one of the served paths or `other`, so unknown URLs cannot grow the label set.
public final class ServerMetrics: Sendable {
    /// Where the HTTP metrics live.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let routes: Set<String>
    private let instruments = Mutex<[Key: (Metrics.Counter, Metrics.Timer)]>([:])

    private struct Key: Hashable {
        var route: String
        var status: Int
    }

    static let requests = "feedhub_http_requests_total"
    static let duration = "feedhub_http_request_duration_seconds"

    /// Creates the metrics of a server answering `routes` (other paths are counted as `other`).
    public init(routes: [String], registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[Self.duration] = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5), .milliseconds(5),
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .seconds(2.5),
        ]
        self.factory = factory
        self.routes = Set(routes)
    }

    /// Counts one answered request and its handling time.
    public func record(path: String, status: Int, duration: Duration) {
        instruments(path: path, status: status).record(duration)
    }

    /// The counter and timer of one route and status; a connection may keep them to skip the lookup.
    func instruments(path: String, status: Int) -> Instruments {
        let key = Key(route: routes.contains(path) ? path : "other", status: status)
        return instruments.withLock { cache in
            if let found = cache[key] { return Instruments(counter: found.0, timer: found.1) }
            let made = (
                Metrics.Counter(label: Self.requests, dimensions: [("route", key.route), ("status", "\(status)")], factory: factory),
                Metrics.Timer(label: Self.duration, dimensions: [("route", key.route)], factory: factory)
            )
            cache[key] = made
            return Instruments(counter: made.0, timer: made.1)
        }
    }

    /// What one route and status record into.
    struct Instruments {
        let counter: Metrics.Counter
        let timer: Metrics.Timer

        func record(_ duration: Duration) {
            counter.increment()
            let (seconds, attoseconds) = duration.components
            timer.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        }
    }

    /// The Prometheus text exposition (format 0.0.4): the database's counts, then this process's HTTP metrics.
    /// - Throws: ``StorageError`` when the database cannot be read.
    public func exposition(store: any FeedStorage) async throws -> [UInt8] {
        var text = "# TYPE feedhub_fetches_total counter\n"
        for row in try await store.fetchCounts() {
            text += "feedhub_fetches_total{source=\"\(Self.label(row.source))\",outcome=\"\(Self.label(row.outcome))\"} \(row.count)\n"
        }
        text += "# TYPE feedhub_stories gauge\n"
        for (status, count) in try await store.storyCounts().sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            text += "feedhub_stories{status=\"\(status.rawValue)\"} \(count)\n"
        }
        var bytes = Array(text.utf8)
        registry.emit(into: &bytes)
        return bytes
    }

    /// A label value escaped for the text format: backslash, double quote and newline.
    static func label(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
