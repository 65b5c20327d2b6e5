import ArgumentParser
import FeedHub
import Foundation

/// `feedhub items`: stories and their state.
struct ItemsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "items", abstract: "List stored stories and act on them as an editor.",
        subcommands: [
            List.self, Show.self, Approve.self, Reject.self, Pin.self, Unpin.self, Pending.self, Edit.self, Merge.self, Split.self,
            Add.self,
            History.self,
        ], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "One row per story, newest first; syndicated copies are listed in also_at.")

        @OptionGroup var options: StoreOptions

        @Option(name: .long, help: "published, pending, rejected or off-topic.")
        var status: String?

        @Option(name: .long, help: "Only stories whose primary outlet is this source.")
        var source: String?

        @Option(name: .long, help: "Only stories whose title or summary contains this text (any case, any script).")
        var text: String?

        func run() async throws {
            var wanted: StoryStatus?
            if let status {
                guard let s = StoryStatus(rawValue: status) else {
                    throw ValidationError("--status must be one of: published, pending, rejected, off-topic")
                }
                wanted = s
            }
            let stories = try await options.run { _, store in try await store.stories(status: wanted, source: source, text: text) }
            if options.json {
                print(try JSONOutput.encode(stories.map(StoryJSON.init)))
                return
            }
            for s in stories {
                let also = s.alsoAt.isEmpty ? "" : " (also at \(s.alsoAt.map(\.source).joined(separator: ", ")))"
                print(
                    "\(s.number)\t\(JSONOutput.iso(s.published) ?? "")\t\(s.status.rawValue)\t\(s.source)\t\(s.title)\(also)\t\(s.link ?? "")"
                )
            }
        }
    }
}

/// The `items list --json` shape: stable snake_case keys.
struct StoryJSON: Encodable {
    let id: String
    let number: Int64
    let title: String
    let link: String?
    let source: String
    let also_at: [StoryListing.Copy]
    let published: String
    let updated: String
    let status: String
    let pinned: Bool
    let rule: String
    let categories: [String]

    init(_ s: StoryListing) {
        id = s.id
        number = s.number
        title = s.title
        link = s.link
        source = s.source
        also_at = s.alsoAt
        published = JSONOutput.iso(s.published) ?? ""
        updated = JSONOutput.iso(s.updated) ?? ""
        status = s.status.rawValue
        pinned = s.pinned
        rule = s.rule
        categories = s.categories
    }
}
