import Foundation

/// Natural ordering of clause ids: `4 < 4.1 < 4.4.2 < 10`, `5.1 < 5.2 < 5.10`.
///
/// Ids stay text everywhere; this only orders them. Numeric segments compare as
/// numbers, other segments as text, and a shorter id sorts before its extensions.
public enum ClauseOrder {
    public static func areInIncreasingOrder(_ a: String, _ b: String) -> Bool {
        let left = segments(a), right = segments(b)
        for (x, y) in zip(left, right) where x != y {
            switch (Int(x), Int(y)) {
            case let (i?, j?): return i < j
            case (.some, nil): return true
            case (nil, .some): return false
            default: return x < y
            }
        }
        return left.count < right.count
    }

    static func segments(_ id: String) -> [Substring] {
        id.split(whereSeparator: { $0 == "." || $0 == "-" })
    }
}

/// Natural ordering of document ids: `QP-2 < QP-10`.
public enum DocumentOrder {
    public static func areInIncreasingOrder(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: [.numeric, .caseInsensitive]) == .orderedAscending
            || (a.compare(b, options: [.numeric, .caseInsensitive]) == .orderedSame && a < b)
    }
}
