internal import Foundation

/// Recognises an anti-bot challenge (Cloudflare, DataDome, Sucuri, Akamai) served instead of a feed, so
/// the outcome says `bot-wall` rather than "down": the outlet is up, it just refuses robots.
enum BotWallDetector {
    static func isBotWall(status: Int, headers: [String: String], body: Data) -> Bool {
        guard status == 403 || status == 503 || status == 429 || status == 401 else { return false }
        if headers["cf-mitigated"] == "challenge" || headers["x-datadome"] != nil || headers["x-sucuri-id"] != nil { return true }
        let head = String(decoding: body.prefix(16_384), as: UTF8.self).lowercased()
        let markers = [
            "cf-challenge", "challenge-platform", "just a moment...", "attention required! | cloudflare", "captcha-delivery.com",
            "datadome", "sucuri website firewall", "access denied | ", "_incapsula_resource", "ddos-guard",
        ]
        return markers.contains { head.contains($0) }
    }
}
