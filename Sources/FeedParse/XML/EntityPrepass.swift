/// Rewrites entity references before the bytes reach libxml2, so libxml2 never sees a DTD.
///
/// - The document type declaration is blanked out (its newlines kept, so line numbers stay right).
///   Internal general entities declared in it are expanded here, under a byte budget: billion laughs and
///   quadratic blowup fail fast with ``FeedParseError/entityExpansionRefused(entity:line:limit:)``.
///   External entities (XXE) are never read: their references become empty text, with a diagnostic.
/// - HTML named references that feeds use without declaring (`&nbsp;`, `&eacute;`) become numeric
///   references; unknown names become literal text (`&amp;name;`); a bare `&` becomes `&amp;`.
/// - Numeric references to 128–159 are read as windows-1252, as HTML5 does (`&#146;` is `’`).
///
/// - A text run carrying escaped markup (`&lt;p&gt;…`, typical of `<content type="html">` and RSS
///   descriptions) becomes one CDATA section with its references decoded: libxml2 then reads it in one
///   pass instead of one callback per reference (see ``cdataRun(at:)``).
///
/// CDATA sections, comments and processing instructions are copied untouched. The output is streamed:
/// unchanged spans of the input go to the sink as they are, rewritten ones through a small staging
/// buffer, so memory does not grow with the document.
struct EntityPrepass {
    /// Receives the rewritten document in order; returns `false` to stop the pass.
    typealias Sink = (UnsafeBufferPointer<UInt8>) -> Bool

    private let input: UnsafeBufferPointer<UInt8>
    private let limit: Int
    private let sink: Sink
    private var out: [UInt8] = []  // staging buffer for rewritten bytes
    private var copied = 0  // input before this offset has been emitted
    private var stopped = false
    private var lastLT = -1  // offset of the last '<' of a tag (not comment, CDATA or PI)
    private var plainTextUntil = -1  // a text run found unfit for CDATA ends here
    private var declared: [String: Declared] = [:]
    private var expanded: [String: [UInt8]] = [:]
    private var expansionTotal = 0
    private var lastTagStart = 0  // where the name of the last start tag begins
    private(set) var diagnostics: [ParseDiagnostic] = []

    private enum Declared {
        case internalValue([UInt8])
        case external(String)
    }

    /// Runs the prepass, handing the rewritten document to `sink` piece by piece.
    /// - Returns: the diagnostics (DTD ignored, external entities not loaded).
    /// - Throws: ``FeedParseError/entityExpansionRefused(entity:line:limit:)``; the sink may have received
    ///   part of the document by then.
    static func run(_ input: UnsafeBufferPointer<UInt8>, expansionLimit: Int, sink: Sink) throws(FeedParseError)
        -> [ParseDiagnostic]
    {
        try withoutActuallyEscaping(sink) { sink throws(FeedParseError) in
            var pass = EntityPrepass(input: input, limit: expansionLimit, sink: sink)
            try pass.scan()
            return pass.diagnostics
        }
    }

    /// Runs the prepass and collects the whole output (for tests and small documents).
    static func rewrite(_ input: UnsafeBufferPointer<UInt8>, expansionLimit: Int) throws(FeedParseError) -> [UInt8] {
        var all: [UInt8] = []
        _ = try run(input, expansionLimit: expansionLimit) { piece in
            all.append(contentsOf: piece)
            return true
        }
        return all
    }

    private init(input: UnsafeBufferPointer<UInt8>, limit: Int, sink: @escaping Sink) {
        self.input = input
        self.limit = limit
        self.sink = sink
        out.reserveCapacity(Self.stagingSize + 4096)
    }

    // MARK: - Output

    private static let stagingSize = 128 * 1024
    private static let directSpan = 16 * 1024  // unchanged spans at least this long bypass the staging buffer

    /// Emits the input up to `offset` (unchanged).
    private mutating func emitInput(upTo offset: Int) {
        guard offset > copied else { return }
        let span = UnsafeBufferPointer(rebasing: input[copied..<offset])
        copied = offset
        if span.count >= Self.directSpan {
            flush()
            if !stopped { stopped = !sink(span) }
        } else {
            out.append(contentsOf: span)
            if out.count >= Self.stagingSize { flush() }
        }
    }

    private mutating func flush() {
        guard !out.isEmpty else { return }
        if !stopped { stopped = out.withUnsafeBufferPointer { !sink($0) } }
        out.removeAll(keepingCapacity: true)
    }

    private mutating func replace(_ range: Range<Int>, with bytes: some Collection<UInt8>) {
        emitInput(upTo: range.lowerBound)
        out.append(contentsOf: bytes)
        copied = range.upperBound
    }

    private mutating func finish() {
        emitInput(upTo: input.count)
        flush()
    }

    private func line(at offset: Int) -> Int {
        var n = 1
        for i in 0..<min(offset, input.count) where input[i] == 0x0A { n += 1 }
        return n
    }

    // MARK: - Scanning

    private mutating func scan() throws(FeedParseError) {
        let p = input
        let n = p.count
        var i = 0
        var seenRoot = false
        var nextTag = ByteSearch.index(of: 0x3C, in: p, from: 0)
        var nextAmp = ByteSearch.index(of: 0x26, in: p, from: 0)
        while i < n, !stopped {
            // Jump (with memchr) to the next '<' or '&': nothing else needs looking at.
            if nextTag < i { nextTag = ByteSearch.index(of: 0x3C, in: p, from: i) }
            if nextAmp < i { nextAmp = ByteSearch.index(of: 0x26, in: p, from: i) }
            i = min(nextTag, nextAmp)
            guard i < n else { break }
            let b = p[i]
            if b == 0x3C {  // <
                if i + 1 < n, p[i + 1] == 0x21 {  // <!
                    if ByteSearch.hasPrefixCaseInsensitive("<!--", in: p, at: i) {
                        i = (ByteSearch.find(ByteSearch.commentEnd, in: p, from: i + 4, to: n) ?? (n - 3)) + 3
                        continue
                    }
                    if ByteSearch.hasPrefixCaseInsensitive("<![CDATA[", in: p, at: i) {
                        i = (ByteSearch.find(ByteSearch.cdataEnd, in: p, from: i + 9, to: n) ?? (n - 3)) + 3
                        continue
                    }
                    if !seenRoot, ByteSearch.hasPrefixCaseInsensitive("<!DOCTYPE", in: p, at: i) {
                        i = doctype(at: i)
                        continue
                    }
                } else if i + 1 < n, p[i + 1] == 0x3F {  // <? … ?>; an unterminated one does not hide what follows
                    i = ByteSearch.find(ByteSearch.piEnd, in: p, from: i + 2, to: n).map { $0 + 2 } ?? (i + 2)
                    continue
                } else {
                    seenRoot = true
                    lastLT = i
                    if i + 1 < n, p[i + 1] != 0x2F { lastTagStart = i + 1 }
                }
                i += 1
            } else if b == 0x26 {  // &
                if i > plainTextUntil, seenRoot, let end = cdataRun(at: i, runEnd: nextTag) {
                    i = end
                    continue
                }
                i = try reference(at: i)
            } else {
                i += 1
            }
        }
        finish()
    }

    /// Handles the reference starting at `start` (`&`), returns where scanning resumes.
    private mutating func reference(at start: Int) throws(FeedParseError) -> Int {
        let p = input
        let n = p.count
        var j = start + 1
        if j < n, p[j] == 0x23 {  // &#
            let (value, digitsStart, digitsEnd) = numericReference(after: j + 1, limit: n)
            j = digitsEnd
            guard j > digitsStart else {
                replace(start..<(start + 1), with: "&amp;".utf8)
                return start + 1
            }
            let end = (j < n && p[j] == 0x3B) ? j + 1 : j
            if value >= 0x80, value <= 0x9F {
                replace(start..<end, with: Array("&#\(Windows1252.scalar(for: UInt8(value)));".utf8))
            } else if value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) || !isXMLChar(value) {
                replace(start..<end, with: Array("&#xFFFD;".utf8))
            } else if end == j {
                replace(start..<end, with: Array("&#\(value);".utf8))  // missing ';'
            }
            return end
        }
        let nameStart = j
        while j < n, j - nameStart <= 64, isNameByte(p[j]) { j += 1 }
        guard j > nameStart, j < n, p[j] == 0x3B else {
            return unterminatedReference(at: start)
        }
        let nameBytes = UnsafeBufferPointer(rebasing: p[nameStart..<j])
        let end = j + 1
        if isPredefined(nameBytes) { return end }
        let name = String(decoding: nameBytes, as: UTF8.self)
        if declared[name] != nil {
            let value = try expand(name, line: line(at: start), depth: 0)
            replace(start..<end, with: value)
        } else if let scalar = HTMLEntities.scalar(named: nameBytes) {
            replace(start..<end, with: Array("&#\(scalar);".utf8))
        } else {
            replace(start..<(start + 1), with: "&amp;".utf8)
        }
        return end
    }

    /// Rewrites the text from the `&lt;` at `start` up to `runEnd` (the next `<`) as one CDATA section with
    /// its references decoded, when that reads the same: the `&` must be in element text (not inside a
    /// tag), every reference in the run must be complete and plain (predefined, numeric, or an HTML name
    /// not declared by the document), and the decoded text must not contain `]]>` or a `&#13;`.
    /// - Returns: where scanning resumes, or `nil` (nothing emitted) when the run is left to ``reference(at:)``.
    private mutating func cdataRun(at start: Int, runEnd: Int) -> Int? {
        let p = input
        guard start + 4 <= runEnd, p[start + 1] == 0x6C, p[start + 2] == 0x74, p[start + 3] == 0x3B, lastLT >= 0  // &lt;
        else { return nil }
        let tagEnd = skipQuoted(from: lastLT + 1, stopAtSubset: false)
        guard tagEnd < start else {
            plainTextUntil = tagEnd  // inside an attribute value: leave the rest of the tag alone
            return nil
        }
        emitInput(upTo: start)
        let mark = out.count
        out.append(contentsOf: Self.cdataOpen)
        var i = start
        while i < runEnd {
            let amp = ByteSearch.index(of: 0x26, in: p, from: i, to: runEnd)
            if amp > i { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<amp])) }
            guard amp < runEnd else { break }
            guard let next = appendDecodedReference(at: amp, runEnd: runEnd) else {
                out.removeSubrange(mark...)
                plainTextUntil = runEnd
                return nil
            }
            i = next
        }
        let body = out.withUnsafeBufferPointer { ByteSearch.find(ByteSearch.cdataEnd, in: $0, from: mark, to: $0.count) }
        guard body == nil else {
            out.removeSubrange(mark...)
            plainTextUntil = runEnd
            return nil
        }
        out.append(contentsOf: ByteSearch.cdataEnd)
        copied = runEnd
        if out.count >= Self.stagingSize { flush() }
        return runEnd
    }

    private static let cdataOpen: [UInt8] = Array("<![CDATA[".utf8)

    /// Reads the digits of a numeric reference whose `&#` ends before `offset` (`x` for hex included).
    /// - Returns: the value, and where the digits start and end (equal when there are none).
    private func numericReference(after offset: Int, limit: Int) -> (value: UInt32, digitsStart: Int, digitsEnd: Int) {
        let p = input
        var j = offset
        let hex = j < limit && (p[j] | 0x20) == 0x78
        if hex { j += 1 }
        var value: UInt32 = 0
        let digitsStart = j
        while j < limit, j - digitsStart < 8 {
            let d = p[j]
            if ASCII.isDigit(d) {
                value = value &* (hex ? 16 : 10) &+ UInt32(d - 0x30)
            } else if hex, (d | 0x20) >= 0x61, (d | 0x20) <= 0x66 {
                value = value &* 16 &+ UInt32((d | 0x20) - 0x61 + 10)
            } else {
                break
            }
            j += 1
        }
        return (value, digitsStart, j)
    }

    /// Appends the character a complete, plain reference at `start` stands for; `nil` when it is anything
    /// else (see ``cdataRun(at:runEnd:)``).
    private mutating func appendDecodedReference(at start: Int, runEnd: Int) -> Int? {
        let p = input
        // The escaped markup of a content run is nearly all &lt; &gt; &amp; &quot;: read those directly.
        if start + 3 < runEnd {
            let a = p[start + 1]
            let b = p[start + 2]
            if b == 0x74, p[start + 3] == 0x3B, a == 0x6C || a == 0x67 {  // &lt; &gt;
                out.append(a == 0x6C ? 0x3C : 0x3E)
                return start + 4
            }
            if start + 4 < runEnd, a == 0x61, b == 0x6D, p[start + 3] == 0x70, p[start + 4] == 0x3B {  // &amp;
                out.append(0x26)
                return start + 5
            }
            if start + 5 < runEnd, a == 0x71, b == 0x75, p[start + 3] == 0x6F, p[start + 4] == 0x74, p[start + 5] == 0x3B {  // &quot;
                out.append(0x22)
                return start + 6
            }
        }
        var j = start + 1
        if j < runEnd, p[j] == 0x23 {  // &#
            let digits = numericReference(after: j + 1, limit: runEnd)
            var value = digits.value
            j = digits.digitsEnd
            guard j > digits.digitsStart, j < runEnd, p[j] == 0x3B, value != 0x0D else { return nil }
            if value >= 0x80, value <= 0x9F {
                value = Windows1252.scalar(for: UInt8(value))
            } else if value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) || !isXMLChar(value) {
                value = 0xFFFD
            }
            UTF8Validator.appendScalar(value, to: &out)
            return j + 1
        }
        let nameStart = j
        while j < runEnd, j - nameStart <= 64, isNameByte(p[j]) { j += 1 }
        guard j > nameStart, j < runEnd, p[j] == 0x3B else { return nil }
        let name = UnsafeBufferPointer(rebasing: p[nameStart..<j])
        if isPredefined(name) {
            out.append(UInt8(predefinedScalar(name)))
        } else if let scalar = HTMLEntities.scalar(named: name), declared.isEmpty {
            UTF8Validator.appendScalar(scalar, to: &out)
        } else {
            return nil
        }
        return j + 1
    }

    /// `&name` without `;`, read as feedparser and feedparser-rs do: a known HTML name is decoded
    /// (`&copy 2025`); an unknown one followed by punctuation becomes the text `&name;` (`?a=1&utm_medium`
    /// gives `&utm;_medium`); before whitespace or at the end it stays as written (`AT&T Inc`).
    private mutating func unterminatedReference(at start: Int) -> Int {
        let p = input
        let n = p.count
        var k = start + 1
        guard k < n, ASCII.isAlpha(p[k]) else {
            replace(start..<(start + 1), with: "&amp;".utf8)  // bare ampersand
            return start + 1
        }
        while k < n, k - start <= 32, ASCII.isAlnum(p[k]) || p[k] == 0x2E || p[k] == 0x2D { k += 1 }
        let nameBytes = UnsafeBufferPointer(rebasing: p[(start + 1)..<k])
        if isPredefined(nameBytes) || HTMLEntities.scalar(named: nameBytes) != nil {
            let scalar = HTMLEntities.scalar(named: nameBytes) ?? predefinedScalar(nameBytes)
            replace(start..<k, with: Array("&#\(scalar);".utf8))
        } else if k < n, !ASCII.isSpace(p[k]), p[k] != 0x3C, insideIDElement() {
            replace(start..<k, with: Array("&amp;".utf8) + Array(nameBytes) + [0x3B])
        } else {
            replace(start..<(start + 1), with: "&amp;".utf8)
        }
        return k
    }

    /// Whether the last start tag is a `guid` or `id` (any prefix): only there do the oracles' readings of
    /// `&name` matter for identity, and links elsewhere must keep their query strings intact.
    private func insideIDElement() -> Bool {
        let p = input
        var k = lastTagStart
        var nameStart = k
        while k < p.count, ASCII.isAlnum(p[k]) || p[k] == 0x3A || p[k] == 0x5F || p[k] == 0x2D {
            if p[k] == 0x3A { nameStart = k + 1 }
            k += 1
        }
        let name = UnsafeBufferPointer(rebasing: p[nameStart..<k])
        return (name.count == 4 && ByteSearch.hasPrefixCaseInsensitive("guid", in: p, at: nameStart))
            || (name.count == 2 && ByteSearch.hasPrefixCaseInsensitive("id", in: p, at: nameStart))
    }

    private func predefinedScalar(_ name: UnsafeBufferPointer<UInt8>) -> UInt32 {
        switch String(decoding: name, as: UTF8.self) {
        case "lt": 0x3C
        case "gt": 0x3E
        case "quot": 0x22
        case "apos": 0x27
        default: 0x26
        }
    }

    private func isPredefined(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        switch name.count {
        case 2: return (name[0] == 0x6C || name[0] == 0x67) && name[1] == 0x74  // lt gt
        case 3: return name[0] == 0x61 && name[1] == 0x6D && name[2] == 0x70  // amp
        case 4:
            return (name[0] == 0x71 && name[1] == 0x75 && name[2] == 0x6F && name[3] == 0x74)  // quot
                || (name[0] == 0x61 && name[1] == 0x70 && name[2] == 0x6F && name[3] == 0x73)  // apos
        default: return false
        }
    }

    @inline(__always) private func isNameByte(_ b: UInt8) -> Bool {
        ASCII.isAlnum(b) || b == 0x5F || b == 0x2D || b == 0x2E || b == 0x3A || b >= 0x80
    }

    private func isXMLChar(_ v: UInt32) -> Bool {
        v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v != 0xFFFE && v != 0xFFFF)
    }

    // MARK: - DTD

    /// Reads a `<!DOCTYPE …>` starting at `start`: records entity declarations and blanks the
    /// declaration out (keeping its newlines). Returns the offset after it.
    private mutating func doctype(at start: Int) -> Int {
        let p = input
        let n = p.count
        var i = skipQuoted(from: start + 9, stopAtSubset: true)
        while i < n, p[i] == 0x5B {  // [ internal subset
            i = skipQuoted(from: internalSubset(from: i + 1), stopAtSubset: true)
        }
        let end = min(i + 1, n)
        let newlines = UnsafeBufferPointer(rebasing: p[start..<min(end, n)]).filter { $0 == 0x0A }
        replace(start..<min(end, n), with: newlines)
        diagnostics.append(ParseDiagnostic(.entity, "document type declaration ignored (DTDs are never loaded)", line: line(at: start)))
        return min(end, n)
    }

    /// The offset of the next `>` (or `[` when `stopAtSubset`) outside quotes, or the end of the input.
    private func skipQuoted(from start: Int, stopAtSubset: Bool) -> Int {
        let p = input
        var i = start
        var quote: UInt8 = 0
        while i < p.count {
            let b = p[i]
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == 0x22 || b == 0x27 {
                quote = b
            } else if b == 0x3E || (stopAtSubset && b == 0x5B) {
                return i
            }
            i += 1
        }
        return p.count
    }

    /// Parses declarations up to the closing `]`; returns the offset after it.
    private mutating func internalSubset(from start: Int) -> Int {
        let p = input
        let n = p.count
        var i = start
        while i < n {
            if p[i] == 0x5D { return i + 1 }
            if ByteSearch.hasPrefixCaseInsensitive("<!--", in: p, at: i) {
                i = (ByteSearch.find(ByteSearch.commentEnd, in: p, from: i + 4, to: n) ?? (n - 3)) + 3
                continue
            }
            if ByteSearch.hasPrefixCaseInsensitive("<!ENTITY", in: p, at: i) {
                i = entityDeclaration(from: i + 8)
                continue
            }
            if p[i] == 0x3C {  // other declaration: skip to '>' outside quotes
                i = skipQuoted(from: i + 1, stopAtSubset: false)
            }
            i += 1
        }
        return n
    }

    private mutating func entityDeclaration(from start: Int) -> Int {
        let p = input
        let n = p.count
        var i = start
        func skipSpace() { while i < n, ASCII.isSpace(p[i]) { i += 1 } }
        skipSpace()
        var parameter = false
        if i < n, p[i] == 0x25 {  // %
            parameter = true
            i += 1
            skipSpace()
        }
        let nameStart = i
        while i < n, isNameByte(p[i]) { i += 1 }
        let name = String(decoding: UnsafeBufferPointer(rebasing: p[nameStart..<i]), as: UTF8.self)
        skipSpace()
        var external: String?
        if ByteSearch.hasPrefixCaseInsensitive("SYSTEM", in: p, at: i) || ByteSearch.hasPrefixCaseInsensitive("PUBLIC", in: p, at: i) {
            external = ""
            i += 6
            skipSpace()
        }
        var literals: [[UInt8]] = []
        while i < n, p[i] != 0x3E {
            let b = p[i]
            if b == 0x22 || b == 0x27 {
                let close = (i + 1..<n).first { p[$0] == b } ?? n
                literals.append(Array(UnsafeBufferPointer(rebasing: p[(i + 1)..<close])))
                i = close + 1
            } else {
                i += 1
            }
        }
        if !parameter, !name.isEmpty, declared[name] == nil {
            if external != nil {
                declared[name] = .external(String(decoding: literals.last ?? [], as: UTF8.self))
            } else if let value = literals.first {
                declared[name] = .internalValue(value)
            }
        }
        return i + 1
    }

    /// The replacement text of a declared entity, with nested references expanded under the budget.
    private mutating func expand(_ name: String, line: Int, depth: Int) throws(FeedParseError) -> [UInt8] {
        if let done = expanded[name] {
            try charge(done.count, name, line)
            return done
        }
        guard depth < 16, let decl = declared[name] else {
            throw .entityExpansionRefused(entity: name, line: line, limit: limit)
        }
        switch decl {
        case .external(let system):
            diagnostics.append(ParseDiagnostic(.entity, "external entity '\(name)' (\(system)) not loaded", line: line))
            return []
        case .internalValue(let raw):
            var result: [UInt8] = []
            var i = 0
            while i < raw.count {
                if raw[i] == 0x26, let semi = raw[i...].prefix(66).firstIndex(of: 0x3B), raw[i + 1] != 0x23 {
                    let inner = String(decoding: raw[(i + 1)..<semi], as: UTF8.self)
                    if declared[inner] != nil {
                        if inner == name { throw .entityExpansionRefused(entity: name, line: line, limit: limit) }
                        let value = try expand(inner, line: line, depth: depth + 1)
                        result.append(contentsOf: value)
                        if result.count > limit { throw .entityExpansionRefused(entity: name, line: line, limit: limit) }
                        i = semi + 1
                        continue
                    }
                }
                result.append(raw[i])
                i += 1
            }
            expanded[name] = result
            try charge(result.count, name, line)
            return result
        }
    }

    private mutating func charge(_ bytes: Int, _ name: String, _ line: Int) throws(FeedParseError) {
        expansionTotal += bytes
        if expansionTotal > limit { throw .entityExpansionRefused(entity: name, line: line, limit: limit) }
    }
}
