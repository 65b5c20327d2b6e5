import FeedParse
import Foundation

/// libFuzzer entry point: every input must parse or fail with a FeedParseError, never crash or hang, and
/// what it parses to must hold ``OutputProperty``.
/// The first byte picks a content type, so the HTTP-charset path is fuzzed too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Data(bytes: start, count: count)
    let contentTypes: [String?] = [nil, "text/xml; charset=windows-1251", "application/rss+xml", "text/html; charset=koi8-r"]
    let type = count > 0 ? contentTypes[Int(bytes[bytes.startIndex]) % contentTypes.count] : nil
    var options = ParseOptions(maxDocumentBytes: 1 << 20)
    if count > 1, bytes[bytes.startIndex + 1] & 1 == 1 {
        options.htmlRules = ScrapeRule(item: "//article", title: ".//h3", link: ".//a/@href", date: ".//time/@datetime", summary: ".//p")
    }
    do {
        let feed = try FeedParser(options: options).parse(bytes, url: "https://example.org/feed/", contentType: type)
        _ = feed.normalizedJSON()
        OutputProperty.check(feed)
    } catch is FeedParseError {
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return 0
}

/// libFuzzer's driver, for executables that bring their own `main` (SwiftPM renames an executable
/// module's `main`, so libFuzzer's own cannot be used).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafeRawPointer, Int) -> CInt
) -> CInt

@_cdecl("FeedParseFuzzer_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data, size) }
}
