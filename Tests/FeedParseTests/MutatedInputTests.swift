import FeedParse
import Foundation
import TestSupport
import Testing

/// Thousands of truncated and byte-mutated corpus files: each must parse or throw a FeedParseError —
/// never crash, hang, or throw anything else.
@Suite struct MutatedInputTests {
    static func sample() -> [URL] {
        var fixtures = Fixture.conformanceFiles().filter { ((try? $0.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0) < 150_000 }
        var rng = SplitMix64(seed: 2025)
        fixtures.shuffle(using: &rng)
        let local = [
            "rss/rss20_astana-times_aif-coverage.xml", "atom/atom10_diplomat_xml-base.xml",
            "jsonfeed/json11_times-of-central-asia.json", "encoding/windows-1251_xml-decl.xml",
            "encoding/utf16le_bom.xml", "html/aif-news-page.html",
        ].map(Fixture.url)
        return local + fixtures.prefix(60)
    }

    @Test("Truncations and byte mutations never crash the parser")
    func mutations() throws {
        let files = Self.sample()
        #expect(files.count >= 30, "the shared conformance corpus is expected at ../shared/conformance")
        var rng = SplitMix64(seed: 4242)
        var parsed = 0
        var refused = 0
        let parsers = [FeedParser(), FeedParser(options: ParseOptions(htmlRules: ScrapeRule(item: "//article", title: ".//h3")))]
        for file in files {
            let original = [UInt8](try Data(contentsOf: file))
            guard original.count > 8 else { continue }
            var variants: [[UInt8]] = []
            for k in 1...12 { variants.append(Array(original.prefix(original.count * k / 13))) }
            for _ in 0..<24 {
                var m = original
                for _ in 0..<Int.random(in: 1...8, using: &rng) {
                    let i = Int.random(in: 0..<m.count, using: &rng)
                    switch Int.random(in: 0..<4, using: &rng) {
                    case 0: m[i] = UInt8.random(in: 0...255, using: &rng)
                    case 1: m.remove(at: i)
                    case 2: m.insert(contentsOf: [0x3C, 0x26, 0x00, 0xFF, 0x5D, 0x5D, 0x3E].shuffled(using: &rng).prefix(3), at: i)
                    default: m.insert(contentsOf: m[i..<min(m.count, i + 40)], at: i)
                    }
                }
                variants.append(m)
            }
            for (k, variant) in variants.enumerated() {
                do {
                    _ = try parsers[k % 2].parse(
                        Data(variant), url: "https://example.org/feed", contentType: k % 3 == 0 ? "text/xml; charset=koi8-r" : nil)
                    parsed += 1
                } catch is FeedParseError {
                    refused += 1
                }
            }
        }
        #expect(parsed + refused > 2000)
        #expect(parsed > refused, "most mutated feeds should still be recovered")
    }
}
