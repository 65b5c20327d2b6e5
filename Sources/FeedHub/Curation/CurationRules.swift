/// The curation state machine: from a story as stored and an editor's action, either a refusal
/// (``CurationError``, nothing written) or the ``CurationPlan`` to write. Pure: a backend looks up the
/// ``Facts`` the action needs (``needs(_:)``), calls ``plan(_:facts:policy:at:)`` and executes the plan,
/// so every backend applies the same transitions.
public enum CurationRules {
    /// A story as the rules see it.
    public struct Story: Sendable, Hashable {
        public var id: Int64
        public var status: StoryStatus
        public var pinned: Bool
        /// The story it was merged into, if an editor merged it.
        public var mergedInto: Int64?
        public var primaryItemID: Int64?
        /// The editor's title and summary, where edited.
        public var editedTitle: String?
        public var editedSummary: String?

        public init(
            id: Int64, status: StoryStatus, pinned: Bool, mergedInto: Int64?, primaryItemID: Int64?, editedTitle: String?,
            editedSummary: String?
        ) {
            self.id = id
            self.status = status
            self.pinned = pinned
            self.mergedInto = mergedInto
            self.primaryItemID = primaryItemID
            self.editedTitle = editedTitle
            self.editedSummary = editedSummary
        }
    }

    /// An item of the story, for a split.
    public struct Item: Sendable, Hashable {
        public var id: Int64
        /// The story it was merged from by an editor.
        public var mergedFrom: Int64?
        public var identity: String
        public var relevant: Bool
        public var rule: String
        public var published: Double
        /// Its outlet's name.
        public var source: String

        public init(id: Int64, mergedFrom: Int64?, identity: String, relevant: Bool, rule: String, published: Double, source: String) {
            self.id = id
            self.mergedFrom = mergedFrom
            self.identity = identity
            self.relevant = relevant
            self.rule = rule
            self.published = published
            self.source = source
        }
    }

    /// What an action needs looked up besides the story.
    public enum Need: Sendable, Hashable {
        /// The primary item's title and summary (``Facts/upstream``).
        case upstream
        /// Whether story n exists and what it was merged into (``Facts/target``).
        case target(Int64)
        /// The story's items in publication order (``Facts/items``).
        case items
    }

    /// What was looked up.
    public struct Facts: Sendable, Hashable {
        public var story: Story
        /// The primary item's title and summary; `nil` when it has none.
        public var upstream: Upstream?
        /// The merge target; `nil` when there is no such story.
        public var target: Target?
        public var items: [Item] = []

        public init(story: Story, upstream: Upstream? = nil, target: Target? = nil, items: [Item] = []) {
            self.story = story
            self.upstream = upstream
            self.target = target
            self.items = items
        }
    }

    /// The outlet's title and summary of a story's primary item.
    public struct Upstream: Sendable, Hashable {
        public var title: String
        public var summary: String?

        public init(title: String, summary: String?) {
            self.title = title
            self.summary = summary
        }
    }

    /// A merge target as stored.
    public struct Target: Sendable, Hashable {
        public var id: Int64
        public var mergedInto: Int64?

        public init(id: Int64, mergedInto: Int64?) {
            self.id = id
            self.mergedInto = mergedInto
        }
    }

    /// What `action` needs looked up.
    public static func needs(_ action: CurationAction) -> [Need] {
        switch action {
        case .edit: [.upstream]
        case .merge(let into): [.target(into)]
        case .split: [.items]
        case .approve, .reject, .pending, .pin, .unpin: []
        }
    }

    /// The plan for `action` on `facts.story` at time `at` (seconds since 1970): the story itself is
    /// always marked updated; ``CurationPlan/audit`` starts with its line.
    /// - Parameter policy: what a story split off starts as.
    /// - Throws: ``CurationError`` when the action does not apply.
    public static func plan(_ action: CurationAction, facts: Facts, policy: StoryPolicy, at: Double) throws(CurationError) -> CurationPlan {
        let story = facts.story
        if let into = story.mergedInto {
            throw .conflict(story: story.id, message: "it was merged into story \(into); act on that story (or split it)")
        }
        var plan = CurationPlan()
        var line = AuditLine(story: .stored(story.id), before: [:], after: [:])
        switch action {
        case .approve: try move(story, to: .published, reason: nil, at: at, plan: &plan, line: &line)
        case .reject(let reason):
            let reason = try CurationText.optional(reason, field: "reason", limit: CurationAction.maxReasonLength)
            try move(story, to: .rejected, reason: reason, at: at, plan: &plan, line: &line)
        case .pending: try move(story, to: .pending, reason: nil, at: at, plan: &plan, line: &line)
        case .pin, .unpin:
            let pin = action == .pin
            guard story.pinned != pin else { throw .conflict(story: story.id, message: pin ? "it is already pinned" : "it is not pinned") }
            plan.writes.append(.setPinned(story: story.id, pinned: pin))
            line.before["pinned"] = pin ? "false" : "true"
            line.after["pinned"] = pin ? "true" : "false"
        case .edit(let title, let summary):
            try edit(story, title: title, summary: summary, upstream: facts.upstream, at: at, plan: &plan, line: &line)
        case .merge(let into): try merge(story, into: into, target: facts.target, at: at, plan: &plan, line: &line)
        case .split: try split(story, items: facts.items, policy: policy, plan: &plan, line: &line)
        }
        plan.writes.append(.touch(.stored(story.id)))
        plan.audit.insert(line, at: 0)
        return plan
    }

    /// A status change; leaving the feeds after being in them records when (the tombstone's time).
    private static func move(
        _ story: Story, to new: StoryStatus, reason: String?, at: Double, plan: inout CurationPlan, line: inout AuditLine
    ) throws(CurationError) {
        guard story.status != new else { throw .conflict(story: story.id, message: "it is already \(new.rawValue)") }
        if new == .published {
            plan.writes.append(.setStatus(story: story.id, status: new, publishedAt: .setIfUnset(at), withdrawnAt: .clear, reason: nil))
        } else {
            plan.writes.append(
                .setStatus(
                    story: story.id, status: new, publishedAt: .keep, withdrawnAt: story.status == .published ? .set(at) : .keep,
                    reason: reason))
        }
        line.before["status"] = story.status.rawValue
        line.after["status"] = new.rawValue
        line.reason = reason
    }

    private static func edit(
        _ story: Story, title: String?, summary: String?, upstream: Upstream?, at: Double, plan: inout CurationPlan,
        line: inout AuditLine
    ) throws(CurationError) {
        guard title != nil || summary != nil else { throw .invalid(field: "title", message: "give a new title, a new summary, or both") }
        let newTitle = try title.map { (t) throws(CurationError) in
            try CurationText.required(t, field: "title", limit: CurationAction.maxTitleLength)
        }
        let newSummary = try summary.map { (s) throws(CurationError) in
            try CurationText.optional(s, field: "summary", limit: CurationAction.maxSummaryLength) ?? ""
        }
        guard let upstream else { throw .conflict(story: story.id, message: "it has no item to edit") }
        let oldTitle = story.editedTitle ?? upstream.title
        let oldSummary = story.editedSummary ?? upstream.summary
        if let newTitle, newTitle != oldTitle {
            line.before["title"] = oldTitle
            line.after["title"] = newTitle
        }
        if let newSummary, newSummary != (oldSummary ?? "") {
            line.before.updateValue(oldSummary, forKey: "summary")
            line.after["summary"] = newSummary
        }
        guard !line.after.isEmpty else { throw .conflict(story: story.id, message: "the title and summary are already these") }
        plan.writes.append(
            .setEdit(
                story: story.id, title: line.after["title"] ?? nil, summary: line.after["summary"] ?? nil, editedAt: at,
                baseTitle: upstream.title, baseSummary: upstream.summary))
    }

    private static func merge(
        _ story: Story, into target: Int64, target found: Target?, at: Double, plan: inout CurationPlan, line: inout AuditLine
    ) throws(CurationError) {
        guard target != story.id else { throw .conflict(story: story.id, message: "a story cannot be merged into itself") }
        guard let found, found.id == target else { throw .storyNotFound("\(target)") }
        if let further = found.mergedInto {
            throw .conflict(story: target, message: "it was itself merged into story \(further); merge into that one")
        }
        plan.writes += [
            .foldItems(from: story.id, into: target),
            .setMergedInto(story: story.id, into: target, withdrawnAt: story.status == .published ? .set(at) : .keep),
            .redirectMerges(from: story.id, to: target),
            .choosePrimary(.stored(target)),
            .touch(.stored(target)),
        ]
        line.before["merged_into"] = .some(nil)
        line.after["merged_into"] = "\(target)"
        plan.audit.append(AuditLine(story: .stored(target), before: [:], after: ["merged_from": "\(story.id)"]))
    }

    /// Copies merged from another story go back to it; other outlets' copies folded in by dedup become
    /// stories of their own (a rejected story's copies wait for an editor rather than publish by themselves).
    private static func split(
        _ story: Story, items: [Item], policy: StoryPolicy, plan: inout CurationPlan, line: inout AuditLine
    ) throws(CurationError) {
        let primarySource = items.first { $0.id == story.primaryItemID }?.source
        var parts: [StoryRef] = []
        var created = 0
        for item in items {
            if let origin = item.mergedFrom, origin != story.id {
                plan.writes.append(.moveItem(item: item.id, to: .stored(origin)))
                if !parts.contains(.stored(origin)) {
                    parts.append(.stored(origin))
                    plan.writes += [.unmerge(story: origin), .touch(.stored(origin))]
                }
            } else if item.id != story.primaryItemID, item.source != primarySource {
                let status: StoryStatus =
                    !item.relevant ? .offTopic : (story.status == .rejected || policy.curation == .review ? .pending : .published)
                plan.writes.append(
                    .createStory(
                        NewStory(
                            sourceName: item.source, identity: item.identity, status: status, rule: item.rule, published: item.published,
                            primaryItemID: item.id)))
                plan.writes.append(.moveItem(item: item.id, to: .created(created)))
                parts.append(.created(created))
                created += 1
            }
        }
        guard !parts.isEmpty else {
            throw .conflict(story: story.id, message: "it holds one outlet's item only; there is nothing to split")
        }
        plan.writes += parts.map(CurationWrite.choosePrimary) + [.choosePrimary(.stored(story.id))]
        line.splitInto = parts
        for part in parts { plan.audit.append(AuditLine(story: part, before: ["part_of": "\(story.id)"], after: [:])) }
    }
}
