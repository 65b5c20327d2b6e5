import FeedParse
import Foundation
import TestSupport
import Testing

@Suite struct CharsetResolverTests {
    static let title = "Казинформ — Новости Казахстана"
    static let plainTitle = "Казинформ - Новости Казахстана"

    @Test(
        "Cyrillic feeds decode without mojibake, and the deciding rule is reported",
        arguments: [
            ("encoding/windows-1251_xml-decl.xml", nil, "windows-1251", CharsetDecision.Rule.xmlDeclaration, title),
            ("encoding/windows-1251_alias-cp-1251.xml", nil, "windows-1251", .xmlDeclaration, title),
            ("encoding/windows-1251_whitespace-before-decl.xml", nil, "windows-1251", .xmlDeclaration, title),
            ("encoding/windows-1251_http-charset-only.xml", "text/xml; charset=windows-1251", "windows-1251", .httpCharset, title),
            ("encoding/windows-1251_xml-decl.xml", "application/rss+xml; charset=\"win-1251\"", "windows-1251", .httpCharset, title),
            ("encoding/koi8r_xml-decl.xml", nil, "koi8-r", .xmlDeclaration, plainTitle),
            ("encoding/iso-8859-5_xml-decl.xml", nil, "iso-8859-5", .xmlDeclaration, plainTitle),
            ("encoding/utf16le_bom.xml", "text/xml; charset=windows-1251", "utf-16le", .byteOrderMark, title),
            ("encoding/utf8_mislabelled-windows-1251.xml", nil, "utf-8", .utf8Content, title),
        ] as [(String, String?, String, CharsetDecision.Rule, String)]
    )
    func decode(file: String, contentType: String?, charset: String, rule: CharsetDecision.Rule, title: String) throws {
        let feed = try FeedParser().parse(Fixture.data(file), url: nil, contentType: contentType)
        #expect(feed.charset == CharsetDecision(charset: charset, rule: rule))
        #expect(feed.title == title)
        #expect(
            feed.entries.map(\.title) == [
                "Токаев открыл Астанинский международный форум", "Эксперты обсудили роль средних держав на форуме в Астане",
            ])
    }

    @Test("HTTP charset wins over the XML declaration for text/* types")
    func httpWins() throws {
        // KOI8-R bytes declared as windows-1251 in the document; the server knows better.
        let feed = try FeedParser().parse(
            Fixture.data("encoding/koi8r_xml-decl.xml"), url: nil, contentType: "text/xml; charset=KOI8-R")
        #expect(feed.charset.rule == .httpCharset)
        #expect(feed.title == Self.plainTitle)
    }

    @Test("Invalid UTF-8 bytes are read as windows-1252 with a warning, never dropped")
    func invalidUTF8() throws {
        var bytes = Array(#"<rss version="2.0"><channel><title>Caf"#.utf8)
        bytes.append(0xE9)  // Latin-1 é inside a UTF-8 document
        bytes += Array("</title></channel></rss>".utf8)
        let feed = try FeedParser().parse(Data(bytes), url: nil)
        #expect(feed.title == "Café")
        #expect(feed.diagnostics.contains { $0.kind == .encoding })
    }
}
