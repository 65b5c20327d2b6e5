public import Foundation

/// The JSON shape of stories, details and audit lines, shared by `feedhub items … --json` and the admin
/// API: snake_case keys, RFC 3339 times, sorted keys (same value, same bytes).
public enum CurationJSON {
    /// Encodes `value`.
    /// - Parameter pretty: indent for people (the CLI); compact for the API.
    /// - Throws: `EncodingError` (not for FeedHub's own types).
    public static func encode(_ value: some Encodable, pretty: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(value)
    }
}
