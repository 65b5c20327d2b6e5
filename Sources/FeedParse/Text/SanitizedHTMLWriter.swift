/// Writes sanitized HTML: the allowlist's decisions for one tag, one attribute or one run of text, shared
/// by the two readers of content (``HTMLSanitizer``'s tokenizer over HTML bytes, and the walk over an inline
/// XHTML element tree), so both apply exactly the same rules.
struct SanitizedHTMLWriter {
    private(set) var out: [UInt8] = []
    /// The ids of the kept elements still open, innermost last.
    private var open: [UInt8] = []
    private let base: URLResolver.Base?
    /// `scheme://authority` of the base, once needed.
    private var origin: [UInt8]?

    init(capacity: Int, base: URLResolver.Base?) {
        out.reserveCapacity(capacity)
        self.base = base
    }

    /// Text: `raw` holds character references unless `decoded`.
    mutating func text(_ raw: UnsafeBufferPointer<UInt8>, decoded: Bool) {
        if !raw.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E }) {
            out.append(contentsOf: raw)
        } else if decoded {
            HTMLEscape.appendEscaped(raw, to: &out)
        } else {
            var value: [UInt8] = []
            value.reserveCapacity(raw.count)
            HTMLEntityDecoder.appendDecoded(raw, to: &value)
            value.withUnsafeBufferPointer { HTMLEscape.appendEscaped($0, to: &out) }
        }
    }

    /// A kept element's start tag (`info.keep`, not dropped with its content). `attributes` calls its
    /// argument once per attribute: the lower-case name packed (0 when longer than 8 bytes) and the value.
    mutating func start(
        _ info: HTMLTagInfo, selfClosing: Bool, decoded: Bool,
        attributes: (_ each: (_ packedName: UInt64, _ value: UnsafeBufferPointer<UInt8>) -> Void) -> Void
    ) {
        out.append(0x3C)
        Self.tagNames.append(Int(info.id), to: &out)
        if info.attributes != 0 {
            var written: UInt32 = 0
            attributes { packed, raw in
                guard let bit = HTMLAttributeName.bit(packed: packed) else { return }
                let mask = UInt32(1) << UInt32(bit)
                guard info.attributes & mask != 0, written & mask == 0 else { return }
                if attribute(bit, raw, isURL: HTMLAttributeName.urlMask & mask != 0, decoded: decoded) { written |= mask }
            }
        }
        out.append(0x3E)
        if !info.isVoid, !selfClosing { open.append(info.id) }
    }

    /// An end tag: closes the innermost open element of that kind and any left open inside it.
    mutating func end(_ info: HTMLTagInfo) {
        guard let k = open.lastIndex(of: info.id) else { return }
        while open.count > k { writeEnd(open.removeLast()) }
    }

    /// The output, with every element still open closed.
    mutating func finish() -> String {
        while let closing = open.popLast() { writeEnd(closing) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes one allowed attribute; `false` when its value was dropped (a URL with a scheme not allowed).
    private mutating func attribute(_ bit: Int, _ raw: UnsafeBufferPointer<UInt8>, isURL: Bool, decoded: Bool) -> Bool {
        let plain = decoded || !raw.contains(0x26)
        if plain, !isURL || URLResolver.isPlainAbsolute(raw) {
            // Common case: nothing to decode or resolve; escape straight from the input.
            write(bit, raw)
        } else if plain, let base, base.takesAbsolutePath(raw) {
            // `/path` on the base's origin: written as the two parts, no copies.
            if origin == nil { origin = base.origin }
            write(bit, raw, after: origin!)
        } else {
            var value: [UInt8] = []
            if decoded {
                value = Array(raw)
            } else {
                value.reserveCapacity(raw.count)
                HTMLEntityDecoder.appendDecoded(raw, to: &value)
            }
            if isURL {
                guard let safe = HTMLSanitizer.safeURL(value, base: base, imagesOnly: bit == HTMLAttributeName.src) else { return false }
                value = safe
            }
            value.withUnsafeBufferPointer { write(bit, $0) }
        }
        return true
    }

    private mutating func write(_ bit: Int, _ value: UnsafeBufferPointer<UInt8>, after prefix: [UInt8] = []) {
        out.append(0x20)
        Self.attributeNames.append(bit, to: &out)
        out.append(0x3D)
        out.append(0x22)
        if !prefix.isEmpty { prefix.withUnsafeBufferPointer { HTMLEscape.appendEscaped($0, to: &out, quotes: true) } }
        HTMLEscape.appendEscaped(value, to: &out, quotes: true)
        out.append(0x22)
    }

    private mutating func writeEnd(_ id: UInt8) {
        out.append(0x3C)
        out.append(0x2F)
        Self.tagNames.append(Int(id), to: &out)
        out.append(0x3E)
    }

    /// Names as one flat byte table: appending one copies bytes, with no inner array to retain.
    private struct NameTable {
        let bytes: [UInt8]
        let ends: [Int]

        init(_ names: [String]) {
            bytes = names.flatMap(\.utf8)
            var end = 0
            ends = names.map {
                end += $0.utf8.count
                return end
            }
        }

        @inline(__always)
        func append(_ k: Int, to out: inout [UInt8]) {
            let start = k == 0 ? 0 : ends[k - 1]
            bytes.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start..<ends[k]])) }
        }
    }

    private static let tagNames = NameTable(HTMLTagInfo.names)
    private static let attributeNames = NameTable(HTMLAttributeName.names)
}
