internal import FeedHub
internal import Foundation
internal import HTTPTypes

extension AdminResponder {
    /// `/admin` and its forms: server-rendered HTML, no script.
    func page(_ request: AdminRequest, route: [Substring]) async -> FeedResponder.Answer {
        var session: EditorSession?
        var expired = false
        if let secret = request.cookie(Self.sessionCookie), !secret.isEmpty {
            session = try? await store.session(secret: secret)
            expired = session == nil
        }
        if request.method == .post, route == ["login"] { return await login(request) }
        guard let session else {
            if request.method == .post || !route.isEmpty {
                return loginForm(
                    status: .unauthorized, message: expired ? "Your session has ended; sign in again." : "Sign in first.", expired: expired)
            }
            return loginForm(status: .ok, message: expired ? "Your session has ended; sign in again." : nil, expired: expired)
        }
        do {
            if request.method == .post {
                guard sameOrigin(request) else {
                    return Self.html(.forbidden, AdminPageRenderer.problem("This form came from another site."))
                }
                let form = FormBody(bytes: request.body)
                guard let csrf = form["csrf"], Secret.constantTimeEquals(csrf, session.csrf) else {
                    return Self.html(
                        .forbidden,
                        AdminPageRenderer.problem("The form's security token is missing or stale; reload the page and try again."))
                }
                return try await post(request, route: route, form: form, session: session)
            }
            guard request.method == .get else {
                return Self.html(.methodNotAllowed, AdminPageRenderer.problem("Method not allowed."))
            }
            switch route.count {
            case 0:
                let query = FormBody(request.query ?? "")
                let filter = AdminPageRenderer.Filter(
                    status: query["status"] ?? "pending", source: query["source"] ?? "", text: query["q"] ?? "", notice: query["done"],
                    offset: max(0, query["offset"].flatMap { Int($0) } ?? 0))
                let status = StoryStatus(rawValue: filter.status)
                let source = filter.source.isEmpty ? nil : filter.source
                var stories = try await store.stories(
                    status: status, source: source, text: filter.text, limit: AdminPageRenderer.pageSize + 1, offset: filter.offset)
                let sources = try await store.sourceStates().map(\.name)
                let more = stories.count > AdminPageRenderer.pageSize
                if more { stories.removeLast() }
                let returnTo = "/admin" + (request.query.map { "?" + $0 } ?? "")
                return Self.html(
                    .ok,
                    AdminPageRenderer.queue(stories, more: more, filter: filter, sources: sources, session: session, returnTo: returnTo))
            case 2 where route[0] == "stories":
                guard let number = Int64(route[1]) else { return Self.html(.notFound, AdminPageRenderer.problem("No such story.")) }
                let (detail, history) = (try await store.detail(number), try await store.history(number))
                return Self.html(
                    .ok, AdminPageRenderer.detail(detail, history: history, session: session, notice: FormBody(request.query ?? "")["done"])
                )
            default:
                return Self.html(.notFound, AdminPageRenderer.problem("No such page."))
            }
        } catch let error as CurationError {
            return Self.html(Self.status(of: error), AdminPageRenderer.problem(error.description))
        } catch {
            return Self.html(.serviceUnavailable, AdminPageRenderer.problem("The database cannot be read: \(error)"))
        }
    }

    private func post(_ request: AdminRequest, route: [Substring], form: FormBody, session: EditorSession) async throws
        -> FeedResponder.Answer
    {
        let returnTo = Self.safeReturn(form["return"])
        switch route.count {
        case 1 where route[0] == "logout":
            if let secret = request.cookie(Self.sessionCookie) { try await store.closeSession(secret: secret) }
            var answer = Self.redirect("/admin")
            answer.headers.append(HTTPField(name: .setCookie, value: Self.cookie(Self.sessionCookie, "", maxAge: 0)))
            return answer
        case 1 where route[0] == "stories":
            let detail = try await adder.add(form["url"] ?? "", editor: session.editor)
            await changed("add", story: detail.story.number, editor: session.editor)
            return Self.redirect(
                "/admin/stories/\(detail.story.number)?done="
                    + FormBody.encode("Added as pending: check the title and summary, then approve."))
        case 3 where route[0] == "stories":
            guard let number = Int64(route[1]) else { return Self.html(.notFound, AdminPageRenderer.problem("No such story.")) }
            let action: CurationAction
            switch route[2] {
            case "approve": action = .approve
            case "reject": action = .reject(reason: form["reason"])
            case "pin": action = .pin
            case "unpin": action = .unpin
            case "pending": action = .pending
            case "split": action = .split
            case "edit": action = .edit(title: form["title"], summary: form["summary"])
            case "merge":
                guard let into = form["into"].flatMap({ Int64($0.trimmingCharacters(in: .whitespaces)) }) else {
                    return Self.html(.unprocessableContent, AdminPageRenderer.problem("Give the number of the story it is the same as."))
                }
                action = .merge(into: into)
            default: return Self.html(.notFound, AdminPageRenderer.problem("No such action."))
            }
            let policy = policy
            try await store.apply(action, to: number, editor: session.editor, policy: policy)
            await changed(action.name, story: number, editor: session.editor)
            let separator = returnTo.contains("?") ? "&" : "?"
            return Self.redirect(returnTo + separator + "done=" + FormBody.encode("Story \(number): \(action.name) done."))
        default:
            break
        }
        return Self.html(.notFound, AdminPageRenderer.problem("No such form."))
    }

    private func login(_ request: AdminRequest) async -> FeedResponder.Answer {
        if let wait = throttle.retryAfter(request.client) {
            var answer = Self.html(
                .tooManyRequests, AdminPageRenderer.problem("Too many failed sign-ins from this address; try again later."))
            answer.headers[.retryAfter] = Self.seconds(wait)
            return answer
        }
        let form = FormBody(bytes: request.body)
        guard sameOrigin(request), let sent = form["csrf"], let cookie = request.cookie(Self.loginCookie), !cookie.isEmpty,
            Secret.constantTimeEquals(sent, cookie)
        else {
            return loginForm(status: .forbidden, message: "The form's security token is missing or stale; sign in again from this page.")
        }
        let token = (form["token"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let lifetime = sessionLifetime
        var secret: String?
        if let editor = try? await store.editor(forToken: token) {
            secret = try? await store.openSession(editor: editor, lifetime: lifetime)
        }
        guard let secret else {
            failedSignIn(request.client, via: "login form")
            return loginForm(status: .unauthorized, message: "That token is not valid.")
        }
        var answer = Self.redirect("/admin")
        answer.headers.append(
            HTTPField(name: .setCookie, value: Self.cookie(Self.sessionCookie, secret, maxAge: Int(lifetime.components.seconds))))
        answer.headers.append(HTTPField(name: .setCookie, value: Self.cookie(Self.loginCookie, "", maxAge: 0)))
        return answer
    }

    /// The login form, with a fresh double-submit CSRF cookie.
    private func loginForm(status: HTTPResponse.Status, message: String?, expired: Bool = false) -> FeedResponder.Answer {
        let csrf = Secret.generate()
        var answer = Self.html(status, AdminPageRenderer.login(message: message, csrf: csrf, title: configuration.feed.title))
        answer.headers.append(HTTPField(name: .setCookie, value: Self.cookie(Self.loginCookie, csrf, maxAge: 3600)))
        if expired { answer.headers.append(HTTPField(name: .setCookie, value: Self.cookie(Self.sessionCookie, "", maxAge: 0))) }
        return answer
    }

    static func cookie(_ name: String, _ value: String, maxAge: Int) -> String {
        "\(name)=\(value); Path=/admin; Max-Age=\(maxAge); HttpOnly; Secure; SameSite=Strict"
    }

    /// Where to go after a form: a path on the admin page, never another site.
    static func safeReturn(_ value: String?) -> String {
        guard let value, value == "/admin" || value.hasPrefix("/admin?") || value.hasPrefix("/admin/"), !value.hasPrefix("//"),
            !value.contains("\r"), !value.contains("\n"), !value.contains("\\")
        else { return "/admin" }
        return value
    }

    static func redirect(_ location: String) -> FeedResponder.Answer {
        var fields = HTTPFields()
        fields[.location] = location
        fields[.cacheControl] = "no-store"
        fields[.contentLength] = "0"
        return FeedResponder.Answer(status: .seeOther, headers: fields, body: [])
    }

    static func html(_ status: HTTPResponse.Status, _ text: String) -> FeedResponder.Answer {
        var fields = HTTPFields()
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.cacheControl] = "no-store"
        fields[.contentLength] = "\(text.utf8.count)"
        for header in ContentSecurity.admin { fields[HTTPField.Name(header.name)!] = header.value }
        return FeedResponder.Answer(status: status, headers: fields, body: Array(text.utf8))
    }
}
