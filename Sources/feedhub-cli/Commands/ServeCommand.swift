import ArgumentParser
import FeedHub
import FeedServe
import Foundation

/// `feedhub serve`: publish the stored stories over HTTP; picks up what `feedhub fetch` (cron) stores.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve /feed.atom, /feed.rss, /feed.json, the page at / and /healthz.",
        discussion: "Listens on server.listen. Stories stored by a separate `feedhub fetch` appear within about a second.")

    @OptionGroup var global: GlobalOptions

    @OptionGroup var server: ServerOptions

    func run() async throws {
        let configuration = try global.loadConfiguration()
        let store = try global.openStore(configuration)
        let title = configuration.feed.title
        try await server.serve(configuration, store: store, logger: global.logger("feedhub.serve")) { base in
            "Serving \(title) on \(base) — subscribe to /feed.atom, /feed.rss or /feed.json\n"
        }
    }
}
