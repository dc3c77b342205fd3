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

        static func == (a: Unit, b: Unit) -> Bool { a.hash == b.hash && Diff.sameBytes(a.text, b.text) }
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
