import Testing
@testable import QMarkCore

@Suite struct DiffTests {
    /// Rebuilds `b` from `a` and the edits: equal runs must match, and every element is accounted for.
    func apply(_ edits: [Diff.Edit], _ a: [Character], _ b: [Character]) -> [Character] {
        var result: [Character] = []
        var oldPosition = 0, newPosition = 0
        for edit in edits {
            #expect(edit.old.lowerBound == oldPosition)
            #expect(edit.new.lowerBound == newPosition)
            switch edit.operation {
            case .equal:
                #expect(Array(a[edit.old]) == Array(b[edit.new]))
                result += a[edit.old]
            case .delete: #expect(edit.new.isEmpty)
            case .insert:
                #expect(edit.old.isEmpty)
                result += b[edit.new]
            }
            oldPosition = edit.old.upperBound
            newPosition = edit.new.upperBound
        }
        #expect(oldPosition == a.count)
        #expect(newPosition == b.count)
        return result
    }

    @Test(arguments: [("", ""), ("", "abc"), ("abc", ""), ("abc", "abc"), ("abcabba", "cbabac"), ("kitten", "sitting"),
                      ("the quick brown fox", "the quick red fox jumps"), ("不合格品处理", "不合格输出处理单"), ("aaaa", "aaab"), ("xyz", "zyx")])
    func editsRebuildTheNewSequence(_ pair: (String, String)) throws {
        let a = Array(pair.0), b = Array(pair.1)
        let edits = try #require(Diff.edits(a, b))
        #expect(apply(edits, a, b) == b)
    }

    @Test func findsTheShortestScript() throws {
        let edits = try #require(Diff.edits(Array("abcabba"), Array("cbabac")))
        let changed = edits.filter { $0.operation != .equal }.reduce(0) { $0 + $1.old.count + $1.new.count }
        #expect(changed == 5) // the paper's example: D = 5
    }

    @Test func randomSequencesRoundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let a = (0..<Int.random(in: 0...30, using: &generator)).map { _ in Character(String("abc".randomElement(using: &generator)!)) }
            let b = (0..<Int.random(in: 0...30, using: &generator)).map { _ in Character(String("abc".randomElement(using: &generator)!)) }
            let edits = try #require(Diff.edits(a, b))
            #expect(apply(edits, a, b) == b)
        }
    }

    @Test func givesUpPastTheLimit() {
        #expect(Diff.edits(Array("abcdefgh"), Array("stuvwxyz"), maxDistance: 4) == nil)
    }
}

@Suite struct RedlineTests {
    let fold = { (count: Int) in "\(count) unchanged lines" }

    @Test func tokensAreWordsForLatinAndCharactersForChinese() {
        #expect(RedlineTokens.split("Check the 3 lots，然后隔离。").map(String.init)
                == ["Check", " ", "the", " ", "3", " ", "lots", "，", "然", "后", "隔", "离", "。"])
    }

    @Test func marksChangedWordsAndCharacters() {
        let redline = Redline.compare("Keep records for 2 years.\n发现不合格品立即隔离。\n", "Keep records for 3 years.\n发现不合格品立即标识并隔离。\n", foldLabel: fold)
        #expect(redline.html.contains("<del>2</del><ins>3</ins>"))
        #expect(redline.html.contains("立即<ins>标识并</ins>隔离"))
        #expect(redline.insertions == 4)
        #expect(redline.deletions == 1)
    }

    @Test func foldsLongUnchangedStretches() {
        let old = (1...40).map { "line \($0)" }.joined(separator: "\n")
        let new = old.replacingOccurrences(of: "line 20", with: "line twenty")
        let redline = Redline.compare(old, new, foldLabel: fold)
        #expect(redline.html.contains("<summary>16 unchanged lines</summary>"))
        #expect(redline.html.contains("<summary>17 unchanged lines</summary>"))
        #expect(redline.html.contains("line <del>20</del><ins>twenty</ins>"))
        #expect(redline.html.contains("<div class=\"qm-same\">line 17\nline 18\nline 19</div>"))
    }

    /// A changed cell of a pipe table is marked as the cell's text; the pipes around it stay as they were.
    @Test func aChangedTableCellMarksTheCellText() {
        let redline = Redline.compare("| 条款 | 保存期限 |\n|---|---|\n| 7.5 | 2 年 |\n", "| 条款 | 保存期限 |\n|---|---|\n| 7.5 | 3 年<br>电子存档 |\n", foldLabel: fold)
        #expect(redline.html.contains("| 7.5 | <del>2</del><ins>3</ins> 年<ins>&lt;br&gt;电子存档</ins> |"))
        #expect(redline.insertions + redline.deletions == 2 + 7)
    }

    @Test func escapesMarkup() {
        let redline = Redline.compare("a <b>\n", "a <i>\n", foldLabel: fold)
        #expect(!redline.html.contains("<b>"))
        #expect(redline.html.contains("&lt;"))
    }

    @Test func addedAndRemovedLines() {
        let redline = Redline.compare("one\ntwo\n", "one\ntwo\nthree\n", foldLabel: fold)
        #expect(redline.html.contains("<ins>three</ins>") || redline.html.contains("<ins>three"))
        #expect(redline.deletions == 0)
    }
}
