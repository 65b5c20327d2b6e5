import FeedHub
import FeedServe
import Foundation
import Logging
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The server on a real port, spoken to with raw HTTP/1.x: pipelining, HEAD and connection handling,
/// across the fast path for published documents and Hummingbird for the rest.
@Suite struct FeedServerTests {
    /// Runs a server over the offline example's stories until `body` returns.
    /// - Parameter extraItems: that many more stories, from a generated outlet feed, to make documents large.
    static func withServer(extraItems: Int = 0, _ body: (Int, FeedPublisher) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-server-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try OfflineExample.write(into: directory) { yaml in
            guard extraItems > 0 else { return yaml }
            return yaml + "  - { name: Trend, url: \"file://\(directory.path)/trend.xml\", base_url: \"https://en.trend.az/\" }\n"
        }
        if extraItems > 0 { try Self.outletFeed(items: extraItems).write(to: directory.appendingPathComponent("trend.xml")) }
        let configuration = try ConfigLoader.load(path: path)
        let store = try FeedStore(path: configuration.storagePath)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        _ = try await FetchRun(configuration: configuration, store: store, logger: logger).run()
        let port = Atomic<Int>(0)
        let server = Task {
            try await FeedServer(configuration: configuration, store: store, logger: logger).run(port: 0) {
                port.store($0, ordering: .relaxed)
            }
        }
        defer { server.cancel() }
        for _ in 0..<600 where port.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(50)) }
        let bound = port.load(ordering: .relaxed)
        try #require(bound != 0, "the server never listened")
        let publisher = FeedPublisher(store: store, configuration: configuration)
        try publisher.refreshIfChanged()
        try await body(bound, publisher)
    }

    /// An RSS feed of `items` distinct stories about the forum, each with a few paragraphs of content.
    static func outletFeed(items: Int) -> Data {
        var x = #"<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Trend</title><link>https://en.trend.az/</link>"#
        for n in 1...items {
            let paragraph =
                "<p>Delegation \(n) at the Astana International Forum discussed regional connectivity, the Middle Corridor and climate finance with partners from \(n % 40 + 2) countries.</p>"
            x += "<item><title>Astana International Forum: delegation \(n) meets partners</title>"
            x += "<link>https://en.trend.az/business/aif-\(n).html</link><guid>trend-aif-\(n)</guid>"
            x += "<pubDate>Thu, \(10 + n % 18) May 2025 08:\(10 + n % 50):00 +0500</pubDate>"
            x += "<description><![CDATA[" + String(repeating: paragraph, count: 4) + "]]></description></item>"
        }
        return Data((x + "</channel></rss>").utf8)
    }

    /// Sends `request` on one connection and reads until the server closes it (at most 30 s of silence).
    static func exchange(_ port: Int, _ request: String) async throws -> [UInt8] {
        try await offPool { try exchangeBlocking(port, request) }
    }

    private static func exchangeBlocking(_ port: Int, _ request: String) throws -> [UInt8] {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)  // generous: parallel tests can starve the server's task pool
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = Array(request.utf8).withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        return received
    }

    /// The responses in `bytes`: status, headers (lowercased names) and body; `heads` marks HEAD answers.
    static func responses(_ bytes: [UInt8], heads: Set<Int> = []) -> [(status: Int, headers: [String: String], body: [UInt8])] {
        var result: [(status: Int, headers: [String: String], body: [UInt8])] = []
        var rest = bytes[...]
        while let end = rest.firstRange(of: Array("\r\n\r\n".utf8)) {
            let head = String(decoding: rest[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
            var headers: [String: String] = [:]
            for line in head.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let status = Int(head[0].split(separator: " ")[1]) ?? 0
            let length = heads.contains(result.count) || status == 304 ? 0 : Int(headers["content-length"] ?? "0") ?? 0
            let body = rest[end.upperBound...].prefix(length)
            result.append((status, headers, Array(body)))
            rest = rest[(end.upperBound + body.count)...]
        }
        return result
    }

    @Test("Pipelined requests are answered in order, mixing published documents, /healthz, HEAD, 304 and 404")
    func pipelining() async throws {
        try await Self.withServer { port, publisher in
            let atom = try #require(publisher.representation(for: "/feed.atom"))
            let json = try #require(publisher.representation(for: "/feed.json"))
            let request = [
                "GET /feed.atom HTTP/1.1\r\nHost: x\r\nIf-None-Match: \(atom.etag)\r\n\r\n",
                "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
                "HEAD /feed.json HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /feed.atom HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n",
                "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /feed.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            ].joined()
            let answers = Self.responses(try await Self.exchange(port, request), heads: [2])
            #expect(answers.map(\.status) == [304, 200, 200, 200, 404, 200])
            guard answers.count == 6 else { return }
            #expect(answers[0].headers["etag"] == atom.etag)
            #expect(answers.allSatisfy { $0.headers["date"]?.hasSuffix(" GMT") == true }, "every response is dated")
            #expect(String(decoding: answers[1].body, as: UTF8.self).contains("\"database\":\"ok\""))
            #expect(answers[2].headers["content-length"] == "\(json.body.count)" && answers[2].body.isEmpty)
            #expect(answers[3].headers["content-encoding"] == "gzip")
            #expect(answers[3].body == atom.gzipped)
            #expect(answers[5].body == json.body)
        }
    }

    @Test("HTTP/1.0 without keep-alive gets its document and the connection closed")
    func http10() async throws {
        try await Self.withServer { port, publisher in
            let atom = try #require(publisher.representation(for: "/feed.atom"))
            let answers = Self.responses(try await Self.exchange(port, "GET /feed.atom HTTP/1.0\r\n\r\n"))
            #expect(answers.count == 1)
            #expect(answers.first?.status == 200)
            #expect(answers.first?.body == atom.body)
            #expect(answers.first?.headers["connection"] == "close")
        }
    }

    @Test("A large document is sent whole and byte-identical, plain and gzip alike, several on one connection")
    func largeDocument() async throws {
        try await Self.withServer(extraItems: 90) { port, publisher in
            let atom = try #require(publisher.representation(for: "/feed.atom"))
            #expect(atom.body.count > 64 << 10, "larger than a socket's first send buffer")
            let request =
                "GET /feed.atom HTTP/1.1\r\nHost: x\r\n\r\nGET /feed.atom HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n"
                + "GET /feed.atom HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            let answers = Self.responses(try await Self.exchange(port, request))
            #expect(answers.map(\.status) == [200, 200, 200])
            guard answers.count == 3 else { return }
            #expect(answers[0].body == atom.body)
            #expect(answers[1].body == atom.gzipped)
            #expect(answers[2].body == atom.body)
        }
    }
}
