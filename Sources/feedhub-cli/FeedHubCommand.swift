import ArgumentParser
import FeedHub

/// The `feedhub` command: parse, fetch and publish partner outlets' coverage.
@main
struct FeedHubCommand: AsyncParsableCommand {
    static let version = FeedHubVersion.current

    static let configuration = CommandConfiguration(
        commandName: "feedhub",
        abstract: "Aggregate partner outlets' feeds about one subject and republish them as one feed.",
        version: version,
        subcommands: [
            ParseCommand.self, FetchCommand.self, SourcesCommand.self, ItemsCommand.self, EditorsCommand.self, ExportCommand.self,
            ServeCommand.self,
            RunCommand.self,
        ]
    )
}
