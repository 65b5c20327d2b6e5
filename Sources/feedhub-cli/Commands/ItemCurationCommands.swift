import ArgumentParser
import FeedHub
import FeedParse
import Foundation

/// `feedhub items show|approve|reject|pin|unpin|pending|edit|merge|split|history ID`: an editor's
/// decisions, with the same rules as the admin API and page. ID is the story's number or entry id.
extension ItemsCommand {
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a story: every outlet's copy, edits beside what the outlet changed since, and where it stands.")
        @OptionGroup var options: CurationOptions
        @Argument(help: "The story's number or entry id.") var id: String

        func run() async throws {
            try await options.run { _, store in try options.print(try await store.detail(try await store.storyNumber(id))) }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Publish a story.")
        @OptionGroup var options: CurationOptions
        @Argument(help: "The story's number or entry id.") var id: String
        func run() async throws { try await options.apply(.approve, to: id) }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Keep a story out of the feeds for good (a published one leaves with a deleted-entry tombstone).")
        @OptionGroup var options: CurationOptions
        @Argument(help: "The story's number or entry id.") var id: String
        @Option(name: .long, help: "Why (kept in the audit log, never published).") var reason: String?
        func run() async throws { try await options.apply(.reject(reason: reason), to: id) }
    }

    struct Pin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a story first in the feeds.")
        @OptionGroup var options: CurationOptions
        @Argument(help: "The story's number or entry id.") var id: String
        func run() async throws { try await options.apply(.pin, to: id) }
    }

    struct Unpin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Undo pin.")
        @OptionGroup var options: CurationOptions
        @Argument(help: "The story's number or entry id.") var id: String
        func run() async throws { try await options.apply(.unpin, to: id) }
    }

    struct Pending: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Return a story to the queue (undo approve or reject).")
        @OptionGroup var options: CurationOptions
        @Argument(help: "The story's number or entry id.") var id: String
        func run() async throws { try await options.apply(.pending, to: id) }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the published title and/or summary; later upstream edits do not overwrite them.")
        @OptionGroup var options: CurationOptions
        @Argument(help: "The story's number or entry id.") var id: String
        @Option(name: .long, help: "The new title (plain text).") var title: String?
        @Option(name: .long, help: "The new summary (plain text; empty to publish none).") var summary: String?
        func run() async throws { try await options.apply(.edit(title: title, summary: summary), to: id) }
    }

    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark a story as the same as another: its copies move there and it leaves the feeds.")
        @OptionGroup var options: CurationOptions
        @Argument(help: "The story to fold in (number or entry id).") var id: String
        @Option(name: .long, help: "The story it is the same as (number or entry id).") var into: String
        func run() async throws {
            try await options.apply(to: id) { store in .merge(into: try await store.storyNumber(into)) }
        }
    }

    struct Split: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Undo a wrong merge: merged stories come back, other outlets' copies become stories of their own.")
        @OptionGroup var options: CurationOptions
        @Argument(help: "The story's number or entry id.") var id: String
        func run() async throws { try await options.apply(.split, to: id) }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an article no feed carried: its page's title, description and date are read and stored as a pending story.")
        @OptionGroup var options: CurationOptions
        @Argument(help: "The article's http(s) address.") var url: String
        @Flag(name: .long, help: "Only show what the page says; store nothing.") var dryRun = false
        @Flag(name: .long, help: "Publish it at once (the metadata is printed; edit it if it is wrong).") var approve = false

        func run() async throws {
            let editor = dryRun ? "" : try options.editorName()
            try await options.run { configuration, store in
                let adder = StoryAdder(configuration: configuration, store: store)
                if dryRun {
                    let page = try await adder.preview(url)
                    Swift.print(
                        options.store.json
                            ? String(decoding: try CurationJSON.encode(page, pretty: true), as: UTF8.self) : PageText.render(page))
                    return
                }
                var detail = try await adder.add(url, editor: editor)
                var summary =
                    "story \(detail.story.number): added as pending; check it, then `feedhub items approve \(detail.story.number)`"
                if approve {
                    let policy = StoryPolicy(feedID: configuration.feed.id, curation: configuration.curation)
                    detail = try await store.apply(.approve, to: detail.story.number, editor: editor, policy: policy)
                    summary = "story \(detail.story.number): added and published"
                }
                try options.print(detail, summary: summary)
            }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A story's audit log: who did what, when, the values before and after, and the reason.")
        @OptionGroup var options: CurationOptions
        @Argument(help: "The story's number or entry id.") var id: String

        func run() async throws {
            try await options.run { _, store in
                let entries = try await store.history(try store.storyNumber(id))
                if options.store.json {
                    try options.store.printJSON(entries)
                } else if entries.isEmpty {
                    Swift.print("no editor has acted on this story yet")
                } else {
                    for entry in entries { Swift.print(StoryText.render(entry)) }
                }
            }
        }
    }
}

/// The human form of a page's metadata (`items add --dry-run`).
enum PageText {
    static func render(_ page: PageMetadata) -> String {
        [
            "title:     \(page.title ?? "—")", "summary:   \(page.summary ?? "—")",
            "published: \(JSONOutput.iso(page.published) ?? "—")", "site:      \(page.siteName ?? "—")", "url:       \(page.url ?? "—")",
        ].joined(separator: "\n")
    }
}
