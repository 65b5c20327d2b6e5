import FeedParse
import Foundation
import Yams

/// Loads `--html-rules rules.yml` (the keys of a source's `html:` block in feeds.yml).
enum ScrapeRuleFile {
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    static func load(_ path: String) throws -> ScrapeRule {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw LoadError(description: "\(path): cannot read the HTML rules file")
        }
        let node: Any?
        do {
            node = try Yams.load(yaml: text)
        } catch {
            throw LoadError(description: "\(path): invalid YAML: \(error)")
        }
        guard let map = node as? [String: Any] else {
            throw LoadError(description: "\(path): expected a mapping with keys item, title, link, date, summary")
        }
        let known: Set<String> = ["item", "title", "link", "date", "summary"]
        if let unknown = map.keys.first(where: { !known.contains($0) }) {
            throw LoadError(description: "\(path): unknown key '\(unknown)' (expected item, title, link, date, summary)")
        }
        guard let item = map["item"] as? String else {
            throw LoadError(description: "\(path): 'item' (an XPath selecting one node per entry) is required")
        }
        return ScrapeRule(
            item: item, title: map["title"] as? String, link: map["link"] as? String,
            date: map["date"] as? String, summary: map["summary"] as? String)
    }
}
