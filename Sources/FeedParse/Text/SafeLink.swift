/// The one test every link FeedHub keeps or publishes passes: it must be a web address.
///
/// A link is read the way a browser's URL parser (WHATWG) reads an `href`: tab, line feed and carriage
/// return are removed wherever they are, leading and trailing C0 controls and spaces are stripped, and the
/// scheme is compared case-insensitively. So `JaVaScRiPt:`, ` javascript:`, `java\tscript:` and
/// `\u{1}javascript:` are all recognized for what they are. Only `http` and `https` with a host pass;
/// `javascript:`, `vbscript:`, `data:`, `file:`, other schemes and relative references (which could not
/// be resolved against a base) do not. Entities are not decoded here: a parsed document's entities are
/// decoded once by the XML parser, and text that still holds `&#106;avascript:` has no scheme at all, so
/// it is relative and only ever resolves under the outlet's own `https://` base.
public enum SafeLink {
    /// `raw` as a web address (controls removed as a browser would), or `nil` when it is not one.
    public static func web(_ raw: String) -> String? {
        if plainWeb(raw) { return raw }
        var bytes = Array(raw.utf8)
        browserTrim(&bytes)
        let changed = bytes.count != raw.utf8.count  // trimming only ever removes bytes
        let end = bytes.count
        guard end >= 8 else { return nil }
        // Scheme: ASCII letters up to the colon; only http and https.
        var i = 0
        while i < end, ASCII.isAlpha(bytes[i]) { i += 1 }
        guard i < end, bytes[i] == 0x3A else { return nil }
        let scheme = bytes[..<i].map(ASCII.lower)
        guard scheme == Array("http".utf8) || scheme == Array("https".utf8) else { return nil }
        // Then `//` (a browser reads `\` as `/` here) and a host.
        i += 1
        var slashes = 0
        while i < end, bytes[i] == 0x2F || bytes[i] == 0x5C {
            slashes += 1
            i += 1
        }
        guard slashes == 2, i < end, !isHostEnd(bytes[i]) else { return nil }
        // No other control character may remain anywhere.
        guard !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return nil }
        return changed ? String(decoding: bytes, as: UTF8.self) : raw
    }

    /// `raw` as a web address, or `nil` when it is `nil` or not one.
    public static func web(_ raw: String?) -> String? {
        raw.flatMap(web)
    }

    /// What a browser's URL parser ignores in an `href`: tab, line feed and carriage return anywhere, C0
    /// controls and spaces at either end. ``URLResolver`` reads references the same way.
    static func browserTrim(_ bytes: inout [UInt8]) {
        if bytes.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { bytes.removeAll { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D } }
        while let last = bytes.last, last <= 0x20 { bytes.removeLast() }
        if let first = bytes.firstIndex(where: { $0 > 0x20 }) {
            if first > 0 { bytes.removeFirst(first) }
        } else {
            bytes.removeAll()
        }
    }

    /// The common case without copying: whether `raw` is a plain lowercase `http://` or `https://` address
    /// with no control or space byte (when not, the full reading decides).
    private static func plainWeb(_ raw: String) -> Bool {
        let utf8 = raw.utf8
        return utf8.withContiguousStorageIfAvailable { p -> Bool in
            let n = p.count
            var i: Int
            if n > 8, p[0] == 0x68, p[1] == 0x74, p[2] == 0x74, p[3] == 0x70 {
                if p[4] == 0x3A { i = 5 } else if p[4] == 0x73, p[5] == 0x3A { i = 6 } else { return false }
            } else {
                return false
            }
            guard p[i] == 0x2F, p[i + 1] == 0x2F, i + 2 < n, !isHostEnd(p[i + 2]) else { return false }
            i += 2
            while i < n {
                if p[i] <= 0x20 || p[i] == 0x7F { return false }
                i += 1
            }
            return true
        } ?? false
    }

    private static func isHostEnd(_ b: UInt8) -> Bool {
        b == 0x2F || b == 0x5C || b == 0x3F || b == 0x23 || b == 0x40 || b == 0x3A
    }
}
