public import Foundation

/// Runs the built `feedhub` binary as users do, capturing its output.
public enum CommandRunner {
    /// What a run printed and returned.
    public struct Result: Sendable {
        /// The exit status.
        public var status: Int32
        /// Standard output.
        public var stdout: String
        /// Standard error.
        public var stderr: String
    }

    /// The `feedhub` beside the test bundle, or the debug build.
    public static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("feedhub")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return Fixture.root.appendingPathComponent(".build/debug/feedhub")
    }

    /// Starts `feedhub arguments` without waiting (for tests that signal it).
    /// - Parameter errorLog: a file that receives its stderr (its logs); discarded when `nil`.
    public static func start(_ arguments: [String], environment: [String: String] = [:], errorLog: URL? = nil) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        if let errorLog {
            _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: errorLog)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    /// Runs `feedhub arguments` to completion.
    public static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Result {
        try await onOwnThread { try runBlocking(arguments, environment: environment) }
    }

    private static func runBlocking(_ arguments: [String], environment: [String: String]) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}
