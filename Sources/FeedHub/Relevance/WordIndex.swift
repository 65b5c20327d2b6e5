/// Text as a list of lowercased words, the unit that relevance phrases and similarity work in.
///
/// A word is a run of letters, digits and combining marks (any script); everything else separates words,
/// so `(AIF)` gives `aif` and `AIF-2025` gives `aif`, `2025`. An apostrophe inside a word is dropped
/// (`Kazakhstan’s` → `kazakhstans`), the same way for the text and for the phrases.
struct WordIndex {
    private(set) var words: [String] = []

    init(_ text: String) {
        var current = ""
        var apostrophe = false
        for c in text.lowercased() {
            if c.isLetter || c.isNumber || c.unicodeScalars.first?.properties.generalCategory == .nonspacingMark {
                current.append(c)
                apostrophe = false
            } else if (c == "'" || c == "\u{2019}") && !current.isEmpty && !apostrophe {
                apostrophe = true
            } else if !current.isEmpty {
                words.append(current)
                current = ""
                apostrophe = false
            }
        }
        if !current.isEmpty { words.append(current) }
    }

    var count: Int { words.count }
}
