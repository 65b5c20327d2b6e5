/// Plain text from feed text: entities decoded, tags stripped (for HTML), whitespace collapsed.
enum HTMLText {
    /// Elements whose content is never text (their content is skipped when stripping).
    static let rawTextElements: Set<String> = [
        "script", "style", "noscript", "template", "iframe", "object", "svg", "math", "textarea",
    ]

    /// Plain text of an HTML fragment.
    static func plainText(fromHTML bytes: [UInt8]) -> String { bytes.withUnsafeBufferPointer(plainText(fromHTML:)) }

    /// Plain text of an HTML fragment.
    static func plainText(fromHTML p: UnsafeBufferPointer<UInt8>) -> String {
        if !p.contains(where: { $0 == 0x3C || $0 == 0x26 }) { return collapse(p) }
        var out: [UInt8] = []
        out.reserveCapacity(p.count)
        do {
            var tokenizer = HTMLTokenizer(p)
            while let token = tokenizer.next() {
                switch token {
                case .text(let range):
                    HTMLEntityDecoder.appendDecoded(UnsafeBufferPointer(rebasing: p[range]), to: &out)
                case .start(let tag):
                    guard let info = tokenizer.info(name: tag.name, packed: tag.packed) else { continue }
                    if info.dropWithContent, !tag.selfClosing, !info.isVoid, rawTextElements.contains(HTMLTagInfo.names[Int(info.id)]) {
                        tokenizer.skipElement(tag.name, toEndIfUnclosed: info.isRawText)
                    } else if info.isBlock {
                        out.append(0x20)
                    }
                case .end(let name, let packed):
                    if tokenizer.info(name: name, packed: packed)?.isBlock == true { out.append(0x20) }
                case .other:
                    break
                }
            }
        }
        return out.withUnsafeBufferPointer(collapse)
    }

    /// Plain text of a text value (not HTML): whitespace collapsed, trimmed.
    static func plainText(fromText bytes: [UInt8]) -> String { bytes.withUnsafeBufferPointer(collapse) }

    /// Plain text of a text value (not HTML): whitespace collapsed, trimmed.
    static func plainText(fromText bytes: UnsafeBufferPointer<UInt8>) -> String { collapse(bytes) }

    /// Collapses runs of whitespace (including no-break space) to one space and trims.
    static func collapse(_ bytes: [UInt8]) -> String { bytes.withUnsafeBufferPointer(collapse) }

    /// Collapses runs of whitespace (including no-break space) to one space and trims.
    static func collapse(_ p: UnsafeBufferPointer<UInt8>) -> String {
        guard !p.isEmpty else { return "" }
        // Written straight into the string's storage: the result is never longer than the input.
        return String(unsafeUninitializedCapacity: p.count) { out in
            var count = 0
            var pendingSpace = false
            var i = 0
            let n = p.count
            while i < n {
                let b = p[i]
                if ASCII.isSpace(b) || b == 0x0B {
                    pendingSpace = true
                    i += 1
                    continue
                }
                if b == 0xC2, i + 1 < n, p[i + 1] == 0xA0 {  // U+00A0
                    pendingSpace = true
                    i += 2
                    continue
                }
                if pendingSpace, count > 0 {
                    out[count] = 0x20
                    count += 1
                }
                pendingSpace = false
                // Copy the run up to the next whitespace (or no-break space) in one go.
                var end = i + 1
                while end < n {
                    let c = p[end]
                    if ASCII.isSpace(c) || c == 0x0B || c == 0xC2 { break }
                    end += 1
                }
                (out.baseAddress! + count).initialize(from: p.baseAddress! + i, count: end - i)
                count += end - i
                i = end
            }
            return count
        }
    }
}
