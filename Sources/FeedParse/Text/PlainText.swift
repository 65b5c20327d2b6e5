/// Plain text from the HTML that ``ParsedEntry/summary`` and ``ParsedEntry/content`` carry.
public enum PlainText {
    /// Strips tags, drops `script`/`style`, decodes references and collapses whitespace.
    ///
    /// ```swift
    /// PlainText.fromHTML("<p>Astana International&nbsp;Forum</p>")  // "Astana International Forum"
    /// ```
    public static func fromHTML(_ html: String) -> String {
        HTMLText.plainText(fromHTML: Array(html.utf8))
    }
}
