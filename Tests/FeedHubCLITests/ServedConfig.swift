import Foundation
import TestSupport
import Testing

/// `feedhub serve --config path` on a free port, ready (its `/healthz` answered); the caller kills it.
struct ServedConfig {
    let process: Process
    let port: Int

    init(_ path: String) async throws {
        port = try RunCommandTests.freePort()
        process = try CommandRunner.start(["serve", "--config", path, "--port", "\(port)"])
        var ready = false
        for _ in 0..<100 where !ready {
            ready = (try? await RawHTTP.request(port, "GET", "/healthz").response.status) == 200
            if !ready { try await Task.sleep(for: .milliseconds(100)) }
        }
        if !ready { kill(process.processIdentifier, SIGKILL) }
        try #require(ready, "feedhub serve never answered")
    }

    func stop() { kill(process.processIdentifier, SIGKILL) }
}
