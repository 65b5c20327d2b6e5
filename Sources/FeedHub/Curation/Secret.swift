/// Random secrets (editor tokens, session ids, CSRF tokens) and how they are compared and stored.
public enum Secret {
    /// 32 random bytes (256 bits) from the system's CSPRNG, as 43 URL-safe base64 characters, with a
    /// `prefix` naming what it is (`fh_` for editor tokens), so a leaked token is recognisable.
    public static func generate(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return prefix + base64URL(bytes)
    }

    /// The SHA-256 of `secret`, as stored.
    public static func hash(_ secret: String) -> [UInt8] { SHA256.hash(Array(secret.utf8)) }

    /// Whether `a` and `b` are equal, in time that depends only on their lengths.
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }

    /// Whether two strings are equal, in time that depends only on their lengths.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool { constantTimeEquals(Array(a.utf8), Array(b.utf8)) }

    static func base64URL(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            var v = UInt32(bytes[i]) << 16
            if n > 1 { v |= UInt32(bytes[i + 1]) << 8 }
            if n > 2 { v |= UInt32(bytes[i + 2]) }
            for j in 0...n { out.append(alphabet[Int((v >> UInt32(18 - 6 * j)) & 63)]) }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
