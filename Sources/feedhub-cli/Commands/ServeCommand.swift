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
        let feedServer = FeedServer(configuration: configuration, store: store, logger: global.logger("feedhub.serve"))
        let host = configuration.listen.host
        do {
            try await feedServer.run(port: self.server.port) { bound in
                let line =
                    "Serving \(configuration.feed.title) on http://\(host):\(bound)/ — subscribe to /feed.atom, /feed.rss or /feed.json\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            }
        } catch {
            ErrorReporter.report("\(error)")
            throw ExitCode(1)
        }
    }
}
