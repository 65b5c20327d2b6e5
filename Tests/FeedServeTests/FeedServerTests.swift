import FeedHub
import FeedParse
import FeedServe
import Foundation
import Logging
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The server on a real port, spoken to with raw HTTP/1.x: pipelining, HEAD and connection handling,
/// across the fast path for published documents and Hummingbird for the rest.
@Suite struct FeedServerTests {
    /// Runs a server over the offline example's stories until `body` returns.
    /// - Parameter extraItems: that many more stories, from a generated outlet feed, to make documents large.
    /// - Parameter settings: more top-level feeds.yml settings (`curation: review`).
    /// - Parameter maxEntries: `feed.max_entries` (stories per page), when not the default.
    static func withServer(
        extraItems: Int = 0, settings: String = "", maxEntries: Int? = nil, _ body: (Int, FeedPublisher) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-server-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try OfflineExample.write(into: directory) { original in
            let yaml = maxEntries.map { original.replacingOccurrences(of: "feed:\n", with: "feed:\n  max_entries: \($0)\n") } ?? original
            // `sources:` ends the file: one more outlet goes there, settings after it.
            guard extraItems > 0 else { return yaml + settings }
            return yaml + "  - { name: Trend, url: \"file://\(directory.path)/trend.xml\", base_url: \"https://en.trend.az/\" }\n"
                + settings
        }
        if extraItems > 0 { try Self.outletFeed(items: extraItems).write(to: directory.appendingPathComponent("trend.xml")) }
        let configuration = try ConfigLoader.load(path: path)
        let store = try SQLiteStore(path: configuration.storagePath)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        _ = try await FetchRun(configuration: configuration, store: store, logger: logger).run()
        let port = Atomic<Int>(0)
        let server = Task {
            try await FeedServer(configuration: configuration, store: store, logger: logger).run(port: 0) {
                port.store($0, ordering: .relaxed)
            }
        }
        defer { server.cancel() }
        for _ in 0..<600 where port.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(50)) }
        let bound = port.load(ordering: .relaxed)
        try #require(bound != 0, "the server never listened")
        let publisher = FeedPublisher(store: store, configuration: configuration)
        try await publisher.refreshIfChanged()
        try await body(bound, publisher)
    }

    /// An RSS feed of `items` distinct stories about the forum, each with a few paragraphs of content.
    static func outletFeed(items: Int) -> Data {
        var x = #"<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Trend</title><link>https://en.trend.az/</link>"#
        for n in 1...items {
            let paragraph =
                "<p>Delegation \(n) at the Astana International Forum discussed regional connectivity, the Middle Corridor and climate finance with partners from \(n % 40 + 2) countries.</p>"
            x += "<item><title>Astana International Forum: delegation \(n) meets partners</title>"
            x += "<link>https://en.trend.az/business/aif-\(n).html</link><guid>trend-aif-\(n)</guid>"
            x += "<pubDate>Thu, \(10 + n % 18) May 2025 08:\(10 + n % 50):00 +0500</pubDate>"
            x += "<description><![CDATA[" + String(repeating: paragraph, count: 4) + "]]></description></item>"
        }
        return Data((x + "</channel></rss>").utf8)
    }

    @Test("Pipelined requests are answered in order, mixing published documents, /healthz, HEAD, 304 and 404")
    func pipelining() async throws {
        try await Self.withServer { port, publisher in
            let atom = try #require(publisher.cachedRepresentation(for: "/feed.atom"))
            let json = try #require(publisher.cachedRepresentation(for: "/feed.json"))
            let request = [
                "GET /feed.atom HTTP/1.1\r\nHost: x\r\nIf-None-Match: \(atom.etag)\r\n\r\n",
                "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
                "HEAD /feed.json HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /feed.atom HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n",
                "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /feed.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            ].joined()
            let answers = RawHTTP.responses(try await RawHTTP.exchange(port, request), heads: [2])
            #expect(answers.map(\.status) == [304, 200, 200, 200, 404, 200])
            guard answers.count == 6 else { return }
            #expect(answers[0].headers["etag"] == atom.etag)
            #expect(answers.allSatisfy { $0.headers["date"]?.hasSuffix(" GMT") == true }, "every response is dated")
            #expect(String(decoding: answers[1].body, as: UTF8.self).contains("\"database\":\"ok\""))
            #expect(answers[2].headers["content-length"] == "\(json.body.count)" && answers[2].body.isEmpty)
            #expect(answers[3].headers["content-encoding"] == "gzip")
            #expect(answers[3].body == atom.gzipped)
            #expect(answers[5].body == json.body)
        }
    }

    @Test("HTTP/1.0 without keep-alive gets its document and the connection closed")
    func http10() async throws {
        try await Self.withServer { port, publisher in
            let atom = try #require(publisher.cachedRepresentation(for: "/feed.atom"))
            let answers = RawHTTP.responses(try await RawHTTP.exchange(port, "GET /feed.atom HTTP/1.0\r\n\r\n"))
            #expect(answers.count == 1)
            #expect(answers.first?.status == 200)
            #expect(answers.first?.body == atom.body)
            #expect(answers.first?.headers["connection"] == "close")
        }
    }

    @Test("A large document is sent whole and byte-identical, plain and gzip alike, several on one connection")
    func largeDocument() async throws {
        try await Self.withServer(extraItems: 90) { port, publisher in
            let atom = try #require(publisher.cachedRepresentation(for: "/feed.atom"))
            #expect(atom.body.count > 64 << 10, "larger than a socket's first send buffer")
            let request =
                "GET /feed.atom HTTP/1.1\r\nHost: x\r\n\r\nGET /feed.atom HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n"
                + "GET /feed.atom HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            let answers = RawHTTP.responses(try await RawHTTP.exchange(port, request))
            #expect(answers.map(\.status) == [200, 200, 200])
            guard answers.count == 3 else { return }
            #expect(answers[0].body == atom.body)
            #expect(answers[1].body == atom.gzipped)
            #expect(answers[2].body == atom.body)
        }
    }

    @Test("An older page is read from the store on its first request, then served as rendered; pages past the last are 404")
    func olderPages() async throws {
        try await Self.withServer(extraItems: 40, maxEntries: 8) { port, publisher in
            let stories = try await publisher.store.stories(status: .published)
            let pages = (stories.count + 7) / 8
            #expect(stories.count >= 40 && pages >= 5)
            #expect(publisher.cachedRepresentation(for: "/feed.atom", page: 3) == nil, "only page 1 is rendered ahead")
            let request =
                "GET /feed.atom?page=3 HTTP/1.1\r\nHost: x\r\n\r\nGET /feed.atom HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /feed.json?page=\(pages + 1) HTTP/1.1\r\nHost: x\r\n\r\nGET /feed.atom?page=3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            let answers = RawHTTP.responses(try await RawHTTP.exchange(port, request))
            #expect(answers.map(\.status) == [200, 200, 404, 200])
            guard answers.count == 4 else { return }
            let third = try FeedParser().parse(Data(answers[0].body))
            #expect(third.entries.map(\.id) == stories[16..<24].map(\.id), "page 3 holds stories 17 to 24, in feed order")
            #expect(answers[3].body == answers[0].body && answers[3].headers["etag"] == answers[0].headers["etag"])
            let first = try FeedParser().parse(Data(answers[1].body))
            #expect(first.entries.map(\.id) == stories.prefix(8).map(\.id))
            let last = try #require(await publisher.representation(for: "/feed.atom", page: pages))
            #expect(try FeedParser().parse(Data(last.body)).entries.map(\.id) == stories[((pages - 1) * 8)...].map(\.id))
        }
    }
}
