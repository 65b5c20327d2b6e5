import FeedHub
import Foundation
import Testing

@Suite struct DedupTests {
    @Test(
        "Canonical URLs drop what does not name the article",
        arguments: [
            ("HTTP://WWW.AstanaTimes.com:80/2025/05/aif/?utm_source=tw&utm_medium=social#comments", "https://astanatimes.com/2025/05/aif"),
            ("https://astanatimes.com/2025/05/aif/?fbclid=abc&gclid=x", "https://astanatimes.com/2025/05/aif"),
            ("https://thediplomat.com/2025/05/aif?page=2&utm_campaign=x", "https://thediplomat.com/2025/05/aif?page=2"),
            ("https://kazinform.kz:8443/news/", "https://kazinform.kz:8443/news"),
        ])
    func canonical(url: String, expected: String) {
        #expect(URLCanonicalizer.canonical(url) == expected)
    }

    static let original = """
        Kazakhstan’s Astana International Forum returns on 29-30 May 2025 with a focus on middle powers, \
        climate finance and connectivity across the Middle Corridor, bringing heads of state, ministers and \
        experts from more than seventy countries to the capital for two days of dialogue.
        """

    @Test("A syndicated copy with a retitled, shortened text is a near duplicate")
    func nearDuplicate() {
        let a = TextFingerprint(title: "Kazakhstan’s Astana International Forum: A Bridge Between East and West?", text: Self.original)
        let copy = TextFingerprint(
            title: "Kazakhstan’s Astana International Forum: A Bridge Between East And West? – Analysis",
            text: String(Self.original.prefix(220)))
        #expect(a.isNearDuplicate(of: copy))
        #expect(TextFingerprint(blob: a.blob) == a)
    }

    @Test("Two different stories about the same forum are not duplicates")
    func differentStories() {
        let a = TextFingerprint(title: "Kazakhstan’s Astana International Forum: A Bridge Between East and West?", text: Self.original)
        let b = TextFingerprint(
            title: "Astana Think Tank Forum discusses AI governance and water security",
            text: """
                Experts gathered in Astana in October for the Astana Think Tank Forum, discussing artificial \
                intelligence governance, water security in Central Asia and the future of multilateral diplomacy.
                """)
        #expect(!a.isNearDuplicate(of: b))
    }

    @Test("Just under the title threshold is not a duplicate, at it is")
    func titleThreshold() {
        // 5 words shared of 6 distinct (0.83) vs 4 of 6 (0.67).
        let base = TextFingerprint(title: "Astana forum highlights middle powers", text: "")
        #expect(base.isNearDuplicate(of: TextFingerprint(title: "Astana forum highlights middle powers today", text: "")))
        #expect(!base.isNearDuplicate(of: TextFingerprint(title: "Astana forum highlights middle income", text: "")))
        // Exactly at the threshold: 4 shared of 5 distinct words is 0.8.
        let four = TextFingerprint(title: "Astana forum highlights middle", text: "")
        #expect(four.isNearDuplicate(of: base))
    }
}
