import ArgumentParser
import FeedHub
import Foundation

/// `feedhub fetch`: one pass over every due source, for cron.
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch every source that is due, keep what is on topic, store it.",
        discussion: """
            Exit status: 0 when the pass ran (even if sources failed: see each line), 1 when the database cannot \
            be opened or written, 2 for a bad configuration, 75 when another fetch holds the lock.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Fetch only this source (by name), even if it is backing off.")
    var source: String?

    @Flag(name: .long, help: "Ignore backoff and Retry-After.")
    var force = false

    func run() async throws {
        let configuration = try global.loadConfiguration()
        let store = try global.openStore(configuration)
        let lock: any RunLease
        do {
            let wait = Double(ProcessInfo.processInfo.environment["FEEDHUB_LOCK_WAIT"] ?? "") ?? 10
            lock = try await store.lockRun(wait: .milliseconds(Int(wait * 1000)))
        } catch let error as StorageError {
            ErrorReporter.report("\(error)")
            throw ExitCode(error.code == "storage.locked" ? 75 : 1)
        }
        defer { withExtendedLifetime(lock) {} }
        let run = FetchRun(configuration: configuration, store: store, logger: global.logger("feedhub.fetch"))
        let reports: [FetchRun.SourceReport]
        do {
            reports = try await run.run(only: source, force: force)
        } catch {
            ErrorReporter.report("\(error)")
            throw ExitCode(1)
        }
        var total = IngestCounts()
        var failed = 0
        for report in reports {
            total += report.counts
            if !["ok", "not-modified", "skipped"].contains(report.outcome) { failed += 1 }
            let c = report.counts
            print(
                "\(report.name): \(report.outcome) — new \(c.new), updated \(c.updated), merged \(c.merged), "
                    + "off-topic \(c.offTopic), \(String(format: "%.2fs", report.seconds)) — \(report.message)")
        }
        print(
            "total: \(reports.count) sources, \(failed) failed — new \(total.new), updated \(total.updated), "
                + "merged \(total.merged), off-topic \(total.offTopic)")
    }
}
