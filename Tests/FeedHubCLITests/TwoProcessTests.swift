import FeedHub
import Foundation
import Synchronization
import TestSupport
import Testing

/// A daemon (`feedhub run`) and cron runs of `feedhub fetch` and `feedhub items` on one SQLite file:
/// every process sees what the others committed.
@Suite struct TwoProcessTests {
    /// What the loopback outlets serve now: path → RSS items.
    final class Outlets: Sendable {
        let items = Mutex<[String: [String]]>([:])
        func set(_ path: String, _ list: [String]) { items.withLock { $0[path] = list } }
        func rss(_ path: String) -> Data {
            let body = items.withLock { $0[path] ?? [] }.joined()
            return Data(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>\(path)</title>\(body)</channel></rss>".utf8
            )
        }
    }

    static let copyText =
        "Kazakhstan will convene the Astana International Forum later this month, emphasizing its profile as an active mediator in the evolving architecture of global diplomacy, with delegations from more than seventy countries expected in the capital."

    static func item(_ link: String, _ title: String, _ text: String, _ date: String = "Thu, 29 May 2025 09:00:00 +0500") -> String {
        "<item><title>\(title)</title><link>\(link)</link><pubDate>\(date)</pubDate><description>\(text)</description></item>"
    }

    static func config(_ sources: [(String, String)], storage: String) -> String {
        """
        feed:
          title: AIF in the news
          id: tag:astanaforum.org,2025:in-the-news
          url: https://astanaforum.org/
        storage: \(storage)
        fetch: { interval: 2s, allow_private_addresses: true }
        relevance:
          include: [Astana International Forum]
        sources:

        """ + sources.map { "  - name: \($0.0)\n    url: \($0.1)\n" }.joined()
    }

    /// The story of the item linking to `link`, read straight from SQLite by a third process.
    static func storyOf(_ link: String, database: String) async throws -> Int64? {
        let result = try await ExternalTool.run(
            "/usr/bin/env",
            [
                "python3", "-c",
                "import sqlite3, sys\nr = sqlite3.connect(sys.argv[1]).execute('SELECT storyID FROM item WHERE link = ?', (sys.argv[2],)).fetchone()\nprint(r[0] if r else '')",
                database, link,
            ])
        return Int64(result.output.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test(
        "A cron fetch's story takes the daemon's later copy; a CLI decision shows in the daemon's feed within 2 s; no lock errors; a killed cron run leaves the daemon serving"
    )
    func daemonAndCron() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-two-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outlets = Outlets()
        let hang = Mutex(false)
        outlets.set(
            "/astana-times",
            [
                Self.item(
                    "https://astanatimes.com/2025/05/middle-powers/", "Middle powers meet at the Astana International Forum",
                    Self.copyText.replacingOccurrences(of: "Kazakhstan will convene", with: "Diplomats from middle powers will attend"))
            ])
        outlets.set(
            "/eurasia-review",
            [
                Self.item(
                    "https://www.eurasiareview.com/aif-agenda/", "Astana International Forum publishes its agenda",
                    "The Astana International Forum agenda lists sessions on trade, climate and security for the two days.")
            ])
        try await withLoopbackServer({ request in
            if request.path == "/slow", hang.withLock({ $0 }) { return .silence }
            return .response(status: 200, headers: ["Content-Type": "application/rss+xml"], body: outlets.rss(request.path))
        }) { server in
            let database = directory.appendingPathComponent("news.sqlite").path
            // The daemon follows Eurasia Review; cron follows The Astana Times (and a slow outlet).
            let daemonConfig = directory.appendingPathComponent("daemon.yml").path
            let cronConfig = directory.appendingPathComponent("cron.yml").path
            try Self.config([("Eurasia Review", server.url("/eurasia-review"))], storage: "news.sqlite").write(
                toFile: daemonConfig, atomically: true, encoding: .utf8)
            try Self.config(
                [("The Astana Times", server.url("/astana-times")), ("Slow outlet", server.url("/slow"))], storage: "news.sqlite"
            )
            .write(toFile: cronConfig, atomically: true, encoding: .utf8)

            let port = try RunCommandTests.freePort()
            let daemonLog = directory.appendingPathComponent("daemon.log")
            let daemon = try CommandRunner.start(["run", "--config", daemonConfig, "--port", "\(port)"], errorLog: daemonLog)
            defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
            func atom() async -> String {
                (try? await RunCommandTests.get(port, "/feed.atom")).map { String(decoding: $0.body, as: UTF8.self) } ?? ""
            }
            var feed = ""
            for _ in 0..<100 where !feed.contains("publishes its agenda") {
                try await Task.sleep(for: .milliseconds(100))
                feed = await atom()
            }
            #expect(feed.contains("publishes its agenda"), "the daemon's first pass stored its outlet (and loaded its index)")

            // Cron stores the original; the daemon later stores a syndicated copy of it.
            #expect(try await CommandRunner.run(["fetch", "--config", cronConfig]).status == 0)
            let original = try #require(try await Self.storyOf("https://astanatimes.com/2025/05/middle-powers/", database: database))
            outlets.set(
                "/eurasia-review",
                [
                    Self.item(
                        "https://www.eurasiareview.com/aif-agenda/", "Astana International Forum publishes its agenda",
                        "The Astana International Forum agenda lists sessions on trade, climate and security for the two days."),
                    Self.item(
                        "https://www.eurasiareview.com/middle-powers-astana/", "Middle Powers Meet At The Astana International Forum",
                        Self.copyText.replacingOccurrences(of: "Kazakhstan will convene", with: "Diplomats from middle powers will attend"),
                        "Thu, 29 May 2025 11:00:00 +0500"),
                ])
            var copy: Int64?
            for _ in 0..<80 where copy == nil {
                try await Task.sleep(for: .milliseconds(100))
                copy = try await Self.storyOf("https://www.eurasiareview.com/middle-powers-astana/", database: database)
            }
            #expect(copy == original, "the daemon's copy joined the story the cron run stored (interval 2s: fetched within ~2 s)")

            // An editor's decision from the CLI reaches the daemon's feed within 2 s.
            let token = try await CommandRunner.run(["editors", "add", "Aigerim Seitkali", "--config", cronConfig])
            #expect(token.status == 0)
            // The daemon's feed has the story (it re-renders within 2 s of a commit, its own or another's).
            let merged = ContinuousClock().now
            repeat {
                feed = await atom()
                if feed.contains("Middle powers meet at the Astana International Forum") { break }
                try await Task.sleep(for: .milliseconds(50))
            } while ContinuousClock().now - merged < .seconds(2)
            #expect(feed.contains("Middle powers meet at the Astana International Forum"))
            let rejected = try await CommandRunner.run(
                [
                    "items", "reject", "\(original)", "--config", cronConfig, "--editor", "Aigerim Seitkali", "--reason",
                    "duplicate of our own",
                ])
            #expect(rejected.status == 0, "\(rejected.stderr)")
            let clock = ContinuousClock()
            let decided = clock.now
            while (await atom()).contains("Middle powers meet"), clock.now - decided < .seconds(3) {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(clock.now - decided < .seconds(2), "the rejection left the daemon's /feed.atom within 2 s")

            // A cron run killed mid-fetch: the daemon keeps serving, the next cron run succeeds.
            hang.withLock { $0 = true }
            let cron = try CommandRunner.start(["fetch", "--config", cronConfig])
            try await Task.sleep(for: .milliseconds(700))
            kill(cron.processIdentifier, SIGKILL)
            while cron.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            #expect(try await RunCommandTests.get(port, "/healthz").status == 200, "the daemon serves on")
            hang.withLock { $0 = false }
            let next = try await CommandRunner.run(["fetch", "--config", cronConfig])
            #expect(next.status == 0, "\(next.stderr)")
            #expect(!next.stderr.contains("database is locked"))

            #expect(try await RunCommandTests.stop(daemon))
            let log = (try? String(contentsOf: daemonLog, encoding: .utf8)) ?? ""
            #expect(!log.contains("database is locked"), "\(log.suffix(2000))")
        }
    }
}
