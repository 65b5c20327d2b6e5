import ArgumentParser
import FeedHub
import FeedServe
import Foundation

/// `feedhub run`: the daemon — the fetch scheduler and the server in one process.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Fetch every source every fetch.interval and serve the feeds, in one process.",
        discussion: "SIGTERM or SIGINT stops accepting, aborts transfers, finishes requests and exits 0 within seconds.")

    @OptionGroup var global: GlobalOptions

    @OptionGroup var server: ServerOptions

    func run() async throws {
        let configuration = try global.loadConfiguration()
        let store = try global.openStore(configuration)
        let logger = global.logger("feedhub.run")
        try await store.syncSources(configuration.sources)
        let scheduler = FetchScheduler(configuration: configuration, store: store, logger: logger)
        let title = configuration.feed.title
        try await server.serve(configuration, store: store, logger: logger, services: [scheduler]) { base in
            "\(title): page \(base), subscribe to \(base)feed.atom (also feed.rss, feed.json)\n"
        }
    }
}
