/// Include and exclude phrases: an item is relevant when an include phrase occurs and no exclude phrase does.
public struct RelevanceRules: Sendable, Hashable {
    /// Phrases that make an item relevant.
    public var include: [Phrase]
    /// Phrases that make an item off-topic whatever else it says.
    public var exclude: [Phrase]

    /// Creates rules.
    public init(include: [Phrase], exclude: [Phrase] = []) {
        self.include = include
        self.exclude = exclude
    }
}

/// A phrase to look for, word by word, case-insensitively.
///
/// A trailing `*` matches any word ending (`Fund*` matches `Funds`). `near` demands context: the phrase
/// counts only when one of those words occurs within `within` words of it (`AIF` near `Astana`).
public struct Phrase: Sendable, Hashable, CustomStringConvertible {
    /// The phrase as written in feeds.yml.
    public var text: String
    /// Context words, one of which must occur near the phrase; empty when no context is needed.
    public var near: [String]
    /// How many words away a `near` word may be.
    public var within: Int

    /// Creates a phrase.
    public init(_ text: String, near: [String] = [], within: Int = 30) {
        self.text = text
        self.near = near
        self.within = within
    }

    public var description: String {
        near.isEmpty ? "\"\(text)\"" : "\"\(text)\" near [\(near.joined(separator: ", "))] within \(within)"
    }
}
