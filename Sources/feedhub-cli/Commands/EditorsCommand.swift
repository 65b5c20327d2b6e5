import ArgumentParser
import FeedHub
import Foundation

/// `feedhub editors add|list|remove`: who may use the admin page and API.
struct EditorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "editors", abstract: "Add, list and remove the editors who may curate stories.",
        subcommands: [Add.self, List.self, Remove.self], defaultSubcommand: List.self)

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an editor and print their token once, alone on its own line (only its hash is stored).")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The editor's name, as the audit log shows it.") var name: String

        func run() async throws {
            let token = try await options.run { _, store in try await store.addEditor(named: name) }
            if options.json {
                try options.printJSON(["name": name, "token": token])
                return
            }
            print(token)
            FileHandle.standardError.write(
                Data("feedhub: editor '\(name)' added; the token above is shown only this once — sign in at /admin with it\n".utf8))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List editors (never their tokens).")
        @OptionGroup var options: StoreOptions

        func run() async throws {
            let editors = try await options.run { _, store in try await store.editors() }
            if options.json {
                try options.printJSON(editors)
                return
            }
            for editor in editors { print("\(editor.name)\tadded \(JSONOutput.iso(editor.createdAt) ?? "")") }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an editor: their token and sessions stop working at once.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The editor's name.") var name: String

        func run() async throws {
            try await options.run { _, store in try await store.removeEditor(named: name) }
            print("editor '\(name)' removed; their audit log lines stay")
        }
    }
}
