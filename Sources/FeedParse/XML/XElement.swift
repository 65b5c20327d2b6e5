/// A namespace-aware element of an ``XTree``: a view (tree and index), so passing, storing and comparing
/// elements costs no reference counting and no allocation.
///
/// Text is kept as UTF-8 bytes; each child records where in its parent's own text it began, so mixed
/// content (inline XHTML) can be serialised in order.
/// A view is valid while its tree is alive and has not been truncated past it: the builder hands elements
/// to the mappers only inside its callbacks, and the caller keeps the builder alive while it reads the root.
struct XElement {
    private let treeRef: Unmanaged<XTree>
    let index: Int32

    init(tree: XTree, index: Int32) {
        treeRef = .passUnretained(tree)
        self.index = index
    }

    fileprivate init(treeRef: Unmanaged<XTree>, index: Int32) {
        self.treeRef = treeRef
        self.index = index
    }

    /// Calls `body` with the tree, without retaining it (a retain and release per access were measurable).
    @inline(__always) private func read<R>(_ body: (XTree) -> R) -> R { treeRef._withUnsafeGuaranteedRef(body) }

    @inline(__always) private var node: XTree.Node { read { $0.nodes[Int(index)] } }

    var ns: Namespace { node.ns }
    var name: String { read { $0.names[Int($0.nodes[Int(index)].name)] } }
    /// The line where the element starts.
    var line: Int { Int(node.line) }
    /// The effective base URL (xml:base resolved against the parents and the document URL).
    var base: String? {
        read { tree in
            let b = tree.nodes[Int(index)].base
            return b < 0 ? nil : tree.bases[Int(b)].url
        }
    }

    /// ``base``, split for resolving references against it; `nil` when there is none or it is not absolute.
    var parsedBase: URLResolver.Base? {
        read { tree in
            let b = tree.nodes[Int(index)].base
            return b < 0 ? nil : tree.bases[Int(b)].parsed
        }
    }
    /// The effective xml:lang.
    var lang: String? {
        read { tree in
            let l = tree.nodes[Int(index)].lang
            return l < 0 ? nil : tree.langs[Int(l)]
        }
    }

    /// Where in its parent's own text this element began.
    var offsetInParent: Int { node.offsetInParent }

    /// Calls `body` for each attribute in no namespace: its name and value (entities decoded).
    func forEachAttribute(_ body: (_ name: String, _ value: UnsafeBufferPointer<UInt8>) -> Void) {
        read { tree in
            let n = tree.nodes[Int(index)]
            for k in Int(n.firstAttribute)..<Int(n.firstAttribute + n.attributeCount) {
                let a = tree.attributes[k]
                guard a.ns == .none else { continue }
                body(tree.names[Int(a.name)], tree.bytes.buffer(a.valueStart..<(a.valueStart + a.valueCount)))
            }
        }
    }

    /// The element children, in document order.
    var children: Children {
        let n = node
        return Children(treeRef: treeRef, first: n.firstChild, count: Int(n.childCount))
    }

    /// The first child with this namespace and name.
    func child(_ ns: Namespace, _ name: String) -> XElement? {
        read { tree in
            var k = tree.nodes[Int(index)].firstChild
            while k >= 0 {
                let n = tree.nodes[Int(k)]
                if n.ns == ns, tree.names[Int(n.name)] == name { return XElement(tree: tree, index: k) }
                k = n.next
            }
            return nil
        }
    }

    /// The first RSS core child (no namespace, RSS 0.90 or 1.0) with this name.
    func rssChild(_ name: String) -> XElement? {
        read { tree in
            var k = tree.nodes[Int(index)].firstChild
            while k >= 0 {
                let n = tree.nodes[Int(k)]
                if n.ns.isRSSCore, tree.names[Int(n.name)] == name { return XElement(tree: tree, index: k) }
                k = n.next
            }
            return nil
        }
    }

    /// All children with this namespace and name.
    func children(_ ns: Namespace, _ name: String) -> [XElement] {
        read { tree in
            var found: [XElement] = []
            var k = tree.nodes[Int(index)].firstChild
            while k >= 0 {
                let n = tree.nodes[Int(k)]
                if n.ns == ns, tree.names[Int(n.name)] == name { found.append(XElement(tree: tree, index: k)) }
                k = n.next
            }
            return found
        }
    }

    /// An attribute value by local name, in no namespace unless one is given.
    func attribute(_ name: String, ns: Namespace = .none) -> String? {
        read { tree in
            let n = tree.nodes[Int(index)]
            for k in Int(n.firstAttribute)..<Int(n.firstAttribute + n.attributeCount) {
                let a = tree.attributes[k]
                if a.ns == ns, tree.names[Int(a.name)] == name {
                    return String(decoding: tree.bytes.buffer(a.valueStart..<(a.valueStart + a.valueCount)), as: UTF8.self)
                }
            }
            return nil
        }
    }

    /// The element's own text (children's text not included), undecoded UTF-8; valid while the view is.
    var text: UnsafeBufferPointer<UInt8> {
        read { tree in
            let n = tree.nodes[Int(index)]
            return tree.bytes.buffer(n.textStart..<(n.textStart + n.textCount))
        }
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
        let name = self.name
        out.append(0x3C)
        out.append(contentsOf: name.utf8)
        forEachAttribute { attribute, value in
            out.append(0x20)
            out.append(contentsOf: attribute.utf8)
            out.append(contentsOf: "=\"".utf8)
            HTMLEscape.appendEscaped(value, to: &out, quotes: true)
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
        let treeRef: Unmanaged<XTree>
        let first: Int32
        /// The number of element children.
        let count: Int

        var isEmpty: Bool { first < 0 }

        func makeIterator() -> Iterator { Iterator(treeRef: treeRef, nextIndex: first) }

        var underestimatedCount: Int { count }

        struct Iterator: IteratorProtocol {
            let treeRef: Unmanaged<XTree>
            var nextIndex: Int32

            mutating func next() -> XElement? {
                guard nextIndex >= 0 else { return nil }
                let k = nextIndex
                nextIndex = treeRef._withUnsafeGuaranteedRef { $0.nodes[Int(k)].next }
                return XElement(treeRef: treeRef, index: k)
            }
        }
    }
}
