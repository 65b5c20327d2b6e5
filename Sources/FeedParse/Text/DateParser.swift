public import Foundation

/// Parses the dates feeds carry, without locales or `DateFormatter`.
///
/// Accepts RFC 822/1123 and their real-world variants (named zones, military letters, missing seconds,
/// missing or wrong weekday, full month names, two-digit years, asctime order) and RFC 3339 / ISO 8601 /
/// W3C-DTF including partial forms (`2003`, `2003-12`, `2003-12-13`, `2003-12-13T18:30+01:00`).
/// A date without a zone is UTC. Anything else is `nil`, never "now".
public enum DateParser {
    /// Parses a date string.
    /// - Returns: the instant, or `nil` when the text is not a recognisable date.
    public static func parse(_ text: String) -> Date? {
        var s = text
        return s.withUTF8 { p -> Date? in
            var start = 0
            var end = p.count
            while start < end, ASCII.isSpace(p[start]) { start += 1 }
            while end > start, ASCII.isSpace(p[end - 1]) { end -= 1 }
            guard end - start >= 4 else { return nil }
            let b = UnsafeBufferPointer(rebasing: p[start..<end])
            if b.count >= 4, ASCII.isDigit(b[0]), ASCII.isDigit(b[1]), ASCII.isDigit(b[2]), ASCII.isDigit(b[3]),
                b.count == 4 || b[4] == 0x2D || b[4] == 0x54 || ASCII.isDigit(b[4])
            {
                if let d = iso8601(b) { return d }
            }
            return loose(b)
        }
    }

    /// Formats an instant as RFC 3339 in UTC with seconds and `Z`.
    public static func rfc3339(_ date: Date) -> String {
        let t = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = t >= 0 ? t / 86400 : (t - 86399) / 86400
        let secs = t - days * 86400
        let (y, m, d) = civil(fromDays: days)
        func pad(_ v: Int64, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(secs / 3600, 2)):\(pad(secs % 3600 / 60, 2)):\(pad(secs % 60, 2))Z"
    }

    // MARK: - ISO 8601

    private static func iso8601(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        var i = 0
        let n = b.count
        func digits(_ count: Int) -> Int? {
            guard i + count <= n else { return nil }
            var v = 0
            for k in 0..<count {
                guard ASCII.isDigit(b[i + k]) else { return nil }
                v = v * 10 + Int(b[i + k] - 0x30)
            }
            i += count
            return v
        }
        guard let year = digits(4) else { return nil }
        var month = 1
        var day = 1
        var hour = 0
        var minute = 0
        var second = 0
        var offset = 0
        let compact = i < n && ASCII.isDigit(b[i])
        if i < n, b[i] == 0x2D || compact {
            if !compact { i += 1 }
            guard let m = digits(2) else { return nil }
            month = m
            if i < n, b[i] == 0x2D || (compact && i < n && ASCII.isDigit(b[i])) {
                if !compact { i += 1 }
                guard let d = digits(2) else { return nil }
                day = d
            }
        }
        if i < n, b[i] == 0x54 || b[i] == 0x74 || b[i] == 0x20 {
            i += 1
            guard let h = digits(2) else { return nil }
            hour = h
            if i < n, b[i] == 0x3A { i += 1 }
            guard let mi = digits(2) else { return nil }
            minute = mi
            if i < n, b[i] == 0x3A || ASCII.isDigit(b[i]) {
                if b[i] == 0x3A { i += 1 }
                guard let s = digits(2) else { return nil }
                second = s
            }
            if i < n, b[i] == 0x2E || b[i] == 0x2C {  // fraction: dropped
                i += 1
                while i < n, ASCII.isDigit(b[i]) { i += 1 }
            }
            while i < n, b[i] == 0x20 { i += 1 }
            if i < n {
                if b[i] == 0x5A || b[i] == 0x7A {
                    i += 1
                } else if b[i] == 0x2B || b[i] == 0x2D {
                    let sign = b[i] == 0x2D ? -1 : 1
                    i += 1
                    guard let oh = digits(2) else { return nil }
                    if i < n, b[i] == 0x3A { i += 1 }
                    let om = digits(2) ?? 0
                    offset = sign * (oh * 3600 + om * 60)
                } else {
                    let rest = UnsafeBufferPointer(rebasing: b[i..<n])
                    guard let z = zoneOffset(rest) else { return nil }
                    offset = z
                    i = n
                }
            }
        }
        guard i == n else { return nil }
        return make(year, month, day, hour, minute, second, offset)
    }

    // MARK: - RFC 822 and friends

    private static func loose(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        var day: Int?
        var year: Int?
        /// Numbers other than the time are the day and the year, in either order (no allocation: hot path).
        func number(_ value: Int, digits: Int) -> Bool {
            if digits == 4 || (value > 31 && year == nil) {
                guard year == nil else { return false }
                year = value
            } else if day == nil, value >= 1, value <= 31 {
                day = value
            } else if year == nil {
                year = value
            } else {
                return false
            }
            return true
        }
        var month: Int?
        var time: (Int, Int, Int)?
        var offset: Int?
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if ASCII.isDigit(c) {
                var v = 0
                let s = i
                while i < n, ASCII.isDigit(b[i]) {
                    v = v &* 10 &+ Int(b[i] - 0x30)
                    i += 1
                }
                if i < n, b[i] == 0x3A, time == nil {  // hh:mm[:ss]
                    i += 1
                    var parts = (v, -1, 0)
                    var count = 1
                    while count < 3 {
                        var w = 0
                        let ws = i
                        while i < n, ASCII.isDigit(b[i]) {
                            w = w &* 10 &+ Int(b[i] - 0x30)
                            i += 1
                        }
                        guard i > ws else { break }
                        if count == 1 { parts.1 = w } else { parts.2 = w }
                        count += 1
                        if i < n, b[i] == 0x3A, count < 3 { i += 1 } else { break }
                    }
                    if i < n, b[i] == 0x2E {  // fractional seconds
                        i += 1
                        while i < n, ASCII.isDigit(b[i]) { i += 1 }
                    }
                    guard count >= 2, (0..<100).contains(parts.0), (0..<100).contains(parts.1), (0..<100).contains(parts.2)
                    else { return nil }
                    time = parts
                } else if !number(v, digits: i - s) {
                    return nil
                }
            } else if c == 0x2B || c == 0x2D, time != nil, offset == nil, i + 1 < n, ASCII.isDigit(b[i + 1]) {
                let sign = c == 0x2D ? -1 : 1
                i += 1
                var v = 0
                var count = 0
                while i < n, ASCII.isDigit(b[i]) {
                    v = v &* 10 &+ Int(b[i] - 0x30)
                    count += 1
                    i += 1
                }
                if i < n, b[i] == 0x3A, count <= 2 {  // +05:00
                    i += 1
                    var m = 0
                    while i < n, ASCII.isDigit(b[i]) {
                        m = m &* 10 &+ Int(b[i] - 0x30)
                        i += 1
                    }
                    v = v * 100 + m
                    count = 4
                }
                guard count <= 4, v >= 0, v <= 1800 else { return nil }  // zones are at most ±18:00
                if count <= 2 { v *= 100 }
                offset = sign * ((v / 100) * 3600 + (v % 100) * 60)
            } else if ASCII.isAlpha(c) {
                let s = i
                while i < n, ASCII.isAlpha(b[i]) { i += 1 }
                let word = UnsafeBufferPointer(rebasing: b[s..<i])
                if month == nil, let m = monthNumber(word) {
                    month = m
                } else if time != nil, offset == nil, let z = zoneOffset(word) {
                    offset = z
                } else if weekday(word) || ignorable(word) {
                    continue
                } else if time != nil, offset == nil {
                    offset = 0  // unknown zone name: UTC
                } else {
                    return nil
                }
            } else {
                i += 1
            }
        }
        guard let month else { return nil }
        guard let d = day, var y = year else { return nil }
        if y < 100 { y += y < 50 ? 2000 : 1900 }
        let t = time ?? (0, 0, 0)
        return make(y, month, d, t.0, t.1, t.2, offset ?? 0)
    }

    private static func make(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, _ offset: Int) -> Date? {
        guard (1...12).contains(mo), (1...31).contains(d), (0...24).contains(h), (0...59).contains(mi), (0...60).contains(s),
            y >= 1, y <= 9999, d <= daysIn(mo, y)
        else { return nil }
        let days = daysFromCivil(Int64(y), Int64(mo), Int64(d))
        let t = days * 86400 + Int64(h * 3600 + mi * 60 + s) - Int64(offset)
        return Date(timeIntervalSince1970: TimeInterval(t))
    }

    private static func daysIn(_ m: Int, _ y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    private static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    // MARK: - Words

    // Words are compared as their lower-case bytes packed into a UInt64 (no strings, no hashing: a date is
    // parsed per item); the two longer than 8 letters ("september", "wednesday") are compared as bytes.

    private static func packed(_ w: UnsafeBufferPointer<UInt8>) -> UInt64? { ASCII.packedLower(w) }

    /// A table word's key; the tables hold words of at most 8 letters.
    private static func packed(_ s: String) -> UInt64 {
        guard let key = ASCII.packedLower(s.utf8) else { preconditionFailure("'\(s)' is longer than 8 letters") }
        return key
    }

    /// Whether `w`, lower-cased, is `s` (lower-case ASCII).
    private static func equals(_ w: UnsafeBufferPointer<UInt8>, _ s: String) -> Bool {
        w.count == s.utf8.count && zip(w, s.utf8).allSatisfy { ASCII.lower($0) == $1 }
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let monthKeys = months.map(packed)
    private static let fullMonths = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ]
    private static let weekdayKeys: [UInt64] = [
        "mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday", "thursday", "friday",
        "saturday", "sunday", "tues", "thur", "thurs", "weds",
    ].map(packed)
    private static let ignorableKeys: [UInt64] = ["at", "t", "am", "of"].map(packed)
    /// Named zones and their offsets in hours.
    private static let zoneHours: KeyValuePairs<String, Double> = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0, "bst": 1, "cet": 1, "met": 1, "cest": 2, "mest": 2,
        "eet": 2, "eest": 3, "msk": 3, "msd": 4, "ist": 5.5, "almt": 6, "alst": 7, "qyzt": 6, "aqtt": 5, "orat": 5,
        "jst": 9, "kst": 9, "hkt": 8, "sgt": 8, "awst": 8, "acst": 9.5, "aest": 10, "aedt": 11, "nzst": 12,
        "nzdt": 13, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
        "akst": -9, "akdt": -8, "hst": -10, "ast": -4, "adt": -3, "nst": -3.5, "ndt": -2.5,
    ]
    private static let zones: [(key: UInt64, seconds: Int)] = zoneHours.map { (packed($0.key), Int($0.value * 3600)) }

    private static func monthNumber(_ w: UnsafeBufferPointer<UInt8>) -> Int? {
        guard w.count >= 3, let first3 = packed(UnsafeBufferPointer(rebasing: w[0..<3])),
            let k = monthKeys.firstIndex(of: first3)
        else { return nil }
        if w.count == 3 || equals(w, fullMonths[k]) || equals(w, "sept") { return k + 1 }
        return nil
    }

    private static func weekday(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let key = packed(w) else { return equals(w, "wednesday") }
        return weekdayKeys.contains(key)
    }

    private static func ignorable(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        packed(w).map(ignorableKeys.contains) ?? false
    }

    /// The offset in seconds of a named zone or military letter.
    private static func zoneOffset(_ w: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let key = packed(w) else { return nil }
        if let zone = zones.first(where: { $0.key == key }) { return zone.seconds }
        if w.count == 1 {
            let c = ASCII.lower(w[0])
            switch c {
            case 0x61...0x69: return -Int(c - 0x60) * 3600  // a-i: RFC 822 military zones
            case 0x6B...0x6D: return -Int(c - 0x61) * 3600  // k-m
            case 0x6E...0x79: return Int(c - 0x6D) * 3600  // n-y
            default: return nil
            }
        }
        return nil
    }
}
