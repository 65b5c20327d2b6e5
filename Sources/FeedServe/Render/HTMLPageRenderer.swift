internal import FeedHub
internal import FeedParse
internal import Foundation

/// Renders the "in the news" page people read: dated cards with the outlet, the title linking to the
/// article, the first paragraph and the other outlets that carried it. Valid HTML5, responsive, no
/// JavaScript, with autodiscovery links for the three feeds. With no story yet it says so and lists each
/// source's last outcome instead of showing a blank page.
public enum HTMLPageRenderer {
    /// The page.
    public static func render(_ snapshot: FeedSnapshot) -> String {
        let feed = snapshot.feed
        let e = XMLText.escape
        var h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<title>\(e(feed.title))</title>\n"
        h +=
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"\(e(feed.title)) (Atom)\" href=\"\(e(snapshot.url("feed.atom")))\">\n"
        h +=
            "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"\(e(feed.title)) (RSS)\" href=\"\(e(snapshot.url("feed.rss")))\">\n"
        h +=
            "<link rel=\"alternate\" type=\"application/feed+json\" title=\"\(e(feed.title)) (JSON Feed)\" href=\"\(e(snapshot.url("feed.json")))\">\n"
        h += "<style>\(style)</style>\n</head>\n<body>\n<main>\n"
        h += "<header><h1>\(e(feed.title))</h1>"
        if let subtitle = feed.subtitle { h += "<p class=\"subtitle\">\(e(subtitle))</p>" }
        h += "<p class=\"subscribe\">Subscribe: <a href=\"\(e(snapshot.url("feed.atom")))\">Atom</a> · "
        h += "<a href=\"\(e(snapshot.url("feed.rss")))\">RSS</a> · <a href=\"\(e(snapshot.url("feed.json")))\">JSON Feed</a></p></header>\n"
        if snapshot.stories.isEmpty {
            h += emptyState(snapshot)
        } else {
            for story in snapshot.stories { h += card(story) }
            h += pager(snapshot)
        }
        h += "</main>\n</body>\n</html>\n"
        return h
    }

    private static func card(_ story: StoryListing) -> String {
        let e = XMLText.escape
        var h = "<article>\n"
        h += "<p class=\"meta\"><time datetime=\"\(XMLText.rfc3339(story.published))\">\(displayDate(story.published))</time>"
        h += " · <span class=\"outlet\">\(e(story.source))</span>\(story.pinned ? " · <strong>Pinned</strong>" : "")</p>\n"
        if let link = SafeLink.web(story.link) {
            h += "<h2><a href=\"\(e(link))\">\(e(story.title))</a></h2>\n"
        } else {
            h += "<h2>\(e(story.title))</h2>\n"
        }
        if let summary = story.summary, !summary.isEmpty { h += "<p>\(e(firstParagraph(summary)))</p>\n" }
        let copies = story.alsoAt.compactMap { copy in SafeLink.web(copy.link).map { (source: copy.source, link: $0) } }
        if !copies.isEmpty {
            h += "<p class=\"also\">Also at: "
            h += copies.map { "<a href=\"\(e($0.link))\">\(e($0.source))</a>" }.joined(separator: ", ")
            h += "</p>\n"
        }
        return h + "</article>\n"
    }

    /// Links to newer and older stories when the stories span several pages.
    private static func pager(_ snapshot: FeedSnapshot) -> String {
        guard snapshot.pageCount > 1 else { return "" }
        var links: [String] = []
        if snapshot.page > 1 {
            links.append("<a rel=\"prev\" href=\"\(XMLText.escape(snapshot.url("", page: snapshot.page - 1)))\">← Newer stories</a>")
        }
        if snapshot.page < snapshot.pageCount {
            links.append("<a rel=\"next\" href=\"\(XMLText.escape(snapshot.url("", page: snapshot.page + 1)))\">Older stories →</a>")
        }
        return "<nav class=\"pager\">\(links.joined(separator: " "))</nav>\n"
    }

    private static func emptyState(_ snapshot: FeedSnapshot) -> String {
        let e = XMLText.escape
        var h = "<section class=\"empty\"><h2>Nothing published yet</h2>\n"
        h += "<p>No story about the subject has been fetched yet. The outlets followed, and how their last fetch went:</p>\n<ul>\n"
        if snapshot.sourceStates.isEmpty {
            for name in snapshot.outlets.keys.sorted() { h += "<li>\(e(name)): not fetched yet</li>\n" }
        }
        for state in snapshot.sourceStates {
            h += "<li>\(e(state.name)): \(e(state.lastOutcome ?? "not fetched yet"))"
            if let message = state.lastMessage { h += " — \(e(message))" }
            h += "</li>\n"
        }
        return h + "</ul></section>\n"
    }

    /// `29 May 2025`, in UTC, locale-independent.
    static func displayDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
            "December",
        ]
        return "\(c.day ?? 1) \(months[(c.month ?? 1) - 1]) \(c.year ?? 1970)"
    }

    /// The summary up to its first paragraph break, at most about 400 characters.
    static func firstParagraph(_ text: String) -> String {
        let first = text.components(separatedBy: "\n\n").first ?? text
        guard first.count > 420 else { return first }
        let cut = first.prefix(400)
        return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + "…"
    }

    private static let style = """
        body{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;background:#f6f6f4}\
        main{max-width:46rem;margin:0 auto;padding:1.5rem 1rem 3rem}\
        header h1{font-size:1.9rem;margin:.2rem 0}.subtitle{color:#555;margin:.2rem 0}.subscribe{font-size:.9rem}\
        article{background:#fff;border-radius:10px;padding:1rem 1.2rem;margin:1rem 0;box-shadow:0 1px 3px rgba(0,0,0,.08)}\
        article h2{font-size:1.2rem;line-height:1.3;margin:.3rem 0 .5rem}a{color:#0b57a4}\
        .meta,.also{font-size:.85rem;color:#666;margin:0}.outlet{font-weight:600;color:#333}\
        .pager{display:flex;justify-content:space-between;gap:1rem;margin:1.5rem 0}\
        @media (max-width:480px){body{font-size:16px}header h1{font-size:1.5rem}article{padding:.8rem .9rem}}
        """
}
