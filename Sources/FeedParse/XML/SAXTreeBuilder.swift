internal import CLibXML2

/// Drives libxml2's push parser in SAX2 mode and builds ``XElement`` trees, one entry at a time.
///
/// The document element and its non-entry descendants (the channel metadata) are kept; each entry element
/// is handed to `onEntry` when it closes and then dropped, so memory stays proportional to one entry.
/// libxml2 runs with `XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_IGNORE_ENC` and never sees a DTD
/// (``EntityPrepass`` removed it): nothing is fetched and no entity is expanded by libxml2.
/// All libxml2 pointers stay inside one `parse` call.
/// Its mutable state is marked `@exclusivity(unchecked)`: one builder serves one synchronous parse on one
/// thread, and no callback re-enters another while it mutates, so the dynamic exclusivity checks (5% of a
/// large parse) can never fire.
final class SAXTreeBuilder {
    /// Decides, for an element that opens at `depth` (document element = 1), whether it is an entry.
    typealias EntryPredicate = (_ root: XElement, _ depth: Int, _ ns: Namespace, _ name: String) -> Bool

    private let documentURL: String?
    private let options: ParseOptions
    private let isEntry: EntryPredicate
    private let onEntry: (XElement) -> Void
    private let onRoot: (XElement) -> FeedParseError?

    @exclusivity(unchecked) private(set) var root: XElement?
    @exclusivity(unchecked) private(set) var diagnostics: [ParseDiagnostic] = []
    @exclusivity(unchecked) private(set) var droppedDiagnostics = 0
    @exclusivity(unchecked) private(set) var firstError: (line: Int, column: Int, message: String)?
    @exclusivity(unchecked) private var stack: [XElement] = []
    private let pending = ByteBuffer()
    @exclusivity(unchecked) private var entryDepth = 0  // stack depth of the open entry element, 0 when none
    @exclusivity(unchecked) private var pendingError: FeedParseError?
    @exclusivity(unchecked) private var ctxt: xmlParserCtxtPtr?
    @exclusivity(unchecked) private var names: [UnsafeRawPointer: String] = [:]
    @exclusivity(unchecked) private var namespaces: [UnsafeRawPointer: Namespace] = [:]

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

    deinit { pending.deallocate() }

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
        var name = intern(localname)
        var ns: Namespace
        if let uri {
            ns = namespace(uri)
        } else if let prefix, let conventional = Namespace(conventionalPrefix: intern(prefix)) {
            ns = conventional
        } else if let colon = name.utf8.firstIndex(of: 0x3A),  // an undeclared prefix, kept in the name
            let conventional = Namespace(conventionalPrefix: String(name[..<colon]))
        {
            ns = conventional
            name = String(name[name.utf8.index(after: colon)...])
        } else {
            ns = prefix == nil ? .none : .other
        }
        flushText()
        let parent = stack.last
        var base = parent?.base ?? documentURL
        var lang = parent?.lang
        var attrs: [XAttribute] = []
        if count > 0, let attributes {
            attrs.reserveCapacity(count)
            for k in 0..<count {
                let a = attributes + k * 5
                guard let aname = a[0], let vstart = a[3], let vend = a[4] else { continue }
                let ans: Namespace =
                    a[2].map { namespace($0) } ?? (a[1].map { Namespace(conventionalPrefix: intern($0)) ?? .other } ?? .none)
                let value = Self.attributeValue(UnsafeBufferPointer(start: vstart, count: vend - vstart))
                let attrName = intern(aname)
                if ans == .xml {
                    if attrName == "base" {
                        base = URLResolver.resolve(value, against: base)
                    } else if attrName == "lang" {
                        lang = value
                    }
                }
                attrs.append(XAttribute(ns: ans, name: attrName, value: value))
            }
        }
        let line = ctxt.map { Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0))) } ?? 0
        let element = XElement(ns: ns, name: name, attributes: attrs, base: base, lang: lang, line: line)
        if stack.count >= options.maxDepth {
            fail(.tooDeep(line: line, limit: options.maxDepth))
            return
        }
        if let parent {
            if entryDepth == 0, let root, isEntry(root, stack.count + 1, ns, name) {
                entryDepth = stack.count + 1
                element.children.reserveCapacity(16)  // entries have a dozen children: grow once, not five times
                element.childOffsets.reserveCapacity(16)
            } else if entryDepth != 0, ns == stack[entryDepth - 1].ns, name == stack[entryDepth - 1].name {
                // An entry opening inside an open entry: the previous one was left unclosed (recovery).
                // Deliver it now and read the new one as its sibling.
                onEntry(stack[entryDepth - 1])
                entryDepth = stack.count + 1
            } else {
                parent.childOffsets.append(parent.text.count)
                parent.children.append(element)
            }
        } else if root == nil {
            root = element
            if let error = onRoot(element) {
                fail(error)
                return
            }
        } else {
            return  // a second document element (libxml2 recovery); ignore
        }
        stack.append(element)
    }

    fileprivate func end() {
        flushText()
        guard let element = stack.popLast() else { return }
        if entryDepth != 0, stack.count + 1 == entryDepth {
            entryDepth = 0
            onEntry(element)
        }
    }

    /// Text arrives in many small pieces (libxml2 reports every entity reference separately); it is
    /// gathered in one scratch buffer and handed to the current element when a child starts or it ends.
    fileprivate func characters(_ ch: UnsafePointer<xmlChar>, _ len: Int) {
        guard len > 0 else { return }
        if len >= 512, pending.count == 0, let current = stack.last, stack.count > 2 || entryDepth != 0 {
            current.text.append(contentsOf: UnsafeBufferPointer(start: ch, count: len))  // big CDATA: one copy
            return
        }
        pending.append(UnsafeBufferPointer(start: ch, count: len))
    }

    /// Moves gathered text into the innermost open element (dropping whitespace between channel-level
    /// elements, which nobody reads).
    private func flushText() {
        guard pending.count > 0 else { return }
        defer { pending.removeAll() }
        guard let current = stack.last else { return }
        if stack.count <= 2, entryDepth == 0, pending.buffer.allSatisfy(ASCII.isSpace) { return }
        current.text.append(contentsOf: pending.buffer)
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
    /// whole parse. A small direct-mapped cache in front of the dictionaries avoids hashing per element.
    @exclusivity(unchecked) private var nameCache = [(UnsafeRawPointer?, String)](repeating: (nil, ""), count: 128)
    @exclusivity(unchecked) private var namespaceCache = [(UnsafeRawPointer?, Namespace)](repeating: (nil, .none), count: 16)

    private func intern(_ p: UnsafePointer<xmlChar>) -> String {
        let key = UnsafeRawPointer(p)
        let slot = Int(truncatingIfNeeded: UInt(bitPattern: key) >> 3) & 127
        if nameCache[slot].0 == key { return nameCache[slot].1 }
        let s = names[key] ?? String(cString: p)
        names[key] = s
        nameCache[slot] = (key, s)
        return s
    }

    private func namespace(_ p: UnsafePointer<xmlChar>) -> Namespace {
        let key = UnsafeRawPointer(p)
        let slot = Int(truncatingIfNeeded: UInt(bitPattern: key) >> 3) & 15
        if namespaceCache[slot].0 == key { return namespaceCache[slot].1 }
        let ns = namespaces[key] ?? Namespace(uri: String(cString: p))
        namespaces[key] = ns
        namespaceCache[slot] = (key, ns)
        return ns
    }

    /// Attribute values may still hold character and predefined entity references in SAX2 mode.
    private static func attributeValue(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        guard raw.contains(0x26) else { return String(decoding: raw, as: UTF8.self) }
        return HTMLEntityDecoder.decode(raw)
    }
}

// MARK: - C callbacks (no captures: the builder travels in the context pointer)

private func builder(_ ctx: UnsafeMutableRawPointer?) -> SAXTreeBuilder {
    Unmanaged<SAXTreeBuilder>.fromOpaque(ctx!).takeUnretainedValue()
}

private let saxStartElement: startElementNsSAX2Func = {
    ctx, localname, prefix, uri, _, _, nbAttributes, _, attributes in
    guard let localname else { return }
    builder(ctx).start(localname: localname, prefix: prefix, uri: uri, attributes: attributes, count: Int(nbAttributes))
}

private let saxEndElement: endElementNsSAX2Func = { ctx, _, _, _ in
    builder(ctx).end()
}

private let saxCharacters: charactersSAXFunc = { ctx, ch, len in
    guard let ch else { return }
    builder(ctx).characters(ch, Int(len))
}

private let saxError: xmlStructuredErrorFunc = { ctx, error in
    guard let ctx, let error else { return }
    builder(ctx).error(error)
}
