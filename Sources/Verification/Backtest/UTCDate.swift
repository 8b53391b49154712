/// Calendar dates in UTC without Foundation's calendars: the proleptic
/// Gregorian day count of Howard Hinnant's `days_from_civil`, so a date
/// reads and prints the same on every machine.
public enum UTCDate {
    /// Days since 1970-01-01 of a civil date (month 1...12, day 1...31).
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The civil date of a day count since 1970-01-01.
    public static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// "2020-03-12" for a unix time; "2020-03-12 06:00" when not at midnight.
    public static func text(_ seconds: UInt64) -> String {
        let (y, m, d) = civil(days: Int(seconds / 86400))
        let rest = Int(seconds % 86400)
        let date = "\(y)-\(two(m))-\(two(d))"
        return rest == 0 ? date : "\(date) \(two(rest / 3600)):\(two(rest / 60 % 60))"
    }

    /// Unix seconds of "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DDTHH:MM:SS"
    /// (optionally ending in "Z"), read as UTC; nil for anything else.
    public static func parse(_ text: String) -> UInt64? {
        var s = Array(text.utf8)
        if s.last == UInt8(ascii: "Z") { s.removeLast() }
        guard s.count == 10 || s.count == 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var v = 0
            for i in range {
                guard s[i] >= 0x30 && s[i] <= 0x39 else { return nil }
                v = v * 10 + Int(s[i] - 0x30)
            }
            return v
        }
        guard s[4] == UInt8(ascii: "-"), s[7] == UInt8(ascii: "-"),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              year >= 1970, (1...12).contains(month), day >= 1, day <= daysInMonth(year, month) else { return nil }
        var seconds = days(year: year, month: month, day: day) * 86400
        if s.count == 19 {
            guard s[10] == UInt8(ascii: " ") || s[10] == UInt8(ascii: "T"), s[13] == UInt8(ascii: ":"),
                  s[16] == UInt8(ascii: ":"), let h = number(11..<13), let m = number(14..<16),
                  let sec = number(17..<19), h < 24, m < 60, sec < 60 else { return nil }
            seconds += h * 3600 + m * 60 + sec
        }
        return UInt64(seconds)
    }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        if month == 2 { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28 }
        return [4, 6, 9, 11].contains(month) ? 30 : 31
    }

    private static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
