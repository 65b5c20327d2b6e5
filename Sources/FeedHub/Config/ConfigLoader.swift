internal import FeedParse
internal import Foundation
internal import Yams

/// Reads and fully validates `feeds.yml` before anything else runs.
///
/// Unknown keys, wrong types, bad durations and sizes, duplicate source names and bad URLs are each
/// reported as one ``ConfigError`` naming the file, line and key path.
public enum ConfigLoader {
    /// Loads the configuration at `path`.
    /// - Throws: ``ConfigError``.
    public static func load(path: String) throws -> HubConfiguration {
        let file = URL(fileURLWithPath: path).standardizedFileURL.path
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ConfigError.unreadable(file: path, message: (error as NSError).localizedDescription)
        }
        return try parse(text, file: file)
    }

    /// Validates configuration text; `file` names it in errors and anchors `storage:`.
    /// - Throws: ``ConfigError``.
    public static func parse(_ text: String, file: String) throws -> HubConfiguration {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigError.invalid(file: file, line: 1, keyPath: "(document)", message: "the file is empty")
            }
            root = node
        } catch let error as YamlError {
            throw yamlError(error, file: file)
        }
        let reader = ConfigReader(file: file)
        return try reader.configuration(root)
    }

    private static func yamlError(_ error: YamlError, file: String) -> ConfigError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return .invalidYAML(file: file, line: mark.line, column: mark.column, message: problem)
        default:
            return .invalidYAML(file: file, line: 1, column: 1, message: "\(error)")
        }
    }
}
