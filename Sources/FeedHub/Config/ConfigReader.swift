internal import FeedParse
internal import Foundation
internal import Yams

/// Walks the composed YAML of feeds.yml, checking each key against what it may hold.
struct ConfigReader {
    let file: String

    func fail(_ node: Node?, _ path: String, _ message: String) -> ConfigError {
        .invalid(file: file, line: node?.mark?.line ?? 1, keyPath: path, message: message)
    }

    // MARK: - Top level

    func configuration(_ root: Node) throws -> HubConfiguration {
        let top = try mapping(
            root, "(document)", keys: ["feed", "server", "storage", "fetch", "relevance", "curation", "websub", "sources"])
        let feed = try feedSettings(required(top, "feed", in: root, path: ""), "feed")
        var listen = ListenAddress(host: "127.0.0.1", port: 8080)
        var trustedProxies: [String] = []
        if let server = top["server"] {
            let map = try mapping(server, "server", keys: ["listen", "trusted_proxies"])
            if let node = map["listen"] { listen = try listenAddress(node, "server.listen") }
            if let node = map["trusted_proxies"] {
                trustedProxies = try stringList(node, "server.trusted_proxies")
                if let bad = trustedProxies.first(where: { !Self.isIPAddress($0) }) {
                    throw fail(
                        node, "server.trusted_proxies", "'\(bad)' is not an IP address (list the proxies' addresses, such as 127.0.0.1)")
                }
            }
        }
        let storage = try top["storage"].map { try string($0, "storage") } ?? "feedhub.sqlite"
        let base = URL(fileURLWithPath: file).deletingLastPathComponent()
        let storagePath = storage.hasPrefix("/") ? storage : base.appendingPathComponent(storage).standardizedFileURL.path
        let fetch = try fetchSettings(top["fetch"])
        let relevance = try top["relevance"].map { try rules($0, "relevance") } ?? RelevanceRules(include: [])
        let curation = try top["curation"].map { try choice($0, "curation", as: CurationMode.self) } ?? .auto
        let sources = try sourceList(required(top, "sources", in: root, path: ""))
        var websubHub: String?
        if let node = top["websub"] {
            let map = try mapping(node, "websub", keys: ["hub"])
            websubHub = try url(required(map, "hub", in: node, path: "websub"), "websub.hub", schemes: ["http", "https"])
        }
        if relevance.include.isEmpty, let source = sources.first(where: { $0.relevance == .global }) {
            throw fail(
                root, "relevance.include",
                "no include phrases, yet source '\(source.name)' uses the global rules: every item would be off-topic")
        }
        var configuration = HubConfiguration(
            file: file, feed: feed, listen: listen, storagePath: storagePath, fetch: fetch, relevance: relevance,
            curation: curation, websubHub: websubHub, sources: sources)
        configuration.trustedProxies = trustedProxies
        return configuration
    }

    private func feedSettings(_ node: Node, _ path: String) throws -> FeedSettings {
        let map = try mapping(node, path, keys: ["title", "subtitle", "id", "url", "author", "max_entries"])
        let id = try string(required(map, "id", in: node, path: path), "\(path).id")
        guard id.contains(":"), !id.contains(" ") else {
            throw fail(map["id"], "\(path).id", "'\(id)' is not a URI (use a tag: URI such as tag:example.org,2025:news)")
        }
        let maxEntries = try map["max_entries"].map { try int($0, "\(path).max_entries", range: 1...10_000) } ?? 100
        return FeedSettings(
            title: try string(required(map, "title", in: node, path: path), "\(path).title"),
            subtitle: try map["subtitle"].map { try string($0, "\(path).subtitle") },
            id: id,
            url: try url(required(map, "url", in: node, path: path), "\(path).url", schemes: ["http", "https"]),
            author: try map["author"].map { try string($0, "\(path).author") },
            maxEntries: maxEntries)
    }

    /// Whether `text` is an IPv4 or IPv6 address.
    static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    private func listenAddress(_ node: Node, _ path: String) throws -> ListenAddress {
        let value = try string(node, path)
        guard let colon = value.lastIndex(of: ":"), let port = Int(value[value.index(after: colon)...]), (0...65535).contains(port) else {
            throw fail(node, path, "'\(value)' is not host:port (such as 127.0.0.1:8080)")
        }
        var host = String(value[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return ListenAddress(host: host.isEmpty ? "0.0.0.0" : host, port: port)
    }

    private func fetchSettings(_ node: Node?) throws -> FetchSettings {
        var settings = FetchSettings(
            interval: .seconds(1800), timeout: .seconds(20), maxBytes: 10 << 20, concurrency: 16, allowPrivateAddresses: false)
        guard let node else { return settings }
        let map = try mapping(node, "fetch", keys: ["interval", "timeout", "max_bytes", "concurrency", "allow_private_addresses"])
        if let n = map["interval"] { settings.interval = try duration(n, "fetch.interval") }
        if let n = map["timeout"] { settings.timeout = try duration(n, "fetch.timeout") }
        if let n = map["max_bytes"] { settings.maxBytes = try size(n, "fetch.max_bytes") }
        if let n = map["concurrency"] { settings.concurrency = try int(n, "fetch.concurrency", range: 1...256) }
        if let n = map["allow_private_addresses"] { settings.allowPrivateAddresses = try bool(n, "fetch.allow_private_addresses") }
        return settings
    }

    // MARK: - Sources

    private func sourceList(_ node: Node) throws -> [SourceConfig] {
        guard case .sequence(let sequence) = node else { throw fail(node, "sources", "expected a list of sources") }
        guard !sequence.isEmpty else { throw fail(node, "sources", "the list is empty: add at least one source") }
        var seen: [String: Int] = [:]
        var sources: [SourceConfig] = []
        for (index, item) in sequence.enumerated() {
            let source = try self.source(item, "sources[\(index)]")
            let key = source.name.lowercased()
            if let first = seen[key] {
                throw fail(item, "sources[\(index)].name", "duplicate source name '\(source.name)' (also sources[\(first)])")
            }
            seen[key] = index
            sources.append(source)
        }
        return sources
    }

    private func source(_ node: Node, _ path: String) throws -> SourceConfig {
        let map = try mapping(node, path, keys: ["name", "url", "relevance", "html", "identity", "base_url"])
        let name = try string(required(map, "name", in: node, path: path), "\(path).name")
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail(map["name"], "\(path).name", "is empty") }
        var relevance = SourceRelevance.global
        if let n = map["relevance"] {
            if case .scalar(let s) = n {
                guard s.string == "all" else {
                    throw fail(n, "\(path).relevance", "'\(s.string)' is not 'all' or a mapping with include/exclude")
                }
                relevance = .all
            } else {
                relevance = .rules(try rules(n, "\(path).relevance"))
            }
        }
        let identity = try map["identity"].map { try choice($0, "\(path).identity", as: IdentityMode.self) } ?? .guid
        return SourceConfig(
            name: name,
            url: try sourceURL(required(map, "url", in: node, path: path), "\(path).url"),
            relevance: relevance,
            html: try map["html"].map { try scrapeRule($0, "\(path).html") },
            identity: identity,
            baseURL: try map["base_url"].map { try url($0, "\(path).base_url", schemes: ["http", "https"]) })
    }

    /// An http(s) URL, or a `file:` URL; a relative `file:snapshots/x.xml` is read next to the config file.
    private func sourceURL(_ node: Node, _ path: String) throws -> String {
        let text = try string(node, path).trimmingCharacters(in: .whitespaces)
        if text.lowercased().hasPrefix("file:") {
            var rest = String(text.dropFirst(5))
            if rest.hasPrefix("//") { rest = String(rest.dropFirst(2)) }
            guard !rest.isEmpty, let decoded = rest.removingPercentEncoding else { throw fail(node, path, "'\(text)' names no file") }
            let base = URL(fileURLWithPath: file).deletingLastPathComponent()
            let resolved = decoded.hasPrefix("/") ? URL(fileURLWithPath: decoded) : base.appendingPathComponent(decoded)
            return resolved.standardizedFileURL.absoluteString
        }
        return try url(node, path, schemes: ["http", "https"])
    }

    private func scrapeRule(_ node: Node, _ path: String) throws -> ScrapeRule {
        let map = try mapping(node, path, keys: ["item", "title", "link", "date", "summary"])
        func field(_ key: String) throws -> String? { try map[key].map { try string($0, "\(path).\(key)") } }
        return ScrapeRule(
            item: try string(required(map, "item", in: node, path: path), "\(path).item"),
            title: try field("title"), link: try field("link"), date: try field("date"), summary: try field("summary"))
    }

    func rules(_ node: Node, _ path: String) throws -> RelevanceRules {
        let map = try mapping(node, path, keys: ["include", "exclude"])
        return RelevanceRules(
            include: try map["include"].map { try phrases($0, "\(path).include") } ?? [],
            exclude: try map["exclude"].map { try phrases($0, "\(path).exclude") } ?? [])
    }

    private func phrases(_ node: Node, _ path: String) throws -> [Phrase] {
        guard case .sequence(let sequence) = node else { throw fail(node, path, "expected a list of phrases") }
        return try sequence.enumerated().map { index, item in
            let here = "\(path)[\(index)]"
            if case .mapping = item {
                let map = try mapping(item, here, keys: ["phrase", "near", "within"])
                let text = try nonEmptyPhrase(required(map, "phrase", in: item, path: here), "\(here).phrase")
                let near = try map["near"].map { try stringList($0, "\(here).near") } ?? []
                let within = try map["within"].map { try int($0, "\(here).within", range: 1...1000) } ?? 30
                return Phrase(text, near: near, within: within)
            }
            return Phrase(try nonEmptyPhrase(item, here))
        }
    }

    private func nonEmptyPhrase(_ node: Node, _ path: String) throws -> String {
        let text = try string(node, path)
        guard text.contains(where: { $0.isLetter || $0.isNumber }) else { throw fail(node, path, "'\(text)' has no letters or digits") }
        return text
    }
}
