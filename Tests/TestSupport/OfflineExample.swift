public import Foundation

/// `examples/offline.yml` for tests: its `file:` snapshots made absolute, written into a directory of the
/// test's, so its database lands there too and never in the repository.
public enum OfflineExample {
    /// Writes the configuration (after `transform`) to `directory/feeds.yml` and returns that path.
    public static func write(into directory: URL, transform: (String) -> String = { $0 }) throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let snapshots = Fixture.root.appendingPathComponent("examples/snapshots").path
        let text = try String(contentsOf: Fixture.root.appendingPathComponent("examples/offline.yml"), encoding: .utf8)
            .replacingOccurrences(of: "file:snapshots/", with: "file://\(snapshots)/")
        let path = directory.appendingPathComponent("feeds.yml").path
        try transform(text).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
