import Foundation

/// Writes user-facing errors as one readable line on stderr.
enum ErrorReporter {
    static func report(_ message: String) {
        let line = "feedhub: " + String(message.map { $0 == "\n" || $0 == "\r" ? " " : $0 }) + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
