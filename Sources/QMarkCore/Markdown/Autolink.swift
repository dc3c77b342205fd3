/// Bare URLs and e-mail addresses in text, found as the GFM autolink extension finds them:
/// `www.` after white space, `*`, `_`, `~` or `(`; `http://`, `https://` and `ftp://`; and
/// `name@example.com`. Trailing punctuation, unbalanced `)` and a trailing entity stay outside
/// the link; `<` ends it. Only these schemes are ever linked. One refinement for Chinese text:
/// full-width punctuation (`，。；）》`…) ends a link, as a reader of Chinese expects.
enum Autolink {
    struct Match: Equatable {
        /// UTF-8 offsets of the linked text in the text searched.
        var range: Range<Int>
        var href: String
    }

    /// What stands before the text, for the `www.` rule: nothing, white space or one of `*_~(`,
    /// or something else (a link, a code span, an HTML tag).
    enum Before { case open, closed }

    /// Every autolink in `text`, left to right.
    static func matches(in text: String, before: Before = .open) -> [Match] {
        let bytes = Array(text.utf8)
        guard bytes.contains(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "@") || $0 == UInt8(ascii: "w") || $0 == UInt8(ascii: "W") })
        else { return [] }
        var found: [Match] = []
        var index = 0
        var emailFrom = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "w"), let match = www(bytes, at: index, before: before) {
                found.append(match)
                index = match.range.upperBound
                emailFrom = index
                continue
            }
            if byte == UInt8(ascii: ":"), let match = url(bytes, colon: index, floor: found.last?.range.upperBound ?? 0) {
                found.append(match)
                index = match.range.upperBound
                emailFrom = index
                continue
            }
            if byte == UInt8(ascii: "@"), let match = email(bytes, at: index, floor: emailFrom) {
                found.append(match)
                index = match.range.upperBound
                emailFrom = index
                continue
            }
            index += 1
        }
        return found
    }

    // MARK: - The three kinds

    private static func www(_ bytes: [UInt8], at start: Int, before: Before) -> Match? {
        guard bytes.count - start >= 4, bytes[start..<start + 4].elementsEqual("www.".utf8) else { return nil }
        if start > 0 {
            let previous = bytes[start - 1]
            guard "*_~(".utf8.contains(previous) || isASCIISpace(previous) else { return nil }
        } else if before == .closed {
            return nil
        }
        let slice = Array(bytes[start...])
        var end = domainLength(slice, allowShort: false)
        guard end > 0 else { return nil }
        end = extend(slice, from: end)
        end = trimEnd(slice, end)
        guard end > 0 else { return nil }
        let linked = String(decoding: slice[..<end], as: UTF8.self)
        return Match(range: start..<start + end, href: "http://" + linked)
    }

    private static func url(_ bytes: [UInt8], colon: Int, floor: Int) -> Match? {
        guard bytes.count - colon >= 4, bytes[colon + 1] == UInt8(ascii: "/"), bytes[colon + 2] == UInt8(ascii: "/") else { return nil }
        var start = colon
        while start > floor, isASCIILetter(bytes[start - 1]) { start -= 1 }
        let scheme = String(decoding: bytes[start..<colon], as: UTF8.self).lowercased()
        guard ["http", "https", "ftp"].contains(scheme) else { return nil }
        let hostStart = colon + 3
        guard hostStart < bytes.count, isHostCharacter(bytes, at: hostStart) else { return nil }
        let rest = Array(bytes[hostStart...])
        let domain = domainLength(rest, allowShort: true)
        guard domain > 0 else { return nil }
        let slice = Array(bytes[start...])
        var end = extend(slice, from: hostStart - start + domain)
        end = trimEnd(slice, end)
        guard end > 0 else { return nil }
        let linked = String(decoding: slice[..<end], as: UTF8.self)
        return Match(range: start..<start + end, href: linked)
    }

    private static func email(_ bytes: [UInt8], at: Int, floor: Int) -> Match? {
        var start = at
        while start > floor, isASCIIAlphanumeric(bytes[start - 1]) || ".+-_".utf8.contains(bytes[start - 1]) { start -= 1 }
        guard start < at else { return nil }
        var end = at
        var ats = 0, dots = 0
        while end < bytes.count {
            let byte = bytes[end]
            if isASCIIAlphanumeric(byte) {
            } else if byte == UInt8(ascii: "@") {
                ats += 1
            } else if byte == UInt8(ascii: "."), end < bytes.count - 1, isASCIIAlphanumeric(bytes[end + 1]) {
                dots += 1
            } else if byte != UInt8(ascii: "-"), byte != UInt8(ascii: "_") {
                break
            }
            end += 1
        }
        let length = end - at
        guard length >= 2, ats == 1, dots > 0, isASCIILetter(bytes[end - 1]) || bytes[end - 1] == UInt8(ascii: ".") else { return nil }
        let slice = Array(bytes[start..<end])
        let trimmed = trimEnd(slice, slice.count)
        guard trimmed > at - start + 1 else { return nil }
        let address = String(decoding: slice[..<trimmed], as: UTF8.self)
        return Match(range: start..<start + trimmed, href: "mailto:" + address)
    }

    // MARK: - Pieces

    /// The length of a valid domain at the start of `bytes`: host characters, `-`, `.`; no `_`
    /// in the last two labels; at least one `.` unless `allowShort`. 0 when there is none.
    private static func domainLength(_ bytes: [UInt8], allowShort: Bool) -> Int {
        var index = 1, periods = 0, underscoresBefore = 0, underscores = 0
        while index < bytes.count - 1 {
            let byte = bytes[index]
            if byte == UInt8(ascii: "_") {
                underscores += 1
            } else if byte == UInt8(ascii: ".") {
                underscoresBefore = underscores
                underscores = 0
                periods += 1
            } else if !isHostCharacter(bytes, at: index), byte != UInt8(ascii: "-") {
                break
            }
            index += 1
        }
        if underscoresBefore > 0 || underscores > 0 { return 0 }
        return allowShort || periods > 0 ? index : 0
    }

    /// Past the domain, a link runs to the next white space (or full-width punctuation).
    private static func extend(_ bytes: [UInt8], from start: Int) -> Int {
        var end = start
        while end < bytes.count, !isASCIISpace(bytes[end]), !isFullWidthStop(bytes, at: end) { end += 1 }
        return end
    }

    /// The link's end after `<`, trailing punctuation, unbalanced `)` and a trailing entity are left out.
    private static func trimEnd(_ bytes: [UInt8], _ initial: Int) -> Int {
        var end = bytes[..<initial].firstIndex(of: UInt8(ascii: "<")) ?? initial
        while end > 0 {
            let last = bytes[end - 1]
            if "?!.,:*_~'\"".utf8.contains(last) {
                end -= 1
            } else if last == UInt8(ascii: ";") {
                var start = end - 2
                while start > 0, isASCIILetter(bytes[start]) { start -= 1 }
                if start < end - 2, bytes[start] == UInt8(ascii: "&") { end = start } else { end -= 1 }
            } else if last == UInt8(ascii: ")") {
                let opening = bytes[..<end].count { $0 == UInt8(ascii: "(") }
                let closing = bytes[..<end].count { $0 == UInt8(ascii: ")") }
                if closing <= opening { break }
                end -= 1
            } else {
                break
            }
        }
        return end
    }

    private static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// Neither white space nor punctuation (Unicode's, as GFM says).
    private static func isHostCharacter(_ bytes: [UInt8], at index: Int) -> Bool {
        guard let scalar = scalar(bytes, at: index) else { return false }
        return !Inline.isWhitespace(scalar) && !Inline.isPunctuation(scalar)
    }

    /// Chinese and full-width punctuation: 、。，；：！？（）《》「」 and the like.
    private static func isFullWidthStop(_ bytes: [UInt8], at index: Int) -> Bool {
        guard bytes[index] >= 0xE3, let scalar = scalar(bytes, at: index) else { return false }
        return (0x3000...0x303F).contains(scalar.value) || (0xFF01...0xFF0F).contains(scalar.value)
            || (0xFF1A...0xFF20).contains(scalar.value) || (0xFF3B...0xFF40).contains(scalar.value) || (0xFF5B...0xFF65).contains(scalar.value)
    }

    private static func scalar(_ bytes: [UInt8], at index: Int) -> Unicode.Scalar? {
        var iterator = bytes[index...].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
        return nil
    }
}

/// Character classes of CommonMark's inline rules.
enum Inline {
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0C, 0x0D, 0x20: return true
        default: return scalar.value > 0x7F && scalar.properties.generalCategory == .spaceSeparator
        }
    }

    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (0x21...0x2F).contains(value) || (0x3A...0x40).contains(value) || (0x5B...0x60).contains(value) || (0x7B...0x7E).contains(value)
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }
}
