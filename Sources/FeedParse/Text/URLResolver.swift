/// RFC 3986 reference resolution (section 5.2) over UTF-8 bytes, without Foundation's URL quirks.
///
/// Used for xml:base chains, the document URL, and `href`/`src` inside content. Input is trimmed;
/// spaces are percent-encoded; a reference that is already absolute only has its dot segments removed.
enum URLResolver {
    /// Offsets of the five components in a byte buffer (`nil` when the component is absent).
    fileprivate struct Parts {
        var scheme: Range<Int>?
        var authority: Range<Int>?
        var path: Range<Int>
        var query: Range<Int>?
        var fragment: Range<Int>?
    }

    /// A base URL split once, for resolving many references against it.
    struct Base {
        fileprivate let bytes: [UInt8]
        fileprivate let parts: Parts

        /// Splits `url`; `nil` when it is not absolute (has no scheme).
        init?(_ url: String?) {
            guard let url else { return nil }
            bytes = Array(url.utf8)
            parts = URLResolver.split(bytes)
            if parts.scheme == nil { return nil }
        }

        /// Whether `ref` is an absolute-path reference (`/a/b?q`: no dot segments, no spaces or controls) that
        /// ``resolveAbsolutePath(_:)`` resolves by putting ``origin`` before it.
        func takesAbsolutePath(_ ref: some RandomAccessCollection<UInt8>) -> Bool {
            guard parts.scheme != nil, parts.authority != nil, ref.count > 1 else { return false }
            var it = ref.makeIterator()
            guard it.next() == 0x2F, it.next() != 0x2F else { return false }
            var previous: UInt8 = 0
            for b in ref {
                if b <= 0x20 || b == 0x7F || (b == 0x2E && previous == 0x2F) { return false }
                if b == 0x23 { break }
                previous = b
            }
            return true
        }

        /// `scheme://authority` of the base (empty when it has no authority).
        var origin: [UInt8] {
            guard let scheme = parts.scheme, let authority = parts.authority else { return [] }
            return Array(bytes[scheme]) + [0x3A, 0x2F, 0x2F] + bytes[authority]
        }

        /// Resolves an absolute-path reference (see ``takesAbsolutePath(_:)``) without building strings;
        /// `nil` for any other reference.
        func resolveAbsolutePath(_ ref: [UInt8]) -> [UInt8]? {
            guard takesAbsolutePath(ref) else { return nil }
            return origin + ref
        }
    }

    /// `reference` resolved against `base`; when `base` is `nil` or not absolute, the trimmed reference.
    static func resolve(_ reference: String, against base: String?) -> String {
        if isPlainAbsolute(reference) { return reference }
        return resolve(reference, against: Base(base))
    }

    /// `reference` resolved against a pre-split base.
    static func resolve(_ reference: String, against base: Base?) -> String {
        if isPlainAbsolute(reference) { return reference }
        return String(decoding: resolve(bytes: Array(reference.utf8), against: base), as: UTF8.self)
    }

    /// A reference's bytes resolved against a pre-split base (the reference is trimmed first).
    static func resolve(bytes reference: [UInt8], against base: Base?) -> [UInt8] {
        var ref = reference
        trim(&ref)
        if ref.contains(0x20) { ref = ref.flatMap { $0 == 0x20 ? [0x25, 0x32, 0x30] : [$0] } }
        let r = split(ref)
        guard r.scheme == nil, let base, let bScheme = base.parts.scheme else { return ref }
        let b8 = base.bytes
        let b = base.parts
        var out: [UInt8] = []
        out.reserveCapacity(b8.count + ref.count)
        out.append(contentsOf: b8[bScheme])
        out.append(0x3A)
        let authority = r.authority.map { ref[$0] } ?? b.authority.map { b8[$0] }
        if let authority {
            out.append(contentsOf: [0x2F, 0x2F])
            out.append(contentsOf: authority)
        }
        let pathStart = out.count
        var query = r.query.map { ref[$0] }
        if r.authority != nil || (!r.path.isEmpty && ref[r.path.lowerBound] == 0x2F) {
            out.append(contentsOf: ref[r.path])
            removeDotSegments(in: &out, from: pathStart)
        } else if r.path.isEmpty {
            out.append(contentsOf: b8[b.path])
            if query == nil { query = b.query.map { b8[$0] } }
        } else {
            // Merge: the base path up to its last '/', then the reference's path.
            if b.authority != nil, b.path.isEmpty {
                out.append(0x2F)
            } else if let slash = b8[b.path].lastIndex(of: 0x2F) {
                out.append(contentsOf: b8[b.path.lowerBound...slash])
            }
            out.append(contentsOf: ref[r.path])
            removeDotSegments(in: &out, from: pathStart)
        }
        if authority != nil, out.count == pathStart, isHTTP(b8[bScheme]) { out.append(0x2F) }
        if let query {
            out.append(0x3F)
            out.append(contentsOf: query)
        }
        if let f = r.fragment {
            out.append(0x23)
            out.append(contentsOf: ref[f])
        }
        return out
    }

    /// Whether `s` is an absolute http(s) URL needing no work: no surrounding whitespace, no spaces,
    /// no dot segments.
    private static func isPlainAbsolute(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { isPlainAbsolute($0) }
    }

    /// ``isPlainAbsolute(_:)`` over bytes.
    static func isPlainAbsolute(_ u: some RandomAccessCollection<UInt8>) -> Bool {
        guard u.count > 8 else { return false }
        var it = u.makeIterator()
        guard ASCII.lower(it.next()!) == 0x68, ASCII.lower(it.next()!) == 0x74, ASCII.lower(it.next()!) == 0x74,
            ASCII.lower(it.next()!) == 0x70
        else { return false }
        var c = it.next()!
        if ASCII.lower(c) == 0x73 { c = it.next()! }
        guard c == 0x3A, it.next() == 0x2F, it.next() == 0x2F else { return false }
        var previous: UInt8 = 0
        var dotRun = 0
        for b in u {
            if b <= 0x20 || b == 0x7F { return false }
            if b == 0x2E {
                if previous == 0x2F || dotRun > 0 { dotRun += 1 }
            } else {
                if dotRun > 0, b == 0x2F || b == 0x3F || b == 0x23 { return false }
                dotRun = 0
            }
            previous = b
        }
        return dotRun == 0
    }

    /// The scheme of a URL reference, lower-cased, or `nil` when it is relative.
    static func scheme(of reference: [UInt8]) -> String? {
        var scheme: [UInt8] = []
        for b in reference {
            if b == 0x3A { return scheme.isEmpty ? nil : String(decoding: scheme, as: UTF8.self) }
            let isSchemeByte = scheme.isEmpty ? ASCII.isAlpha(b) : (ASCII.isAlnum(b) || b == 0x2B || b == 0x2D || b == 0x2E)
            guard isSchemeByte else { return nil }
            scheme.append(ASCII.lower(b))
        }
        return nil
    }

    /// As a browser reads an `href` (``SafeLink/browserTrim(_:)``), so `java\tscript:` is read as the scheme
    /// it is, never as a relative path.
    private static func trim(_ bytes: inout [UInt8]) { SafeLink.browserTrim(&bytes) }

    private static func isHTTP(_ scheme: ArraySlice<UInt8>) -> Bool {
        scheme.count >= 4 && ASCII.lower(scheme[scheme.startIndex]) == 0x68 && ASCII.lower(scheme[scheme.startIndex + 1]) == 0x74
    }

    private static func split(_ s: [UInt8]) -> Parts {
        var end = s.count
        var parts = Parts(path: 0..<0)
        if let hash = s.firstIndex(of: 0x23) {
            parts.fragment = (hash + 1)..<end
            end = hash
        }
        if let q = s[..<end].firstIndex(of: 0x3F) {
            parts.query = (q + 1)..<end
            end = q
        }
        var start = 0
        if let first = s.first, ASCII.isAlpha(first) {
            var k = 1
            while k < end, ASCII.isAlnum(s[k]) || s[k] == 0x2B || s[k] == 0x2D || s[k] == 0x2E { k += 1 }
            if k < end, s[k] == 0x3A {
                parts.scheme = 0..<k
                start = k + 1
            }
        }
        if start + 1 < end, s[start] == 0x2F, s[start + 1] == 0x2F {
            let a = start + 2
            let slash = s[a..<end].firstIndex(of: 0x2F) ?? end
            parts.authority = a..<slash
            start = slash
        }
        parts.path = start..<end
        return parts
    }

    /// Removes the dot segments of the path at `out[from...]` (RFC 3986 5.2.4) in place.
    private static func removeDotSegments(in out: inout [UInt8], from: Int) {
        guard hasDotSegment(out[from...]) else { return }
        out.replaceSubrange(from..., with: removeDotSegments(Array(out[from...])))
    }

    /// Whether a path has a `.` or `..` segment (a '.' inside a name, as in `1.png`, is not one).
    private static func hasDotSegment(_ path: ArraySlice<UInt8>) -> Bool {
        var segmentStart = path.startIndex
        var i = path.startIndex
        while i <= path.endIndex {
            if i == path.endIndex || path[i] == 0x2F {
                let n = i - segmentStart
                if n == 1 || n == 2, path[segmentStart] == 0x2E, n == 1 || path[segmentStart + 1] == 0x2E { return true }
                segmentStart = i + 1
            }
            i += 1
        }
        return false
    }

    private static func removeDotSegments(_ path: [UInt8]) -> [UInt8] {
        guard path.contains(0x2E) else { return path }
        let absolute = path.first == 0x2F
        let segments = (absolute ? path.dropFirst() : path[...]).split(separator: 0x2F, omittingEmptySubsequences: false)
        var output: [ArraySlice<UInt8>] = []
        for (k, seg) in segments.enumerated() {
            let last = k == segments.count - 1
            if seg.count == 1, seg.first == 0x2E {
                if last { output.append([]) }
            } else if seg.count == 2, seg.first == 0x2E, seg.last == 0x2E {
                if !output.isEmpty { output.removeLast() }
                if last { output.append([]) }
            } else {
                output.append(seg)
            }
        }
        var out: [UInt8] = absolute ? [0x2F] : []
        for (k, seg) in output.enumerated() {
            if k > 0 { out.append(0x2F) }
            out.append(contentsOf: seg)
        }
        return out
    }
}
