import FeedHub
import Foundation
import TestSupport
import Testing

@Suite struct FetchRunTests {
    /// One route per fault, served by a real HTTP server on 127.0.0.1.
    static func faults(_ request: LoopbackServer.Request) -> LoopbackServer.Reply {
        let rss = (try? Fixture.data("rss/rss20_astana-times_aif-coverage.xml")) ?? Data()
        let rssType = ["Content-Type": "application/rss+xml; charset=utf-8"]
        switch request.path {
        case "/ok": return .response(status: 200, headers: rssType.merging(["ETag": "\"v1\""]) { a, _ in a }, body: rss)
        case "/500": return .response(status: 500, body: Data("oops".utf8))
        case "/404": return .response(status: 404)
        case "/429": return .response(status: 429, headers: ["Retry-After": "3600"])
        case "/silent": return .silence
        case "/drip":
            return .drip(status: 200, pieces: (0..<40).map { _ in Data(repeating: 0x20, count: 10) }, interval: .milliseconds(200))
        case "/endless": return .endless
        case "/loop-a": return .response(status: 302, headers: ["Location": "/loop-b"])
        case "/loop-b": return .response(status: 302, headers: ["Location": "/loop-a"])
        case "/old": return .response(status: 301, headers: ["Location": "/ok"])
        case "/temp": return .response(status: 302, headers: ["Location": "/ok"])
        case "/gzip":
            return .response(
                status: 200, headers: rssType.merging(["Content-Encoding": "gzip"]) { a, _ in a }, body: (try? rss.gzipped()) ?? Data())
        case "/html":
            return .response(
                status: 200, headers: ["Content-Type": "text/html"], body: Data("<html><body><p>Not a feed</p></body></html>".utf8))
        case "/garbage":
            return .response(status: 200, headers: rssType, body: Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }))
        case "/cp1251":
            return .response(
                status: 200, headers: ["Content-Type": "application/rss+xml"],
                body: (try? Fixture.data("encoding/windows-1251_xml-decl.xml")) ?? Data())
        case "/challenge":
            return .response(
                status: 403, headers: ["Server": "cloudflare", "cf-mitigated": "challenge"],
                body: Data("<html><title>Just a moment...</title></html>".utf8))
        case "/to-file": return .response(status: 302, headers: ["Location": "file:///etc/passwd"])
        default: return .response(status: 404)
        }
    }

    @Test("Every fault ends in its own outcome, and the run still completes", arguments: TestDatabase.allCases)
    func faultsEndInOutcomes(_ database: TestDatabase) async throws {
        let hub = try HubHarness(database)
        defer { hub.remove() }
        try await withLoopbackServer(Self.faults) { server in
            let paths = [
                "ok", "500", "404", "429", "silent", "drip", "endless", "loop-a", "old", "temp", "gzip", "html", "garbage", "cp1251",
                "challenge", "to-file",
            ]
            let sources = paths.map { "  - { name: \($0), url: \"\(server.url("/" + $0))\" }" }.joined(separator: "\n")
            let configuration = try hub.configuration(sources: sources)
            let clock = ContinuousClock()
            let started = clock.now
            let (store, reports) = try await hub.run(configuration)
            // A liveness bound, not a speed test: without the 2 s timeout "silent" would never end. Alone the run
            // takes ~2.5 s; beside the suite's CPU-heavy tests on two cores it has taken 24 s, so the bound is wide.
            #expect(clock.now - started < .seconds(90))
            let expected = [
                "ok": "ok", "500": "http-status 500", "404": "http-status 404", "429": "http-status 429", "silent": "timeout",
                "drip": "timeout", "endless": "too-large", "loop-a": "redirect-error", "old": "ok", "temp": "ok", "gzip": "ok",
                "html": "parse-error", "garbage": "parse-error", "cp1251": "ok", "challenge": "bot-wall", "to-file": "redirect-error",
            ]
            for (name, outcome) in expected {
                #expect(reports[name]?.outcome == outcome, "\(name): \(reports[name]?.message ?? "no report")")
            }

            let states = await Dictionary(uniqueKeysWithValues: try store.sourceStates().map { ($0.name, $0) })
            #expect(states["old"]?.currentURL == server.url("/ok"), "a 301 moves the source")
            #expect(states["temp"]?.currentURL == server.url("/temp"), "a 302 does not")
            #expect(states["ok"]?.etag == "\"v1\"")
            let retry = try #require(states["429"]?.nextAttemptAt)
            #expect(retry.timeIntervalSinceNow > 3000, "Retry-After: 3600 is honoured")
            #expect(states["500"]?.failures == 1)
            // /ok, /old, /temp and /gzip serve one feed: its three items are three stories, each seen at four sources.
            let astana = try await store.stories().filter { ["ok", "old", "temp", "gzip"].contains($0.source) }
            #expect(astana.count == 3)
            #expect(astana.allSatisfy { $0.alsoAt.count == 3 })
            let titles = try await store.stories().map(\.title)
            #expect(titles.contains { $0.contains("Астан") }, "windows-1251 decoded: \(titles)")
            #expect(reports["endless"]?.counts == IngestCounts())
        }
    }

    @Test("A second run sends the validators, and a 304 costs no parsing", arguments: TestDatabase.allCases)
    func conditionalGet(_ database: TestDatabase) async throws {
        let hub = try HubHarness(database)
        defer { hub.remove() }
        let rss = try Fixture.data("rss/rss20_astana-times_aif-coverage.xml")
        try await withLoopbackServer({ request in
            request.headers["if-none-match"] == "\"v1\""
                ? .response(status: 304) : .response(status: 200, headers: ["ETag": "\"v1\""], body: rss)
        }) { server in
            let configuration = try hub.configuration(sources: "  - { name: Astana Times, url: \"\(server.url("/feed/"))\" }")
            let (_, first) = try await hub.run(configuration)
            #expect(first["Astana Times"]?.outcome == "ok")
            let (store, second) = try await hub.run(configuration)
            #expect(second["Astana Times"]?.outcome == "not-modified")
            #expect(server.requests.last?.headers["if-none-match"] == "\"v1\"")
            #expect(server.requests.last?.headers["user-agent"] == "FeedHub/\(FeedHubVersion.current) (+https://news.example.org/)")
            await #expect(try store.sourceStates().first?.etag == "\"v1\"", "a 304 keeps the validators")
        }
    }

    @Test("Loopback addresses are refused unless the configuration allows private addresses", arguments: TestDatabase.allCases)
    func refusesPrivateAddresses(_ database: TestDatabase) async throws {
        let hub = try HubHarness(database)
        defer { hub.remove() }
        try await withLoopbackServer({ _ in .response(status: 200) }) { server in
            let sources = """
                  - { name: loopback, url: "\(server.url("/feed"))" }
                  - { name: localhost, url: "http://localhost:\(server.port)/feed" }
                """
            let configuration = try hub.configuration(sources: sources, fetch: "timeout: 2s, allow_private_addresses: false")
            let (_, reports) = try await hub.run(configuration)
            #expect(reports["loopback"]?.outcome == "refused-address")
            #expect(reports["localhost"]?.outcome == "refused-address")
            #expect(server.requests.isEmpty, "no request ever reached the server")
        }
    }

    @Test("A failing source backs off; the next plain run skips it, --force tries it", arguments: TestDatabase.allCases)
    func backoff(_ database: TestDatabase) async throws {
        let hub = try HubHarness(database)
        defer { hub.remove() }
        try await withLoopbackServer({ _ in .response(status: 500) }) { server in
            let configuration = try hub.configuration(sources: "  - { name: down, url: \"\(server.url("/x"))\" }")
            _ = try await hub.run(configuration)
            let (_, skipped) = try await hub.run(configuration)
            #expect(skipped["down"]?.outcome == "skipped")
            let (store, forced) = try await hub.run(configuration, force: true)
            #expect(forced["down"]?.outcome == "http-status 500")
            await #expect(try store.sourceStates().first?.failures == 2)
        }
    }
}
