import ArgumentParser
import FeedHub
import FeedServe
import Foundation

/// `feedhub export`: the published feed as a file, for static hosting until `feedhub serve` runs.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the published stories as Atom, RSS, JSON Feed or the HTML page.",
        discussion: "Paths are relative to feed.url: the Atom document says it lives at <feed.url>feed.atom, and so on.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "atom, rss, json or html.")
    var format = "atom"

    @Option(name: .shortAndLong, help: "Write here instead of standard output (replaced atomically).")
    var output: String?

    func validate() throws {
        guard ["atom", "rss", "json", "html"].contains(format) else { throw ValidationError("--format must be atom, rss, json or html") }
    }

    func run() async throws {
        let configuration = try global.loadConfiguration()
        let store = try global.openStore(configuration)
        let snapshot: FeedSnapshot
        do {
            snapshot = try await FeedSnapshot.load(from: store, configuration: configuration)
        } catch {
            ErrorReporter.report("\(error)")
            throw ExitCode(1)
        }
        let text: String
        switch format {
        case "rss": text = RSSRenderer.render(snapshot)
        case "json": text = JSONFeedRenderer.render(snapshot)
        case "html": text = HTMLPageRenderer.render(snapshot)
        default: text = AtomRenderer.render(snapshot)
        }
        guard let output else {
            print(text, terminator: "")
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            ErrorReporter.report("\(output): cannot write (\(error.localizedDescription))")
            throw ExitCode(1)
        }
    }
}
