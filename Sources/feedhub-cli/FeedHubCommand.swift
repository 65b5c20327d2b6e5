import ArgumentParser

/// The `feedhub` command: parse, fetch and publish partner outlets' coverage.
@main
struct FeedHubCommand: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "feedhub",
        abstract: "Aggregate partner outlets' feeds about one subject and republish them as one feed.",
        version: version,
        subcommands: [ParseCommand.self]
    )
}
