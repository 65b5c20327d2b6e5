/// A namespace-aware element of an ``XTree``: a view (tree and index), so passing, storing and comparing
/// elements costs no reference counting and no allocation.
///
/// Text is kept as UTF-8 bytes; each child records where in its parent's own text it began, so mixed
/// content (inline XHTML) can be serialised in order.
/// A view is valid while its tree is alive and has not been truncated past it: the builder hands elements
/// to the mappers only inside its callbacks, and the caller keeps the builder alive while it reads the root.
struct XElement {
    unowned(unsafe) let tree: XTree
    let index: Int32

    @inline(__always) private var node: XTree.Node { tree.nodes[Int(index)] }

    var ns: Namespace { node.ns }
    var name: String { tree.names[Int(node.name)] }
    /// The line where the element starts.
    var line: Int { Int(node.line) }
    /// The effective base URL (xml:base resolved against the parents and the document URL).
    var base: String? {
        let b = node.base
        return b < 0 ? nil : tree.bases[Int(b)]
    }
    /// The effective xml:lang.
    var lang: String? {
        let l = node.lang
        return l < 0 ? nil : tree.langs[Int(l)]
    }

    /// The element children, in document order.
    var children: Children { Children(tree: tree, first: node.firstChild, count: Int(node.childCount)) }

    /// The first child with this namespace and name.
    func child(_ ns: Namespace, _ name: String) -> XElement? {
        var k = node.firstChild
        while k >= 0 {
            let n = tree.nodes[Int(k)]
            if n.ns == ns, tree.names[Int(n.name)] == name { return XElement(tree: tree, index: k) }
            k = n.next
        }
        return nil
    }

    /// The first RSS core child (no namespace, RSS 0.90 or 1.0) with this name.
    func rssChild(_ name: String) -> XElement? {
        var k = node.firstChild
        while k >= 0 {
            let n = tree.nodes[Int(k)]
            if n.ns.isRSSCore, tree.names[Int(n.name)] == name { return XElement(tree: tree, index: k) }
            k = n.next
        }
        return nil
    }

    /// All children with this namespace and name.
    func children(_ ns: Namespace, _ name: String) -> [XElement] {
        var found: [XElement] = []
        var k = node.firstChild
        while k >= 0 {
            let n = tree.nodes[Int(k)]
            if n.ns == ns, tree.names[Int(n.name)] == name { found.append(XElement(tree: tree, index: k)) }
            k = n.next
        }
        return found
    }

    /// An attribute value by local name, in no namespace unless one is given.
    func attribute(_ name: String, ns: Namespace = .none) -> String? {
        let n = node
        for k in Int(n.firstAttribute)..<Int(n.firstAttribute + n.attributeCount) {
            let a = tree.attributes[k]
            if a.ns == ns, tree.names[Int(a.name)] == name {
                return String(decoding: tree.bytes.buffer(a.valueStart..<(a.valueStart + a.valueCount)), as: UTF8.self)
            }
        }
        return nil
    }

    /// The element's own text (children's text not included), undecoded UTF-8; valid while the view is.
    var text: UnsafeBufferPointer<UInt8> {
        let n = node
        return tree.bytes.buffer(n.textStart..<(n.textStart + n.textCount))
    }

    /// ``text`` as a string.
    var string: String { String(decoding: text, as: UTF8.self) }

    /// All text of the element and its descendants, in document order.
    var deepText: [UInt8] {
        var out: [UInt8] = []
        appendDeepText(to: &out)
        return out
    }

    private func appendDeepText(to out: inout [UInt8]) {
        let own = text
        var start = 0
        for child in children {
            let offset = child.node.offsetInParent
            out.append(contentsOf: UnsafeBufferPointer(rebasing: own[start..<offset]))
            child.appendDeepText(to: &out)
            start = offset
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: own[start...]))
    }

    /// Calls `body` with the element's markup: its own text when it has no element children (no copy),
    /// else ``innerHTML``.
    func withMarkup<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if node.firstChild < 0 { return body(text) }
        return innerHTML.withUnsafeBufferPointer(body)
    }

    /// The element's content serialised as HTML: text escaped, child elements written as tags
    /// (namespace prefixes dropped). Used for inline XHTML and unescaped HTML inside RSS.
    var innerHTML: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(node.textCount + 64)
        appendInner(to: &out)
        return out
    }

    private func appendInner(to out: inout [UInt8]) {
        let own = text
        var start = 0
        for child in children {
            let offset = child.node.offsetInParent
            HTMLEscape.appendEscaped(UnsafeBufferPointer(rebasing: own[start..<offset]), to: &out)
            child.appendOuter(to: &out)
            start = offset
        }
        HTMLEscape.appendEscaped(UnsafeBufferPointer(rebasing: own[start...]), to: &out)
    }

    private func appendOuter(to out: inout [UInt8]) {
        let n = node
        let name = tree.names[Int(n.name)]
        out.append(0x3C)
        out.append(contentsOf: name.utf8)
        for k in Int(n.firstAttribute)..<Int(n.firstAttribute + n.attributeCount) {
            let a = tree.attributes[k]
            guard a.ns == .none else { continue }
            out.append(0x20)
            out.append(contentsOf: tree.names[Int(a.name)].utf8)
            out.append(contentsOf: "=\"".utf8)
            HTMLEscape.appendEscaped(tree.bytes.buffer(a.valueStart..<(a.valueStart + a.valueCount)), to: &out, quotes: true)
            out.append(0x22)
        }
        out.append(0x3E)
        appendInner(to: &out)
        out.append(contentsOf: "</".utf8)
        out.append(contentsOf: name.utf8)
        out.append(0x3E)
    }

    /// The element children of one element, walked through the tree's sibling links.
    struct Children: Sequence {
        unowned(unsafe) let tree: XTree
        let first: Int32
        /// The number of element children.
        let count: Int

        var isEmpty: Bool { first < 0 }

        func makeIterator() -> Iterator { Iterator(tree: tree, nextIndex: first) }

        var underestimatedCount: Int { count }

        struct Iterator: IteratorProtocol {
            unowned(unsafe) let tree: XTree
            var nextIndex: Int32

            mutating func next() -> XElement? {
                guard nextIndex >= 0 else { return nil }
                let k = nextIndex
                nextIndex = tree.nodes[Int(k)].next
                return XElement(tree: tree, index: k)
            }
        }
    }
}
