internal import FeedParse
internal import Foundation

/// Escaping for XML and HTML output. Characters XML 1.0 forbids (C0 controls but tab, CR, LF; U+FFFE,
/// U+FFFF) are dropped, so text from any outlet always yields a well-formed document.
enum XMLText {
    /// `text` escaped for element content and double-quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// RFC 3339 in UTC (`2025-05-29T09:00:00Z`).
    static func rfc3339(_ date: Date) -> String { DateParser.rfc3339(date) }
}
