public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real HTTP/1.1 server on 127.0.0.1 (an ephemeral port), run in the test process on plain threads, with
/// the faults feed fetching must survive: statuses, redirects, gzip, validators, slow drips, endless
/// bodies, and hosts that never answer. Use ``withLoopbackServer(_:_:)`` so it stops on every path.
public final class LoopbackServer: @unchecked Sendable {
    /// What the server does for one request.
    public enum Reply: Sendable {
        /// A complete response.
        case response(status: Int, headers: [String: String] = [:], body: Data = Data())
        /// A body sent in pieces, `interval` apart.
        case drip(status: Int, pieces: [Data], interval: Duration)
        /// `200` with a body that never ends (until the client gives up).
        case endless
        /// Accepts, reads the request, and never answers.
        case silence
    }

    /// A request as the server saw it.
    public struct Request: Sendable {
        /// `GET`, `POST`, ...
        public var method: String = "GET"
        /// The path with query.
        public var path: String
        /// Header names lowercased.
        public var headers: [String: String]
        /// The body (as long as its Content-Length, read within the request deadline).
        public var body = Data()
    }

    /// The port it listens on.
    public private(set) var port: Int = 0
    private let handler: @Sendable (Request) -> Reply
    private var listener: Int32 = -1
    private let lock = NSLock()
    private var stopped = false
    private var seen: [Request] = []
    private let finished = DispatchGroup()

    /// Starts listening.
    public init(_ handler: @escaping @Sendable (Request) -> Reply) throws {
        self.handler = handler
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 64) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        finished.enter()
        Thread { [self] in acceptLoop() }.start()
    }

    /// `http://127.0.0.1:<port><path>`.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Requests received so far.
    public var requests: [Request] { lock.withLock { seen } }

    /// Stops accepting and ends every open connection; waits (bounded) for the threads to finish.
    public func stop() {
        lock.withLock { stopped = true }
        shutdown(listener, Int32(SHUT_RDWR))  // wakes accept(); the accept loop closes the socket
        _ = finished.wait(timeout: .now() + 5)
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func acceptLoop() {
        defer {
            close(listener)  // here, not in stop(): no accept() may run on a descriptor number reused elsewhere
            finished.leave()
        }
        while !isStopped {
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                if isStopped { return }
                continue
            }
            finished.enter()
            Thread { [self] in
                defer { finished.leave() }
                serve(client)
                close(client)
            }.start()
        }
    }

    private func serve(_ fd: Int32) {
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 65536)
        var received = Data()
        let deadline = Date().addingTimeInterval(5)
        while received.range(of: Data("\r\n\r\n".utf8)) == nil, Date() < deadline, !isStopped {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n > 0 { received.append(contentsOf: buffer[0..<n]) } else if n == 0 { return }
        }
        guard let end = received.range(of: Data("\r\n\r\n".utf8)) else { return }
        let head = String(decoding: received[..<end.lowerBound], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let parts = lines.first?.split(separator: " ") ?? []
        guard parts.count >= 2 else { return }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = received[end.upperBound...]
        let length = min(Int(headers["content-length"] ?? "") ?? 0, 1 << 20)
        while body.count < length, Date() < deadline, !isStopped {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n > 0 { body.append(contentsOf: buffer[0..<n]) } else if n == 0 { break }
        }
        let request = Request(method: String(parts[0]), path: String(parts[1]), headers: headers, body: Data(body.prefix(length)))
        lock.withLock { seen.append(request) }
        switch handler(request) {
        case .response(let status, let extra, let body):
            send(fd, head: status, headers: extra.merging(["Content-Length": "\(body.count)"]) { a, _ in a })
            sendAll(fd, body)
        case .drip(let status, let pieces, let interval):
            send(fd, head: status, headers: ["Content-Length": "\(pieces.reduce(0) { $0 + $1.count })"])
            for piece in pieces where !isStopped {
                guard sendAll(fd, piece) else { return }
                Thread.sleep(forTimeInterval: Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18)
            }
        case .endless:
            send(fd, head: 200, headers: ["Content-Type": "application/rss+xml"])
            let chunk = Data(repeating: 0x20, count: 16384)
            var sent = 0
            while !isStopped, sent < 1 << 30, sendAll(fd, chunk) { sent += chunk.count }
        case .silence:
            while !isStopped { Thread.sleep(forTimeInterval: 0.05) }
        }
    }

    private func send(_ fd: Int32, head status: Int, headers: [String: String]) {
        var text = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Status")\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        sendAll(fd, Data((text + "\r\n").utf8))
    }

    @discardableResult
    private func sendAll(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
    }
}

/// Runs `body` with a started server and stops it afterwards, whether `body` returns or throws.
public func withLoopbackServer<T>(
    _ handler: @escaping @Sendable (LoopbackServer.Request) -> LoopbackServer.Reply, _ body: (LoopbackServer) async throws -> T
) async throws -> T {
    let server = try LoopbackServer(handler)
    do {
        let result = try await body(server)
        server.stop()
        return result
    } catch {
        server.stop()
        throw error
    }
}
