/// What storing one source's entries did.
public struct IngestCounts: Sendable, Hashable, Codable {
    /// Items seen for the first time that started a story.
    public var new = 0
    /// Known items whose title, summary or content changed.
    public var updated = 0
    /// New items folded into an existing story (syndicated copies, same canonical URL).
    public var merged = 0
    /// New items that were not about the subject.
    public var offTopic = 0

    /// No changes.
    public init() {}

    /// Adds another source's counts.
    public static func += (lhs: inout IngestCounts, rhs: IngestCounts) {
        lhs.new += rhs.new
        lhs.updated += rhs.updated
        lhs.merged += rhs.merged
        lhs.offTopic += rhs.offTopic
    }
}
