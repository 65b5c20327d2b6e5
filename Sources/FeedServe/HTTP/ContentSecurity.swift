/// The security headers of every HTML document FeedServe sends: a strict Content-Security-Policy (no
/// script at all, so neither an injected `<script>` nor an inline `on*` handler runs), no `<base>`
/// rewriting, no MIME sniffing.
enum ContentSecurity {
    /// The public "in the news" page: it has no form and no image; styles are its one inline block.
    static let publicPage: [(name: String, value: String)] = [
        (
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
        ),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ]

    /// The editors' pages: forms post only to this server's own admin endpoints; never framed.
    static let admin: [(name: String, value: String)] = [
        (
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        ),
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        // Not no-referrer: browsers then send `Origin: null` with forms, which the Origin check refuses.
        ("Referrer-Policy", "same-origin"),
    ]
}
