import FeedHub
import Foundation

/// The human form of a story and of its audit log.
enum StoryText {
    static func render(_ d: StoryDetail) -> String {
        let s = d.story
        var lines = [
            "Story \(s.number) · \(s.status.rawValue)\(s.pinned ? " · pinned" : "")\(d.mergedInto.map { " · merged into \($0)" } ?? "")"
        ]
        lines.append("  title:     \(s.title)")
        if let summary = s.summary, !summary.isEmpty { lines.append("  summary:   \(summary.prefix(300))") }
        lines.append("  outlet:    \(s.source)  \(s.link ?? "")")
        for copy in s.alsoAt { lines.append("  also at:   \(copy.source)  \(copy.link ?? "")") }
        lines.append("  published: \(JSONOutput.iso(s.published) ?? "")   updated: \(JSONOutput.iso(s.updated) ?? "")")
        lines.append("  rule:      \(s.rule)")
        lines.append("  entry id:  \(s.id)")
        if let reason = d.reason { lines.append("  reason:    \(reason)") }
        if let withdrawn = d.withdrawnAt, s.status != .published || d.mergedInto != nil {
            lines.append("  withdrawn: \(JSONOutput.iso(withdrawn) ?? "") (the Atom feed carries a deleted-entry for it)")
        }
        if let edit = d.edit {
            let fields = [edit.title != nil ? "title" : nil, edit.summary != nil ? "summary" : nil].compactMap { $0 }
            lines.append(
                "  edited:    \(JSONOutput.iso(edit.at) ?? "") (\(fields.joined(separator: ", ")) — the editor's text is published)")
            if edit.upstreamChanged {
                lines.append("  upstream changed since the edit:")
                if edit.upstreamAtEdit.title != edit.upstreamNow.title {
                    lines.append("    title:   \"\(edit.upstreamAtEdit.title)\" → \"\(edit.upstreamNow.title)\"")
                }
                if edit.upstreamAtEdit.summary != edit.upstreamNow.summary {
                    lines.append(
                        "    summary: \"\((edit.upstreamAtEdit.summary ?? "").prefix(200))\" → \"\((edit.upstreamNow.summary ?? "").prefix(200))\""
                    )
                }
            } else {
                lines.append("  upstream unchanged since the edit")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func render(_ entry: AuditEntry) -> String {
        let keys = Set(entry.before.keys).union(entry.after.keys).sorted()
        let changes = keys.map { key in
            "\(key): \(value(entry.before[key])) → \(value(entry.after[key]))"
        }
        var line = "\(JSONOutput.iso(entry.at) ?? "")  \(entry.editor)  \(entry.action)"
        if !changes.isEmpty { line += "  " + changes.joined(separator: "; ") }
        if let reason = entry.reason { line += "  reason: \"\(reason)\"" }
        return line
    }

    private static func value(_ v: String??) -> String {
        switch v {
        case .some(.some(let text)): "\"\(text.prefix(120))\""
        case .some(.none): "none"
        case .none: "—"
        }
    }
}
