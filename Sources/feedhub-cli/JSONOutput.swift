import FeedParse
import Foundation

/// JSON and date formatting shared by the commands' `--json` output.
enum JSONOutput {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func iso(_ date: Date?) -> String? {
        date.map(DateParser.rfc3339)
    }
}
