import ArgumentParser
import FeedHub
import Foundation

/// Options of the commands that read or change curation data: the configuration and `--json`.
struct StoreOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    /// Loads the configuration, opens the database and runs `body`; a refused action or a database
    /// error is one line on stderr and exit 1 (2 for a bad value or an unknown editor).
    func run<T>(_ body: (HubConfiguration, any FeedStorage) async throws -> T) async throws -> T {
        let configuration = try global.loadConfiguration()
        let store = try global.openStore(configuration)
        do {
            return try await body(configuration, store)
        } catch let error as CurationError {
            ErrorReporter.report(error.description)
            switch error {
            case .invalid, .unknownEditor: throw ExitCode(2)
            default: throw ExitCode(1)
            }
        } catch let error as StorageError {
            ErrorReporter.report(error.description)
            throw ExitCode(1)
        }
    }

    /// Prints `value` as indented JSON.
    func printJSON(_ value: some Encodable) throws {
        print(String(decoding: try CurationJSON.encode(value, pretty: true), as: UTF8.self))
    }
}

/// Options of the commands that act on stories as an editor.
struct CurationOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: "Act as this editor (added with `feedhub editors add`); defaults to $FEEDHUB_EDITOR.")
    var editor: String?

    /// The acting editor's name; the command line is trusted (it holds the database), so no token.
    func editorName() throws -> String {
        guard let name = editor ?? ProcessInfo.processInfo.environment["FEEDHUB_EDITOR"], !name.isEmpty else {
            throw ValidationError("--editor NAME is required (or set FEEDHUB_EDITOR); add editors with `feedhub editors add NAME`")
        }
        return name
    }

    /// See ``StoreOptions/run(_:)``.
    func run<T>(_ body: (HubConfiguration, any FeedStorage) async throws -> T) async throws -> T { try await store.run(body) }

    /// Applies `action` to the story `reference` names and prints the result.
    func apply(_ action: CurationAction, to reference: String) async throws {
        try await apply(to: reference) { _ in action }
    }

    /// Applies the action `makeAction` builds (it may look up other stories) to the story `reference`
    /// names, with one configuration load and one database, and prints the result.
    func apply(to reference: String, _ makeAction: (any FeedStorage) async throws -> CurationAction) async throws {
        let editor = try editorName()
        try await run { configuration, store in
            let action = try await makeAction(store)
            let number = try await store.storyNumber(reference)
            let policy = StoryPolicy(feedID: configuration.feed.id, curation: configuration.curation)
            let detail = try await store.apply(action, to: number, editor: editor, policy: policy)
            try print(detail, summary: "story \(number): \(action.name) done by \(editor)")
        }
    }

    /// Prints a story: JSON, or the human form with a first line saying what happened.
    func print(_ detail: StoryDetail, summary: String? = nil) throws {
        if store.json {
            try store.printJSON(detail)
            return
        }
        if let summary { Swift.print(summary) }
        Swift.print(StoryText.render(detail), terminator: "")
    }
}
