import FeedHub
import FeedServe
import Foundation
import HTTPTypes
import Logging
import TestSupport
import Testing

@Suite struct FeedResponderTests {
    /// A store filled from examples/offline.yml's snapshots, in a temporary directory.
    static func publisher(maxEntries: Int? = nil) async throws -> (FeedPublisher, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-serve-\(UUID().uuidString)")
        let path = try OfflineExample.write(into: directory)
        var configuration = try ConfigLoader.load(path: path)
        if let maxEntries { configuration.feed.maxEntries = maxEntries }
        let store = try SQLiteStore(path: configuration.storagePath)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        _ = try await FetchRun(configuration: configuration, store: store, logger: logger).run()
        let publisher = FeedPublisher(store: store, configuration: configuration)
        try await publisher.refreshIfChanged()
        return (publisher, directory)
    }

    @Test("ETag and Last-Modified give 304; gzip is served when accepted; HEAD has headers and no body")
    func conditionalGetAndGzip() async throws {
        let (publisher, directory) = try await Self.publisher()
        defer { try? FileManager.default.removeItem(at: directory) }
        let responder = FeedResponder(publisher: publisher)
        let first = await responder.answer(method: .get, path: "/feed.atom", headers: [:])
        #expect(first.status == .ok)
        #expect(first.headers[.contentType] == "application/atom+xml; charset=utf-8")
        #expect(first.headers[.cacheControl] == "public, max-age=1800")
        let etag = try #require(first.headers[.eTag])
        #expect(etag.hasPrefix("\"") && etag.count > 10)
        await #expect(responder.answer(method: .get, path: "/feed.atom", headers: [.ifNoneMatch: etag]).status == .notModified)
        let since = try #require(first.headers[.lastModified])
        await #expect(
            responder.answer(method: .get, path: "/feed.atom", headers: [.ifNoneMatch: "\"other\"", .ifModifiedSince: since]).status == .ok,
            "If-None-Match wins over If-Modified-Since")
        await #expect(responder.answer(method: .get, path: "/feed.atom", headers: [.ifModifiedSince: since]).status == .notModified)
        await #expect(responder.answer(method: .get, path: "/feed.atom", headers: [.ifNoneMatch: "\"other\""]).status == .ok)
        await #expect(
            responder.answer(method: .get, path: "/feed.atom", headers: [.ifNoneMatch: "\"other\",  W/\(etag) "]).status == .notModified)
        await #expect(responder.answer(method: .get, path: "/feed.atom", headers: [.ifNoneMatch: "*"]).status == .notModified)

        let gzip = await responder.answer(method: .get, path: "/feed.atom", headers: [.acceptEncoding: "gzip, deflate, br"])
        #expect(gzip.headers[.contentEncoding] == "gzip")
        #expect(gzip.headers[.vary] == "Accept-Encoding")
        #expect(gzip.body.count < first.body.count / 2)
        let unzipped = try await ExternalTool.run("/bin/gzip", ["-dc"], input: Data(gzip.body))
        #expect(Array(unzipped.output.utf8) == first.body)
        await #expect(
            responder.answer(method: .get, path: "/feed.atom", headers: [.acceptEncoding: "gzip;q=0"]).headers[.contentEncoding] == nil)

        let head = await responder.answer(method: .head, path: "/feed.atom", headers: [:])
        #expect(head.body.isEmpty && head.headers[.contentLength] == "\(first.body.count)")
        await #expect(responder.answer(method: .get, path: "/nope", headers: [:]).status == .notFound)
        let post = await responder.answer(method: .post, path: "/feed.atom", headers: [:])
        #expect(post.status == .methodNotAllowed && post.headers[.allow] == "GET, HEAD")
        #expect(!String(decoding: post.body, as: UTF8.self).contains("Error"))
    }

    @Test("/opml lists every configured outlet with a web address: a file: snapshot source shows its base_url, never its path")
    func opml() async throws {
        let (publisher, directory) = try await Self.publisher()
        defer { try? FileManager.default.removeItem(at: directory) }
        let answer = await FeedResponder(publisher: publisher).answer(method: .get, path: "/opml", headers: [:])
        #expect(answer.status == .ok)
        #expect(answer.headers[.contentType] == "text/x-opml; charset=utf-8")
        let text = String(decoding: answer.body, as: UTF8.self)
        #expect(text.components(separatedBy: "<outline ").count == 7)
        #expect(text.contains(#"text="Kazinform (Russian)""#))
        #expect(text.contains(#"xmlUrl="https://www.inform.kz/ru/rss/""#))
        #expect(!text.contains("file:") && !text.contains("snapshots/"))
    }

    @Test("Rendering again without a change keeps the bytes and the ETag")
    func stableWithoutChanges() async throws {
        let (publisher, directory) = try await Self.publisher()
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = try #require(publisher.cachedRepresentation(for: "/feed.json"))
        await #expect(try publisher.refreshIfChanged().isEmpty)
        #expect(publisher.cachedRepresentation(for: "/feed.json")?.etag == before.etag)
    }

    @Test("?page=N serves older stories with their own validators; pages that do not exist are 404")
    func pages() async throws {
        let (publisher, directory) = try await Self.publisher(maxEntries: 3)
        defer { try? FileManager.default.removeItem(at: directory) }
        let responder = FeedResponder(publisher: publisher)
        let first = await responder.answer(method: .get, path: "/feed.atom", headers: [:])
        let second = await responder.answer(method: .get, path: "/feed.atom", query: "page=2", headers: [:])
        #expect(second.status == .ok)
        #expect(second.headers[.eTag] != first.headers[.eTag])
        let text = String(decoding: second.body, as: UTF8.self)
        #expect(text.components(separatedBy: "<entry>").count == 4)
        #expect(text.contains(#"href="https://astanaforum.org/feed.atom?page=2"/>"#))
        let etag = try #require(second.headers[.eTag])
        await #expect(
            responder.answer(method: .get, path: "/feed.atom", query: "page=2", headers: [.ifNoneMatch: etag]).status == .notModified)
        await #expect(responder.answer(method: .get, path: "/feed.atom", query: "utm_source=x&page=2", headers: [:]).headers[.eTag] == etag)
        await #expect(responder.answer(method: .get, path: "/feed.atom", query: "page=99", headers: [:]).status == .notFound)
        await #expect(responder.answer(method: .get, path: "/feed.atom", query: "page=abc", headers: [:]).status == .notFound)
        await #expect(responder.answer(method: .get, path: "/feed.atom", query: "page=0", headers: [:]).status == .notFound)
        await #expect(responder.answer(method: .get, path: "/opml", query: "page=2", headers: [:]).status == .notFound)
        await #expect(responder.answer(method: .get, path: "/", query: "page=2", headers: [:]).status == .ok)
    }

    @Test("/metrics shows fetches and stories from the database and this server's requests, in Prometheus text")
    func metrics() async throws {
        let (publisher, directory) = try await Self.publisher()
        defer { try? FileManager.default.removeItem(at: directory) }
        let metrics = ServerMetrics(routes: FeedPublisher.routes.map(\.path) + ["/healthz", "/metrics"])
        let responder = FeedResponder(publisher: publisher, metrics: metrics)
        for (path, status) in [("/feed.atom", 200), ("/feed.atom", 200), ("/nope", 404), ("/wp-login.php", 404)] {
            let answer = await responder.answer(method: .get, path: path, headers: [:])
            metrics.record(path: path, status: Int(answer.status.code), duration: .milliseconds(2))
            #expect(Int(answer.status.code) == status)
        }
        let answer = await responder.answer(method: .get, path: "/metrics", headers: [:])
        #expect(answer.status == .ok)
        #expect(answer.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
        let text = String(decoding: answer.body, as: UTF8.self)
        let published = try await publisher.store.stories(status: .published).count
        #expect(published > 0)
        #expect(text.contains("feedhub_fetches_total{source=\"Kazinform (Russian)\",outcome=\"ok\"} 1\n"))
        #expect(text.contains("feedhub_stories{status=\"published\"} \(published)\n"))
        #expect(text.contains("feedhub_stories{status=\"rejected\"} 0\n"))
        #expect(text.contains(#"feedhub_http_requests_total{route="/feed.atom",status="200"} 2"#))
        #expect(text.contains(#"feedhub_http_requests_total{route="other",status="404"} 2"#), "unknown paths share one label")
        #expect(text.contains(#"feedhub_http_request_duration_seconds_bucket{route="/feed.atom",le="0.0025"} 2"#))
        #expect(text.contains(#"feedhub_http_request_duration_seconds_count{route="/feed.atom"} 2"#))
        await #expect(responder.answer(method: .post, path: "/metrics", headers: [:]).status == .methodNotAllowed)
    }
}
