import FeedHub
import Testing

@Suite struct RelevanceMatcherTests {
    let matcher = RelevanceMatcher(
        rules: RelevanceRules(
            include: [
                Phrase("Astana International Forum"), Phrase("Астанинский международный форум"),
                Phrase("AIF", near: ["Astana", "forum", "форум"], within: 30),
            ],
            exclude: [Phrase("Alternative Investment Fund*")]))

    @Test(
        "Phrases match on word boundaries, case-insensitively, in any script",
        arguments: [
            ("Kazakhstan to host ASTANA INTERNATIONAL FORUM", true),
            ("Kazakhstan’s Astana International Forum: a bridge", true),
            ("Итоги: Астанинский Международный Форум завершился", true),
            ("The forum in Astana (AIF) opens", true),
            ("AIF 2025 opens in Astana", true),
            ("CAIFO reports quarterly results in Astana", false),
            ("The AIF newspaper wrote about Moscow", false),  // "AIF" without Astana/forum nearby
        ])
    func includes(title: String, relevant: Bool) {
        #expect(matcher.decide(title: title, summary: "", text: "").relevant == relevant, "\(title)")
    }

    @Test("A phrase demanding context counts only within its word window")
    func nearWindow() {
        let far = "AIF " + Array(repeating: "word", count: 40).joined(separator: " ") + " Astana"
        let near = "AIF " + Array(repeating: "word", count: 20).joined(separator: " ") + " Astana"
        #expect(!matcher.decide(title: "", summary: far, text: "").relevant)
        let decision = matcher.decide(title: "", summary: near, text: "")
        #expect(decision.relevant)
        #expect(decision.rule == "include \"AIF\" near [Astana, forum, форум] within 30 (summary)")
    }

    @Test("An exclude phrase wins, and a trailing * matches word endings")
    func excludes() {
        let decision = matcher.decide(
            title: "Astana International Forum panel on Alternative Investment Funds", summary: "", text: "")
        #expect(!decision.relevant)
        #expect(decision.rule == "exclude \"Alternative Investment Fund*\" (title)")
    }

    @Test("relevance: all accepts everything; no match says so")
    func sourceOverrides() {
        let all = RelevanceMatcher(source: .all, global: RelevanceRules(include: [Phrase("x")]))
        #expect(all.decide(title: "Weather", summary: "", text: "").rule == "source relevance: all")
        #expect(matcher.decide(title: "Weather in Almaty", summary: "", text: "").rule == "no include phrase matched")
    }
}
