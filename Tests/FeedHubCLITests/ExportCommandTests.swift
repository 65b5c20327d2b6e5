import Foundation
import TestSupport
import Testing

/// `feedhub export`, read by a real feed reader.
@Suite struct ExportCommandTests {
    @Test("newsboat reads the exported Atom feed: every story arrives with its title, Cyrillic included")
    func newsboatReadsTheFeed() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try OfflineExample.write(into: directory)
        #expect(try await CommandRunner.run(["fetch", "--config", path]).status == 0)
        let atom = directory.appendingPathComponent("feed.atom").path
        let export = try await CommandRunner.run(["export", "--config", path, "--format", "atom", "--output", atom])
        #expect(export.status == 0, "\(export.stderr)")
        let list = try await CommandRunner.run(["items", "list", "--config", path, "--status", "published", "--json"])
        let stories = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let expected = Set(stories.compactMap { $0["title"] as? String })
        #expect(expected.contains("Токаев открыл Астанинский международный форум"))

        let newsboat = try #require(ExternalTool.path("newsboat"), "newsboat is installed by scripts/deps.sh (FEEDHUB_TEST_TOOLS=1)")
        let urls = directory.appendingPathComponent("urls")
        try "file://\(atom)\n".write(to: urls, atomically: true, encoding: .utf8)
        let cache = directory.appendingPathComponent("cache.db").path
        let reload = try await ExternalTool.run(newsboat, ["-u", urls.path, "-c", cache, "-x", "reload"])
        #expect(reload.status == 0, "\(reload.output)")
        let query =
            "import sqlite3,json,sys; print(json.dumps([r[0] for r in sqlite3.connect(sys.argv[1]).execute('select title from rss_item')]))"
        let read = try await ExternalTool.run("/usr/bin/env", ["python3", "-c", query, cache])
        let titles = try #require(try JSONSerialization.jsonObject(with: Data(read.output.utf8)) as? [String], "\(read.output)")
        #expect(Set(titles) == expected)
    }
}
