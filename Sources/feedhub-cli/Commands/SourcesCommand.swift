import ArgumentParser
import FeedHub
import Foundation

/// `feedhub sources`: the state of each outlet.
struct SourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources", abstract: "Show each source's URL, last outcome, failures and next attempt.")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Print one JSON array.")
    var json = false

    @Option(name: .long, help: "Clear this source's backoff, failures and validators.")
    var reset: String?

    func run() async throws {
        let configuration = try global.loadConfiguration()
        let store = try global.openStore(configuration)
        do {
            try await store.syncSources(configuration.sources)
            if let reset {
                try await store.resetSource(named: reset)
                print("\(reset): reset; the next fetch tries it at once")
                return
            }
            let configured = Set(configuration.sources.map(\.name))
            let states = try await store.sourceStates().filter { configured.contains($0.name) }
            if json {
                print(try JSONOutput.encode(states))
                return
            }
            for s in states {
                let moved = s.currentURL != s.configURL ? " (moved from \(s.configURL))" : ""
                print(
                    "\(s.name)\t\(s.currentURL)\(moved)\t\(s.lastOutcome ?? "never fetched")\t\(s.lastMessage ?? "")\t"
                        + "last success \(JSONOutput.iso(s.lastSuccessAt) ?? "never")\tfailures \(s.failures)\t"
                        + "next attempt \(JSONOutput.iso(s.nextAttemptAt) ?? "on the next run")")
            }
        } catch let error as StorageError {
            ErrorReporter.report("\(error)")
            throw ExitCode(1)
        }
    }
}
