import FeedHub
import Foundation
import TestSupport
import Testing

/// `feedhub fetch`, `sources` and `items list` run as cron and editors run them.
@Suite struct FetchCommandTests {
    static func write(_ text: String, in directory: URL) throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("feeds.yml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-cli-\(UUID().uuidString)")
    }

    static let header = """
        feed: { title: AIF in the news, id: "tag:astanaforum.org,2025:in-the-news", url: "https://news.example.org/" }
        storage: hub.sqlite
        relevance: { include: [Astana International Forum] }

        """

    @Test(
        "A bad configuration is one line naming the file, line and key, and exit 2",
        arguments: [
            ("sources:\n  - { name: A, url: \"https://a.example/feed\", colour: red }\n", ":5: sources[0].colour: unknown key"),
            (
                "fetch: { timeout: 20 }\nsources:\n  - { name: A, url: \"https://a.example/feed\" }\n",
                ":4: fetch.timeout: '20' is not a duration"
            ),
            (
                "fetch: { max_bytes: 10XB }\nsources:\n  - { name: A, url: \"https://a.example/feed\" }\n",
                ":4: fetch.max_bytes: '10XB' is not a size"
            ),
            (
                "sources:\n  - { name: A, url: \"https://a.example/feed\" }\n  - { name: A, url: \"https://b.example/feed\" }\n",
                ":6: sources[1].name: duplicate source name 'A'"
            ),
            ("sources:\n  - { name: A, url: \"htp//a.example\" }\n", ":5: sources[0].url: 'htp//a.example' is not a valid"),
            (
                "fetch: { concurrency: many }\nsources:\n  - { name: A, url: \"https://a.example/feed\" }\n",
                ":4: fetch.concurrency: 'many' is not a whole number"
            ),
            ("sources: [\n", "invalid YAML"),
        ])
    func badConfiguration(body: String, message: String) async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try Self.write(Self.header + body, in: directory)
        let result = try await CommandRunner.run(["fetch", "--config", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("hub.sqlite").path), "nothing was created")
    }

    @Test("A database that cannot be opened is one line naming it, and exit 1")
    func unwritableDatabase() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let blocker = directory.appendingPathComponent("not-a-directory")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("file".utf8).write(to: blocker)
        let text = Self.header.replacingOccurrences(of: "storage: hub.sqlite", with: "storage: not-a-directory/hub.sqlite")
        let path = try Self.write(text + "sources:\n  - { name: A, url: \"https://a.example/feed\" }\n", in: directory)
        let result = try await CommandRunner.run(["fetch", "--config", path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("not-a-directory"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    /// A feed of `count` off-topic items whose links are unique to `source`.
    static func feed(source: Int, count: Int) -> Data {
        var s = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Outlet \(source)</title>"
        for i in 0..<count {
            s += "<item><guid>s\(source)-\(i)</guid><link>https://outlet\(source).example/\(i)</link>"
            s += "<title>Weather bulletin \(i) from outlet \(source)</title><description>Sunny in Almaty</description></item>"
        }
        return Data((s + "</channel></rss>").utf8)
    }

    static func slowFeeds(_ request: LoopbackServer.Request) -> LoopbackServer.Reply {
        let n = Int(request.path.dropFirst()) ?? 0
        let body = feed(source: n, count: 20)
        let third = body.count / 3
        let pieces = [body.prefix(third), body.dropFirst(third).prefix(third), body.dropFirst(2 * third)]
        return .drip(status: 200, pieces: pieces.map { Data($0) }, interval: .milliseconds(150))
    }

    /// Stories committed so far, read by a separate process (read-only: never creates the file); 0 before
    /// the database exists. Blocks: call it off the cooperative pool.
    static func storyCount(_ database: String) -> Int {
        guard FileManager.default.fileExists(atPath: database) else { return 0 }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import sqlite3, sys\ntry:\n print(sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True).execute('SELECT COUNT(*) FROM story').fetchone()[0])\nexcept Exception:\n print(0)",
            database,
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return 0 }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    @Test("kill -9 during a fetch, then fetch again: no corruption, no duplicate, nothing lost")
    func killNine() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sourceCount = 30
        try await withLoopbackServer(Self.slowFeeds) { server in
            let sources = (0..<sourceCount).map { "  - { name: outlet \($0), url: \"\(server.url("/\($0)"))\" }" }
                .joined(separator: "\n")
            let path = try Self.write(
                Self.header + "fetch: { allow_private_addresses: true, timeout: 10s }\nsources:\n\(sources)\n", in: directory)
            let database = directory.appendingPathComponent("hub.sqlite").path
            let victim = try CommandRunner.start(["fetch", "--config", path])
            // Kill it once a few sources are committed (2 transfers at a time, ~0.45 s each: ~7 s in all). The
            // watch runs on a thread of its own: tasks of parallel tests may hold the cooperative pool for
            // seconds, long enough for the victim to finish unwatched.
            let pid = victim.processIdentifier
            try await onOwnThread {
                for _ in 0..<400 where kill(pid, 0) == 0 {
                    Thread.sleep(forTimeInterval: 0.05)
                    if Self.storyCount(database) >= 40 { break }
                }
                kill(pid, SIGKILL)
            }
            victim.waitUntilExit()
            #expect(victim.terminationReason == .uncaughtSignal)

            let store = try SQLiteStore(path: database)
            let partial = try await store.stories().count
            #expect(partial > 0 && partial < sourceCount * 20, "killed mid-run: \(partial) stories")
            #expect(partial % 20 == 0, "each source is stored whole or not at all")

            let again = try await CommandRunner.run(["fetch", "--config", path])
            #expect(again.status == 0, "\(again.stderr)")
            await #expect(try store.integrityCheck() == "ok")
            let stories = try await store.stories()
            #expect(stories.count == sourceCount * 20)
            #expect(Set(stories.map(\.id)).count == sourceCount * 20)
            #expect(Set(stories.compactMap(\.link)).count == sourceCount * 20)
        }
    }

    @Test("A second fetch while one runs waits briefly, then exits 75; a killed holder never blocks")
    func overlappingRuns() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withLoopbackServer({ _ in .silence }) { server in
            let path = try Self.write(
                Self.header
                    + "fetch: { allow_private_addresses: true, timeout: 8s }\nsources:\n  - { name: slow, url: \"\(server.url("/"))\" }\n",
                in: directory)
            let first = try CommandRunner.start(["fetch", "--config", path])
            // Wait until the first run holds the lock (taking it ourselves fails from then on).
            let database = directory.appendingPathComponent("hub.sqlite").path
            var held = false
            for _ in 0..<200 where !held {
                do {
                    _ = try RunLock(databasePath: database, wait: .zero)
                    try await Task.sleep(for: .milliseconds(25))
                } catch {
                    held = true
                }
            }
            #expect(held)
            let second = try await CommandRunner.run(["fetch", "--config", path], environment: ["FEEDHUB_LOCK_WAIT": "0.5"])
            #expect(second.status == 75)
            #expect(second.stderr.contains("another feedhub fetch is running"), "\(second.stderr)")
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
            let third = try await CommandRunner.run(["sources", "--config", path])
            #expect(third.status == 0)
            let fourth = try await CommandRunner.run(
                ["fetch", "--config", path, "--force"], environment: ["FEEDHUB_LOCK_WAIT": "0.5"])
            #expect(fourth.status == 0, "the dead holder's lock is gone: \(fourth.stderr)")
            #expect(fourth.stdout.contains("slow: timeout"))
        }
    }

    @Test("items list --json has the documented shape; sources --json shows the state")
    func listings() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let snapshots = Fixture.root.appendingPathComponent("examples/snapshots")
        let path = try Self.write(
            Self.header + """
                sources:
                  - { name: The Diplomat, url: "\(snapshots.appendingPathComponent("the-diplomat.atom").absoluteString)" }
                  - { name: Eurasia Review, url: "\(snapshots.appendingPathComponent("eurasia-review.xml").absoluteString)" }
                """, in: directory)
        let fetch = try await CommandRunner.run(["fetch", "--config", path])
        #expect(fetch.status == 0)
        #expect(fetch.stdout.contains("total: 2 sources, 0 failed"))
        let list = try await CommandRunner.run(["items", "list", "--config", path, "--status", "published", "--json"])
        let items = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let bridge = try #require(items.first { ($0["title"] as? String)?.contains("Bridge Between East and West") == true })
        #expect((bridge["id"] as? String)?.hasPrefix("tag:astanaforum.org,2025:in-the-news:story:") == true)
        #expect(bridge["source"] as? String == "The Diplomat")
        #expect((bridge["also_at"] as? [[String: Any]])?.first?["source"] as? String == "Eurasia Review")
        #expect(bridge["status"] as? String == "published")
        #expect(bridge["pinned"] as? Bool == false)
        #expect((bridge["rule"] as? String)?.hasPrefix("include \"Astana International Forum\"") == true)
        #expect(bridge["published"] as? String == "2025-05-20T01:00:00Z")
        let sources = try await CommandRunner.run(["sources", "--config", path, "--json"])
        let states = try #require(try JSONSerialization.jsonObject(with: Data(sources.stdout.utf8)) as? [[String: Any]])
        #expect(states.count == 2)
        #expect(states.allSatisfy { $0["lastOutcome"] as? String == "ok" })
    }
}
