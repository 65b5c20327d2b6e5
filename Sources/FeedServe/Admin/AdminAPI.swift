internal import FeedHub
internal import Foundation
internal import HTTPTypes

extension AdminResponder {
    /// `/admin/api/…`: JSON in and out; errors are `{"error": "..."}` with the matching status.
    func api(_ request: AdminRequest, route: [Substring]) async -> FeedResponder.Answer {
        if let wait = throttle.retryAfter(request.client) {
            var answer = Self.error(.tooManyRequests, "too many failed sign-ins from this address; try again later")
            answer.headers[.retryAfter] = Self.seconds(wait)
            return answer
        }
        guard let authorization = request.headers[.authorization], authorization.lowercased().hasPrefix("bearer ") else {
            return Self.unauthorized("send the editor's token as `Authorization: Bearer <token>` (see `feedhub editors add`)")
        }
        let token = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        let editor: String?
        do { editor = try await store.editor(forToken: token) } catch {
            return Self.error(.serviceUnavailable, "database unavailable")
        }
        guard let editor else {
            failedSignIn(request.client, via: "api")
            return Self.unauthorized("the token is not valid (removed editor, or a typo)")
        }
        do {
            return try await dispatch(request, route: route, editor: editor)
        } catch let error as CurationError {
            return Self.error(Self.status(of: error), error.description)
        } catch let error as APIInputError {
            return Self.error(.badRequest, error.message)
        } catch {
            return Self.error(.serviceUnavailable, "\(error)")
        }
    }

    private func dispatch(_ request: AdminRequest, route: [Substring], editor: String) async throws -> FeedResponder.Answer {
        let method = request.method
        switch (route.count, route.first) {
        case (1, "openapi.json"):
            guard method == .get else { return Self.notAllowed("GET") }
            return Self.json(.ok, Array(OpenAPIDocument.json.utf8))
        case (1, "stories"):
            if method == .get {
                let query = FormBody(request.query ?? "")
                var status: StoryStatus?
                if let raw = query["status"], !raw.isEmpty {
                    guard let s = StoryStatus(rawValue: raw) else {
                        throw APIInputError("status must be one of: published, pending, rejected, off-topic")
                    }
                    status = s
                }
                let source = query["source"].flatMap { $0.isEmpty ? nil : $0 }
                let text = query["q"]
                let wanted = status
                let limit = try Self.number(query["limit"], name: "limit", default: 100, range: 1...500)
                let offset = try Self.number(query["offset"], name: "offset", default: 0, range: 0...Int.max)
                var stories = try await store.stories(status: wanted, source: source, text: text, limit: limit + 1, offset: offset)
                let more = stories.count > limit
                if more { stories.removeLast() }
                return try Self.encoded(.ok, AdminStoryPage(stories: stories, nextOffset: more ? offset + limit : nil))
            }
            guard method == .post else { return Self.notAllowed("GET, POST") }
            let body = try JSONBody(request.body)
            guard let url = try body.string("url"), !url.isEmpty else {
                throw APIInputError("give the article's address as {\"url\": \"https://…\"}")
            }
            let detail = try await adder.add(url, editor: editor)
            await changed("add", story: detail.story.number, editor: editor)
            var answer = try Self.encoded(.created, detail)
            answer.headers[.location] = "/admin/api/stories/\(detail.story.number)"
            return answer
        case (2, "stories"), (3, "stories"):
            guard let number = Int64(route[1]), number > 0 else { return Self.error(.notFound, "no story '\(route[1].prefix(80))'") }
            let action = route.count == 3 ? String(route[2]) : nil
            if action == "history" {
                guard method == .get else { return Self.notAllowed("GET") }
                return try Self.encoded(.ok, ["history": try await store.history(number)])
            }
            if action == nil, method == .get {
                return try Self.encoded(.ok, try await store.detail(number))
            }
            if action == nil, method != .patch { return Self.notAllowed("GET, PATCH") }
            if action != nil, method != .post { return Self.notAllowed("POST") }
            let body = try JSONBody(request.body)
            let curation: CurationAction
            switch action {
            case nil: curation = .edit(title: try body.string("title"), summary: try body.string("summary"))
            case "approve": curation = .approve
            case "reject": curation = .reject(reason: try body.string("reason"))
            case "pin": curation = .pin
            case "unpin": curation = .unpin
            case "pending": curation = .pending
            case "split": curation = .split
            case "merge":
                guard let into = try body.integer("into") else { throw APIInputError("give the story it is the same as: {\"into\": 12}") }
                curation = .merge(into: into)
            default: return Self.error(.notFound, "no action '\(route[2].prefix(40))'; see /admin/api/openapi.json")
            }
            let policy = policy
            let detail = try await store.apply(curation, to: number, editor: editor, policy: policy)
            await changed(curation.name, story: number, editor: editor)
            return try Self.encoded(.ok, detail)
        default:
            return Self.error(.notFound, "no such endpoint: \(request.path.prefix(120)); see /admin/api/openapi.json")
        }
    }

    /// A whole-number query parameter within `range`; `default` when absent.
    static func number(_ text: String?, name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text, !text.isEmpty else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIInputError(
                "\(name) must be a whole number from \(range.lowerBound)\(range.upperBound == Int.max ? " up" : " to \(range.upperBound)")")
        }
        return number
    }

    static func encoded(_ status: HTTPResponse.Status, _ value: some Encodable) throws -> FeedResponder.Answer {
        json(status, Array(try CurationJSON.encode(value)))
    }

    static func json(_ status: HTTPResponse.Status, _ body: [UInt8]) -> FeedResponder.Answer {
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        fields[.contentLength] = "\(body.count)"
        fields[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return FeedResponder.Answer(status: status, headers: fields, body: body)
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> FeedResponder.Answer {
        json(status, Array((try? CurationJSON.encode(["error": message])) ?? Data("{}".utf8)))
    }

    private static func unauthorized(_ message: String) -> FeedResponder.Answer {
        var answer = error(.unauthorized, message)
        answer.headers[.wwwAuthenticate] = "Bearer realm=\"feedhub-admin\""
        return answer
    }

    private static func notAllowed(_ allow: String) -> FeedResponder.Answer {
        var answer = error(.methodNotAllowed, "method not allowed here; use \(allow)")
        answer.headers[.allow] = allow
        return answer
    }
}

/// One page of `GET /admin/api/stories`.
struct AdminStoryPage: Encodable {
    let stories: [StoryListing]
    /// The `offset` of the next page; `null` on the last.
    let nextOffset: Int?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stories, forKey: .stories)
        try container.encode(nextOffset, forKey: .nextOffset)  // null, not absent, on the last page
    }

    enum CodingKeys: String, CodingKey {
        case stories
        case nextOffset
    }
}

/// A request body or query the API cannot use (400).
struct APIInputError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// A JSON object body; an empty body is an empty object.
struct JSONBody {
    let object: [String: Any]

    init(_ bytes: [UInt8]) throws {
        guard bytes.contains(where: { $0 > 0x20 }) else {
            object = [:]
            return
        }
        guard let value = try? JSONSerialization.jsonObject(with: Data(bytes)), let object = value as? [String: Any] else {
            throw APIInputError("the body is not a JSON object")
        }
        self.object = object
    }

    /// A string field; `nil` when absent or null.
    func string(_ name: String) throws -> String? {
        guard let value = object[name], !(value is NSNull) else { return nil }
        guard let string = value as? String else { throw APIInputError("\(name) must be a string") }
        return string
    }

    /// An integer field; `nil` when absent or null.
    func integer(_ name: String) throws -> Int64? {
        guard let value = object[name], !(value is NSNull) else { return nil }
        if let number = value as? Int64 { return number }
        if let number = value as? Int { return Int64(number) }
        if let text = value as? String, let number = Int64(text) { return number }
        throw APIInputError("\(name) must be a story number")
    }
}
