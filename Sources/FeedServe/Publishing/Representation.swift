internal import CZlibShim
internal import FeedParse
public import Foundation
internal import HTTPTypes
internal import NIOCore

/// One rendered document, ready to serve: its bytes, their gzip form, a strong ETag and Last-Modified.
/// Built once when the stories change; serving is a lookup.
public struct Representation: Sendable {
    /// `application/atom+xml; charset=utf-8`, ...
    public var contentType: String
    /// The document.
    public var body: [UInt8]
    /// The document gzip-compressed once, at the best level.
    public var gzipped: [UInt8]
    /// A strong validator: a hash of the bytes, quoted.
    public var etag: String
    /// When the content last changed, as an HTTP date.
    public var lastModified: String
    /// The same instant, for If-Modified-Since comparisons.
    public var modified: Date
    /// ``body`` and ``gzipped`` as NIO buffers, made once: a response shares them, copying nothing.
    let bodyBuffer: ByteBuffer
    let gzippedBuffer: ByteBuffer
    /// The validator and type headers every answer about this document carries, built once.
    let headers: HTTPFields
    let bodyLength: String
    let gzippedLength: String

    /// Renders the representation of `text`.
    /// - Parameter links: `Link` header values (WebSub's `rel="hub"` and `rel="self"`), if any.
    public init(text: String, contentType: String, modified: Date, links: [String] = []) {
        self.contentType = contentType
        body = Array(text.utf8)
        gzipped = Self.gzip(body)
        etag = "\"" + Self.hash(body) + "\""
        self.modified = Date(timeIntervalSince1970: modified.timeIntervalSince1970.rounded(.down))
        lastModified = HTTPDate.format(self.modified)
        bodyBuffer = ByteBuffer(bytes: body)
        gzippedBuffer = ByteBuffer(bytes: gzipped)
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.eTag] = etag
        headers[.lastModified] = lastModified
        headers[.vary] = "Accept-Encoding"
        if !links.isEmpty { headers[.link] = links.joined(separator: ", ") }
        self.headers = headers
        bodyLength = "\(body.count)"
        gzippedLength = "\(gzipped.count)"
    }

    static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: fh_gzip_bound(bytes.count))
        let n = bytes.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { fh_gzip(input.baseAddress!, bytes.count, $0.baseAddress!, $0.count) }
        }
        return Array(out.prefix(n))
    }

    /// 128 bits of two FNV-1a variants, hex: collisions would need an adversary with write access to feeds.
    static func hash(_ bytes: [UInt8]) -> String {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in bytes {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            b = (b &+ UInt64(byte)) &* 0x9E37_79B9_7F4A_7C15
        }
        return String(a, radix: 16) + String(b, radix: 16)
    }
}

extension HTTPField.Name {
    /// `Link` (RFC 8288), which swift-http-types does not name.
    static let link = HTTPField.Name("Link")!
}

/// RFC 9110 dates (`Thu, 29 May 2025 09:00:00 GMT`), locale-independent.
enum HTTPDate {
    static func format(_ date: Date) -> String {
        RSSRenderer.rfc822(date).replacingOccurrences(of: " +0000", with: " GMT")
    }

    static func parse(_ text: String) -> Date? { DateParser.parse(text) }
}
