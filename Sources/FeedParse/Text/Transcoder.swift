import Glibc

/// Converts a document to UTF-8 with iconv, once, before parsing.
///
/// Bytes that are invalid in the source charset are replaced by U+FFFD and counted; transcoding never
/// fails half-way.
struct Transcoder {
    /// The UTF-8 bytes and how many invalid input sequences were replaced.
    struct Output {
        var bytes: [UInt8]
        var replaced: Int
    }

    /// Transcodes `input` from `charset` (a canonical name from ``CharsetResolver``) to UTF-8.
    /// - Throws: ``FeedParseError/unsupportedCharset(_:)`` when iconv does not know the charset.
    static func toUTF8(_ input: UnsafeBufferPointer<UInt8>, from charset: String) throws(FeedParseError) -> Output {
        let sourceName = charset == "utf-16" ? "UTF-16BE" : charset == "utf-32" ? "UTF-32BE" : charset.uppercased()
        let cd = iconv_open("UTF-8", sourceName)
        if cd == iconv_t(bitPattern: -1) { throw .unsupportedCharset(charset) }
        defer { iconv_close(cd) }
        let unit = charset.hasPrefix("utf-32") ? 4 : charset.hasPrefix("utf-16") ? 2 : 1
        var out = [UInt8](repeating: 0, count: input.count * (unit == 1 ? 3 : 2) + 16)
        var replaced = 0
        guard let inBase = input.baseAddress else { return Output(bytes: [], replaced: 0) }
        var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(
            mutating: UnsafeRawPointer(inBase).assumingMemoryBound(to: CChar.self))
        var inLeft = input.count
        var written = 0
        out.withUnsafeMutableBufferPointer { buf in
            var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(buf.baseAddress!).assumingMemoryBound(to: CChar.self)
            var outLeft = buf.count
            while inLeft > 0 {
                let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                if r != -1 { break }
                let err = errno
                if err == EILSEQ || err == EINVAL {
                    // Skip one code unit and emit U+FFFD.
                    let skip = min(unit, inLeft)
                    inPtr = inPtr.map { $0 + skip }
                    inLeft -= skip
                    replaced += 1
                    if outLeft >= 3 {
                        outPtr![0] = CChar(bitPattern: 0xEF)
                        outPtr![1] = CChar(bitPattern: 0xBF)
                        outPtr![2] = CChar(bitPattern: 0xBD)
                        outPtr = outPtr! + 3
                        outLeft -= 3
                    }
                } else {
                    break  // E2BIG cannot happen with the sizing above; stop rather than loop.
                }
            }
            written = buf.count - outLeft
        }
        out.removeSubrange(written...)
        return Output(bytes: out, replaced: replaced)
    }
}
