/// Why `feeds.yml` was refused. Every case names the file and, where there is one, the line and key path.
public enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(file: String, message: String)
    /// The file is not valid YAML.
    case invalidYAML(file: String, line: Int, column: Int, message: String)
    /// A key has a wrong, missing or unknown value.
    case invalid(file: String, line: Int, keyPath: String, message: String)

    /// A stable key.
    public var code: String {
        switch self {
        case .unreadable: "config.unreadable"
        case .invalidYAML: "config.invalid_yaml"
        case .invalid: "config.invalid"
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let file, let message): "\(file): cannot read the configuration (\(message))"
        case .invalidYAML(let file, let line, let column, let message): "\(file):\(line):\(column): invalid YAML: \(message)"
        case .invalid(let file, let line, let keyPath, let message): "\(file):\(line): \(keyPath): \(message)"
        }
    }
}
