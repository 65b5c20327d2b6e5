import FeedParse
import Foundation
import TestSupport
import Testing

@Suite struct ConcurrencyTests {
    @Test("Parsing from many tasks at once gives the same results as parsing alone")
    func concurrent() async throws {
        let files = [
            "rss/rss20_astana-times_aif-coverage.xml", "atom/atom10_diplomat_xml-base.xml", "encoding/koi8r_xml-decl.xml",
            "jsonfeed/json11_times-of-central-asia.json",
        ]
        let inputs = try files.map { try Fixture.data($0) }
        let expected = try inputs.map { try FeedParser().parse($0, url: "https://example.org/").normalizedJSON() }
        let results = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for round in 0..<64 {
                let k = round % inputs.count
                let data = inputs[k]
                group.addTask { (k, try FeedParser().parse(data, url: "https://example.org/").normalizedJSON()) }
            }
            return try await group.reduce(into: [(Int, String)]()) { $0.append($1) }
        }
        #expect(results.count == 64)
        for (k, json) in results { #expect(json == expected[k]) }
    }
}
