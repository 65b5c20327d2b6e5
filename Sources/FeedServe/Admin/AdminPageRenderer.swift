internal import FeedHub
internal import FeedParse
internal import Foundation

/// The editors' page: the queue with a form per decision, a story's detail with its audit log, and the
/// login form. Every value is escaped; there is no script (the CSP forbids any).
enum AdminPageRenderer {
    /// The queue's filter, from the query string.
    struct Filter {
        var status: String
        var source: String
        var text: String
        var notice: String?
        /// How many stories earlier pages showed.
        var offset = 0

        /// The queue's address with this filter, at `offset`.
        func url(offset: Int) -> String {
            var query = "status=\(FormBody.encode(status))&source=\(FormBody.encode(source))&q=\(FormBody.encode(text))"
            if offset > 0 { query += "&offset=\(offset)" }
            return "/admin?" + query
        }
    }

    /// Stories per page of the queue.
    static let pageSize = 50

    static func login(message: String?, csrf: String, title: String) -> String {
        var h = "<h1>\(e(title)): editors</h1>\n"
        if let message { h += "<p class=\"notice\" role=\"alert\">\(e(message))</p>\n" }
        h += """
            <form method="post" action="/admin/login" class="login">
            <input type="hidden" name="csrf" value="\(e(csrf))">
            <label for="token">Editor token</label>
            <input id="token" name="token" type="password" autocomplete="current-password" required size="50">
            <button type="submit">Sign in</button>
            </form>
            <p class="hint">An operator issues tokens with <code>feedhub editors add NAME</code>.</p>

            """
        return layout("Sign in", h)
    }

    static func queue(
        _ stories: [StoryListing], more: Bool, filter: Filter, sources: [String], session: EditorSession, returnTo: String
    ) -> String {
        var h = header(session)
        if let notice = filter.notice { h += "<p class=\"notice\" role=\"status\">\(e(notice))</p>\n" }
        h += "<form method=\"get\" action=\"/admin\" class=\"filter\">\n<label>Status <select name=\"status\">"
        for status in ["pending", "published", "rejected", "off-topic", "all"] {
            h += "<option\(status == filter.status ? " selected" : "")>\(status)</option>"
        }
        h += "</select></label>\n<label>Outlet <select name=\"source\"><option value=\"\">any</option>"
        for source in sources { h += "<option\(source == filter.source ? " selected" : "")>\(e(source))</option>" }
        h += "</select></label>\n<label>Text <input name=\"q\" value=\"\(e(filter.text))\"></label>\n<button>Filter</button>\n</form>\n"
        h += "<form method=\"post\" action=\"/admin/stories\" class=\"add\">\(csrf(session))"
        h +=
            "<label>Add an article by URL <input name=\"url\" type=\"url\" required size=\"50\"></label><button>Fetch and add</button></form>\n"
        let shown =
            stories.isEmpty
            ? "no stories"
            : "stories \(filter.offset + 1)–\(filter.offset + stories.count)\(more ? "" : " of \(filter.offset + stories.count)")"
        h += "<p class=\"count\">\(shown)</p>\n"
        for story in stories { h += card(story, session: session, returnTo: returnTo) }
        var pager: [String] = []
        if filter.offset > 0 {
            pager.append("<a rel=\"prev\" href=\"\(e(filter.url(offset: max(0, filter.offset - pageSize))))\">← Newer</a>")
        }
        if more { pager.append("<a rel=\"next\" href=\"\(e(filter.url(offset: filter.offset + pageSize)))\">Older →</a>") }
        if !pager.isEmpty { h += "<nav class=\"pager\">\(pager.joined(separator: " · "))</nav>\n" }
        return layout("Queue", h)
    }

    private static func card(_ s: StoryListing, session: EditorSession, returnTo: String) -> String {
        var h = "<article class=\"story \(e(s.status.rawValue))\" id=\"story-\(s.number)\">\n"
        h +=
            "<p class=\"meta\"><span class=\"status\">\(e(s.status.rawValue))</span>\(s.pinned ? " <span class=\"pin\">pinned</span>" : "")"
        h += " · <time datetime=\"\(XMLText.rfc3339(s.published))\">\(day(s.published))</time> · \(e(s.source)) · #\(s.number)</p>\n"
        let title = SafeLink.web(s.link).map { "<a href=\"\(e($0))\" rel=\"noopener noreferrer\">\(e(s.title))</a>" } ?? e(s.title)
        h += "<h2>\(title)\(s.edited ? " <small>(edited)</small>" : "")</h2>\n"
        if let summary = s.summary, !summary.isEmpty { h += "<p class=\"summary\">\(e(String(summary.prefix(600))))</p>\n" }
        h += "<p class=\"rule\">Matched: \(e(s.rule))</p>\n"
        if !s.alsoAt.isEmpty { h += "<p class=\"also\">Also at: \(s.alsoAt.map { e($0.source) }.joined(separator: ", "))</p>\n" }
        h += "<div class=\"actions\">" + decisions(s, session: session, returnTo: returnTo)
        h += "<a href=\"/admin/stories/\(s.number)\">Edit, merge, history</a>"
        h += "</div>\n</article>\n"
        return h
    }

    /// The forms for a story's status decisions: approve, reject (with a reason), back to pending, pin.
    private static func decisions(_ s: StoryListing, session: EditorSession, returnTo: String) -> String {
        let base = "/admin/stories/\(s.number)/"
        var h = ""
        if s.status != .published { h += button(base + "approve", "Approve", session: session, returnTo: returnTo, primary: true) }
        if s.status != .rejected {
            h += form(base + "reject", session: session, returnTo: returnTo)
            h += "<input name=\"reason\" placeholder=\"reason (optional)\" size=\"18\"><button>Reject</button></form>"
        }
        if s.status != .pending { h += button(base + "pending", "Back to pending", session: session, returnTo: returnTo) }
        h += button(base + (s.pinned ? "unpin" : "pin"), s.pinned ? "Unpin" : "Pin", session: session, returnTo: returnTo)
        return h
    }

    static func detail(_ d: StoryDetail, history: [AuditEntry], session: EditorSession, notice: String?) -> String {
        let s = d.story
        var h = header(session)
        if let notice { h += "<p class=\"notice\" role=\"status\">\(e(notice))</p>\n" }
        h += "<p><a href=\"/admin\">← Queue</a></p>\n"
        h += "<h2>#\(s.number): \(e(s.title))</h2>\n"
        h += "<p class=\"meta\">\(e(s.status.rawValue))\(s.pinned ? " · pinned" : "") · \(e(s.source)) · \(day(s.published))"
        if let into = d.mergedInto { h += " · merged into <a href=\"/admin/stories/\(into)\">#\(into)</a>" }
        h += "</p>\n"
        if let reason = d.reason { h += "<p>Rejected because: \(e(reason))</p>\n" }
        if let edit = d.edit {
            h += "<section class=\"edit\"><h3>Edited \(day(edit.at))</h3>"
            if edit.upstreamChanged {
                h += "<p class=\"notice\">The outlet changed its text since the edit (the editor's text stays published):</p><dl>"
                h +=
                    "<dt>Outlet's title then</dt><dd>\(e(edit.upstreamAtEdit.title))</dd><dt>Outlet's title now</dt><dd>\(e(edit.upstreamNow.title))</dd>"
                h += "<dt>Outlet's summary now</dt><dd>\(e(edit.upstreamNow.summary ?? ""))</dd></dl>"
            } else {
                h += "<p>The outlet has not changed its text since.</p>"
            }
            h += "</section>\n"
        }
        let base = "/admin/stories/\(s.number)/"
        let back = "/admin/stories/\(s.number)"
        if d.mergedInto == nil {
            h += "<div class=\"actions\">" + decisions(s, session: session, returnTo: back) + "</div>\n"
            h += "<h3>Edit the published text</h3>\n" + form(base + "edit", session: session, returnTo: back, block: true)
            h += "<label>Title <input name=\"title\" value=\"\(e(s.title))\" size=\"80\" required></label>"
            h += "<label>Summary <textarea name=\"summary\" rows=\"4\" cols=\"80\">\(e(s.summary ?? ""))</textarea></label>"
            h += "<button>Save</button></form>\n"
            h += form(base + "merge", session: session, returnTo: back)
            h +=
                "<label>Same story as # <input name=\"into\" inputmode=\"numeric\" size=\"6\" required></label><button>Merge</button></form>\n"
            if d.items.count > 1 { h += button(base + "split", "Split the outlets apart", session: session, returnTo: back) }
        }
        h += "<h3>Outlets</h3><ul>"
        for item in d.items {
            let link = SafeLink.web(item.link).map { " <a href=\"\(e($0))\" rel=\"noopener noreferrer\">\(e($0))</a>" } ?? ""
            h += "<li>\(item.primary ? "<strong>primary</strong> " : "")\(e(item.source)): \(e(item.title))\(link)"
            h += "\(item.mergedFrom.map { " (merged from #\($0))" } ?? "")</li>"
        }
        h +=
            "</ul>\n<h3>History</h3>\n<table class=\"history\"><tr><th>When</th><th>Editor</th><th>Action</th><th>Before</th><th>After</th><th>Reason</th></tr>\n"
        for entry in history {
            h += "<tr><td>\(XMLText.rfc3339(entry.at))</td><td>\(e(entry.editor))</td><td>\(e(entry.action))</td>"
            h += "<td>\(fields(entry.before))</td><td>\(fields(entry.after))</td><td>\(e(entry.reason ?? ""))</td></tr>\n"
        }
        h += "</table>\n"
        return layout("#\(s.number)", h)
    }

    static func problem(_ message: String) -> String {
        layout("Problem", "<p class=\"notice\" role=\"alert\">\(e(message))</p>\n<p><a href=\"/admin\">Back to the queue</a></p>\n")
    }

    private static func header(_ session: EditorSession) -> String {
        "<header><h1><a href=\"/admin\">Editors' queue</a></h1><form method=\"post\" action=\"/admin/logout\">\(csrf(session))"
            + "<span>Signed in as \(e(session.editor))</span> <button>Sign out</button></form></header>\n"
    }

    private static func csrf(_ session: EditorSession) -> String { "<input type=\"hidden\" name=\"csrf\" value=\"\(e(session.csrf))\">" }

    private static func form(_ action: String, session: EditorSession, returnTo: String, block: Bool = false) -> String {
        "<form method=\"post\" action=\"\(e(action))\"\(block ? " class=\"block\"" : "")>\(csrf(session))<input type=\"hidden\" name=\"return\" value=\"\(e(returnTo))\">"
    }

    private static func button(_ action: String, _ label: String, session: EditorSession, returnTo: String, primary: Bool = false) -> String
    {
        form(action, session: session, returnTo: returnTo) + "<button\(primary ? " class=\"primary\"" : "")>\(e(label))</button></form>"
    }

    private static func fields(_ values: [String: String?]) -> String {
        values.keys.sorted().map { key in "\(e(key)): \(e(String((values[key] ?? nil)?.prefix(200) ?? "none")))" }.joined(separator: "<br>")
    }

    private static func day(_ date: Date) -> String { String(XMLText.rfc3339(date).prefix(10)) }

    private static func e(_ text: String) -> String { XMLText.escape(text) }

    private static func layout(_ title: String, _ body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>\(e(title)) · FeedHub editors</title>
        <style>
        body{font:16px/1.45 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#222}
        header{display:flex;justify-content:space-between;align-items:center;border-bottom:1px solid #ddd}
        header h1{font-size:1.3rem}header a{color:inherit;text-decoration:none}
        form{display:inline-flex;gap:.3rem;align-items:center;margin:.2rem .4rem .2rem 0;flex-wrap:wrap}
        form.filter,form.add,form.login{display:flex;margin:.8rem 0}form.block{display:flex;flex-direction:column;align-items:flex-start}label{display:inline-flex;gap:.3rem;align-items:center}
        .story{border:1px solid #ddd;border-radius:6px;padding:.6rem .9rem;margin:.8rem 0}
        .story h2{font-size:1.1rem;margin:.2rem 0}.meta,.rule,.also,.hint,.count{color:#555;font-size:.9rem;margin:.2rem 0}
        .status{font-weight:600;text-transform:uppercase;font-size:.8rem}.published .status{color:#1a7f37}.rejected .status{color:#b42318}
        .pin{background:#fff3c4;padding:0 .3rem;border-radius:3px}.notice{background:#eef6ff;padding:.5rem .8rem;border-radius:4px}
        .actions{display:flex;flex-wrap:wrap;align-items:center;gap:.2rem}button.primary{font-weight:600}
        table.history{border-collapse:collapse;font-size:.85rem}table.history td,table.history th{border:1px solid #ddd;padding:.2rem .4rem;vertical-align:top}
        </style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }
}
