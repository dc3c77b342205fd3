import Foundation

/// A calendar date as written in front-matter (`2026-03-01`), without time or zone.
public struct DayDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Parses `YYYY-MM-DD`, rejecting impossible dates such as `2026-02-30`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1, day <= DayDate.days(inMonth: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The latest date a source can write (`YYYY` has four digits).
    public static let latest = DayDate(year: 9999, month: 12, day: 31)
    /// The earliest date a source can write.
    public static let earliest = DayDate(year: 0, month: 1, day: 1)

    /// The same day `months` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb).
    /// Never traps: a result past year 9999 or before year 0 is clamped to the latest or earliest
    /// date a source can write, whatever `months` is.
    public func adding(months: Int) -> DayDate {
        let first = DayDate.earliest.year * 12, last = DayDate.latest.year * 12 + 11
        // Clamped before it is added: no `months` can overflow the sum.
        let total = year * 12 + (month - 1) + Swift.max(-(last + 1), Swift.min(last + 1, months))
        guard total <= last else { return DayDate.latest }
        guard total >= first else { return DayDate.earliest }
        let newYear = total / 12, newMonth = total % 12 + 1
        return DayDate(year: newYear, month: newMonth, day: min(day, DayDate.days(inMonth: newMonth, year: newYear)))
    }

    /// The day `days` days later (0 to 36,500: a span a setting allows), counted through the calendar.
    public func adding(days: Int) -> DayDate {
        var date = self
        var left = Swift.max(0, Swift.min(36_500, days))
        while left > 0 {
            let room = DayDate.days(inMonth: date.month, year: date.year) - date.day
            if left <= room { return DayDate(year: date.year, month: date.month, day: date.day + left) }
            left -= room + 1
            guard date < DayDate.latest.adding(months: -1) else { return DayDate.latest }
            date = date.month == 12 ? DayDate(year: date.year + 1, month: 1, day: 1) : DayDate(year: date.year, month: date.month + 1, day: 1)
        }
        return date
    }

    /// Days from `self` to `other` (negative when `other` is earlier).
    public func days(until other: DayDate) -> Int {
        other.ordinal - ordinal
    }

    /// Days since 0000-03-01, for differences.
    var ordinal: Int {
        let y = month <= 2 ? year - 1 : year
        let m = month <= 2 ? month + 9 : month - 3
        return 365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + day - 1
    }

    /// Today in the local time zone.
    public static func today() -> DayDate {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return DayDate(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String {
        let pad = { (n: Int, width: Int) in String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Earlier dates first.
    public static func < (a: DayDate, b: DayDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}
