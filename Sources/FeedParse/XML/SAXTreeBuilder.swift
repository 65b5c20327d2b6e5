internal import CLibXML2

/// Drives libxml2's push parser in SAX2 mode and builds an ``XTree``, one entry at a time.
///
/// The document element and its non-entry descendants (the channel metadata) are kept; each entry element
/// is handed to `onEntry` when it closes, and the tree is then truncated back to where the entry began, so
/// memory stays proportional to one entry and nothing is allocated or freed per element.
/// libxml2 runs with `XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_IGNORE_ENC` and never sees a DTD
/// (``EntityPrepass`` removed it): nothing is fetched and no entity is expanded by libxml2.
/// All libxml2 pointers stay inside one `parse` call; the elements handed out are views into ``tree`` and
/// valid while the builder is alive (and, for an entry, until its callback returns).
/// Its mutable state is marked `@exclusivity(unchecked)`: one builder serves one synchronous parse on one
/// thread, and no callback re-enters another while it mutates, so the dynamic exclusivity checks (5% of a
/// large parse) can never fire.
final class SAXTreeBuilder {
    /// Decides, for an element that opens at `depth` (document element = 1), whether it is an entry.
    typealias EntryPredicate = (_ root: XElement, _ depth: Int, _ ns: Namespace, _ name: String) -> Bool

    /// An open element: its node, and where its own text begins on the text stack.
    private struct Open {
        var node: Int32
        var textStart: Int
    }

    private let documentURL: String?
    private let options: ParseOptions
    private let isEntry: EntryPredicate
    private let onEntry: (XElement) -> Void
    private let onRoot: (XElement) -> FeedParseError?

    let tree = XTree()
    @exclusivity(unchecked) private(set) var root: XElement?
    @exclusivity(unchecked) private(set) var diagnostics: [ParseDiagnostic] = []
    @exclusivity(unchecked) private(set) var droppedDiagnostics = 0
    @exclusivity(unchecked) private(set) var firstError: (line: Int, column: Int, message: String)?
    @exclusivity(unchecked) private var stack = FlatArray<Open>(capacity: 32)
    /// The own text of every open element, innermost on top: a child's text is pushed above its parent's
    /// and moved into the tree when the child closes, so each element's text ends up contiguous.
    @exclusivity(unchecked) private var textStack = FlatArray<UInt8>(capacity: 16 * 1024)
    /// Where the innermost open element's text gathered since its last child closed begins.
    @exclusivity(unchecked) private var segmentStart = 0
    @exclusivity(unchecked) private var entryDepth = 0  // stack depth of the open entry element, 0 when none
    @exclusivity(unchecked) private var entryMark: XTree.Mark?
    @exclusivity(unchecked) private var pendingError: FeedParseError?
    @exclusivity(unchecked) private var ctxt: xmlParserCtxtPtr?
    @exclusivity(unchecked) private var names = PointerTable()
    @exclusivity(unchecked) private var namespaces = PointerTable(capacity: 16)

    init(
        documentURL: String?,
        options: ParseOptions,
        isEntry: @escaping EntryPredicate,
        onRoot: @escaping (XElement) -> FeedParseError?,
        onEntry: @escaping (XElement) -> Void
    ) {
        self.documentURL = documentURL
        self.options = options
        self.isEntry = isEntry
        self.onRoot = onRoot
        self.onEntry = onEntry
        if let documentURL { tree.bases.append(XTree.BaseURL(documentURL)) }
    }

    /// Parses UTF-8 bytes (no BOM, no DTD).
    /// - Throws: a ``FeedParseError`` raised by a callback (not a feed, too deep), or
    ///   ``FeedParseError/malformedXML(line:column:message:)`` when no document element could be read.
    func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(FeedParseError) {
        try parse { push throws(FeedParseError) in _ = push(bytes) }
    }

    /// Parses UTF-8 bytes handed over in pieces: `produce` calls the push function it is given with each
    /// piece, in order, and stops when it returns `false` (libxml2 stopped or a callback failed). Pieces of
    /// any size are fed to libxml2 256 KB at a time, so its input buffer stays small.
    /// - Throws: what `produce` throws, or as ``parse(_:)``.
    func parse(
        _ produce: (_ push: (UnsafeBufferPointer<UInt8>) -> Bool) throws(FeedParseError) -> Void
    ) throws(FeedParseError) {
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = saxStartElement
        sax.endElementNs = saxEndElement
        sax.characters = saxCharacters
        sax.cdataBlock = saxCharacters
        sax.serror = saxError
        fh_xml_silence_this_thread()

        let me = Unmanaged.passUnretained(self).toOpaque()
        guard let ctxt = xmlCreatePushParserCtxt(&sax, me, nil, 0, nil) else {
            throw .malformedXML(line: 0, column: 0, message: "libxml2 could not create a parser")
        }
        self.ctxt = ctxt
        defer {
            self.ctxt = nil
            // libxml2 may attach a document to the context while reading a DTD; it is not freed with it.
            if let doc = ctxt.pointee.myDoc {
                ctxt.pointee.myDoc = nil
                xmlFreeDoc(doc)
            }
            xmlFreeParserCtxt(ctxt)
        }
        let opts = Int32(
            XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_IGNORE_ENC.rawValue
                | XML_PARSE_NOWARNING.rawValue)
        xmlCtxtUseOptions(ctxt, opts)
        xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8)

        let chunk = 256 * 1024
        var sawFirstTag = false
        var stopped = false
        try produce { bytes in
            guard !stopped else { return false }
            var offset = 0
            if !sawFirstTag {  // junk before the first '<'
                while offset < bytes.count, bytes[offset] != 0x3C { offset += 1 }
                guard offset < bytes.count else { return true }
                sawFirstTag = true
            }
            while offset < bytes.count {
                let n = min(chunk, bytes.count - offset)
                let ptr = UnsafeRawPointer(bytes.baseAddress! + offset).assumingMemoryBound(to: CChar.self)
                xmlParseChunk(ctxt, ptr, Int32(n), 0)
                offset += n
                if self.pendingError != nil || ctxt.pointee.instate == XML_PARSER_EOF || ctxt.pointee.disableSAX != 0 {
                    stopped = true
                    return false
                }
            }
            return true
        }
        if pendingError == nil, ctxt.pointee.instate != XML_PARSER_EOF {
            xmlParseChunk(ctxt, nil, 0, 1)
        }
        if let error = pendingError { throw error }
        closeAll()
        if root == nil {
            let e = firstError ?? (1, 1, "no document element")
            throw .malformedXML(line: e.line, column: e.column, message: e.message)
        }
    }

    /// Closes elements left open by a truncated document, delivering an open entry.
    private func closeAll() {
        while !stack.isEmpty { end() }
    }

    // MARK: - Event handling

    fileprivate func start(
        localname: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?,
        attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int
    ) {
        guard pendingError == nil else { return }
        var nameID = intern(localname)
        var ns: Namespace
        if let uri {
            ns = namespace(uri)
        } else if let prefix, let conventional = Namespace(conventionalPrefix: tree.names[Int(intern(prefix))]) {
            ns = conventional
        } else if case let whole = tree.names[Int(nameID)], let colon = whole.utf8.firstIndex(of: 0x3A),
            // an undeclared prefix, kept in the name
            let conventional = Namespace(conventionalPrefix: String(whole[..<colon]))
        {
            ns = conventional
            nameID = intern(String(whole[whole.utf8.index(after: colon)...]))
        } else {
            ns = prefix == nil ? .none : .other
        }
        let line = ctxt.map { Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0))) } ?? 0
        if stack.count >= options.maxDepth {
            fail(.tooDeep(line: line, limit: options.maxDepth))
            return
        }
        let parent: XTree.Node? = stack.isEmpty ? nil : tree.nodes[Int(stack.last.node)]
        if parent == nil, root != nil { return }  // a second document element (libxml2 recovery); ignore
        let opensEntry = parent != nil && entryDepth == 0 && isEntry(root!, stack.count + 1, ns, tree.names[Int(nameID)])
        // An entry opening inside an open entry: the previous one was left unclosed (recovery).
        let reopensEntry =
            parent != nil && entryDepth != 0 && ns == tree.nodes[Int(stack[entryDepth - 1].node)].ns
            && nameID == tree.nodes[Int(stack[entryDepth - 1].node)].name
        if opensEntry || reopensEntry { entryMark = tree.mark }
        if parent != nil { closeTextSegment() }
        var base = parent?.base ?? (documentURL == nil ? -1 : 0)
        var lang = parent?.lang ?? -1
        let firstAttribute = tree.attributes.count
        if count > 0, let attributes {
            for k in 0..<count {
                let a = attributes + k * 5
                guard let aname = a[0], let vstart = a[3], let vend = a[4] else { continue }
                let ans: Namespace =
                    a[2].map { namespace($0) }
                    ?? (a[1].map { Namespace(conventionalPrefix: tree.names[Int(intern($0))]) ?? .other } ?? .none)
                let valueStart = tree.bytes.count
                appendAttributeValue(UnsafeBufferPointer(start: vstart, count: vend - vstart))
                let attrName = intern(aname)
                let valueCount = tree.bytes.count - valueStart
                if ans == .xml {
                    let value = String(decoding: tree.bytes.buffer(valueStart..<(valueStart + valueCount)), as: UTF8.self)
                    switch tree.names[Int(attrName)] {
                    case "base":
                        let parent = base < 0 ? nil : tree.bases[Int(base)].parsed
                        tree.bases.append(XTree.BaseURL(URLResolver.resolve(value, against: parent)))
                        base = Int32(tree.bases.count - 1)
                    case "lang":
                        tree.langs.append(value)
                        lang = Int32(tree.langs.count - 1)
                    default: break
                    }
                }
                tree.attributes.append(XTree.Attribute(ns: ans, name: attrName, valueStart: valueStart, valueCount: valueCount))
            }
        }
        let index = Int32(tree.nodes.count)
        tree.nodes.append(
            XTree.Node(
                ns: ns, name: nameID, line: Int32(truncatingIfNeeded: line), base: base, lang: lang,
                firstAttribute: Int32(firstAttribute), attributeCount: Int32(tree.attributes.count - firstAttribute)))
        if parent != nil {
            let parentOpen = stack.last
            if opensEntry {
                entryDepth = stack.count + 1
            } else if reopensEntry {
                // Deliver the previous entry now, with its text so far, and read the new one as its sibling.
                // The previous one stays in the tree below the new entry's mark (it is still open), but is
                // never read again: entries are not linked to their parents.
                for k in (entryDepth - 1)..<stack.count { storeText(of: stack[k], through: textStack.count) }
                onEntry(tree.element(stack[entryDepth - 1].node))
                entryDepth = stack.count + 1
            } else {
                link(index, to: parentOpen.node, offset: textStack.count - parentOpen.textStart)
            }
        } else {
            root = tree.element(index)
            if let error = onRoot(root!) {
                fail(error)
                return
            }
        }
        stack.append(Open(node: index, textStart: textStack.count))
        segmentStart = textStack.count
    }

    fileprivate func end() {
        guard !stack.isEmpty else { return }
        closeTextSegment()
        let open = stack.removeLast()
        storeText(of: open, through: textStack.count)
        textStack.truncate(to: open.textStart)
        segmentStart = textStack.count
        if entryDepth != 0, stack.count + 1 == entryDepth {
            entryDepth = 0
            onEntry(tree.element(open.node))
            if let mark = entryMark { tree.truncate(to: mark) }
            entryMark = nil
        }
    }

    /// Text arrives in many small pieces (libxml2 reports every entity reference separately); it is
    /// gathered on the text stack and moved into the tree when its element closes.
    fileprivate func characters(_ ch: UnsafePointer<xmlChar>, _ len: Int) {
        guard len > 0, !stack.isEmpty else { return }
        textStack.append(UnsafeBufferPointer(start: ch, count: len))
    }

    /// Ends the innermost element's current run of text (a child starts or the element ends), dropping
    /// whitespace between channel-level elements, which nobody reads.
    private func closeTextSegment() {
        if stack.count <= 2, entryDepth == 0, segmentStart < textStack.count,
            textStack.buffer(segmentStart..<textStack.count).allSatisfy(ASCII.isSpace)
        {
            textStack.truncate(to: segmentStart)
        }
        segmentStart = textStack.count
    }

    /// Copies an open element's text gathered so far into the tree as its own text.
    private func storeText(of open: Open, through end: Int) {
        let start = tree.bytes.count
        tree.bytes.append(textStack.buffer(open.textStart..<end))
        tree.nodes[Int(open.node)].textStart = start
        tree.nodes[Int(open.node)].textCount = end - open.textStart
    }

    /// Appends `child` to `parent`'s element children.
    private func link(_ child: Int32, to parent: Int32, offset: Int) {
        tree.nodes[Int(child)].offsetInParent = offset
        var p = tree.nodes[Int(parent)]
        if p.lastChild >= 0 { tree.nodes[Int(p.lastChild)].next = child } else { p.firstChild = child }
        p.lastChild = child
        p.childCount += 1
        tree.nodes[Int(parent)] = p
    }

    fileprivate func error(_ error: UnsafePointer<xmlError>) {
        let e = error.pointee
        var message = e.message.map { String(cString: $0) } ?? "unknown error"
        while message.last == "\n" || message.last == " " { message.removeLast() }
        let line = Int(e.line)
        let column = Int(e.int2)
        if firstError == nil, e.level.rawValue >= XML_ERR_ERROR.rawValue { firstError = (line, column, message) }
        guard diagnostics.count < options.maxDiagnostics else {
            droppedDiagnostics += 1
            return
        }
        diagnostics.append(ParseDiagnostic(.malformedXML, message, line: line, column: column))
    }

    private func fail(_ error: FeedParseError) {
        if pendingError == nil { pendingError = error }
        if let ctxt { xmlStopParser(ctxt) }
    }

    // MARK: - Interning

    /// libxml2 interns names and namespace URIs in its dictionary, so a pointer identifies a name for the
    /// whole parse: the tables map pointers to ids without hashing text.
    @exclusivity(unchecked) private var nameIDs: [String: Int32] = Dictionary(minimumCapacity: 64)

    @inline(__always)
    private func intern(_ p: UnsafePointer<xmlChar>) -> Int32 {
        if let id = names.value(for: p) { return id }
        let id = intern(String(cString: p))
        names.set(id, for: p)
        return id
    }

    /// The id of a name, by its text.
    private func intern(_ name: String) -> Int32 {
        if let id = nameIDs[name] { return id }
        let id = Int32(tree.names.count)
        tree.names.append(name)
        nameIDs[name] = id
        return id
    }

    @inline(__always)
    private func namespace(_ p: UnsafePointer<xmlChar>) -> Namespace {
        if let raw = namespaces.value(for: p) { return Namespace(rawValue: UInt8(raw))! }
        let ns = Namespace(uri: String(cString: p))
        namespaces.set(Int32(ns.rawValue), for: p)
        return ns
    }

    /// Attribute values may still hold character and predefined entity references in SAX2 mode.
    private func appendAttributeValue(_ raw: UnsafeBufferPointer<UInt8>) {
        guard raw.contains(0x26) else { return tree.bytes.append(raw) }
        var decoded: [UInt8] = []
        HTMLEntityDecoder.appendDecoded(raw, to: &decoded)
        decoded.withUnsafeBufferPointer { tree.bytes.append($0) }
    }
}

// MARK: - C callbacks (no captures: the builder travels in the context pointer)

/// Calls `body` with the builder in the context pointer, without retaining it: the builder outlives its
/// parse, and a retain and release per SAX event were measurable.
@inline(__always)
private func withBuilder(_ ctx: UnsafeMutableRawPointer?, _ body: (SAXTreeBuilder) -> Void) {
    Unmanaged<SAXTreeBuilder>.fromOpaque(ctx!)._withUnsafeGuaranteedRef(body)
}

private let saxStartElement: startElementNsSAX2Func = {
    ctx, localname, prefix, uri, _, _, nbAttributes, _, attributes in
    guard let localname else { return }
    withBuilder(ctx) { $0.start(localname: localname, prefix: prefix, uri: uri, attributes: attributes, count: Int(nbAttributes)) }
}

private let saxEndElement: endElementNsSAX2Func = { ctx, _, _, _ in
    withBuilder(ctx) { $0.end() }
}

private let saxCharacters: charactersSAXFunc = { ctx, ch, len in
    guard let ch else { return }
    withBuilder(ctx) { $0.characters(ch, Int(len)) }
}

private let saxError: xmlStructuredErrorFunc = { ctx, error in
    guard let ctx, let error else { return }
    withBuilder(ctx) { $0.error(error) }
}
