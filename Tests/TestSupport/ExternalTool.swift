public import Foundation

/// Runs an external program (jing, python3, newsboat) the way a user's tool would read our output.
public enum ExternalTool {
    /// What the program printed and returned.
    public struct Result: Sendable {
        /// The exit status.
        public var status: Int32
        /// Standard output and standard error, together.
        public var output: String
    }

    /// Runs `executable arguments`, feeding `input` on standard input (waiting off the task pool).
    public static func run(_ executable: String, _ arguments: [String], input: Data? = nil) async throws -> Result {
        try await onOwnThread { try runBlocking(executable, arguments, input: input) }
    }

    private static func runBlocking(_ executable: String, _ arguments: [String], input: Data?) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(input)
            try stdin.fileHandleForWriting.close()
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// `/usr/bin/<name>` when installed (`scripts/deps.sh` with FEEDHUB_TEST_TOOLS=1 installs the test tools).
    public static func path(_ name: String) -> String? {
        ["/usr/bin/\(name)", "/usr/local/bin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
