import Foundation
import TestSupport
import Testing

/// The public page's Content-Security-Policy, in a real browser: script injected into `/` never runs,
/// while the same injection into a page served without the policy does.
@Suite struct PageBrowserTests {
    @Test(
        "On the public page an injected inline script, inline handler and javascript: link do not run",
        .enabled(
            if: AdminBrowserTests.chromium != nil && AdminBrowserTests.node != nil,
            "needs headless Chromium and node (scripts/deps.sh installs both with FEEDHUB_TEST_TOOLS=1, as CI does)"))
    func injectedScriptDoesNotRun() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-csp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try OfflineExample.write(into: directory)
        #expect(try await CommandRunner.run(["fetch", "--config", path]).status == 0)
        let control = try LoopbackServer { _ in
            .response(
                status: 200, headers: ["Content-Type": "text/html; charset=utf-8"],
                body: Data("<!DOCTYPE html><html><head><title>control</title></head><body><p>No policy here.</p></body></html>".utf8))
        }
        defer { control.stop() }
        let server = try await ServedConfig(path)
        defer { server.stop() }
        let port = server.port

        let script = Fixture.root.appendingPathComponent("Tests/Browser/page-csp.mjs").path
        let result = try await ExternalTool.run(
            AdminBrowserTests.node!, [script, AdminBrowserTests.chromium!, "http://127.0.0.1:\(port)/", control.url("/")])
        try #require(result.status == 0, "the browser run failed: \(result.output.suffix(3000))")
        let line = try #require(result.output.split(separator: "\n").last { $0.hasPrefix("{") })
        let outcome = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: [String: Any]])
        let page = try #require(outcome["page"])
        let unprotected = try #require(outcome["control"])
        #expect((page["title"] as? String)?.contains("AIF in the news") == true, "the browser loaded the public page")
        #expect((page["ran"] as? [String]) == [], "nothing injected ran on the public page: \(page)")
        let violations = (page["violations"] as? [String]) ?? []
        #expect(violations.count >= 2 && violations.allSatisfy { $0.hasPrefix("script-src") }, "Chromium reported them: \(violations)")
        // The control proves the injection works where no policy stops it.
        let ran = Set((unprotected["ran"] as? [String]) ?? [])
        #expect(ran.isSuperset(of: ["inline script", "onerror handler"]), "the control page ran the injection: \(unprotected)")
    }
}
