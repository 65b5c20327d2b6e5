internal import Foundation
internal import Yams

/// Typed readers for scalar values: strings, numbers, booleans, durations (`45s`), sizes (`10MB`), URLs.
extension ConfigReader {
    func mapping(_ node: Node, _ path: String, keys allowed: [String]) throws -> [String: Node] {
        guard case .mapping(let mapping) = node else {
            throw fail(node, path, "expected a mapping with keys \(allowed.joined(separator: ", "))")
        }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard case .scalar(let k) = key else { throw fail(key, path, "keys must be plain words") }
            let here = path == "(document)" ? k.string : "\(path).\(k.string)"
            guard allowed.contains(k.string) else {
                throw fail(key, here, "unknown key (expected one of: \(allowed.joined(separator: ", ")))")
            }
            guard result[k.string] == nil else { throw fail(key, here, "appears twice") }
            result[k.string] = value
        }
        return result
    }

    func required(_ map: [String: Node], _ key: String, in parent: Node, path: String) throws -> Node {
        guard let node = map[key], node != Node("~"), !(node.scalar.map { $0.string.isEmpty && $0.style == .plain } ?? false) else {
            throw fail(map[key] ?? parent, path.isEmpty ? key : "\(path).\(key)", "is required")
        }
        return node
    }

    func string(_ node: Node, _ path: String) throws -> String {
        guard case .scalar(let scalar) = node else { throw fail(node, path, "expected a text value") }
        return scalar.string
    }

    /// One of an enum's raw values.
    func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ path: String, as type: T.Type) throws -> T
    where T.RawValue == String {
        let value = try string(node, path)
        guard let result = T(rawValue: value) else {
            throw fail(node, path, "'\(value)' is not one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return result
    }

    func stringList(_ node: Node, _ path: String) throws -> [String] {
        guard case .sequence(let sequence) = node else { throw fail(node, path, "expected a list") }
        return try sequence.enumerated().map { try string($1, "\(path)[\($0)]") }
    }

    func int(_ node: Node, _ path: String, range: ClosedRange<Int>) throws -> Int {
        let text = try string(node, path)
        guard let value = Int(text), range.contains(value) else {
            throw fail(node, path, "'\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func bool(_ node: Node, _ path: String) throws -> Bool {
        switch try string(node, path).lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        case let other: throw fail(node, path, "'\(other)' is not true or false")
        }
    }

    /// `500ms`, `45s`, `10m`, `2h`, `1d`.
    func duration(_ node: Node, _ path: String) throws -> Duration {
        let text = try string(node, path).trimmingCharacters(in: .whitespaces)
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (suffix, ms) in units where text.hasSuffix(suffix) {
            if let n = Int64(text.dropLast(suffix.count)), n > 0, n <= 365 * 86_400_000 / ms { return .milliseconds(n * ms) }
        }
        throw fail(node, path, "'\(text)' is not a duration (a positive number with ms, s, m, h or d, such as 45s or 10m)")
    }

    /// `500KB`, `10MB`, `1GB` (binary multiples: 1KB = 1024 bytes), or plain bytes.
    func size(_ node: Node, _ path: String) throws -> Int {
        let text = try string(node, path).trimmingCharacters(in: .whitespaces).uppercased()
        let units: [(String, Int)] = [("KB", 1 << 10), ("MB", 1 << 20), ("GB", 1 << 30), ("B", 1), ("", 1)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            if let n = Int(text.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), n > 0, n <= (4 << 30) / factor {
                return n * factor
            }
        }
        throw fail(node, path, "'\(text)' is not a size (a positive number with B, KB, MB or GB, such as 500KB or 10MB)")
    }

    func url(_ node: Node, _ path: String, schemes: [String]) throws -> String {
        let text = try string(node, path).trimmingCharacters(in: .whitespaces)
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(), schemes.contains(scheme),
            scheme == "file" ? !components.path.isEmpty : !(components.host ?? "").isEmpty
        else {
            throw fail(node, path, "'\(text)' is not a valid \(schemes.joined(separator: "/")) URL")
        }
        return text
    }
}
