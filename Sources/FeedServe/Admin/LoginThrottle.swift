internal import Foundation
internal import Synchronization

/// Limits failed sign-ins (a wrong token on the login form or in `Authorization: Bearer`) per client
/// address: after `limit` failures within `window`, that address is refused until the oldest of them
/// ages out. Successful sign-ins do not count. Tokens have 256 random bits, so this is about noise and
/// load, not about making guessing feasible.
final class LoginThrottle: Sendable {
    let limit: Int
    let window: Duration
    private let failures = Mutex<[String: [ContinuousClock.Instant]]>([:])

    init(limit: Int = 5, window: Duration = .seconds(900)) {
        self.limit = limit
        self.window = window
    }

    /// How long `client` must wait before trying again; `nil` when it may try now.
    func retryAfter(_ client: String, now: ContinuousClock.Instant = .now) -> Duration? {
        failures.withLock { all in
            let recent = (all[client] ?? []).filter { now - $0 < window }
            all[client] = recent.isEmpty ? nil : recent
            guard recent.count >= limit, let oldest = recent.first else { return nil }
            return window - (now - oldest)
        }
    }

    /// Records a failed attempt by `client`.
    func fail(_ client: String, now: ContinuousClock.Instant = .now) {
        failures.withLock { all in
            var recent = (all[client] ?? []).filter { now - $0 < window }
            recent.append(now)
            all[client] = recent
            if all.count > 10_000 { all = all.filter { !$0.value.isEmpty && now - $0.value.last! < window } }
        }
    }
}
