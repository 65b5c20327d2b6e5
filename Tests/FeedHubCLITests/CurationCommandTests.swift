import FeedHub
import Foundation
import Synchronization
import TestSupport
import Testing

/// `feedhub editors …` and `feedhub items …` as editors run them, against outlets on a loopback server
/// that change between `feedhub fetch` runs.
@Suite struct CurationCommandTests {
    final class Outlet: Sendable {
        let title = Mutex("Tokayev opens Astana International Forum")
        func feed() -> String {
            let title = title.withLock { $0 }
            return """
                <?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>The Astana Times</title>
                <link>https://astanatimes.com/</link>
                <item><guid>at-1</guid><title>\(title)</title><link>https://astanatimes.com/2025/05/tokayev-opens-aif/</link>
                <pubDate>Thu, 29 May 2025 09:00:00 +0500</pubDate><description>The Astana International Forum opened.</description></item>
                <item><guid>at-2</guid><title>Astana International Forum closes with call for dialogue</title>
                <link>https://astanatimes.com/2025/05/aif-closes/</link><pubDate>Fri, 30 May 2025 18:00:00 +0500</pubDate>
                <description>The forum ended with a joint statement.</description></item>
                </channel></rss>
                """
        }
    }

    /// A review-mode configuration reading `outlet` from a loopback server, fetched once.
    static func withConfig(_ body: (String, Outlet, LoopbackServer) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-curation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outlet = Outlet()
        try await withLoopbackServer({ request in
            if request.path == "/article" {
                return .response(
                    status: 200, headers: ["Content-Type": "text/html"],
                    body: Data(
                        #"<html><head><meta property="og:title" content="Astana International Forum: youth panel"></head></html>"#.utf8))
            }
            return .response(status: 200, headers: ["Content-Type": "application/rss+xml"], body: Data(outlet.feed().utf8))
        }) { server in
            let path = directory.appendingPathComponent("feeds.yml").path
            try """
            feed: { title: AIF in the news, id: "tag:astanaforum.org,2025:in-the-news", url: "https://news.example.org/" }
            storage: hub.sqlite
            fetch: { allow_private_addresses: true, timeout: 5s }
            relevance: { include: [Astana International Forum] }
            curation: review
            sources:
              - { name: The Astana Times, url: "\(server.url("/feed"))" }
            """.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(try await CommandRunner.run(["fetch", "--config", path]).status == 0)
            try await body(path, outlet, server)
        }
    }

    static func json(_ result: CommandRunner.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "not JSON: \(result.stdout)")
    }

    @Test("editors add prints a 256-bit token alone on stdout; list never shows it; remove revokes")
    func editors() async throws {
        try await Self.withConfig { path, _, _ in
            let added = try await CommandRunner.run(["editors", "add", "alice", "--config", path])
            #expect(added.status == 0)
            #expect(added.stdout.range(of: #"^fh_[A-Za-z0-9_-]{43}\n$"#, options: .regularExpression) != nil, "the token alone on its line")
            #expect(added.stderr.contains("shown only this once"))
            let token = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let list = try await CommandRunner.run(["editors", "list", "--config", path])
            #expect(list.stdout.hasPrefix("alice\t") && !list.stdout.contains(token))
            #expect(try await CommandRunner.run(["editors", "add", "alice", "--config", path]).status == 1)
            #expect(try await CommandRunner.run(["editors", "remove", "alice", "--config", path]).status == 0)
            let gone = try await CommandRunner.run(["editors", "remove", "alice", "--config", path])
            #expect(gone.status == 2)
            #expect(gone.stderr == "feedhub: no editor named 'alice'; add one with `feedhub editors add alice`\n")
        }
    }

    @Test("Every items command with --json and --editor; refused actions exit 1, an unknown editor 2, no editor is a usage error")
    func operations() async throws {
        try await Self.withConfig { path, _, server in
            _ = try await CommandRunner.run(["editors", "add", "alice", "--config", path])
            let list = try await CommandRunner.run(["items", "list", "--config", path, "--status", "pending", "--json"])
            let stories = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
            #expect(stories.count == 2)
            let opening = try #require(stories.first { ($0["title"] as? String)?.hasPrefix("Tokayev") == true }?["number"] as? Int)
            let closing = try #require(stories.first { ($0["title"] as? String)?.hasPrefix("Astana") == true }?["number"] as? Int)
            func items(_ arguments: String...) async throws -> CommandRunner.Result {
                try await CommandRunner.run(["items"] + arguments + ["--config", path, "--editor", "alice", "--json"])
            }
            #expect(
                (try Self.json(try await items("approve", "\(opening)"))["story"] as? [String: Any])?["status"] as? String == "published")
            let again = try await items("approve", "\(opening)")
            #expect(again.status == 1)
            #expect(again.stderr == "feedhub: story \(opening): it is already published\n")
            #expect(try await items("pin", "\(opening)").status == 0)
            #expect(try await items("unpin", "\(opening)").status == 0)
            let edited = try Self.json(try await items("edit", "\(opening)", "--title", "Tokayev opens the forum", "--summary", "Ours."))
            #expect((edited["story"] as? [String: Any])?["title"] as? String == "Tokayev opens the forum")
            #expect(try await items("edit", "\(opening)", "--title", " ").status == 2)
            #expect(try await items("merge", "\(closing)", "--into", "\(opening)").status == 0)
            #expect(try await items("split", "\(opening)").status == 0)
            #expect(try await items("reject", "\(closing)", "--reason", "not news").status == 0)
            #expect(try await items("pending", "\(closing)").status == 0)
            let history = try #require(
                try JSONSerialization.jsonObject(with: Data(try await items("history", "\(opening)").stdout.utf8)) as? [[String: Any]])
            #expect(history.map { $0["action"] as? String } == ["approve", "pin", "unpin", "edit", "merge", "split"])
            let human = try await CommandRunner.run(["items", "history", "\(closing)", "--config", path])
            #expect(human.stdout.contains("alice  reject  status: \"pending\" → \"rejected\"  reason: \"not news\""))
            #expect(
                try await CommandRunner.run(["items", "show", "\(opening)", "--config", path]).stdout.contains(
                    "Story \(opening) · published"))

            let unknown = try await CommandRunner.run(["items", "pin", "\(opening)", "--config", path, "--editor", "mallory"])
            #expect(unknown.status == 2)
            let missing = try await CommandRunner.run(["items", "pin", "\(opening)", "--config", path])
            #expect(missing.status != 0 && missing.stderr.contains("--editor NAME is required"))
            #expect(try await items("approve", "99999").status == 1)

            let added = try await items("add", server.url("/article"))
            #expect(added.status == 0, "\(added.stderr)")
            #expect((try Self.json(added)["story"] as? [String: Any])?["title"] as? String == "Astana International Forum: youth panel")
            #expect(try await items("add", server.url("/article")).status == 1, "the same article twice")
        }
    }

    @Test(
        "Over re-fetches: the editor's title stays and `items show` shows what the outlet changed; a rejected story stays out with a tombstone"
    )
    func rulesOverRefetch() async throws {
        try await Self.withConfig { path, outlet, _ in
            _ = try await CommandRunner.run(["editors", "add", "alice", "--config", path])
            let stories = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(try await CommandRunner.run(["items", "list", "--config", path, "--json"]).stdout.utf8))
                    as? [[String: Any]])
            let opening = try #require(stories.first { ($0["title"] as? String)?.hasPrefix("Tokayev") == true })
            let number = try #require(opening["number"] as? Int)
            let entryID = try #require(opening["id"] as? String)
            for arguments in [["approve", "\(number)"], ["edit", "\(number)", "--title", "Tokayev opens the forum"]] {
                #expect(try await CommandRunner.run(["items"] + arguments + ["--config", path, "--editor", "alice"]).status == 0)
            }
            outlet.title.withLock { $0 = "Tokayev opens Astana International Forum, calls for dialogue" }
            #expect(try await CommandRunner.run(["fetch", "--config", path, "--force"]).status == 0)
            let show = try await CommandRunner.run(["items", "show", entryID, "--config", path]).stdout
            #expect(show.contains("title:     Tokayev opens the forum"))
            #expect(show.contains("upstream changed since the edit:"))
            #expect(
                show.contains(
                    "\"Tokayev opens Astana International Forum\" → \"Tokayev opens Astana International Forum, calls for dialogue\""))

            #expect(try await CommandRunner.run(["items", "reject", "\(number)", "--config", path, "--editor", "alice"]).status == 0)
            outlet.title.withLock { $0 = "Tokayev opens Astana International Forum (final)" }
            #expect(try await CommandRunner.run(["fetch", "--config", path, "--force"]).status == 0)
            let atom = try await CommandRunner.run(["export", "--config", path, "--format", "atom"]).stdout
            #expect(atom.contains(#"<at:deleted-entry ref="\#(entryID)""#))
            #expect(!atom.contains("Tokayev opens"), "the rejected story is not back after the outlet's edit and a re-fetch")
        }
    }
}
