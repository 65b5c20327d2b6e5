import Foundation
import TestSupport
import Testing

/// A real browser on the editors' page: headless Chromium, driven over the DevTools protocol by
/// `Tests/Browser/admin-approve.mjs` (node, no packages), against `feedhub serve` on a real port.
@Suite struct AdminBrowserTests {
    static let chromium = ["FEEDHUB_CHROMIUM", "chromium", "chromium-browser", "google-chrome"].lazy.compactMap { name in
        name.hasPrefix("FEEDHUB_") ? ProcessInfo.processInfo.environment[name] : ExternalTool.path(name)
    }.first
    static let node = ExternalTool.path("node")

    @Test(
        "Chromium signs in with a token, approves the first queued story, and the story is in /feed.atom",
        .enabled(
            if: chromium != nil && node != nil,
            "needs headless Chromium and node (scripts/deps.sh installs both with FEEDHUB_TEST_TOOLS=1, as CI does)"))
    func approveInBrowser() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-browser-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try OfflineExample.write(into: directory) { $0 + "curation: review\n" }
        #expect(try await CommandRunner.run(["fetch", "--config", path]).status == 0)
        let added = try await CommandRunner.run(["editors", "add", "Aigerim Seitkali", "--config", path])
        let token = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try await ServedConfig(path)
        defer { server.stop() }
        let port = server.port
        let base = "http://127.0.0.1:\(port)"
        #expect(!(try await RawHTTP.request(port, "GET", "/feed.atom").response.text.contains("<entry>")), "review mode: nothing published")

        // FEEDHUB_SCREENSHOTS=docs refreshes the screenshots committed in docs/.
        let shots = ProcessInfo.processInfo.environment["FEEDHUB_SCREENSHOTS"].map { Fixture.root.appendingPathComponent($0) } ?? directory
        let script = Fixture.root.appendingPathComponent("Tests/Browser/admin-approve.mjs").path
        let result = try await ExternalTool.run(Self.node!, [script, Self.chromium!, base, token, shots.path])
        try #require(result.status == 0, "the browser run failed: \(result.output.suffix(3000))")
        let line = try #require(result.output.split(separator: "\n").last { $0.hasPrefix("{") })
        let outcome = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let title = try #require(outcome["title"] as? String)
        #expect((outcome["notice"] as? String)?.hasSuffix(": approve done.") == true)
        let cookie = try #require(outcome["cookie"] as? [String: Any], "the browser kept the session cookie")
        #expect(cookie["httpOnly"] as? Bool == true && cookie["secure"] as? Bool == true && cookie["sameSite"] as? String == "Strict")

        let atom = try await RawHTTP.request(port, "GET", "/feed.atom").response.text
        #expect(
            atom.contains("<title type=\"text\">\(title.replacingOccurrences(of: "&", with: "&amp;"))</title>"),
            "approved in the browser: in the feed")
        for shot in ["admin-login.png", "admin-queue.png", "admin-story.png"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: shots.appendingPathComponent(shot).path)[.size] as? Int) ?? 0
            #expect(size > 10_000, "\(shot) was captured")
        }
    }
}
