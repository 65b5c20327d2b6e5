import FeedParse

/// The short human summary `feedhub parse` prints per file.
enum ParseSummary {
    static func render(_ feed: ParsedFeed, file: String) -> String {
        var lines = ["\(file): \(feed.format.rawValue), charset \(feed.charset)"]
        lines.append("  title: \(feed.title ?? "(none)")")
        if let link = feed.link { lines.append("  link: \(link)") }
        let synthesized = feed.entries.filter(\.idIsSynthesized).count
        lines.append("  items: \(feed.entries.count)" + (synthesized > 0 ? " (\(synthesized) without an id of their own)" : ""))
        for entry in feed.entries.prefix(5) {
            let date = entry.published.map(DateParser.rfc3339) ?? "no date"
            lines.append("    - [\(date)] \(entry.title ?? "(untitled)")")
        }
        if feed.entries.count > 5 { lines.append("    … \(feed.entries.count - 5) more") }
        if !feed.diagnostics.isEmpty {
            lines.append("  warnings: \(feed.diagnostics.count)")
            for d in feed.diagnostics.prefix(5) { lines.append("    ! \(d)") }
        }
        return lines.joined(separator: "\n")
    }
}
