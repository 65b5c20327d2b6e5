public import FeedParse
public import Foundation

/// Adds an article no feed carried: fetches the page (with the fetcher's limits and address policy),
/// reads its own metadata (Open Graph, JSON-LD, `<title>`) and stores it as a pending story for an
/// editor to confirm (approve) or correct (edit).
public struct StoryAdder: Sendable {
    let configuration: HubConfiguration
    let store: any FeedStorage
    let fetcher: CurlFetcher

    /// Creates an adder.
    public init(configuration: HubConfiguration, store: any FeedStorage, fetcher: CurlFetcher = CurlFetcher()) {
        self.configuration = configuration
        self.store = store
        self.fetcher = fetcher
    }

    /// Fetches `url` and reads what the page says about itself, storing nothing.
    /// - Throws: ``CurationError/invalid(field:message:)`` for a URL that is not http(s),
    ///   ``CurationError/unreadablePage(url:message:)`` when it cannot be fetched or has no title.
    public func preview(_ url: String) async throws -> PageMetadata {
        let trimmed = url.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let parsed = URL(string: trimmed), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
            throw CurationError.invalid(field: "url", message: "'\(url.prefix(200))' is not an http or https address")
        }
        let response: FetchResponse
        do {
            response = try await fetcher.fetch(configuration.fetchRequest(trimmed))
        } catch let error as FetchError {
            throw CurationError.unreadablePage(url: trimmed, message: error.description)
        }
        guard (200...299).contains(response.status) else {
            throw CurationError.unreadablePage(url: trimmed, message: "HTTP \(response.status)")
        }
        var page: PageMetadata
        do {
            page = try FeedParser().pageMetadata(response.body, url: response.finalURL, contentType: response.contentType)
        } catch {
            throw CurationError.unreadablePage(url: trimmed, message: "\(error)")
        }
        guard page.title != nil else {
            throw CurationError.unreadablePage(url: trimmed, message: "the page has no title (no og:title, JSON-LD headline or <title>)")
        }
        if page.url == nil { page.url = response.finalURL }
        return page
    }

    /// Fetches `url`, reads its metadata and stores it as a pending story, with an `add` audit line.
    /// - Returns: the new story.
    /// - Throws: as ``preview(_:)``; ``CurationError/alreadyStored(url:story:)`` when a story already has
    ///   this article (also a rejected one); ``CurationError/unknownEditor(_:)``.
    public func add(_ url: String, editor: String, at date: Date = Date()) async throws -> StoryDetail {
        if let canonical = URLCanonicalizer.canonical(url), let existing = try await store.story(withCanonicalURL: canonical) {
            throw CurationError.alreadyStored(url: url, story: existing)
        }
        let page = try await preview(url)
        let link = SafeLink.web(page.url) ?? url
        let canonical = URLCanonicalizer.canonical(link)
        let title = page.title ?? link
        let item = IncomingItem(
            identity: canonical.map { "url:" + $0 } ?? "url:" + link, guid: nil, link: link, canonicalURL: canonical, title: title,
            summary: page.summary, content: nil, author: page.author, published: page.published ?? date, updated: page.modified,
            fingerprint: TextFingerprint(title: title, text: page.summary ?? ""),
            decision: RelevanceDecision(relevant: true, rule: "added by hand by \(editor)"))
        let source = sourceName(for: link, page: page)
        let feedID = configuration.feed.id
        return try await store.addStory(item, source: source, editor: editor, feedID: feedID, at: date)
    }

    /// The configured outlet at the article's host, else the page's site name, else its host.
    func sourceName(for link: String, page: PageMetadata) -> String {
        func host(_ url: String) -> String? {
            URL(string: url)?.host?.lowercased().replacingOccurrences(of: "www.", with: "", options: .anchored)
        }
        let articleHost = host(link)
        if let match = configuration.sources.first(where: { source in
            articleHost != nil && [source.url, source.baseURL].compactMap { $0 }.contains { host($0) == articleHost }
        }) {
            return match.name
        }
        return page.siteName ?? articleHost ?? "Added by hand"
    }
}
