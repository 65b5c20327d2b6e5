internal import FeedParse
public import Foundation

/// When a failing source is tried again: exponential backoff with jitter, capped at a day, and never
/// earlier than a server's `Retry-After`. Pure: the caller passes the clock and the randomness.
public struct SourceSchedule: Sendable {
    /// The first delay after one failure.
    public var base: Duration = .seconds(600)
    /// The longest delay: a source is never given up on, it is tried at least daily.
    public var cap: Duration = .seconds(86_400)

    /// Creates the default schedule (10 minutes, doubling, capped at 24 hours).
    public init() {}

    /// The next attempt after `failures` consecutive failures (1 after the first), or `nil` when the
    /// source is healthy and cron alone decides.
    /// - Parameters:
    ///   - jitter: a number in 0..<1; the delay is scaled by 0.8–1.2 so sources do not retry in lockstep.
    public func nextAttempt(failures: Int, retryAfter: Date?, now: Date, jitter: Double) -> Date? {
        var next: Date?
        if failures > 0 {
            let baseSeconds = Double(base.components.seconds)
            let raw = baseSeconds * pow(2, Double(min(failures - 1, 20)))
            let capped = min(raw, Double(cap.components.seconds))
            next = now.addingTimeInterval(capped * (0.8 + 0.4 * min(max(jitter, 0), 1)))
        }
        if let retryAfter, retryAfter > now {
            let limit = now.addingTimeInterval(Double(cap.components.seconds))
            next = max(next ?? retryAfter, min(retryAfter, limit))
        }
        return next
    }

    /// Reads `Retry-After`: delay-seconds or an HTTP date.
    public static func retryAfter(_ header: String?, now: Date) -> Date? {
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return nil }
        if let seconds = Int(header), seconds >= 0 { return now.addingTimeInterval(Double(seconds)) }
        return DateParser.parse(header)  // an HTTP date is RFC 822 in GMT
    }
}
