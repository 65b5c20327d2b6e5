public import FeedParse
public import Foundation

/// Turns a parsed entry into an ``IncomingItem``: identity per the source's `identity:`, plain-text fields
/// for relevance, the fingerprint for near-duplicate detection.
public struct ItemBuilder: Sendable {
    let identity: IdentityMode
    let matcher: RelevanceMatcher

    /// Creates a builder for one source.
    public init(source: SourceConfig, global: RelevanceRules) {
        identity = source.identity
        matcher = RelevanceMatcher(source: source.relevance, global: global)
    }

    /// The item for `entry`, first seen at `now`.
    public func item(_ entry: ParsedEntry, now: Date) -> IncomingItem {
        // The one check at ingest: only a web address is ever stored as a link (FeedParse drops the others
        // with a diagnostic; this holds for any entry, however it was made).
        let link = SafeLink.web(entry.link)
        let canonical = link.flatMap(URLCanonicalizer.canonical)
        let title = entry.title?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        // FeedParse's summary is plain text already (read as HTML again, "the <code> tag" lost its tag
        // and "&amp;" became "&"); the body comes as plain text from FeedParse too.
        let summaryText = entry.summary ?? ""
        let bodyText = entry.contentText ?? ""
        let displayTitle = title.isEmpty ? String(summaryText.prefix(120)) : title
        let published = entry.published ?? entry.updated ?? now
        let titleWords = WordIndex(displayTitle)
        let summaryWords = WordIndex(summaryText)
        let bodyWords = WordIndex(bodyText)
        // The fingerprint reads the full text, or the summary when there is none (a summary is its start).
        let textWords = bodyWords.count > 0 ? bodyWords : summaryWords
        let key: String
        switch identity {
        case .guid:
            key = (!entry.idIsSynthesized ? entry.id : nil).map { "id:" + $0 } ?? canonical.map { "url:" + $0 } ?? "h:" + entry.stableID
        case .link:
            key = canonical.map { "url:" + $0 } ?? "h:" + entry.stableID
        case .linkDate:
            let day = entry.published.map { DateParser.rfc3339($0) } ?? "undated"
            key = (canonical.map { "url:" + $0 } ?? "h:" + entry.stableID) + "|" + day
        }
        return IncomingItem(
            identity: key, guid: entry.id, link: link, canonicalURL: canonical, title: displayTitle,
            summary: entry.summary, content: entry.content, author: entry.authors.first?.name ?? nil, published: published,
            updated: entry.updated, fingerprint: TextFingerprint(title: titleWords, text: textWords),
            decision: matcher.decide(title: titleWords, summary: summaryWords, text: bodyWords), categories: entry.categories)
    }
}
