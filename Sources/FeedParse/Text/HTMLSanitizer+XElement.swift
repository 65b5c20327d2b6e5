/// Sanitizes inline XHTML (and HTML written as XML elements) straight from the element tree, with the same
/// rules as the tokenizer path (`HTMLSanitizer.sanitize(_:base:)` over bytes) applied to the element's
/// serialised content, without serialising it and tokenizing it again (``SanitizedHTMLWriter`` holds the
/// rules both share).
extension HTMLSanitizer {
    /// Sanitized HTML of the element's content (its text and children, not its own tag).
    static func sanitize(contentOf element: XElement, base: URLResolver.Base?) -> String {
        var writer = SanitizedHTMLWriter(capacity: element.text.count + 256, base: base)
        writeContent(of: element, to: &writer)
        return writer.finish()
    }

    private static func writeContent(of element: XElement, to writer: inout SanitizedHTMLWriter) {
        let own = element.text
        var start = 0
        for child in element.children {
            let offset = child.offsetInParent
            writer.text(UnsafeBufferPointer(rebasing: own[start..<offset]), decoded: true)
            write(child, to: &writer)
            start = offset
        }
        writer.text(UnsafeBufferPointer(rebasing: own[start...]), decoded: true)
    }

    private static func write(_ element: XElement, to writer: inout SanitizedHTMLWriter) {
        // Not on the allowlist, or named in a way no HTML tag is: the tag goes, its content stays.
        guard let info = tagInfo(element.name) else { return writeContent(of: element, to: &writer) }
        if info.dropWithContent {
            // A void element has no content in HTML, so the tokenizer keeps what follows its start tag.
            if info.isVoid { writeContent(of: element, to: &writer) }
            return
        }
        guard info.keep else { return writeContent(of: element, to: &writer) }
        writer.start(info, selfClosing: false, decoded: true) { each in
            element.forEachAttribute { name, value in each(ASCII.packedLower(name.utf8) ?? 0, value) }
        }
        writeContent(of: element, to: &writer)
        writer.end(info)
    }

    /// The tag for an element's local name, read as ``HTMLTokenizer`` reads a tag name.
    private static func tagInfo(_ name: String) -> HTMLTagInfo? {
        let bytes = name.utf8
        guard !bytes.isEmpty, bytes.count <= 16, let first = bytes.first, ASCII.isAlpha(first),
            bytes.allSatisfy(HTMLTokenizer.isNameByte)
        else { return nil }
        if let packed = ASCII.packedLower(bytes) { return HTMLTagInfo.lookup(packed: packed) }
        return HTMLTagInfo.lookup(long: name.lowercased())
    }
}
