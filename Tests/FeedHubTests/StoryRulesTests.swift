import FeedHub
import Foundation
import Testing

/// The story rules on their own, with no database: what an item joins (``StoryPlacement``), the ids
/// (``EntryID``) and the curation transitions (``CurationRules``) — the decisions every backend executes.
@Suite struct StoryRulesTests {
    static let auto = StoryPolicy(feedID: "tag:astanaforum.org,2025:in-the-news", curation: .auto)
    static let review = StoryPolicy(feedID: "tag:astanaforum.org,2025:in-the-news", curation: .review)
    static let may29 = Date(timeIntervalSince1970: 1_748_494_800)  // 2025-05-29T05:00:00Z

    static func item(
        _ title: String, text: String, published: Date = may29, relevant: Bool = true, categories: [String] = []
    ) -> IncomingItem {
        IncomingItem(
            identity: "https://astanatimes.com/?p=\(abs(title.hashValue % 100_000))", guid: nil, link: nil, canonicalURL: nil,
            title: title, summary: text, content: nil, author: nil, published: published, updated: nil,
            fingerprint: TextFingerprint(title: title, text: text),
            decision: RelevanceDecision(
                relevant: relevant, rule: relevant ? "include: Astana International Forum" : "no include phrase matched"),
            categories: categories)
    }

    static let opening = item(
        "Tokayev opens Astana International Forum on middle powers",
        text:
            "President Kassym-Jomart Tokayev opened the Astana International Forum on Thursday, calling on middle powers to bridge divides."
    )

    @Test("A new item starts a story: published or pending as curation says, off-topic when no rule matched")
    func newStories() {
        #expect(StoryPlacement.place(Self.opening, in: nil, policy: Self.auto) == .newStory(status: .published))
        #expect(StoryPlacement.place(Self.opening, in: nil, policy: Self.review) == .newStory(status: .pending))
        let weather = Self.item("Almaty weather: snow in May", text: "Snow fell in Almaty.", relevant: false)
        #expect(StoryPlacement.place(weather, in: nil, policy: Self.auto) == .newStory(status: .offTopic))
    }

    @Test("A copy joins its story; an earlier copy becomes the primary; a relevant copy lifts an off-topic story")
    func joins() {
        let published = Self.may29.timeIntervalSince1970
        let later = StoryPlacement.StoryState(id: 7, status: .published, published: published - 3600)
        #expect(StoryPlacement.place(Self.opening, in: later, policy: Self.auto) == .join(story: 7, becomesPrimary: false, status: nil))
        let earlier = StoryPlacement.StoryState(id: 7, status: .rejected, published: published + 3600)
        #expect(
            StoryPlacement.place(Self.opening, in: earlier, policy: Self.auto) == .join(story: 7, becomesPrimary: true, status: nil),
            "a rejected story stays rejected whatever copies arrive")
        let offTopic = StoryPlacement.StoryState(id: 9, status: .offTopic, published: published)
        #expect(
            StoryPlacement.place(Self.opening, in: offTopic, policy: Self.review)
                == .join(story: 9, becomesPrimary: false, status: .pending))
    }

    @Test("A known item is rewritten only when the outlet changed it, and its index keys move with its text")
    func revisions() throws {
        let item = Self.opening
        let known = StoryPlacement.KnownItem(
            id: 3, storyID: 2, title: item.title, summary: item.summary, content: nil, categories: CategoryList.encode([]),
            fingerprint: item.fingerprint, relevant: true)
        #expect(StoryPlacement.revise(known, with: item) == .unchanged)
        var edited = item
        edited.title = "Tokayev opens the Astana International Forum, urges middle powers to act"
        edited.fingerprint = TextFingerprint(title: edited.title, text: item.summary ?? "")
        #expect(
            StoryPlacement.revise(known, with: edited)
                == .update(removeKeys: NearDuplicateKeys.keys(item.fingerprint), addKeys: NearDuplicateKeys.keys(edited.fingerprint)))
        var tagged = item
        tagged.categories = ["Diplomacy"]
        var offTopic = known
        offTopic.relevant = false
        #expect(StoryPlacement.revise(offTopic, with: tagged) == .update(removeKeys: [], addKeys: []), "an item not indexed has no keys")
    }

    @Test("The near duplicate chosen is another outlet's, within seven days, the earliest; the exact rules decide")
    func nearDuplicateChoice() {
        let published = Self.may29.timeIntervalSince1970
        let copy = Self.item(
            "TOKAYEV OPENS ASTANA INTERNATIONAL FORUM ON MIDDLE POWERS", text: "Syndicated from The Astana Times."
        ).fingerprint
        let unrelated = Self.item("Wheat harvest in Kostanay region breaks record", text: "Farmers in Kostanay harvested more wheat.")
            .fingerprint
        let candidates = [
            StoryPlacement.Candidate(itemID: 40, sourceID: 2, published: published + 60, fingerprint: copy),
            StoryPlacement.Candidate(itemID: 30, sourceID: 3, published: published - 600, fingerprint: copy),
            StoryPlacement.Candidate(itemID: 20, sourceID: 1, published: published - 900, fingerprint: copy),  // same source
            StoryPlacement.Candidate(itemID: 10, sourceID: 4, published: published - 8 * 86_400, fingerprint: copy),  // too old
            StoryPlacement.Candidate(itemID: 5, sourceID: 5, published: published - 1200, fingerprint: unrelated),
            StoryPlacement.Candidate(itemID: 6, sourceID: 6, published: published - 1300, fingerprint: nil),  // damaged
        ]
        #expect(StoryPlacement.nearDuplicate(of: Self.opening, sourceID: 1, among: candidates) == 30)
        #expect(StoryPlacement.nearDuplicate(of: Self.opening, sourceID: 1, among: candidates.shuffled()) == 30, "order does not matter")
        #expect(StoryPlacement.nearDuplicate(of: Self.opening, sourceID: 1, among: Array(candidates.suffix(3))) == nil)
        let primary = StoryPlacement.primary(of: [.init(id: 9, published: 100), .init(id: 4, published: 50), .init(id: 2, published: 50)])
        #expect(primary == .init(id: 2, published: 50), "the earliest item, then the lowest id")
    }

    @Test("Entry ids are minted from outlet and identity, with -2, -3 … when taken")
    func entryIDs() {
        let ids = Array(EntryID.candidates(feedID: "tag:x,2025:f", sourceName: "Kazinform", identity: "https://kazinform.kz/1").prefix(3))
        #expect(ids[0].hasPrefix("tag:x,2025:f:story:") && ids[1] == ids[0] + "-2" && ids[2] == ids[0] + "-3")
        #expect(
            Array(EntryID.candidates(feedID: "tag:x,2025:f", sourceName: "Kazinform", identity: "https://kazinform.kz/1").prefix(1)) == [
                ids[0]
            ])
        #expect(
            EntryID.candidates(feedID: "tag:x,2025:f", sourceName: "Kazinform", identity: "https://kazinform.kz/2").first { _ in true }
                != ids[0])
    }

    static func story(_ status: StoryStatus, pinned: Bool = false, merged: Int64? = nil) -> CurationRules.Facts {
        CurationRules.Facts(
            story: .init(
                id: 12, status: status, pinned: pinned, mergedInto: merged, primaryItemID: 100, editedTitle: nil, editedSummary: nil))
    }

    @Test("Status moves: approve remembers the first publication; leaving the feeds stamps the tombstone; the same move is refused")
    func statusMoves() throws {
        let approve = try CurationRules.plan(.approve, facts: Self.story(.pending), policy: Self.review, at: 1000)
        #expect(
            approve.writes == [
                .setStatus(story: 12, status: .published, publishedAt: .setIfUnset(1000), withdrawnAt: .clear, reason: nil),
                .touch(.stored(12)),
            ])
        #expect(approve.audit.map(\.after) == [["status": "published"]])
        let reject = try CurationRules.plan(
            .reject(reason: "  Paywalled copy \n"), facts: Self.story(.published), policy: Self.auto, at: 2000)
        #expect(
            reject.writes.first
                == .setStatus(story: 12, status: .rejected, publishedAt: .keep, withdrawnAt: .set(2000), reason: "Paywalled copy"))
        let fromPending = try CurationRules.plan(.reject(reason: nil), facts: Self.story(.pending), policy: Self.auto, at: 2000)
        #expect(fromPending.writes.first == .setStatus(story: 12, status: .rejected, publishedAt: .keep, withdrawnAt: .keep, reason: nil))
        #expect(throws: CurationError.conflict(story: 12, message: "it is already published")) {
            try CurationRules.plan(.approve, facts: Self.story(.published), policy: Self.auto, at: 0)
        }
        #expect(throws: CurationError.conflict(story: 12, message: "it is already pinned")) {
            try CurationRules.plan(.pin, facts: Self.story(.published, pinned: true), policy: Self.auto, at: 0)
        }
        #expect(throws: CurationError.conflict(story: 12, message: "it was merged into story 3; act on that story (or split it)")) {
            try CurationRules.plan(.approve, facts: Self.story(.pending, merged: 3), policy: Self.auto, at: 0)
        }
    }

    @Test("Edit keeps what the outlet said as the base; merge checks its target; split frees copies and mints stories")
    func editMergeSplit() throws {
        var facts = Self.story(.published)
        #expect(CurationRules.needs(.edit(title: "x", summary: nil)) == [.upstream])
        facts.upstream = .init(title: "Tokayev opens Astana International Forum", summary: "Opening day.")
        let edit = try CurationRules.plan(
            .edit(title: "Астанинский международный форум открылся", summary: nil), facts: facts, policy: Self.auto, at: 5)
        #expect(
            edit.writes.first
                == .setEdit(
                    story: 12, title: "Астанинский международный форум открылся", summary: nil, editedAt: 5,
                    baseTitle: "Tokayev opens Astana International Forum", baseSummary: "Opening day."))
        #expect(throws: CurationError.conflict(story: 12, message: "the title and summary are already these")) {
            try CurationRules.plan(
                .edit(title: "Tokayev opens Astana International Forum", summary: nil), facts: facts, policy: Self.auto, at: 5)
        }

        #expect(throws: CurationError.storyNotFound("40")) {
            try CurationRules.plan(.merge(into: 40), facts: Self.story(.published), policy: Self.auto, at: 5)
        }
        facts.target = .init(id: 40, mergedInto: nil)
        let merge = try CurationRules.plan(.merge(into: 40), facts: facts, policy: Self.auto, at: 5)
        #expect(merge.writes.prefix(2) == [.foldItems(from: 12, into: 40), .setMergedInto(story: 12, into: 40, withdrawnAt: .set(5))])
        #expect(merge.auditLines(created: []).map(\.story) == [12, 40])

        facts.items = [
            .init(id: 100, mergedFrom: nil, identity: "a", relevant: true, rule: "include", published: 1, source: "The Astana Times"),
            .init(id: 101, mergedFrom: nil, identity: "b", relevant: true, rule: "include", published: 2, source: "Kazinform"),
            .init(id: 102, mergedFrom: 33, identity: "c", relevant: true, rule: "include", published: 3, source: "Trend"),
            .init(id: 103, mergedFrom: nil, identity: "d", relevant: true, rule: "include", published: 4, source: "The Astana Times"),
        ]
        facts.story.status = .rejected
        let split = try CurationRules.plan(.split, facts: facts, policy: Self.auto, at: 9)
        #expect(
            split.writes.contains(
                .createStory(
                    NewStory(sourceName: "Kazinform", identity: "b", status: .pending, rule: "include", published: 2, primaryItemID: 101))),
            "a rejected story's copy waits for an editor")
        #expect(
            split.writes.contains(.moveItem(item: 101, to: .created(0))) && split.writes.contains(.moveItem(item: 102, to: .stored(33))))
        #expect(!split.writes.contains { if case .moveItem(103, _) = $0 { true } else { false } }, "the primary outlet's own items stay")
        let lines = split.auditLines(created: [77])
        #expect(lines.first?.after["split_into"] == "77, 33")
        #expect(lines.map(\.story) == [12, 77, 33])
        facts.items = [facts.items[0], facts.items[3]]
        #expect(throws: CurationError.conflict(story: 12, message: "it holds one outlet's item only; there is nothing to split")) {
            try CurationRules.plan(.split, facts: facts, policy: Self.auto, at: 9)
        }
    }
}
