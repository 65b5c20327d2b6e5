import FeedHub
import Foundation
import TestSupport
import Testing

/// `feedhub serve` on a real port, read with FeedHub's own libcurl client.
@Suite struct ServeCommandTests {
    @Test("serve publishes what a separate fetch stores, answers 304 and gzip, and exits 0 on SIGTERM")
    func serveAndStop() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-servecli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try OfflineExample.write(into: directory)

        let port = try RunCommandTests.freePort()
        let server = try CommandRunner.start(["serve", "--config", path, "--port", "\(port)"])
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        let fetcher = CurlFetcher()
        func get(_ route: String, etag: String? = nil) async throws -> FetchResponse {
            try await fetcher.fetch(
                FetchRequest(url: "http://127.0.0.1:\(port)\(route)", etag: etag, timeout: .seconds(5), allowPrivateAddresses: true))
        }
        var empty: FetchResponse?
        for _ in 0..<100 where empty == nil {
            empty = try? await get("/")
            if empty == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let page = try #require(empty, "the server never answered")
        #expect(String(decoding: page.body, as: UTF8.self).contains("Nothing published yet"))

        #expect(try CommandRunner.run(["fetch", "--config", path]).status == 0)
        var atom = try await get("/feed.atom")
        for _ in 0..<40 where !String(decoding: atom.body, as: UTF8.self).contains("<entry>") {
            try await Task.sleep(for: .milliseconds(100))
            atom = try await get("/feed.atom")
        }
        let body = String(decoding: atom.body, as: UTF8.self)
        #expect(body.contains("Токаев открыл Астанинский международный форум"), "a fetch by another process shows up")
        #expect(atom.headers["content-encoding"] == "gzip", "libcurl asks for gzip; the body above was decoded")
        let etag = try #require(atom.headers["etag"])
        #expect(try await get("/feed.atom", etag: etag).status == 304)
        #expect(try await get("/healthz").status == 200)
        #expect(try await get("/missing").status == 404)

        kill(server.processIdentifier, SIGTERM)
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(5)
        while server.isRunning, clock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!server.isRunning, "stops within 5 s of SIGTERM")
        #expect(server.terminationStatus == 0)
    }
}
