import FeedHub
import Foundation
import TestSupport
import Testing

/// `feedhub run`, the daemon: fetch scheduler and server in one process.
@Suite struct RunCommandTests {
    static func freePort() throws -> Int {
        let probe = try LoopbackServer { _ in .response(status: 200) }
        defer { probe.stop() }
        return probe.port
    }

    static func get(_ port: Int, _ route: String) async throws -> FetchResponse {
        try await CurlFetcher().fetch(
            FetchRequest(url: "http://127.0.0.1:\(port)\(route)", timeout: .seconds(5), allowPrivateAddresses: true))
    }

    static func stop(_ process: Process) async throws -> Bool {
        kill(process.processIdentifier, SIGTERM)
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(5)
        while process.isRunning, clock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        return !process.isRunning
    }

    @Test("run fetches at start and serves; SIGTERM during a fetch exits 0 within 5 s; the next start resumes")
    func daemon() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withLoopbackServer({ _ in .silence }) { silent in
            let path = try OfflineExample.write(into: directory) { text in
                text.replacingOccurrences(of: "sources:\n", with: "fetch: { timeout: 20s, allow_private_addresses: true }\nsources:\n")
                    + "  - name: Never answers\n    url: \(silent.url("/feed"))\n"
            }

            let port = try Self.freePort()
            let daemon = try CommandRunner.start(["run", "--config", path, "--port", "\(port)"])
            defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
            var page = ""
            for _ in 0..<100 where !page.contains("<article>") {
                try await Task.sleep(for: .milliseconds(100))
                page = (try? await Self.get(port, "/")).map { String(decoding: $0.body, as: UTF8.self) } ?? ""
            }
            #expect(page.contains("Токаев открыл Астанинский международный форум"), "the start-up pass stored and published")
            #expect(silent.requests.count == 1, "the never-answering source's fetch is in flight")
            #expect(try await Self.stop(daemon), "exits within 5 s of SIGTERM, the transfer aborted")
            #expect(daemon.terminationStatus == 0)

            let again = try CommandRunner.start(["run", "--config", path, "--port", "\(port)"])
            defer { if again.isRunning { kill(again.processIdentifier, SIGKILL) } }
            var health: FetchResponse?
            for _ in 0..<100 where health == nil {
                try await Task.sleep(for: .milliseconds(100))
                health = try? await Self.get(port, "/healthz")
            }
            #expect(health?.status == 200)
            let atom = try await Self.get(port, "/feed.atom")
            #expect(String(decoding: atom.body, as: UTF8.self).contains("<entry>"), "stories survive the restart")
            #expect(try await Self.stop(again))
            #expect(again.terminationStatus == 0)
            let states = try await SQLiteStore(path: directory.appendingPathComponent("offline.sqlite").path).sourceStates()
            #expect(states.filter { $0.lastOutcome == "ok" }.count == 6, "the snapshots were fetched once, not again")
        }
    }
}
