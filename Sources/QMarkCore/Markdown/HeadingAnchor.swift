/// Makes heading anchors: readable, stable, unique within a page, and in the heading's own script.
struct HeadingAnchors {
    private var used: [String: Int] = [:]

    /// `控制要求 3.1` → `控制要求-31`, `Scope and purpose` → `scope-and-purpose`; repeats get `-1`, `-2`.
    mutating func anchor(for text: String) -> String {
        var slug = ""
        var pendingDash = false
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || character == "_" {
                if pendingDash, !slug.isEmpty { slug.append("-") }
                pendingDash = false
                slug.append(character)
            } else if character.isWhitespace || character == "-" {
                pendingDash = true
            }
        }
        if slug.isEmpty { slug = "section" }
        let count = used[slug, default: 0]
        used[slug] = count + 1
        if count == 0 { return slug }
        var candidate = "\(slug)-\(count)"
        while used[candidate] != nil { candidate += "-1" }
        used[candidate] = 1
        return candidate
    }
}
