import FeedHub
import FeedServe
import Foundation
import TestSupport
import Testing

/// The admin JSON API on a real port: every operation, every error status, and the feeds seeing each
/// decision at once.
@Suite struct AdminAPITests {
    static let review = "curation: review\nfetch: { allow_private_addresses: true, timeout: 5s }\n"

    /// A server in review mode with editor "alice"; `body` gets the port, the store and alice's token.
    static func withAdmin(_ body: (Int, any FeedStorage, String) async throws -> Void) async throws {
        try await FeedServerTests.withServer(settings: review) { port, publisher in
            let token = try await publisher.store.addEditor(named: "alice")
            try await body(port, publisher.store, token)
        }
    }

    static func api(
        _ port: Int, _ method: String, _ path: String, token: String?, body: String = "", headers: [String: String] = [:]
    ) async throws -> RawHTTP.Response {
        var headers = headers
        if let token { headers["Authorization"] = "Bearer \(token)" }
        if !body.isEmpty { headers["Content-Type"] = "application/json" }
        return try await RawHTTP.request(port, method, "/admin/api" + path, headers: headers, body: body).response
    }

    static func json(_ response: RawHTTP.Response) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any], "not a JSON object: \(response.text)")
    }

    static func get(_ port: Int, _ path: String) async throws -> String {
        try await RawHTTP.request(port, "GET", path).response.text
    }

    @Test("Every operation over the API, and each decision is in the feeds when the response arrives")
    func operations() async throws {
        try await Self.withAdmin { port, store, token in
            let list = try Self.json(
                try await Self.api(port, "GET", "/stories?status=pending&q=%D1%84%D0%BE%D1%80%D1%83%D0%BC", token: token))
            let pending = try #require(list["stories"] as? [[String: Any]])
            #expect(!pending.isEmpty && pending.allSatisfy { $0["status"] as? String == "pending" })
            #expect(
                pending.allSatisfy { (($0["title"] as? String ?? "") + ($0["summary"] as? String ?? "")).lowercased().contains("форум") })
            #expect(!(try await Self.get(port, "/feed.atom")).contains("<entry>"), "review mode: nothing published yet")

            let stories = try await store.stories(status: .pending)
            var paged: [String] = []
            var offset: Int? = 0
            while let next = offset, paged.count < 100 {
                let page = try Self.json(try await Self.api(port, "GET", "/stories?status=pending&limit=3&offset=\(next)", token: token))
                let numbers = try #require(page["stories"] as? [[String: Any]]).compactMap { $0["id"] as? String }
                #expect(numbers.count <= 3)
                paged += numbers
                offset = page["next_offset"] as? Int
                #expect(page.keys.contains("next_offset"), "null on the last page, never absent")
            }
            #expect(paged == stories.map(\.id), "pages of 3 add up to the whole queue, in order, once each")
            let first = try #require(stories.first { $0.source == "Kazinform (Russian)" })
            let second = try #require(stories.first { $0.number != first.number && $0.source == "The Diplomat" })
            let detail = try Self.json(try await Self.api(port, "GET", "/stories/\(first.number)", token: token))
            #expect((detail["story"] as? [String: Any])?["rule"] as? String == first.rule)

            var response = try await Self.api(port, "POST", "/stories/\(first.number)/approve", token: token)
            #expect(response.status == 200)
            #expect(try await Self.get(port, "/feed.atom").contains(first.id), "approved: in the feed at once")

            let hostile = #"<script>alert("x")</script> & <b>AIF</b>"#
            let edit = try JSONSerialization.data(withJSONObject: ["title": hostile, "summary": "Plain summary."])
            response = try await Self.api(
                port, "PATCH", "/stories/\(first.number)", token: token, body: String(decoding: edit, as: UTF8.self))
            #expect(response.status == 200)
            let atom = try await Self.get(port, "/feed.atom")
            #expect(atom.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;AIF&lt;/b&gt;"))
            for document in ["/feed.atom", "/feed.rss", "/"] {
                #expect(!(try await Self.get(port, document)).contains("<script>alert"), "\(document) escapes an edited title")
            }
            let feedJSON = try #require(
                try JSONSerialization.jsonObject(with: Data(try await Self.get(port, "/feed.json").utf8)) as? [String: Any])
            #expect(
                (feedJSON["items"] as? [[String: Any]])?.contains { $0["title"] as? String == hostile } == true,
                "JSON Feed keeps it as text")

            #expect(try await Self.api(port, "POST", "/stories/\(first.number)/pin", token: token).status == 200)
            #expect(try await Self.api(port, "POST", "/stories/\(first.number)/unpin", token: token).status == 200)
            response = try await Self.api(port, "POST", "/stories/\(first.number)/reject", token: token, body: #"{"reason":"wrong forum"}"#)
            #expect(response.status == 200)
            let withdrawn = try await Self.get(port, "/feed.atom")
            #expect(withdrawn.contains(#"<at:deleted-entry ref="\#(first.id)""#), "a published story rejected leaves a tombstone")
            #expect(!withdrawn.contains("<entry>"))
            #expect(try await Self.api(port, "POST", "/stories/\(first.number)/pending", token: token).status == 200)

            response = try await Self.api(
                port, "POST", "/stories/\(second.number)/merge", token: token, body: "{\"into\": \(first.number)}")
            #expect(response.status == 200)
            #expect((try Self.json(response)["merged_into"] as? Int) == Int(first.number))
            response = try await Self.api(port, "POST", "/stories/\(first.number)/split", token: token)
            #expect(response.status == 200)
            await #expect(try store.detail(second.number).mergedInto == nil)

            let history = try #require(
                try Self.json(try await Self.api(port, "GET", "/stories/\(first.number)/history", token: token))["history"]
                    as? [[String: Any]])
            #expect(history.map { $0["action"] as? String } == ["approve", "edit", "pin", "unpin", "reject", "pending", "merge", "split"])
            #expect(history.allSatisfy { $0["editor"] as? String == "alice" })
            #expect(history[4]["reason"] as? String == "wrong forum")

            let openapi = try await Self.api(port, "GET", "/openapi.json", token: token)
            #expect(openapi.status == 200)
            let shipped = try Data(contentsOf: Fixture.root.appendingPathComponent("docs/admin-api.openapi.json"))
            let same = openapi.body == Array(shipped)
            #expect(same, "docs/admin-api.openapi.json is what the server serves")
        }
    }

    @Test("Adding an article by URL over the API: 201 with Location, then 409 for the same article")
    func addByURL() async throws {
        let page = """
            <!DOCTYPE html><html><head><meta property="og:title" content="Astana International Forum: youth panel">
            <meta property="og:description" content="Students met ministers at the AIF.">
            <meta property="article:published_time" content="2025-05-30T09:00:00Z"></head><body></body></html>
            """
        try await withLoopbackServer({ _ in .response(status: 200, headers: ["Content-Type": "text/html"], body: Data(page.utf8)) }) {
            outlet in
            try await Self.withAdmin { port, store, token in
                let body = "{\"url\": \"\(outlet.url("/2025/05/youth-panel/"))\"}"
                let created = try await RawHTTP.request(
                    port, "POST", "/admin/api/stories", headers: ["Authorization": "Bearer \(token)"], body: body
                ).response
                #expect(created.status == 201, "\(created.text)")
                let number = try #require(created.headers["location"]?.split(separator: "/").last.flatMap { Int64($0) })
                await #expect(try store.detail(number).story.title == "Astana International Forum: youth panel")
                await #expect(try store.detail(number).story.status == .pending)
                #expect(try await Self.api(port, "POST", "/stories", token: token, body: body).status == 409)
                #expect(try await Self.api(port, "POST", "/stories", token: token, body: #"{"url": "ftp://x"}"#).status == 422)
            }
        }
    }

    @Test("Errors: 401 without or with a wrong token, 429 after repeated failures, 400/404/405/409/413/422 with a JSON error")
    func errors() async throws {
        try await Self.withAdmin { port, store, token in
            let number = try await #require(try store.stories(status: .pending).first?.number)
            #expect(try await RawHTTP.request(port, "GET", "/feed.atom").response.status == 200, "public endpoints need no token")
            var response = try await Self.api(port, "GET", "/stories", token: nil)
            #expect(response.status == 401)
            #expect(response.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
            #expect(try Self.json(response)["error"] is String)
            #expect(try await Self.api(port, "POST", "/stories/\(number)/approve", token: nil).status == 401)
            await #expect(try store.detail(number).story.status == .pending, "no token, no change")
            let session = try await store.openSession(editor: "alice", lifetime: .seconds(600))
            #expect(
                try await Self.api(port, "GET", "/stories", token: nil, headers: ["Cookie": "feedhub_session=\(session)"]).status == 401,
                "the API takes tokens, not the page's cookie")

            #expect(try await Self.api(port, "GET", "/stories/\(number)", token: token).status == 200)
            #expect(try await Self.api(port, "GET", "/stories/999999", token: token).status == 404)
            for path in [
                "/stories/..%2F..%2F..%2Fetc%2Fpasswd", "/stories/../../../etc/passwd", "/stories/%2e%2e/history", "/../../etc/passwd",
            ] {
                response = try await Self.api(port, "GET", path, token: token)
                #expect(response.status == 404, "\(path)")
                #expect(!response.text.contains("root:"), "\(path) reads no file")
            }
            #expect(try await Self.api(port, "GET", "/stories?status=bogus", token: token).status == 400)
            for bad in ["limit=0", "limit=501", "limit=ten", "offset=-1"] {
                #expect(try await Self.api(port, "GET", "/stories?\(bad)", token: token).status == 400, "\(bad)")
            }
            #expect(try await Self.api(port, "PATCH", "/stories/\(number)", token: token, body: "{not json").status == 400)
            #expect(try await Self.api(port, "PATCH", "/stories/\(number)", token: token, body: #"{"title": 42}"#).status == 400)
            #expect(try await Self.api(port, "PATCH", "/stories/\(number)", token: token, body: #"{"title": ""}"#).status == 422)
            #expect(try await Self.api(port, "DELETE", "/stories/\(number)", token: token).status == 405)
            #expect(try await Self.api(port, "POST", "/stories/\(number)/approve", token: token).status == 200)
            #expect(try await Self.api(port, "POST", "/stories/\(number)/approve", token: token).status == 409)
            let huge = "{\"title\": \"" + String(repeating: "A", count: 70_000) + "\"}"
            response = try await Self.api(port, "PATCH", "/stories/\(number)", token: token, body: huge)
            #expect(response.status == 413)
            await #expect(try store.detail(number).story.title.count < 1000, "an oversized body changes nothing")
            let chunked = try await RawHTTP.exchange(
                port,
                "POST /admin/api/stories HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + "11170\r\n" + String(repeating: "B", count: 70_000) + "\r\n0\r\n\r\n")
            #expect(RawHTTP.responses(chunked).first?.status == 413, "a chunked body is capped as it is read")

            for _ in 0..<5 { #expect(try await Self.api(port, "GET", "/stories", token: "fh_wrong").status == 401) }
            response = try await Self.api(port, "GET", "/stories", token: token)
            #expect(response.status == 429, "after 5 failures even a valid token waits")
            #expect(Int(response.headers["retry-after"] ?? "") ?? 0 > 0)
        }
    }
}
