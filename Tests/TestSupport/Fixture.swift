public import Foundation

/// Test fixtures resolved from this file's location, so tests run from any working directory.
public enum Fixture {
    /// The repository root.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `Tests/Fixtures/<path>`.
    public static func url(_ path: String) -> URL {
        root.appendingPathComponent("Tests/Fixtures").appendingPathComponent(path)
    }

    /// The bytes of `Tests/Fixtures/<path>`.
    public static func data(_ path: String) throws -> Data {
        try Data(contentsOf: url(path))
    }

    /// `../shared/conformance/feeds`, next to the project root.
    public static let conformanceFeeds = root.deletingLastPathComponent().appendingPathComponent("shared/conformance/feeds")

    /// Every file of the conformance corpus, sorted, or an empty list when the corpus is absent.
    public static func conformanceFiles() -> [URL] {
        guard let e = FileManager.default.enumerator(at: conformanceFeeds, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        var files: [URL] = []
        for case let url as URL in e where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }
}

/// A small deterministic random number generator (SplitMix64) for reproducible mutation tests.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
