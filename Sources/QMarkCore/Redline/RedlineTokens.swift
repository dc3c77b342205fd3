/// Splits text into the units a redline marks: words for Latin text, single characters for
/// Chinese (which has no spaces between words), runs of white space, and single punctuation marks.
///
/// Works on Unicode scalars rather than `Character`s (this runs over every changed passage of every
/// revision); combining marks and joined sequences stay with the scalar they follow.
enum RedlineTokens {
    static func split(_ text: String) -> [Substring] {
        var tokens: [Substring] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var kind: Kind?
        var joined = false
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            defer { index = scalars.index(after: index) }
            if kind != nil, joined || isExtending(scalar) {
                joined = scalar.value == 0x200D
                continue
            }
            joined = false
            let next = Kind(scalar)
            if next == .single || next != kind {
                if index > start { tokens.append(text[start..<index]) }
                start = index
            }
            kind = next
        }
        if start < scalars.endIndex { tokens.append(text[start...]) }
        return tokens
    }

    enum Kind: Equatable {
        case word, space, single

        init(_ scalar: Unicode.Scalar) {
            if scalar.isASCII {
                switch scalar {
                case " ", "\t", "\n", "\r": self = .space
                case "0"..."9", "a"..."z", "A"..."Z", "_": self = .word
                default: self = .single
                }
                return
            }
            if RedlineTokens.isCJK(scalar) { self = .single; return }
            let properties = scalar.properties
            if properties.isWhitespace { self = .space; return }
            self = properties.isAlphabetic || properties.numericType != nil ? .word : .single
        }
    }

    /// Combining marks, variation selectors and the zero-width joiner belong to the scalar before them.
    static func isExtending(_ scalar: Unicode.Scalar) -> Bool {
        guard !scalar.isASCII, !isCJK(scalar) else { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return scalar.value == 0x200D || (0xFE00...0xFE0F).contains(scalar.value)
        }
    }

    /// Han ideographs, kana, Hangul and full-width forms: each character is its own unit.
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E80...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFF00...0xFFEF, 0x20000...0x2FA1F: return true
        default: return false
        }
    }

    /// Whether a unit counts as a word or character changed (white space does not).
    static func counts(_ token: Substring) -> Bool {
        token.unicodeScalars.contains { !$0.properties.isWhitespace }
    }
}

import Foundation

/// Numbers standing for text units, equal when the units' UTF-8 bytes are: the diff then compares
/// integers, not strings with Unicode-aware equality.
struct UnitNumbers {
    private struct Unit: Hashable {
        let text: Substring
        let hash: UInt64

        init(_ text: Substring) {
            self.text = text
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            self.hash = hash
        }

        static func == (a: Unit, b: Unit) -> Bool { a.hash == b.hash && a.text.utf8.elementsEqual(b.text.utf8) }
        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
    }

    private var numbers: [Unit: Int] = [:]

    mutating func number(_ units: [Substring]) -> [Int] {
        units.map { text in
            let unit = Unit(text)
            if let number = numbers[unit] { return number }
            let number = numbers.count
            numbers[unit] = number
            return number
        }
    }
}

extension Diff {
    /// The edits between two sequences of text units, compared by their UTF-8 bytes. The common
    /// beginning and end are found by comparing bytes; only the units between are numbered and
    /// handed to Myers' algorithm (a revision usually changes a few lines of a long text).
    /// `numbered`: number the units before comparing (worth it for lines, which Myers' algorithm may
    /// compare many times); words and characters are short and are compared byte by byte.
    static func edits(units a: [Substring], _ b: [Substring], maxDistance: Int = 2_000, numbered: Bool = true) -> [Edit]? {
        var prefix = 0
        while prefix < a.count, prefix < b.count, sameBytes(a[prefix], b[prefix]) { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, sameBytes(a[a.count - 1 - suffix], b[b.count - 1 - suffix]) { suffix += 1 }
        let x = a[prefix..<(a.count - suffix)], y = b[prefix..<(b.count - suffix)]
        let found: [Edit]?
        if numbered {
            var numbers = UnitNumbers()
            found = edits(numbers.number(Array(x)), numbers.number(Array(y)), maxDistance: maxDistance)
        } else {
            found = edits(x.map(ByteUnit.init), y.map(ByteUnit.init), maxDistance: maxDistance)
        }
        guard let middle = found else { return nil }
        var result: [Edit] = []
        if prefix > 0 { result.append(Edit(operation: .equal, old: 0..<prefix, new: 0..<prefix)) }
        for edit in middle {
            let shifted = Edit(operation: edit.operation, old: (edit.old.lowerBound + prefix)..<(edit.old.upperBound + prefix),
                               new: (edit.new.lowerBound + prefix)..<(edit.new.upperBound + prefix))
            if let last = result.last, last.operation == shifted.operation {
                result[result.count - 1] = Edit(operation: last.operation, old: last.old.lowerBound..<shifted.old.upperBound,
                                                new: last.new.lowerBound..<shifted.new.upperBound)
            } else {
                result.append(shifted)
            }
        }
        if suffix > 0 {
            let equal = Edit(operation: .equal, old: (a.count - suffix)..<a.count, new: (b.count - suffix)..<b.count)
            if let last = result.last, last.operation == .equal {
                result[result.count - 1] = Edit(operation: .equal, old: last.old.lowerBound..<equal.old.upperBound, new: last.new.lowerBound..<equal.new.upperBound)
            } else {
                result.append(equal)
            }
        }
        return result
    }

    /// A unit compared by its bytes.
    struct ByteUnit: Equatable {
        let text: Substring
        static func == (a: ByteUnit, b: ByteUnit) -> Bool { sameBytes(a.text, b.text) }
    }

    /// Whether two units have the same UTF-8 bytes (a memory comparison for native strings).
    static func sameBytes(_ a: Substring, _ b: Substring) -> Bool {
        let count = a.utf8.count
        guard count == b.utf8.count else { return false }
        guard count > 0 else { return true }
        if let same = a.utf8.withContiguousStorageIfAvailable({ x in
            b.utf8.withContiguousStorageIfAvailable { y in memcmp(x.baseAddress!, y.baseAddress!, count) == 0 }
        }), let same {
            return same
        }
        return a.utf8.elementsEqual(b.utf8)
    }
}
