internal import Foundation

/// Decides whether an item is about the subject, and says which rule decided.
///
/// An include phrase must occur in the title, summary or text on word boundaries, case-insensitively;
/// a phrase with `near` counts only when one of those words is within `within` words of it. Any exclude
/// phrase occurring makes the item off-topic. A source's own rules, or `relevance: all`, replace the
/// global rules.
public struct RelevanceMatcher: Sendable {
    private let rules: RelevanceRules?  // nil: everything is relevant (`relevance: all`)
    private let include: [CompiledPhrase]
    private let exclude: [CompiledPhrase]

    /// Creates the matcher a source uses: `relevance: all`, its own rules, or the global ones.
    public init(source: SourceRelevance, global: RelevanceRules) {
        switch source {
        case .all: self.init(rules: nil)
        case .global: self.init(rules: global)
        case .rules(let own): self.init(rules: own)
        }
    }

    /// Creates a matcher for `rules`; `nil` accepts everything.
    public init(rules: RelevanceRules?) {
        self.rules = rules
        include = rules?.include.map(CompiledPhrase.init) ?? []
        exclude = rules?.exclude.map(CompiledPhrase.init) ?? []
    }

    /// The decision for an item's title, summary and text (plain text, HTML already stripped).
    public func decide(title: String, summary: String, text: String) -> RelevanceDecision {
        decide(title: WordIndex(title), summary: WordIndex(summary), text: WordIndex(text))
    }

    /// The decision for words already indexed (``ItemBuilder`` shares them with the fingerprint).
    func decide(title: WordIndex, summary: WordIndex, text: WordIndex) -> RelevanceDecision {
        guard rules != nil else { return RelevanceDecision(relevant: true, rule: "source relevance: all") }
        let fields = [("title", title), ("summary", summary), ("text", text)]
        for phrase in exclude {
            for (field, words) in fields where phrase.occurs(in: words) {
                return RelevanceDecision(relevant: false, rule: "exclude \(phrase.source) (\(field))")
            }
        }
        for phrase in include {
            for (field, words) in fields where phrase.occurs(in: words) {
                return RelevanceDecision(relevant: true, rule: "include \(phrase.source) (\(field))")
            }
        }
        return RelevanceDecision(relevant: false, rule: "no include phrase matched")
    }
}

/// The outcome of ``RelevanceMatcher/decide(title:summary:text:)``.
public struct RelevanceDecision: Sendable, Hashable {
    /// Whether the item is about the subject.
    public var relevant: Bool
    /// The rule that decided, for editors: `include "Astana International Forum" (title)`.
    public var rule: String

    /// A decision.
    public init(relevant: Bool, rule: String) {
        self.relevant = relevant
        self.rule = rule
    }
}

/// A phrase split into words; the last may be a prefix (`fund*`).
struct CompiledPhrase: Sendable {
    let source: Phrase
    private let words: [[UInt8]]
    private let lastIsPrefix: Bool
    private let near: [CompiledPhrase]

    init(_ phrase: Phrase) {
        source = phrase
        let trimmed = phrase.text.trimmingCharacters(in: .whitespaces)
        lastIsPrefix = trimmed.hasSuffix("*")
        words = WordIndex(lastIsPrefix ? String(trimmed.dropLast()) : trimmed).strings.map { Array($0.utf8) }
        near = phrase.near.map { CompiledPhrase(Phrase($0)) }
    }

    /// Whether the phrase occurs (with its context, when it demands one).
    func occurs(in index: WordIndex) -> Bool {
        for start in matches(in: index) {
            if near.isEmpty { return true }
            let low = max(0, start - source.within)
            let high = min(index.count, start + words.count + source.within)
            for context in near where context.matches(in: index).contains(where: { $0 >= low && $0 < high }) { return true }
        }
        return false
    }

    /// Word offsets where the phrase starts.
    func matches(in index: WordIndex) -> [Int] {
        guard !words.isEmpty, index.count >= words.count else { return [] }
        var found: [Int] = []
        for start in 0...(index.count - words.count) {
            var ok = true
            for (k, word) in words.enumerated()
            where !index.matches(start + k, word, prefix: lastIsPrefix && k == words.count - 1) {
                ok = false
                break
            }
            if ok { found.append(start) }
        }
        return found
    }
}
