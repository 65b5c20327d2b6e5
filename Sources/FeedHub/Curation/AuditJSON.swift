internal import Foundation

/// The audit log's before/after columns: a JSON object of field names to values (or `null`).
enum AuditJSON {
    static func encode(_ fields: [String: String?]) -> String? {
        guard !fields.isEmpty else { return nil }
        let object = fields.mapValues { $0.map { $0 as Any } ?? NSNull() }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return nil
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String?) -> [String: String?] {
        guard let data = text?.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return [:]
        }
        return object.mapValues { $0 as? String }
    }
}
