import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// HTTP/1.x spoken over a raw socket to a server on 127.0.0.1: any method, header or body, exactly as
/// written, and every byte of the answer.
public enum RawHTTP {
    /// One response.
    public struct Response: Sendable {
        /// The status code.
        public var status: Int
        /// Headers, names lowercased (the last of repeated ones; see ``all(_:in:)`` for `Set-Cookie`).
        public var headers: [String: String]
        /// The body.
        public var body: [UInt8]
        /// The body as text.
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Sends `request` on one connection and reads until the server closes it (at most 30 s of silence).
    public static func exchange(_ port: Int, _ request: String) async throws -> [UInt8] {
        try await onOwnThread { try exchangeBlocking(port, request) }
    }

    static func exchangeBlocking(_ port: Int, _ request: String) throws -> [UInt8] {
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
        _ = Array(request.utf8).withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
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
    public static func responses(_ bytes: [UInt8], heads: Set<Int> = []) -> [Response] {
        var result: [Response] = []
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
            result.append(Response(status: status, headers: headers, body: Array(body)))
            rest = rest[(end.upperBound + body.count)...]
        }
        return result
    }

    /// Every value of header `name` (lowercase) in the first response in `bytes` (`Set-Cookie` repeats).
    public static func all(_ name: String, in bytes: [UInt8]) -> [String] {
        let end = bytes.firstRange(of: Array("\r\n\r\n".utf8))?.lowerBound ?? bytes.endIndex
        return String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n").dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":"), line[..<colon].lowercased() == name else { return nil }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }

    /// Sends one request (`Connection: close` is added) and returns its response.
    public static func request(
        _ port: Int, _ method: String, _ path: String, headers: [String: String] = [:], body: String = ""
    ) async throws -> (response: Response, raw: [UInt8]) {
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { request += "\(name): \(value)\r\n" }
        if !body.isEmpty || ["POST", "PATCH", "PUT"].contains(method) { request += "Content-Length: \(body.utf8.count)\r\n" }
        let raw = try await exchange(port, request + "\r\n" + body)
        guard let response = responses(raw, heads: method == "HEAD" ? [0] : []).first else { throw POSIXError(.EPROTO) }
        return (response, raw)
    }
}
