import ArgumentParser
import FeedHub
import Foundation
import Logging

/// Options every FeedHub command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file; `storage:` is resolved relative to it.")
    var config = "feeds.yml"

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "warning"

    /// Loads and validates the configuration; a bad one is one error line and exit 2.
    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of: trace, debug, info, notice, warning, error, critical")
        }
    }

    func loadConfiguration() throws -> HubConfiguration {
        do {
            return try ConfigLoader.load(path: config)
        } catch let error as ConfigError {
            ErrorReporter.report("\(error)")
            throw ExitCode(2)
        }
    }

    /// Opens the database; failure is one error line and exit 1.
    func openStore(_ configuration: HubConfiguration) throws -> any FeedStorage {
        do {
            return try SQLiteStore(path: configuration.storagePath)
        } catch {
            ErrorReporter.report("\(error)")
            throw ExitCode(1)
        }
    }

    func logger(_ label: String) -> Logger {
        LoggingBootstrap.once(level: Logger.Level(rawValue: logLevel) ?? .warning)
        return Logger(label: label)
    }
}

/// Sends swift-log output to stderr, once per process.
enum LoggingBootstrap {
    nonisolated(unsafe) private static var done = false
    private static let lock = NSLock()

    static func once(level: Logger.Level) {
        lock.lock()
        defer { lock.unlock() }
        guard !done else { return }
        done = true
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
