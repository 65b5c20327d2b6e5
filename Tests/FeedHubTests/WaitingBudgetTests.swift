import Foundation
import Logging
import Testing

@testable import FeedHub

/// Fetched feeds waiting for the writer are bounded in bytes: no new transfer starts past the limit.
@Suite struct WaitingBudgetTests {
    actor Log {
        var events: [String] = []
        func add(_ event: String) { events.append(event) }
    }

    @Test("Past the limit a transfer waits until the writer has taken what is held")
    func transferWaitsForRelease() async throws {
        let budget = WaitingBudget(limit: 1_000)
        await budget.roomForTransfer()  // under the limit: at once
        await budget.hold(600)
        await budget.roomForTransfer()  // 600 < 1,000: still at once
        await budget.hold(600)
        let log = Log()
        let transfer = Task {
            await budget.roomForTransfer()
            await log.add("transfer")
        }
        try await Task.sleep(for: .milliseconds(100))
        await log.add("writer took one")
        await budget.release(600)
        await transfer.value
        #expect(await log.events == ["writer took one", "transfer"])
        #expect(await budget.held == 600)
    }

    @Test("A pass with a budget smaller than one feed still stores every source (holders never wait)", .timeLimit(.minutes(1)))
    func tinyBudgetCompletes() async throws {
        let hub = try HubHarness(.file)
        defer { hub.remove() }
        let outlets = (1...12).map { "outlet\($0)" }
        var sources = ""
        for (n, outlet) in outlets.enumerated() {
            let url = try hub.rss(
                outlet,
                [
                    (
                        "https://\(outlet).example.kz/aif-\(n)/", "Astana International Forum: \(outlet) reports from day \(n)",
                        "Delegates from \(40 + n) countries met at the Astana International Forum to discuss \(outlet)'s topic \(n).",
                        "Thu, 29 May 2025 12:00:00 +0500"
                    )
                ])
            sources += "  - { name: \(outlet), url: \"\(url)\" }\n"
        }
        let configuration = try hub.configuration(sources: sources)
        let store = try SQLiteStore(path: configuration.storagePath)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        var run = FetchRun(configuration: configuration, store: store, logger: logger)
        run.waitingLimit = 1
        let reports = try await run.run()
        #expect(reports.count == 12)
        #expect(reports.allSatisfy { $0.outcome == "ok" })
        #expect(try await store.stories().count == 12)
    }
}
