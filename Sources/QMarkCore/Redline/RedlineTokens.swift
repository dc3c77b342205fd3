/// Splits text into the units a redline marks: words for Latin text, single characters for
/// Chinese (which has no spaces between words), runs of white space, and single punctuation marks.
enum RedlineTokens {
    static func split(_ text: String) -> [Substring] {
        var tokens: [Substring] = []
        var start = text.startIndex
        var kind: Kind?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = Kind(character)
            if next == .single || next != kind {
                if index > start { tokens.append(text[start..<index]) }
                start = index
            }
            kind = next
            index = text.index(after: index)
        }
        if start < text.endIndex { tokens.append(text[start...]) }
        return tokens
    }

    enum Kind: Equatable {
        case word, space, single

        init(_ character: Character) {
            if character.isWhitespace { self = .space; return }
            if let scalar = character.unicodeScalars.first, RedlineTokens.isCJK(scalar) { self = .single; return }
            self = character.isLetter || character.isNumber || character == "_" ? .word : .single
        }
    }

    /// Han ideographs, kana, Hangul and full-width forms: each character is its own unit.
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E80...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFF00...0xFFEF, 0x20000...0x2FA1F: return true
        default: return false
        }
    }
}
