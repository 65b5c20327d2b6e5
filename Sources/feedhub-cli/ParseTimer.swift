import FeedParse
import Foundation

/// Times repeated parses of one file held in memory, like `xmllint --repeat --timing`.
enum ParseTimer {
    /// Parses `data` `reps` times and returns one JSON line: file, reps, items, parse_s, peak_rss_bytes.
    /// Every parse is the full one `--json` does (text decoded, dates parsed, links resolved, content
    /// sanitized); entries are streamed and counted rather than collected.
    static func measure(parser: FeedParser, data: Data, file: String, url: String?, contentType: String?, reps: Int) throws
        -> String
    {
        var items = 0
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<reps {
            var count = 0
            _ = try parser.stream(data, url: url, contentType: contentType) { entry in
                count += 1
                withExtendedLifetime(entry) {}
            }
            items = count
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var w = [String]()
        w.append("\"file\": \(jsonString(file))")
        w.append("\"reps\": \(reps)")
        w.append("\"items\": \(items)")
        w.append("\"parse_s\": \(String(format: "%.6f", seconds))")
        w.append("\"peak_rss_bytes\": \(ProcessStats.peakResidentBytes())")
        return "{" + w.joined(separator: ", ") + "}"
    }

    private static func jsonString(_ s: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}

/// Process statistics read from `/proc`.
enum ProcessStats {
    /// The peak resident set size (VmHWM) in bytes, or 0 when unavailable.
    static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kb * 1024
        }
        return 0
    }
}
