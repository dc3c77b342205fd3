/// Natural ordering of clause ids: `4 < 4.1 < 4.4.2 < 10`, `5.1 < 5.2 < 5.10`.
///
/// Ids stay text everywhere; this only orders them. Numeric segments compare as
/// numbers, other segments as text, and a shorter id sorts before its extensions.
public enum ClauseOrder {
    /// Whether `a` sorts before `b`.
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

/// Natural ordering of document ids: `QP-2 < QP-10`; runs of digits compare as numbers,
/// other text case-insensitively, with plain text order breaking ties.
public enum DocumentOrder {
    /// Whether `a` sorts before `b`.
    public static func areInIncreasingOrder(_ a: String, _ b: String) -> Bool {
        var left = a.unicodeScalars.makeIterator(), right = b.unicodeScalars.makeIterator()
        var x = left.next(), y = right.next()
        while let l = x, let r = y {
            if l.properties.numericType == .decimal, r.properties.numericType == .decimal, l.isASCII, r.isASCII {
                var leftDigits = "", rightDigits = ""
                while let d = x, d.isASCII, ("0"..."9").contains(d) { leftDigits.unicodeScalars.append(d); x = left.next() }
                while let d = y, d.isASCII, ("0"..."9").contains(d) { rightDigits.unicodeScalars.append(d); y = right.next() }
                let trimmedLeft = leftDigits.drop { $0 == "0" }, trimmedRight = rightDigits.drop { $0 == "0" }
                if trimmedLeft.count != trimmedRight.count { return trimmedLeft.count < trimmedRight.count }
                if trimmedLeft != trimmedRight { return trimmedLeft < trimmedRight }
                continue
            }
            let lower = (l.properties.lowercaseMapping, r.properties.lowercaseMapping)
            if lower.0 != lower.1 { return lower.0 < lower.1 }
            x = left.next()
            y = right.next()
        }
        if (x == nil) != (y == nil) { return x == nil }
        return a < b
    }
}

/// One clause of one standard: `iso9001-2015` 8.5.1.
public struct ClauseRef: Sendable, Hashable {
    /// The catalogue's id.
    public var standard: String
    /// The clause id, text exactly as written.
    public var clause: String

    public init(standard: String, clause: String) {
        self.standard = standard
        self.clause = clause
    }
}
