import FeedHub
import FeedServe
import Foundation
import HTTPTypes
import Logging
import TestSupport
import Testing

@Suite struct FeedResponderTests {
    /// A store filled from examples/offline.yml's snapshots, in a temporary directory.
    static func publisher() async throws -> (FeedPublisher, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-serve-\(UUID().uuidString)")
        let path = try OfflineExample.write(into: directory)
        let configuration = try ConfigLoader.load(path: path)
        let store = try FeedStore(path: configuration.storagePath)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        _ = try await FetchRun(configuration: configuration, store: store, logger: logger).run()
        let publisher = FeedPublisher(store: store, configuration: configuration)
        try publisher.refreshIfChanged()
        return (publisher, directory)
    }

    @Test("ETag and Last-Modified give 304; gzip is served when accepted; HEAD has headers and no body")
    func conditionalGetAndGzip() async throws {
        let (publisher, directory) = try await Self.publisher()
        defer { try? FileManager.default.removeItem(at: directory) }
        let responder = FeedResponder(publisher: publisher, maxAge: 1800)
        let first = responder.answer(method: .get, path: "/feed.atom", headers: [:])
        #expect(first.status == .ok)
        #expect(first.headers[.contentType] == "application/atom+xml; charset=utf-8")
        #expect(first.headers[.cacheControl] == "public, max-age=1800")
        let etag = try #require(first.headers[.eTag])
        #expect(etag.hasPrefix("\"") && etag.count > 10)
        #expect(responder.answer(method: .get, path: "/feed.atom", headers: [.ifNoneMatch: etag]).status == .notModified)
        let since = try #require(first.headers[.lastModified])
        #expect(responder.answer(method: .get, path: "/feed.atom", headers: [.ifModifiedSince: since]).status == .notModified)
        #expect(responder.answer(method: .get, path: "/feed.atom", headers: [.ifNoneMatch: "\"other\""]).status == .ok)

        let gzip = responder.answer(method: .get, path: "/feed.atom", headers: [.acceptEncoding: "gzip, deflate, br"])
        #expect(gzip.headers[.contentEncoding] == "gzip")
        #expect(gzip.headers[.vary] == "Accept-Encoding")
        #expect(gzip.body.count < first.body.count / 2)
        let unzipped = try ExternalTool.run("/bin/gzip", ["-dc"], input: Data(gzip.body))
        #expect(Array(unzipped.output.utf8) == first.body)
        #expect(responder.answer(method: .get, path: "/feed.atom", headers: [.acceptEncoding: "gzip;q=0"]).headers[.contentEncoding] == nil)

        let head = responder.answer(method: .head, path: "/feed.atom", headers: [:])
        #expect(head.body.isEmpty && head.headers[.contentLength] == "\(first.body.count)")
        #expect(responder.answer(method: .get, path: "/nope", headers: [:]).status == .notFound)
        let post = responder.answer(method: .post, path: "/feed.atom", headers: [:])
        #expect(post.status == .methodNotAllowed && post.headers[.allow] == "GET, HEAD")
        #expect(!String(decoding: post.body, as: UTF8.self).contains("Error"))
    }

    @Test("/opml lists every configured outlet with its feed URL")
    func opml() async throws {
        let (publisher, directory) = try await Self.publisher()
        defer { try? FileManager.default.removeItem(at: directory) }
        let answer = FeedResponder(publisher: publisher, maxAge: 60).answer(method: .get, path: "/opml", headers: [:])
        #expect(answer.status == .ok)
        #expect(answer.headers[.contentType] == "text/x-opml; charset=utf-8")
        let text = String(decoding: answer.body, as: UTF8.self)
        #expect(text.components(separatedBy: "<outline ").count == 7)
        #expect(text.contains(#"text="Kazinform (Russian)""#))
        #expect(text.contains("snapshots/kazinform-ru.xml\""))
    }

    @Test("Rendering again without a change keeps the bytes and the ETag")
    func stableWithoutChanges() async throws {
        let (publisher, directory) = try await Self.publisher()
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = try #require(publisher.representation(for: "/feed.json"))
        #expect(try publisher.refreshIfChanged() == false)
        #expect(publisher.representation(for: "/feed.json")?.etag == before.etag)
    }
}
