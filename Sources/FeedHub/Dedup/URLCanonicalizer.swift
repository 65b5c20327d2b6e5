internal import Foundation

/// The form of a URL under which two links are the same story.
///
/// Scheme and host are lowercased, `http` and `https` are one (outlets flip between them), `www.` is
/// dropped, default ports go, the fragment goes, tracking parameters go (`utm_*`, `fbclid`, `gclid`,
/// `yclid`, `mc_cid`, `mc_eid`, `_ga`), and a trailing slash on the path goes. Other query parameters stay,
/// in order: they often select the article.
public enum URLCanonicalizer {
    /// The canonical key of `url`, or `nil` when it is not an absolute http(s) URL.
    public static func canonical(_ url: String) -> String? {
        guard var components = URLComponents(string: url.trimmingCharacters(in: .whitespaces)),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            var host = components.host?.lowercased(), !host.isEmpty
        else { return nil }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        if host.hasSuffix(".") { host.removeLast() }
        var key = "https://" + host
        if let port = components.port, !(port == 80 || port == 443) { key += ":\(port)" }
        var path = components.percentEncodedPath
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        if path == "/" { path = "" }
        key += path
        components.fragment = nil
        let kept = (components.percentEncodedQueryItems ?? []).filter { !isTracking($0.name) }
        if !kept.isEmpty {
            let pairs: [String] = kept.map { item in
                guard let value = item.value else { return item.name }
                return item.name + "=" + value
            }
            key += "?" + pairs.joined(separator: "&")
        }
        return key
    }

    private static func isTracking(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasPrefix("utm_") || ["fbclid", "gclid", "yclid", "mc_cid", "mc_eid", "_ga", "igshid"].contains(lower)
    }
}
