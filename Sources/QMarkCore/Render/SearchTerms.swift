/// How text becomes search terms. `assets/search.js` cuts a query the same way (`terms` there);
/// a change here is a change there.
///
/// - A run of Chinese, Japanese or Korean characters gives its overlapping pairs (质量方针 → 质量, 量方,
///   方针), a lone character itself; in titles, headings and the like also its characters and its
///   pairs one character apart (质_方, 量_针). Queries match by pairs; characters and pairs across a
///   gap are the fallback when no entry holds every pair: a typo such as 管理坪审 still meets the
///   title 管理评审程序 in 管理 and 理_审. A one-character query finds its character in titles and headings.
/// - A run of letters and digits is a word, lower-cased; English plurals lose their `s`. Dots between
///   digits stay in the word, so a clause number is one term.
/// - Words joined by hyphens that hold both letters and digits also give the id they spell without
///   hyphens (`QP-08` → `qp`, `08`, `qp08`), which is how ids are looked up.
enum SearchTerms {
    /// The term a clause id is indexed under for the pages and documents the matrix lists for it.
    static func clause(_ id: String) -> String { "§" + id }

    /// An id as one term: lower case, without hyphens, spaces and dots (`QP-08` → `qp08`).
    static func joinedID(_ id: String) -> String {
        String(String.UnicodeScalarView(id.lowercased().unicodeScalars.filter { isWordCharacter($0) }))
    }

    /// A term: characters of Chinese as a number (a character, a pair, a pair across a gap: cheap
    /// to count), anything else as its text.
    enum Term: Hashable, Sendable {
        case characters(UInt64)
        case word(String)

        static func pair(_ first: Unicode.Scalar, _ second: Unicode.Scalar, gap: Bool = false) -> Term {
            .characters((gap ? 2 : 1) << 42 | UInt64(first.value) << 21 | UInt64(second.value))
        }

        /// The term as the index and the page's script write it: 质, 质量, 质_方, or the word.
        var text: String {
            switch self {
            case .word(let word): return word
            case .characters(let code):
                let kind = code >> 42, first = Unicode.Scalar(UInt32((code >> 21) & 0x1F_FFFF))!, second = Unicode.Scalar(UInt32(code & 0x1F_FFFF))!
                var scalars = String.UnicodeScalarView()
                if kind == 0 { scalars.append(second); return String(scalars) }
                scalars.append(first)
                if kind == 2 { scalars.append("_") }
                scalars.append(second)
                return String(scalars)
            }
        }
    }

    /// The terms of a text, as strings (for tests and the few callers that want text).
    static func strings(in text: String) -> [String] {
        var terms: [String] = []
        each(in: text) { terms.append($0.text) }
        return terms
    }

    /// `characters`: also the single characters and the pairs across a gap of Chinese. The index
    /// holds those for titles, headings and the like (where a typo is looked for), not for the text.
    static func each(in text: String, characters: Bool = true, _ emit: (Term) -> Void) {
        var cjk: [Unicode.Scalar] = []
        var word = String.UnicodeScalarView()
        var parts: [String] = []
        var pendingJoiner = false

        func flushCJK() {
            guard !cjk.isEmpty else { return }
            if characters || cjk.count == 1 { for scalar in cjk { emit(.characters(UInt64(scalar.value))) } }
            for index in cjk.indices.dropLast() {
                emit(.pair(cjk[index], cjk[index + 1]))
                if characters && index + 2 < cjk.count { emit(.pair(cjk[index], cjk[index + 2], gap: true)) }
            }
            cjk.removeAll(keepingCapacity: true)
        }
        func endWord() {
            while word.last == "." { word.removeLast() }
            guard !word.isEmpty else { return }
            let text = String(word)
            emit(.word(stemmed(text)))
            parts.append(text)
            word = String.UnicodeScalarView()
        }
        func flushCompound() {
            endWord()
            if parts.count > 1 {
                let joined = parts.joined()
                if joined.unicodeScalars.contains(where: isDigit) && joined.unicodeScalars.contains(where: { !isDigit($0) && $0 != "." }) {
                    emit(.word(joined.replacingOccurrences(of: ".", with: "")))
                }
            }
            parts.removeAll(keepingCapacity: true)
            pendingJoiner = false
        }

        for scalar in text.unicodeScalars {
            if isCJK(scalar) {
                if !word.isEmpty || !parts.isEmpty { flushCompound() }
                cjk.append(scalar)
            } else if isWordCharacter(scalar) {
                flushCJK()
                pendingJoiner = false
                word.append(lowered(scalar))
            } else if scalar == ".", !word.isEmpty, word.last.map(isDigit) == true {
                word.append(scalar)
            } else if scalar == "-", !word.isEmpty, !pendingJoiner {
                endWord()
                pendingJoiner = true
            } else {
                flushCJK()
                if !word.isEmpty || !parts.isEmpty { flushCompound() }
                pendingJoiner = false
            }
        }
        flushCJK()
        flushCompound()
    }

    /// An English plural's `s` dropped: `audits` → `audit`, never `process` → `proces`.
    static func stemmed(_ word: String) -> String {
        let scalars = word.unicodeScalars
        guard scalars.count > 3, scalars.last == "s", !word.hasSuffix("ss"), scalars.allSatisfy({ ("a"..."z").contains($0) }) else { return word }
        return String(word.dropLast())
    }

    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x3134F: true
        default: false
        }
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || isDigit(scalar) }
        return !isCJK(scalar) && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil)
    }

    static func lowered(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if ("A"..."Z").contains(scalar) { return Unicode.Scalar(scalar.value + 32)! }
        if scalar.isASCII { return scalar }
        let lower = scalar.properties.lowercaseMapping.unicodeScalars
        return lower.count == 1 ? lower.first! : scalar
    }

    /// FNV-1a over UTF-16 code units: the shard of a term (`hash` in `assets/search.js`).
    static func hash(_ term: String) -> UInt32 {
        var value: UInt32 = 2_166_136_261
        for unit in term.utf16 { value = (value ^ UInt32(unit)) &* 16_777_619 }
        return value
    }
}
