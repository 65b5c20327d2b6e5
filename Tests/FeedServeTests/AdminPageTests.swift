import FeedHub
import FeedServe
import Foundation
import TestSupport
import Testing

/// The editors' page on a real port, spoken to as a browser does: login form, cookies, CSRF tokens.
@Suite struct AdminPageTests {
    /// The value of cookie `name` set by `raw`'s response, with its attributes.
    static func setCookie(_ name: String, in raw: [UInt8]) -> (value: String, attributes: String)? {
        for header in RawHTTP.all("set-cookie", in: raw) where header.hasPrefix(name + "=") {
            let value = header.dropFirst(name.count + 1).prefix { $0 != ";" }
            return (String(value), header)
        }
        return nil
    }

    /// The hidden `csrf` field of the first form in `html`.
    static func csrf(_ html: String) throws -> String {
        let marker = #"name="csrf" value=""#
        let start = try #require(html.range(of: marker)).upperBound
        return String(html[start...].prefix { $0 != "\"" })
    }

    static func form(_ fields: [String: String]) -> String {
        fields.sorted { $0.key < $1.key }.map { key, value in
            key + "=" + (value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        }.joined(separator: "&")
    }

    /// Signs in with `token` as a browser does; returns the session cookie.
    static func signIn(_ port: Int, token: String) async throws -> String {
        let (page, raw) = try await RawHTTP.request(port, "GET", "/admin")
        let login = try #require(setCookie("feedhub_login", in: raw)).value
        let (answer, rawAnswer) = try await RawHTTP.request(
            port, "POST", "/admin/login",
            headers: [
                "Cookie": "feedhub_login=\(login)", "Content-Type": "application/x-www-form-urlencoded",
                "Origin": "http://127.0.0.1:\(port)",
            ], body: form(["csrf": try csrf(page.text), "token": token]))
        #expect(answer.status == 303)
        return try #require(setCookie("feedhub_session", in: rawAnswer)).value
    }

    @Test("Without a session only the login form shows; signing in sets a Secure HttpOnly SameSite cookie; forms need the CSRF token")
    func loginAndCSRF() async throws {
        try await FeedServerTests.withServer(settings: AdminAPITests.review) { port, publisher in
            let store = publisher.store
            let token = try await store.addEditor(named: "alice")
            let pending = try await #require(try store.stories(status: .pending).first)

            let (page, raw) = try await RawHTTP.request(port, "GET", "/admin")
            #expect(page.status == 200)
            let head = try await RawHTTP.request(port, "HEAD", "/admin").response
            #expect(head.status == 200 && head.body.isEmpty && Int(head.headers["content-length"] ?? "") ?? 0 > 0)
            #expect(page.text.contains(#"action="/admin/login""#))
            #expect(!page.text.contains(pending.title), "no story is shown before signing in")
            #expect(page.headers["content-security-policy"]?.contains("default-src 'none'") == true)
            let login = try #require(Self.setCookie("feedhub_login", in: raw))
            #expect(
                login.attributes.contains("HttpOnly") && login.attributes.contains("Secure") && login.attributes.contains("SameSite=Strict")
            )
            #expect(try await RawHTTP.request(port, "GET", "/admin/stories/\(pending.number)").response.status == 401)

            let formHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
            var answer = try await RawHTTP.request(
                port, "POST", "/admin/login", headers: formHeaders.merging(["Cookie": "feedhub_login=\(login.value)"]) { a, _ in a },
                body: Self.form(["token": token])
            ).response
            #expect(answer.status == 403, "the login form without its CSRF token is refused")
            answer = try await RawHTTP.request(
                port, "POST", "/admin/login", headers: formHeaders.merging(["Cookie": "feedhub_login=\(login.value)"]) { a, _ in a },
                body: Self.form(["csrf": login.value, "token": "fh_not-a-token"])
            ).response
            #expect(answer.status == 401)
            #expect(answer.text.contains("That token is not valid."))

            let (signedIn, rawSignedIn) = try await RawHTTP.request(
                port, "POST", "/admin/login", headers: formHeaders.merging(["Cookie": "feedhub_login=\(login.value)"]) { a, _ in a },
                body: Self.form(["csrf": login.value, "token": token]))
            #expect(signedIn.status == 303)
            #expect(signedIn.headers["location"] == "/admin")
            let session = try #require(Self.setCookie("feedhub_session", in: rawSignedIn))
            for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/admin"] { #expect(session.attributes.contains(attribute)) }

            let queue = try await RawHTTP.request(port, "GET", "/admin", headers: ["Cookie": "feedhub_session=\(session.value)"]).response
            #expect(queue.text.contains("Signed in as alice"))
            #expect(queue.text.contains(XMLEscape.text(pending.title)))
            #expect(queue.text.contains(XMLEscape.text(pending.rule)), "the queue shows the rule that matched")
            let csrf = try Self.csrf(queue.text)

            let approve = "/admin/stories/\(pending.number)/approve"
            let cookie = ["Cookie": "feedhub_session=\(session.value)"].merging(formHeaders) { a, _ in a }
            answer = try await RawHTTP.request(port, "POST", approve, headers: cookie, body: Self.form(["return": "/admin"])).response
            #expect(answer.status == 403, "no CSRF token: refused")
            answer = try await RawHTTP.request(
                port, "POST", approve, headers: cookie, body: Self.form(["csrf": "forged", "return": "/admin"])
            )
            .response
            #expect(answer.status == 403, "a wrong CSRF token: refused")
            answer = try await RawHTTP.request(
                port, "POST", approve, headers: cookie.merging(["Origin": "https://evil.example"]) { a, _ in a },
                body: Self.form(["csrf": csrf, "return": "/admin"])
            ).response
            #expect(answer.status == 403, "a form posted from another site: refused")
            await #expect(try store.detail(pending.number).story.status == .pending)

            answer = try await RawHTTP.request(
                port, "POST", approve, headers: cookie, body: Self.form(["csrf": csrf, "return": "https://evil.example/"])
            ).response
            #expect(answer.status == 303)
            #expect(answer.headers["location"]?.hasPrefix("/admin?done=") == true, "never redirected off-site")
            await #expect(try store.detail(pending.number).story.status == .published)
            #expect(try await RawHTTP.request(port, "GET", "/feed.atom").response.text.contains(pending.id))

            answer = try await RawHTTP.request(port, "POST", "/admin/logout", headers: cookie, body: Self.form(["csrf": csrf])).response
            #expect(answer.status == 303)
            let after = try await RawHTTP.request(port, "GET", "/admin", headers: ["Cookie": "feedhub_session=\(session.value)"]).response
            #expect(after.text.contains("Your session has ended"), "a signed-out cookie no longer works")
        }
    }

    @Test("An expired session cookie shows the login form; failed logins are rate limited with Retry-After")
    func expiryAndRateLimit() async throws {
        try await FeedServerTests.withServer(settings: AdminAPITests.review) { port, publisher in
            let store = publisher.store
            let token = try await store.addEditor(named: "alice")
            let expired = try await store.openSession(editor: "alice", lifetime: .seconds(60), at: Date().addingTimeInterval(-120))
            let (page, raw) = try await RawHTTP.request(port, "GET", "/admin", headers: ["Cookie": "feedhub_session=\(expired)"])
            #expect(page.status == 200)
            #expect(page.text.contains("Your session has ended; sign in again."))
            #expect(Self.setCookie("feedhub_session", in: raw)?.attributes.contains("Max-Age=0") == true, "the stale cookie is cleared")
            let pending = try await #require(try store.stories(status: .pending).first)
            let post = try await RawHTTP.request(
                port, "POST", "/admin/stories/\(pending.number)/approve", headers: ["Cookie": "feedhub_session=\(expired)"], body: "csrf=x"
            ).response
            #expect(post.status == 401)
            await #expect(try store.detail(pending.number).story.status == .pending)

            let login = try #require(Self.setCookie("feedhub_login", in: raw)).value
            let headers = ["Cookie": "feedhub_login=\(login)", "Content-Type": "application/x-www-form-urlencoded"]
            for _ in 0..<5 {
                let answer = try await RawHTTP.request(
                    port, "POST", "/admin/login", headers: headers, body: Self.form(["csrf": login, "token": "fh_guess"])
                ).response
                #expect(answer.status == 401)
            }
            let limited = try await RawHTTP.request(
                port, "POST", "/admin/login", headers: headers, body: Self.form(["csrf": login, "token": token])
            ).response
            #expect(limited.status == 429, "after 5 failures even the right token waits")
            #expect(Int(limited.headers["retry-after"] ?? "") ?? 0 > 60)
        }
    }

    @Test("Behind a trusted proxy failed sign-ins count per forwarded client; without one X-Forwarded-For is ignored")
    func trustedProxies() async throws {
        func failures(_ port: Int, from client: String, times: Int) async throws -> [Int] {
            var statuses: [Int] = []
            for _ in 0..<times {
                statuses.append(
                    try await RawHTTP.request(
                        port, "GET", "/admin/api/stories",
                        headers: ["Authorization": "Bearer fh_guess", "X-Forwarded-For": "10.1.1.1, \(client)"]
                    ).response.status)
            }
            return statuses
        }
        try await FeedServerTests.withServer(settings: "server: { trusted_proxies: [127.0.0.1, \"::1\"] }\n") { port, _ in
            let got203011376 = try await failures(port, from: "203.0.113.7", times: 6)
            #expect(got203011376 == [401, 401, 401, 401, 401, 429])
            let got1985110091 = try await failures(port, from: "198.51.100.9", times: 1)
            #expect(got1985110091 == [401], "another client behind the proxy is not locked out")
        }
        try await FeedServerTests.withServer { port, _ in
            let got203011375 = try await failures(port, from: "203.0.113.7", times: 5)
            #expect(got203011375 == [401, 401, 401, 401, 401])
            let got1985110091 = try await failures(port, from: "198.51.100.9", times: 1)
            #expect(got1985110091 == [429], "a forged X-Forwarded-For does not escape the limit")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedhub-proxy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try OfflineExample.write(into: directory) { $0 + "server: { trusted_proxies: [proxy.local] }\n" }
        #expect(throws: ConfigError.self) { try ConfigLoader.load(path: path) }
    }

    @Test("A form posted from the published site's origin (behind a proxy) is accepted; a null Origin is not")
    func publishedOrigin() async throws {
        try await FeedServerTests.withServer(settings: AdminAPITests.review) { port, publisher in
            let token = try await publisher.store.addEditor(named: "alice")
            let session = try await Self.signIn(port, token: token)
            let cookie = ["Cookie": "feedhub_session=\(session)", "Content-Type": "application/x-www-form-urlencoded"]
            let queue = try await RawHTTP.request(port, "GET", "/admin", headers: cookie).response.text
            let csrf = try Self.csrf(queue)
            let stories = try await publisher.store.stories(status: .pending)
            let detail = try await RawHTTP.request(port, "GET", "/admin/stories/\(stories[0].number)", headers: cookie).response.text
            #expect(detail.contains(#"action="/admin/stories/\#(stories[0].number)/approve""#), "a story's page can approve it too")
            var answer = try await RawHTTP.request(
                port, "POST", "/admin/stories/\(stories[0].number)/pin", headers: cookie.merging(["Origin": "null"]) { a, _ in a },
                body: Self.form(["csrf": csrf])
            ).response
            #expect(answer.status == 403)
            answer = try await RawHTTP.request(
                port, "POST", "/admin/stories/\(stories[0].number)/pin",
                headers: cookie.merging(["Origin": "https://astanaforum.org"]) { a, _ in a }, body: Self.form(["csrf": csrf])
            ).response
            #expect(answer.status == 303, "feed.url is https://astanaforum.org/ in the offline example")
        }
    }

    @Test("A long queue is shown 50 stories at a time, with Older and Newer links that keep the filter")
    func queuePages() async throws {
        try await FeedServerTests.withServer(extraItems: 60, settings: AdminAPITests.review) { port, publisher in
            let token = try await publisher.store.addEditor(named: "alice")
            let total = try await publisher.store.stories(status: .pending).count
            #expect(total > 50)
            let cookie = ["Cookie": "feedhub_session=\(try await Self.signIn(port, token: token))"]
            let first = try await RawHTTP.request(port, "GET", "/admin?status=pending", headers: cookie).response.text
            #expect(first.components(separatedBy: "<article class=\"story").count - 1 == 50)
            #expect(first.contains("stories 1–50</p>"))
            let older = try #require(first.range(of: #"rel="next" href=""#)).upperBound
            let next = String(first[older...].prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&")
            #expect(next == "/admin?status=pending&source=&q=&offset=50")
            let second = try await RawHTTP.request(port, "GET", next, headers: cookie).response.text
            #expect(second.components(separatedBy: "<article class=\"story").count - 1 == total - 50)
            #expect(second.contains("stories 51–\(total) of \(total)</p>"))
            #expect(second.contains(#"rel="prev""#) && !second.contains(#"rel="next""#))
        }
    }

    @Test("Edits made on the page are escaped on the page, in the history and in every feed")
    func injectionIsEscaped() async throws {
        try await FeedServerTests.withServer(settings: AdminAPITests.review) { port, publisher in
            let store = publisher.store
            let token = try await store.addEditor(named: "alice")
            let story = try await #require(try store.stories(status: .pending).first)
            let session = try await Self.signIn(port, token: token)
            let cookie = ["Cookie": "feedhub_session=\(session)", "Content-Type": "application/x-www-form-urlencoded"]
            let detailPath = "/admin/stories/\(story.number)"
            let detail = try await RawHTTP.request(port, "GET", detailPath, headers: cookie).response
            let csrf = try Self.csrf(detail.text)
            let hostile = #"<img src=x onerror="alert(1)"><script>alert('x')</script>"#
            for (action, fields) in [
                ("edit", ["title": hostile, "summary": hostile]), ("approve", [:]), ("reject", ["reason": hostile]), ("pending", [:]),
                ("approve", [:]),
            ] {
                let answer = try await RawHTTP.request(
                    port, "POST", "\(detailPath)/\(action)", headers: cookie,
                    body: Self.form(fields.merging(["csrf": csrf, "return": detailPath]) { a, _ in a })
                ).response
                #expect(answer.status == 303, "\(action): \(answer.text)")
            }
            let pages = [
                try await RawHTTP.request(port, "GET", detailPath, headers: cookie).response.text,
                try await RawHTTP.request(port, "GET", "/admin?status=published", headers: cookie).response.text,
            ]
            for page in pages {
                #expect(page.contains("&lt;script&gt;alert(") && !page.contains("<script>alert") && !page.contains("<img src=x"))
            }
            #expect(pages[0].contains("<td>reject</td>"), "the history is on the page")
            for document in ["/feed.atom", "/feed.rss", "/"] {
                let text = try await RawHTTP.request(port, "GET", document).response.text
                #expect(text.contains("&lt;script&gt;alert("), "\(document) carries the edited title, escaped")
                #expect(!text.contains("<script>alert") && !text.contains("<img src=x"), "\(document)")
            }
        }
    }
}

/// Escaping as the page does it (the test's expectation of how a title appears in HTML).
enum XMLEscape {
    static func text(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;"
        )
        .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
