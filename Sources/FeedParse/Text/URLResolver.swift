/// RFC 3986 reference resolution (section 5.2), without Foundation's URL quirks.
///
/// Used for xml:base chains, the document URL, and `href`/`src` inside content. Input is trimmed;
/// spaces are percent-encoded; a reference that is already absolute only has its dot segments removed.
enum URLResolver {
    private struct Parts {
        var scheme: Substring?
        var authority: Substring?
        var path: Substring
        var query: Substring?
        var fragment: Substring?
    }

    /// `reference` resolved against `base`; when `base` is `nil` or not absolute, the trimmed reference.
    static func resolve(_ reference: String, against base: String?) -> String {
        var ref = reference.trimmingASCIIWhitespace()
        if ref.contains(" ") { ref = ref.replacingSpaces() }
        let r = split(Substring(ref))
        if r.scheme != nil {
            return ref
        }
        guard let base, let b = Optional(split(Substring(base))), b.scheme != nil else { return ref }
        var t = Parts(scheme: b.scheme, authority: nil, path: "", query: nil, fragment: r.fragment)
        if r.authority != nil {
            t.authority = r.authority
            t.path = Substring(removeDotSegments(String(r.path)))
            t.query = r.query
        } else {
            t.authority = b.authority
            if r.path.isEmpty {
                t.path = b.path
                t.query = r.query ?? b.query
            } else {
                if r.path.hasPrefix("/") {
                    t.path = Substring(removeDotSegments(String(r.path)))
                } else {
                    t.path = Substring(removeDotSegments(merge(b, r.path)))
                }
                t.query = r.query
            }
        }
        return compose(t)
    }

    /// The scheme of a URL reference, lower-cased, or `nil` when it is relative.
    static func scheme(of reference: String) -> String? {
        split(Substring(reference)).scheme.map { $0.lowercased() }
    }

    private static func split(_ s: Substring) -> Parts {
        var rest = s
        var parts = Parts(path: "")
        if let hash = rest.firstIndex(of: "#") {
            parts.fragment = rest[rest.index(after: hash)...]
            rest = rest[..<hash]
        }
        if let q = rest.firstIndex(of: "?") {
            parts.query = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        if let colon = rest.firstIndex(of: ":"), colon != rest.startIndex {
            let candidate = rest[..<colon]
            let first = candidate.first!
            if first.isASCII, first.isLetter,
                candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") })
            {
                parts.scheme = candidate
                rest = rest[rest.index(after: colon)...]
            }
        }
        if rest.hasPrefix("//") {
            let afterSlashes = rest.index(rest.startIndex, offsetBy: 2)
            let end = rest[afterSlashes...].firstIndex(of: "/") ?? rest.endIndex
            parts.authority = rest[afterSlashes..<end]
            rest = rest[end...]
        }
        parts.path = rest
        return parts
    }

    private static func merge(_ base: Parts, _ path: Substring) -> String {
        if base.authority != nil, base.path.isEmpty { return "/" + path }
        if let slash = base.path.lastIndex(of: "/") {
            return String(base.path[...slash]) + path
        }
        return String(path)
    }

    private static func removeDotSegments(_ path: String) -> String {
        guard path.contains(".") else { return path }
        var input = Substring(path)
        var output: [Substring] = []
        let absolute = input.hasPrefix("/")
        if absolute { input = input.dropFirst() }
        let segments = input.split(separator: "/", omittingEmptySubsequences: false)
        for (k, seg) in segments.enumerated() {
            let last = k == segments.count - 1
            if seg == "." {
                if last { output.append("") }
            } else if seg == ".." {
                if !output.isEmpty { output.removeLast() }
                if last { output.append("") }
            } else {
                output.append(seg)
            }
        }
        return (absolute ? "/" : "") + output.joined(separator: "/")
    }

    private static func compose(_ t: Parts) -> String {
        var s = ""
        if let scheme = t.scheme { s += scheme + ":" }
        if let authority = t.authority {
            s += "//" + authority
            if t.path.isEmpty, t.scheme.map({ $0.lowercased().hasPrefix("http") }) == true { s += "/" }
        }
        s += t.path
        if let q = t.query { s += "?" + q }
        if let f = t.fragment { s += "#" + f }
        return s
    }
}

extension String {
    /// The string with spaces percent-encoded (`%20`).
    fileprivate func replacingSpaces() -> String {
        var out = ""
        out.reserveCapacity(utf8.count + 8)
        for ch in self {
            if ch == " " { out += "%20" } else { out.append(ch) }
        }
        return out
    }
}
