/// Why the database could not be used. Every case names the database file.
public enum StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database could not be opened, created or migrated.
    case open(path: String, message: String)
    /// A read or write failed.
    case io(path: String, message: String)
    /// Another `feedhub fetch` holds the run lock.
    case locked(path: String, waited: Duration)
    /// No source of that name is configured.
    case unknownSource(String)

    /// A stable key.
    public var code: String {
        switch self {
        case .open: "storage.open"
        case .io: "storage.io"
        case .locked: "storage.locked"
        case .unknownSource: "storage.unknown_source"
        }
    }

    public var description: String {
        switch self {
        case .open(let path, let message): "\(path): cannot open the database (\(message))"
        case .io(let path, let message): "\(path): database error (\(message)); nothing of this source was written"
        case .locked(let path, let waited):
            "\(path): another feedhub fetch is running (waited \(waited.formattedSeconds) for its lock); try again later"
        case .unknownSource(let name): "no source named '\(name)' in the configuration"
        }
    }
}
