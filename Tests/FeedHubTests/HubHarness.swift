import FeedHub
import Foundation
import Logging
import TestSupport
import Testing

/// Where a test's archive lives: the SQLite file feeds.yml names, or an in-memory database.
enum TestDatabase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case file, memory
    var testDescription: String { rawValue }
}

/// A temporary directory holding a feeds.yml and its SQLite database (or one in-memory database kept
/// for the harness's life), removed afterwards.
struct HubHarness {
    let directory: URL
    private let memory: SQLiteStore?

    init(_ database: TestDatabase = .file) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        memory = database == .memory ? try SQLiteStore.inMemory() : nil
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// Writes feeds.yml with `sources` (YAML list items) and loads it.
    func configuration(sources: String, extra: String = "", fetch: String = "timeout: 2s, allow_private_addresses: true") throws
        -> HubConfiguration
    {
        let text = """
            feed:
              title: AIF in the news
              id: tag:astanaforum.org,2025:in-the-news
              url: https://news.example.org/
            storage: hub.sqlite
            fetch: { \(fetch), max_bytes: 1MB, concurrency: 16 }
            relevance:
              include: [Astana International Forum, Astana Think Tank Forum, Астанинский международный форум, { phrase: AIF, near: [Astana, forum, форум], within: 30 }]
              exclude: [Alternative Investment Fund*]
            \(extra)
            sources:
            \(sources)
            """
        let path = directory.appendingPathComponent("feeds.yml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try ConfigLoader.load(path: path)
    }

    /// Writes `<name>.xml`, an RSS feed of `items`, into the directory; returns its file URL.
    @discardableResult
    func rss(_ name: String, _ items: [(link: String, title: String, text: String, date: String)]) throws -> String {
        let body = items.map {
            "<item><link>\($0.link)</link><title>\($0.title)</title><description>\($0.text)</description><pubDate>\($0.date)</pubDate></item>"
        }.joined()
        let file = directory.appendingPathComponent("\(name).xml")
        try "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>\(name)</title>\(body)</channel></rss>"
            .write(to: file, atomically: true, encoding: .utf8)
        return file.absoluteString
    }

    func run(_ configuration: HubConfiguration, force: Bool = false) async throws -> (SQLiteStore, [String: FetchRun.SourceReport]) {
        let store = try memory ?? SQLiteStore(path: configuration.storagePath)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let reports = try await FetchRun(configuration: configuration, store: store, logger: logger).run(force: force)
        return (store, Dictionary(uniqueKeysWithValues: reports.map { ($0.name, $0) }))
    }
}

extension Data {
    /// gzip-compressed with the system's gzip (Foundation has no compressor on Linux).
    func gzipped() throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(self)
        try input.fileHandleForWriting.close()
        let result = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return result
    }
}
