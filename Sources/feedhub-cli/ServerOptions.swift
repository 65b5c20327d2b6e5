import ArgumentParser
import FeedHub
import FeedServe
import Foundation
import Logging
import ServiceLifecycle

/// Options of the commands that serve HTTP (`serve`, `run`).
struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: "Listen on this port instead of server.listen's (0 picks a free one).")
    var port: Int?
}

extension ServerOptions {
    /// Runs `FeedServer` (with `services` beside it) until SIGTERM/SIGINT, writing `banner(base URL)` to
    /// standard output once it listens; a failure is one line on stderr and exit status 1.
    func serve(
        _ configuration: HubConfiguration, store: any FeedStorage, logger: Logger, services: [any Service] = [],
        banner: @escaping @Sendable (String) -> String
    ) async throws {
        let host = configuration.listen.host
        do {
            try await FeedServer(configuration: configuration, store: store, logger: logger).run(port: port, services: services) {
                FileHandle.standardOutput.write(Data(banner("http://\(host):\($0)/").utf8))
            }
        } catch {
            ErrorReporter.report("\(error)")
            throw ExitCode(1)
        }
    }
}
