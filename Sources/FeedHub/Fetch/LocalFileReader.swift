internal import Foundation

/// Reads `file://` sources from disk, so a configuration can point at local snapshots. Only configured
/// URLs are read this way: a redirect never leads here (``CurlFetcher`` follows http and https only).
enum LocalFileReader {
    static func read(_ url: String, maxBytes: Int) throws -> FetchResponse {
        guard let parsed = URL(string: url), parsed.isFileURL else { throw FetchError.invalidURL(url) }
        let path = parsed.path
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw FetchError.file(path: path, message: "cannot read the file (does it exist?)")
        }
        if let size = attributes[.size] as? Int, size > maxBytes { throw FetchError.tooLarge(url: url, limit: maxBytes) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FetchError.file(path: path, message: "cannot read the file")
        }
        let type = path.hasSuffix(".json") ? "application/feed+json" : nil
        return FetchResponse(
            status: 200, finalURL: url, permanentURL: nil, redirects: [], headers: type.map { ["content-type": $0] } ?? [:],
            body: data, elapsed: .zero)
    }
}
