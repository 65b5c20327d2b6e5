/// Politeness: at most `perHost` transfers to one host at once, whatever the global concurrency (which is
/// itself one of these, with one host for all).
actor HostLimiter {
    private let perHost: Int
    private var running: [String: Int] = [:]
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    init(perHost: Int) { self.perHost = perHost }

    /// Runs `body` once fewer than `perHost` transfers to `host` are running.
    nonisolated func withSlot<T: Sendable>(for host: String, _ body: @Sendable () async -> T) async -> T {
        await acquire(host)
        let result = await body()
        await release(host)
        return result
    }

    private func acquire(_ host: String) async {
        if running[host, default: 0] < perHost {
            running[host, default: 0] += 1
            return
        }
        await withCheckedContinuation { waiting[host, default: []].append($0) }
    }

    private func release(_ host: String) {
        if var queue = waiting[host], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[host] = queue.isEmpty ? nil : queue
            next.resume()  // the slot passes straight to the next waiter
        } else {
            running[host, default: 1] -= 1
            if running[host] == 0 { running[host] = nil }
        }
    }
}
