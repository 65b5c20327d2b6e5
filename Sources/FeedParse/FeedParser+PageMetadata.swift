public import Foundation

extension FeedParser {
    /// Reads an article page's own description of itself (Open Graph, JSON-LD, `<title>`), decoding it
    /// with the HTTP charset, `<meta charset>` or UTF-8.
    ///
    /// ```swift
    /// let page = try FeedParser().pageMetadata(body, url: "https://astanatimes.com/2025/05/aif/", contentType: "text/html")
    /// print(page.title ?? "untitled")
    /// ```
    /// - Throws: ``FeedParseError/documentTooLarge(bytes:limit:)`` or ``FeedParseError/emptyDocument``.
    public func pageMetadata(_ data: Data, url: String?, contentType: String? = nil) throws -> PageMetadata {
        guard data.count <= options.maxDocumentBytes, data.count < Int(Int32.max) else {
            throw FeedParseError.documentTooLarge(bytes: data.count, limit: min(options.maxDocumentBytes, Int(Int32.max) - 1))
        }
        return try data.withUnsafeBytes { raw throws(FeedParseError) in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard bytes.contains(where: { !ASCII.isSpace($0) && $0 != 0 }) else { throw .emptyDocument }
            var resolution = CharsetResolver.resolve(bytes, contentType: contentType, isHTML: true)
            let utf8 = try DecodedBytes.decode(bytes, &resolution, context: MappingContext(options: options))
            return PageMetadataReader.read(utf8.array(), url: url)
        }
    }
}
