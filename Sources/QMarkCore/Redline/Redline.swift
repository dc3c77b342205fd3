/// A redline of two versions of a Markdown source: insertions and deletions marked word by word
/// (character by character in Chinese) inside the lines that changed, unchanged stretches folded.
public struct Redline: Sendable {
    /// The redline as HTML, to sit inside an element styled with `white-space: pre-wrap`.
    public var html: String
    /// Units (words, characters) inserted and deleted.
    public var insertions: Int
    public var deletions: Int
    /// The two texts are the same.
    public var isUnchanged = false

    /// Lines of unchanged text kept around each change; longer unchanged runs are folded.
    static let context = 3

    public static func compare(_ old: String, _ new: String, foldLabel: (Int) -> String) -> Redline {
        let oldLines = old.lineSlices, newLines = new.lineSlices
        let edits = Diff.edits(units: oldLines, newLines) ?? [Diff.Edit(operation: .delete, old: 0..<oldLines.count, new: 0..<0),
                                                       Diff.Edit(operation: .insert, old: 0..<0, new: 0..<newLines.count)]
        var redline = Redline(html: "", insertions: 0, deletions: 0)
        redline.isUnchanged = edits.allSatisfy { $0.operation == .equal }
        // Runs of lines are contiguous in their text: they are sliced from it, not joined again.
        func slice(_ lines: [Substring], _ range: Range<Int>) -> Substring {
            range.isEmpty ? "" : lines[range.lowerBound].base[lines[range.lowerBound].startIndex..<lines[range.upperBound - 1].endIndex]
        }
        var index = 0
        while index < edits.count {
            let edit = edits[index]
            if edit.operation == .equal {
                redline.appendUnchanged(edit.new, isFirst: index == 0, isLast: index == edits.count - 1, foldLabel: foldLabel) {
                    slice(newLines, $0)
                }
                index += 1
                continue
            }
            // A change: the deleted and inserted lines up to the next unchanged run.
            var deleted = edit.old.lowerBound..<edit.old.lowerBound, inserted = edit.new.lowerBound..<edit.new.lowerBound
            while index < edits.count, edits[index].operation != .equal {
                deleted = deleted.lowerBound..<max(deleted.upperBound, edits[index].old.upperBound)
                inserted = inserted.lowerBound..<max(inserted.upperBound, edits[index].new.upperBound)
                index += 1
            }
            redline.appendChange(deleted: String(slice(oldLines, deleted)), inserted: String(slice(newLines, inserted)),
                                 hasDeleted: !deleted.isEmpty, hasInserted: !inserted.isEmpty)
        }
        return redline
    }

    /// `lines` are the positions of unchanged lines in the new text; `text` gives the text of a range of lines.
    private mutating func appendUnchanged(_ lines: Range<Int>, isFirst: Bool, isLast: Bool, foldLabel: (Int) -> String,
                                          text: (Range<Int>) -> Substring) {
        let start = lines.lowerBound, end = lines.upperBound
        let keepBefore = isFirst ? 0 : Redline.context, keepAfter = isLast ? 0 : Redline.context
        guard lines.count > keepBefore + keepAfter + 1 else {
            html += "<div class=\"qm-same\">\(HTML.escape(String(text(start..<end))))</div>"
            return
        }
        if keepBefore > 0 { html += "<div class=\"qm-same\">\(HTML.escape(String(text(start..<(start + keepBefore)))))</div>" }
        let folded = (start + keepBefore)..<(end - keepAfter)
        html += "<details class=\"qm-fold\"><summary>\(HTML.escape(foldLabel(folded.count)))</summary>"
            + "<div class=\"qm-same\">\(HTML.escape(String(text(folded))))</div></details>"
        if keepAfter > 0 { html += "<div class=\"qm-same\">\(HTML.escape(String(text((end - keepAfter)..<end))))</div>" }
    }

    private mutating func appendChange(deleted: String, inserted: String, hasDeleted: Bool, hasInserted: Bool) {
        let old = RedlineTokens.split(deleted), new = RedlineTokens.split(inserted)
        var body = ""
        if hasDeleted, hasInserted, let edits = Diff.edits(units: old, new, maxDistance: 600, numbered: false) {
            for edit in edits {
                switch edit.operation {
                case .equal: body += HTML.escape(new[edit.new].joined())
                case .delete:
                    body += "<del>\(HTML.escape(old[edit.old].joined()))</del>"
                    deletions += old[edit.old].filter(RedlineTokens.counts).count
                case .insert:
                    body += "<ins>\(HTML.escape(new[edit.new].joined()))</ins>"
                    insertions += new[edit.new].filter(RedlineTokens.counts).count
                }
            }
        } else {
            if hasDeleted {
                body += "<del>\(HTML.escape(deleted))</del>" + (hasInserted ? "\n" : "")
                deletions += old.filter(RedlineTokens.counts).count
            }
            if hasInserted {
                body += "<ins>\(HTML.escape(inserted))</ins>"
                insertions += new.filter(RedlineTokens.counts).count
            }
        }
        html += "<div class=\"qm-hunk\">\(body)</div>"
    }
}
