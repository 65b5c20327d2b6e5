/// One page of stories and how many there are in all, read together (one snapshot of the database),
/// so a page count never disagrees with the page it came with.
public struct StoryPage: Sendable, Hashable {
    /// The stories of the page, in feed order.
    public var stories: [StoryListing]
    /// How many stories match in all (every page).
    public var total: Int

    /// A page of `stories` out of `total`.
    public init(stories: [StoryListing], total: Int) {
        self.stories = stories
        self.total = total
    }
}
