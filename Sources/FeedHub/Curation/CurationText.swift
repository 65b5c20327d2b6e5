internal import Foundation

/// Checks of the text editors type: trimmed, bounded, and free of control characters (which XML 1.0
/// cannot carry, so they would break every feed).
enum CurationText {
    /// A value that must not be empty.
    /// - Throws: ``CurationError/invalid(field:message:)``.
    static func required(_ text: String, field: String, limit: Int) throws(CurationError) -> String {
        guard let value = try optional(text, field: field, limit: limit) else {
            throw CurationError.invalid(field: field, message: "must not be empty")
        }
        return value
    }

    /// A value that may be empty (`nil` then).
    /// - Throws: ``CurationError/invalid(field:message:)``.
    static func optional(_ text: String?, field: String, limit: Int) throws(CurationError) -> String? {
        guard let text else { return nil }
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard value.count <= limit else {
            throw CurationError.invalid(field: field, message: "is \(value.count) characters long; at most \(limit) are allowed")
        }
        if value.unicodeScalars.contains(where: {
            ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || $0.value == 0x7F || $0.value == 0xFFFE || $0.value == 0xFFFF
        }) {
            throw CurationError.invalid(field: field, message: "contains control characters")
        }
        return value.isEmpty ? nil : value
    }
}
