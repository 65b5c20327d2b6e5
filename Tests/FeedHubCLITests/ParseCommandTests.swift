import Foundation
import TestSupport
import Testing

/// Runs the built `feedhub` binary as users do.
@Suite struct ParseCommandTests {
    func run(_ arguments: [String]) async throws -> CommandRunner.Result { try await CommandRunner.run(arguments) }

    @Test("--json prints exactly one JSON object in the conformance shape")
    func json() async throws {
        let r = try await run([
            "parse", "--json", "--url", "https://astanatimes.com/feed/", Fixture.url("rss/rss20_astana-times_aif-coverage.xml").path,
        ])
        #expect(r.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "rss20")
        #expect(object["charset_rule"] as? String == "xml-declaration")
        let entries = try #require(object["entries"] as? [[String: Any]])
        #expect(entries.count == 3)
        #expect(entries[0]["published"] as? String == "2025-05-12T10:15:00Z")
        #expect(entries[2]["id"] is NSNull)
    }

    @Test("The human summary names format, charset rule, title, count and warnings")
    func summary() async throws {
        let r = try await run([
            "parse", Fixture.url("encoding/windows-1251_xml-decl.xml").path,
            Fixture.url("hostile/malformed_unescaped-amp-unclosed.xml").path,
        ])
        #expect(r.status == 0)
        #expect(r.stdout.contains("rss20, charset windows-1251 (xml-declaration)"))
        #expect(r.stdout.contains("title: Казинформ — Новости Казахстана"))
        #expect(r.stdout.contains("items: 2"))
        #expect(r.stdout.contains("warnings:"))
    }

    @Test("--repeat --timing prints one JSON line per file and nothing else")
    func timing() async throws {
        let files = [Fixture.url("rss/rss20_astana-times_aif-coverage.xml").path, Fixture.url("atom/atom10_diplomat_xml-base.xml").path]
        let r = try await run(["parse", "--repeat", "3", "--timing"] + files)
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["file"] as? String == files[0])
        #expect(first["reps"] as? Int == 3)
        #expect(first["items"] as? Int == 3)
        #expect((first["parse_s"] as? Double).map { $0 > 0 } == true)
        #expect((first["peak_rss_bytes"] as? Int).map { $0 > 1_000_000 } == true)
    }

    @Test("Missing, empty and non-feed files: one line on stderr naming the file, exit 1")
    func errors() async throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-empty-\(UUID().uuidString).xml")
        try Data().write(to: empty)
        defer { try? FileManager.default.removeItem(at: empty) }
        for path in ["/nonexistent/feed.xml", empty.path, Fixture.url("html/aif-news-page.html").path] {
            let r = try await run(["parse", path])
            #expect(r.status == 1)
            #expect(r.stderr.split(separator: "\n").count == 1)
            #expect(r.stderr.contains(path))
        }
        let html = try await run(["parse", Fixture.url("html/aif-news-page.html").path])
        #expect(html.stderr.contains("links to feeds: /feed/, https://astanaforum.org/news.atom"))
    }

    @Test("--html-rules scrapes a page with the same keys as feeds.yml")
    func htmlRules() async throws {
        let r = try await run([
            "parse", "--url", "https://astanaforum.org/news/", "--html-rules", Fixture.url("html/aif-news-page.rules.yml").path,
            Fixture.url("html/aif-news-page.html").path,
        ])
        #expect(r.status == 0)
        #expect(r.stdout.contains("html, charset utf-8 (html-meta)"))
        #expect(r.stdout.contains("items: 3"))
    }
}
