import ArgumentParser
import FeedParse
import Foundation

/// `feedhub parse FILE...`: parse feed files and print a summary, the normalised JSON, or timings.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse feed files (RSS, Atom, JSON Feed, or HTML with --html-rules) and report what they hold."
    )

    @Argument(help: "Feed files to parse.")
    var files: [String]

    @Flag(help: "Print the normalised JSON object (one file).")
    var json = false

    @Option(help: "The document's URL: relative links resolve against it.")
    var url: String?

    @Option(name: .customLong("content-type"), help: "An HTTP Content-Type, e.g. 'text/xml; charset=windows-1251'.")
    var contentType: String?

    @Option(name: .customLong("html-rules"), help: "A YAML file with XPath rules (item, title, link, date, summary).")
    var htmlRules: String?

    @Option(name: .customLong("repeat"), help: "Parse each file N times (with --timing).")
    var repetitions: Int = 1

    @Flag(help: "Print one JSON line per file: reps, items, parse_s, peak_rss_bytes.")
    var timing = false

    func validate() throws {
        if json, files.count != 1 { throw ValidationError("--json takes exactly one FILE") }
        if repetitions < 1 { throw ValidationError("--repeat must be at least 1") }
    }

    func run() throws {
        var options = ParseOptions()
        if let htmlRules { options.htmlRules = try ScrapeRuleFile.load(htmlRules) }
        let parser = FeedParser(options: options)
        var failed = false
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                ErrorReporter.report("\(file): cannot read the file (missing or unreadable)")
                failed = true
                continue
            }
            do {
                if timing {
                    print(
                        try ParseTimer.measure(
                            parser: parser, data: data, file: file, url: url, contentType: contentType, reps: repetitions))
                } else {
                    let feed = try parser.parse(data, url: url, contentType: contentType)
                    print(json ? feed.normalizedJSON() : ParseSummary.render(feed, file: file))
                }
            } catch {
                ErrorReporter.report("\(file): \(error)")
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}
