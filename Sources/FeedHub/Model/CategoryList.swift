internal import Foundation

/// How an item's categories are stored: a JSON array of strings in one column, so any text round-trips.
public enum CategoryList {
    /// `["Politics","Astana"]`; `[]` when there are none. Same input, same bytes.
    public static func encode(_ categories: [String]) -> String {
        guard !categories.isEmpty,
            let data = try? JSONSerialization.data(withJSONObject: categories, options: [.withoutEscapingSlashes])
        else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The stored array; a damaged value reads as no categories.
    public static func decode(_ text: String?) -> [String] {
        guard let text, text != "[]", let data = text.data(using: .utf8),
            let array = try? JSONSerialization.jsonObject(with: data) as? [String]
        else { return [] }
        return array
    }
}
