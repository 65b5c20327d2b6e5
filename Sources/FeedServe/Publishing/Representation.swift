internal import CZlibShim
internal import FeedParse
public import Foundation
internal import HTTPTypes
internal import NIOCore
internal import NIOHTTP1

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
    /// The validator, type and caching headers every answer about this document carries, built once.
    let headers: HTTPFields
    let bodyLength: String
    let gzippedLength: String
    /// The complete response headers of each ``Variant`` for NIO's HTTP/1 encoder, built once.
    let nioHeaders: [HTTPHeaders]

    /// What a request gets of the document.
    enum Variant: Int {
        /// `200` with the document as rendered.
        case full
        /// `200` with the gzip-compressed document.
        case gzipped
        /// `304`, no body.
        case notModified
    }

    /// Renders the representation of `text`.
    /// - Parameters:
    ///   - cacheControl: the `Cache-Control` value.
    ///   - links: `Link` header values (WebSub's `rel="hub"` and `rel="self"`), if any.
    ///   - extraHeaders: further headers every answer carries (an HTML page's ``ContentSecurity``).
    public init(
        text: String, contentType: String, modified: Date, cacheControl: String = "no-cache", links: [String] = [],
        extraHeaders: [(name: String, value: String)] = []
    ) {
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
        headers[.cacheControl] = cacheControl
        if !links.isEmpty { headers[.link] = links.joined(separator: ", ") }
        for header in extraHeaders { headers[HTTPField.Name(header.name)!] = header.value }
        self.headers = headers
        bodyLength = "\(body.count)"
        gzippedLength = "\(gzipped.count)"
        let common = HTTPHeaders(headers.map { ($0.name.rawName, $0.value) })
        var full = common
        full.add(name: "Content-Length", value: bodyLength)
        var compressed = common
        compressed.add(name: "Content-Encoding", value: "gzip")
        compressed.add(name: "Content-Length", value: gzippedLength)
        nioHeaders = [full, compressed, common]
    }

    /// The response headers of `variant`, in swift-http-types form.
    func fields(_ variant: Variant) -> HTTPFields {
        var fields = headers
        switch variant {
        case .full: fields[.contentLength] = bodyLength
        case .gzipped:
            fields[.contentEncoding] = "gzip"
            fields[.contentLength] = gzippedLength
        case .notModified: break
        }
        return fields
    }

    /// The bytes `variant` sends for a GET.
    func buffer(_ variant: Variant) -> ByteBuffer {
        switch variant {
        case .full: bodyBuffer
        case .gzipped: gzippedBuffer
        case .notModified: ByteBuffer()
        }
    }

    /// What a request with these headers gets: `304` when a validator matches (a strong ETag in
    /// `If-None-Match` first, then `If-Modified-Since`), gzip when `Accept-Encoding` allows it.
    func variant(ifNoneMatch: String?, ifModifiedSince: String?, acceptEncoding: String?) -> Variant {
        if let tags = ifNoneMatch {
            if tags == etag || Self.listContainsTag(tags, etag) { return .notModified }
        } else if let since = ifModifiedSince.flatMap(HTTPDate.parse), modified <= since {
            return .notModified
        }
        return Self.acceptsGzip(acceptEncoding) ? .gzipped : .full
    }

    /// Whether the `If-None-Match` list holds `*`, `etag` or its weak form `W/etag` (byte comparisons).
    static func listContainsTag(_ list: String, _ etag: String) -> Bool {
        var list = list
        return list.withUTF8 { bytes in
            for item in bytes.split(separator: UInt8(ascii: ",")) {
                var tag = item[...]
                while let first = tag.first, first == 0x20 || first == 0x09 { tag = tag.dropFirst() }
                while let last = tag.last, last == 0x20 || last == 0x09 { tag = tag.dropLast() }
                if tag.elementsEqual("*".utf8) || tag.elementsEqual(etag.utf8) { return true }
                if tag.starts(with: "W/".utf8), tag.dropFirst(2).elementsEqual(etag.utf8) { return true }
            }
            return false
        }
    }

    /// Whether `Accept-Encoding` allows gzip (`gzip;q=0` refuses it).
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        if header == "gzip" { return true }
        for part in header.lowercased().split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.first == "gzip" || pieces.first == "*" else { continue }
            let q = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if q > 0 { return true }
        }
        return false
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
