/// An editor's decision about one story. The CLI, the admin API and the admin page all apply these
/// through ``SQLiteStore/apply(_:to:editor:at:)``, so the same rules hold everywhere.
public enum CurationAction: Sendable, Hashable {
    /// Publish it (from pending, rejected or off-topic).
    case approve
    /// Keep it out of the feeds for good, with an optional reason (kept in the audit log, never published).
    case reject(reason: String?)
    /// Show it first in the feeds.
    case pin
    /// Undo ``pin``.
    case unpin
    /// Back to the queue (undo an approval or a rejection).
    case pending
    /// Replace the published title and/or summary (`nil` leaves one as it is). Later upstream edits do
    /// not overwrite them.
    case edit(title: String?, summary: String?)
    /// This story is the same as story `into`: its copies move there and it leaves the feeds.
    case merge(into: Int64)
    /// Undo a wrong merge: copies merged from another story go back to it, other outlets' copies
    /// become stories of their own.
    case split

    /// The audit log's name for it.
    public var name: String {
        switch self {
        case .approve: "approve"
        case .reject: "reject"
        case .pin: "pin"
        case .unpin: "unpin"
        case .pending: "pending"
        case .edit: "edit"
        case .merge: "merge"
        case .split: "split"
        }
    }

    /// The longest title an editor may set, in characters.
    public static let maxTitleLength = 400
    /// The longest summary an editor may set, in characters.
    public static let maxSummaryLength = 4000
    /// The longest rejection reason, in characters.
    public static let maxReasonLength = 1000
}
