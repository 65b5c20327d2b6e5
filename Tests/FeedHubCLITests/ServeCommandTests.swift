import FeedHub
import Foundation
import TestSupport
import Testing

/// `feedhub serve` on a real port, read with FeedHub's own libcurl client.
@Suite struct ServeCommandTests {
    @Test(
        "serve publishes what a separate fetch stores, pings the WebSub hub, counts it in /metrics, answers 304 and gzip, exits 0 on SIGTERM"
    )
    func serveAndStop() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-servecli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let hub = try LoopbackServer { _ in .response(status: 204) }
        defer { hub.stop() }
        let path = try OfflineExample.write(into: directory) { $0 + "websub:\n  hub: \(hub.url("/hub"))\n" }

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
        #expect(hub.requests.isEmpty, "nothing changed yet: no ping")

        #expect(try await CommandRunner.run(["fetch", "--config", path]).status == 0)
        var atom = try await get("/feed.atom")
        // The server may render between two of the fetch's per-source commits: wait for the last outlet's story.
        for _ in 0..<40 where !String(decoding: atom.body, as: UTF8.self).contains("Токаев открыл Астанинский международный форум") {
            try await Task.sleep(for: .milliseconds(100))
            atom = try await get("/feed.atom")
        }
        let body = String(decoding: atom.body, as: UTF8.self)
        #expect(body.contains("Токаев открыл Астанинский международный форум"), "a fetch by another process shows up")
        #expect(body.contains(#"<category term="Diplomacy"/>"#), "categories are stored and published")
        #expect(body.contains(#"<link rel="hub" href="\#(hub.url("/hub"))"/>"#))
        #expect(atom.headers["link"] == "<\(hub.url("/hub"))>; rel=\"hub\", <https://astanaforum.org/feed.atom>; rel=\"self\"")
        for _ in 0..<50 where hub.requests.count < 3 { try await Task.sleep(for: .milliseconds(100)) }
        // The fetch commits source by source: a poll between two commits publishes (and pings) twice.
        let pings = hub.requests.map { String(decoding: $0.body, as: UTF8.self) }
        #expect(
            Set(pings) == Set(["atom", "json", "rss"].map { "hub.mode=publish&hub.url=https%3A%2F%2Fastanaforum.org%2Ffeed.\($0)" }),
            "every changed feed pinged, nothing else")
        #expect(hub.requests.allSatisfy { $0.method == "POST" && $0.headers["content-type"] == "application/x-www-form-urlencoded" })
        let metrics = String(decoding: try await get("/metrics").body, as: UTF8.self)
        #expect(metrics.contains("feedhub_fetches_total{source=\"The Diplomat\",outcome=\"ok\"} 1\n"), "the cron fetch counts")
        #expect(metrics.contains(#"feedhub_http_requests_total{route="/feed.atom",status="200"}"#))
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
