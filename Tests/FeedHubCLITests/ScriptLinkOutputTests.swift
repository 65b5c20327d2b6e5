import Foundation
import TestSupport
import Testing

/// Outlets that hide `javascript:`, `vbscript:`, `data:` and `file:` links in every field, fetched, curated and
/// served for real: no such link is stored or reaches any output, and the public page's CSP is sent.
@Suite struct ScriptLinkOutputTests {
    static let article = """
        <!DOCTYPE html><html lang="en"><head><title>Astana International Forum: panel on middle powers</title>
        <meta property="og:title" content="Astana International Forum: panel on middle powers">
        <meta property="og:url" content="  JaVaScRiPt:alert(document.cookie)">
        <link rel="canonical" href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">
        <meta property="og:description" content="Ministers from middle powers met at the Astana International Forum."></head>
        <body><article><p>Ministers from middle powers met at the Astana International Forum.</p></article></body></html>
        """
    static let page = """
        <html><body>
        <article><h3><a href="javascript:alert(1)">Astana International Forum: scraped day one</a></h3><time datetime="2025-05-29">29 May</time><p>The forum opened.</p></article>
        <article><h3><a href="vbscript:msgbox(1)">Astana International Forum: scraped day two</a></h3><time datetime="2025-05-30">30 May</time><p>The forum went on.</p></article>
        </body></html>
        """

    @Test("Script-type links reach no stored field and no output: page, Atom, RSS, JSON Feed, OPML, export, admin pages, API, CLI")
    func noScriptLinkAnywhere() async throws {
        let fixtures = try ["xml", "atom", "json"].map { try Fixture.data("hostile/script-links.\($0)") }
        let article = Data(Self.article.utf8)
        let page = Data(Self.page.utf8)
        let outlet = try LoopbackServer { request in
            switch request.path {
            case "/rss": .response(status: 200, headers: ["Content-Type": "application/rss+xml"], body: fixtures[0])
            case "/atom": .response(status: 200, headers: ["Content-Type": "application/atom+xml"], body: fixtures[1])
            case "/json": .response(status: 200, headers: ["Content-Type": "application/feed+json"], body: fixtures[2])
            case "/news": .response(status: 200, headers: ["Content-Type": "text/html; charset=utf-8"], body: page)
            case "/2025/05/middle-powers": .response(status: 200, headers: ["Content-Type": "text/html; charset=utf-8"], body: article)
            default: .response(status: 404)
            }
        }
        defer { outlet.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-links-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try OfflineExample.write(into: directory) { yaml in
            yaml.replacingOccurrences(
                of: "storage: offline.sqlite\n", with: "storage: offline.sqlite\nfetch: { allow_private_addresses: true }\n")
                    + """
                      - { name: Hostile RSS, url: "\(outlet.url("/rss"))" }
                      - { name: Hostile Atom, url: "\(outlet.url("/atom"))" }
                      - { name: Hostile JSON, url: "\(outlet.url("/json"))" }
                      - name: Hostile page
                        url: "\(outlet.url("/news"))"
                        html: { item: "//article", title: ".//h3", link: ".//h3/a/@href", date: ".//time/@datetime", summary: ".//p" }

                    """
        }
        let fetch = try await CommandRunner.run(["fetch", "--config", path])
        #expect(fetch.status == 0, "\(fetch.stderr)")
        for source in ["Hostile RSS", "Hostile Atom", "Hostile JSON", "Hostile page"] {
            let warned = fetch.stderr.split(separator: "\n").contains { line in
                line.contains("unsafe link dropped") && line.contains("source=\(source)")
            }
            #expect(warned, "a warning names \(source)")
        }
        let token = try await CommandRunner.run(["editors", "add", "Aigerim Seitkali", "--config", path]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let added = try await CommandRunner.run(
            ["items", "add", outlet.url("/2025/05/middle-powers"), "--approve", "--json", "--config", path, "--editor", "Aigerim Seitkali"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains(outlet.url("/2025/05/middle-powers")), "a script canonical falls back to the page's own address")

        var outputs: [(String, String)] = []
        let list = try await CommandRunner.run(["items", "list", "--json", "--config", path])
        #expect(try ScriptLinkScan.offending(json: Data(list.stdout.utf8)).isEmpty)
        let stories = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let hostile = stories.filter { ($0["source"] as? String)?.hasPrefix("Hostile") == true }
        #expect(hostile.count >= 20, "copies of one story across the hostile outlets merge; each is published")
        let statuses = Set(hostile.compactMap { $0["status"] as? String })
        #expect(statuses == ["published"])
        for format in ["atom", "rss", "json", "html"] {
            outputs.append(("export \(format)", try await CommandRunner.run(["export", "--format", format, "--config", path]).stdout))
        }
        for story in stories.prefix(5) {
            let id = try #require(story["id"] as? String)
            let show = try await CommandRunner.run(["items", "show", id, "--json", "--config", path])
            #expect(try ScriptLinkScan.offending(json: Data(show.stdout.utf8)).isEmpty, "items show \(id)")
        }

        let server = try await ServedConfig(path)
        defer { server.stop() }
        let port = server.port
        let home = try await RawHTTP.request(port, "GET", "/").response
        let csp = try #require(home.headers["content-security-policy"], "the public page carries a CSP")
        for directive in ["default-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'self'"] {
            #expect(csp.contains(directive), "\(directive) in \(csp)")
        }
        #expect(!csp.contains("script-src") && !csp.contains("unsafe-eval"), "no script is allowed: \(csp)")
        #expect(home.headers["x-content-type-options"] == "nosniff")
        for path in ["/", "/feed.atom", "/feed.rss", "/feed.json", "/opml", "/?page=2", "/feed.atom?page=2"] {
            let answer = try await RawHTTP.request(port, "GET", path).response
            if path.contains("page=2"), answer.status == 404 { continue }
            #expect(answer.status == 200, "\(path)")
            outputs.append((path, answer.text))
        }
        let atom = try #require(outputs.first { $0.0 == "/feed.atom" }?.1)
        #expect(atom.contains("https://astanatimes.com/2025/05/astana-international-forum-safe-link/"), "safe links stay")
        #expect(atom.contains("Astana International Forum: scraped day one"), "a story whose link was dropped is still published")

        let bearer = ["Authorization": "Bearer \(token)"]
        let apiList = try await RawHTTP.request(port, "GET", "/admin/api/stories?limit=500", headers: bearer).response
        #expect(apiList.status == 200)
        #expect(try ScriptLinkScan.offending(json: Data(apiList.text.utf8)).isEmpty, "API list")
        let session = try await Self.signIn(port, token: token)
        let cookie = ["Cookie": "feedhub_session=\(session)"]
        let queue = try await RawHTTP.request(port, "GET", "/admin?status=published", headers: cookie).response
        #expect(queue.status == 200 && queue.text.contains("Astana International Forum"))
        outputs.append(("/admin", queue.text))
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(apiList.text.utf8)) as? [String: Any])
        let listedStories = try #require(listed["stories"] as? [[String: Any]])
        let numbers = Set(listedStories.compactMap { $0["number"] as? Int })
        #expect(numbers.count >= hostile.count)
        for number in numbers.sorted().prefix(70) {
            let detail = try await RawHTTP.request(port, "GET", "/admin/api/stories/\(number)", headers: bearer).response
            #expect(try ScriptLinkScan.offending(json: Data(detail.text.utf8)).isEmpty, "API story \(number)")
            let page = try await RawHTTP.request(port, "GET", "/admin/stories/\(number)", headers: cookie).response
            #expect(page.status == 200)
            outputs.append(("/admin/stories/\(number)", page.text))
        }
        for (name, text) in outputs {
            let isJSON = name.contains("json")
            let found: [String] = isJSON ? try ScriptLinkScan.offending(json: Data(text.utf8)) : ScriptLinkScan.offending(markup: text)
            #expect(found.isEmpty, "\(name) carries \(found)")
        }

        // What is stored: every link column and every stored HTML fragment, read straight from SQLite.
        let dump = try await ExternalTool.run(
            "/usr/bin/env",
            [
                "python3", "-c",
                """
                import sqlite3, sys, json
                db = sqlite3.connect(sys.argv[1])
                rows = db.execute("SELECT link, canonicalURL, summary, content FROM item").fetchall()
                hostile = db.execute(
                    "SELECT COUNT(*) FROM item JOIN source ON source.id = item.sourceID WHERE source.name LIKE 'Hostile%'").fetchone()[0]
                print(json.dumps({"values": [v for row in rows for v in row if v is not None], "hostile": hostile}))
                """,
                directory.appendingPathComponent("offline.sqlite").path,
            ])
        #expect(dump.status == 0, "\(dump.output)")
        let stored = try #require(try JSONSerialization.jsonObject(with: Data(dump.output.utf8)) as? [String: Any])
        // 20 RSS + 17 Atom + 19 JSON Feed + 2 scraped entries, and the article added by hand (its host is theirs).
        #expect(stored["hostile"] as? Int == 59, "every hostile entry is stored, without its link")
        #expect((stored["values"] as? [String])?.count ?? 0 > 100)
        #expect(try ScriptLinkScan.offending(json: Data(dump.output.utf8)).isEmpty, "stored")
    }

    /// Signs in on the editors' page as a browser does; returns the session cookie's value.
    static func signIn(_ port: Int, token: String) async throws -> String {
        func cookie(_ name: String, _ raw: [UInt8]) -> String? {
            RawHTTP.all("set-cookie", in: raw).first { $0.hasPrefix(name + "=") }.map {
                String($0.dropFirst(name.count + 1).prefix { $0 != ";" })
            }
        }
        let (form, raw) = try await RawHTTP.request(port, "GET", "/admin")
        let login = try #require(cookie("feedhub_login", raw))
        let marker = #"name="csrf" value=""#
        let csrf = String(form.text[try #require(form.text.range(of: marker)).upperBound...].prefix { $0 != "\"" })
        let body = "csrf=\(csrf)&token=\(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
        let (_, answer) = try await RawHTTP.request(
            port, "POST", "/admin/login",
            headers: [
                "Cookie": "feedhub_login=\(login)", "Content-Type": "application/x-www-form-urlencoded",
                "Origin": "http://127.0.0.1:\(port)",
            ], body: body)
        return try #require(cookie("feedhub_session", answer))
    }
}
