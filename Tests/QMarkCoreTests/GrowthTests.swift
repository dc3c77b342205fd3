import Foundation
import Testing
@testable import QMarkCore

/// Every parser and stage costs in proportion to its input: eight times the input may cost at
/// most sixteen times as much (a quadratic stage would cost sixty-four). Cost is the CPU time of
/// the measuring thread, the least of several runs — not wall time — since this machine's
/// virtualised processor counts no instructions.
@Suite(.serialized) struct GrowthTests {
    static func cpuTime() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// The least CPU time of five runs of `work` on the input of size `n`, and the size of what it gave.
    static func cost(_ n: Int, _ work: (Int) -> Int) -> (seconds: Double, output: Int) {
        var best = Double.infinity, output = 0
        for _ in 0..<5 {
            let start = cpuTime()
            output = work(n)
            best = min(best, cpuTime() - start)
        }
        return (best, output)
    }

    static func expectLinear(_ stage: String, base: Int, _ work: (Int) -> Int) {
        let small = cost(base, work), large = cost(base * 8, work)
        #expect(large.seconds / max(small.seconds, 1e-4) < 16, "\(stage): \(small.seconds) s → \(large.seconds) s for 8× the input")
        #expect(Double(large.output) / Double(max(small.output, 1)) < 10, "\(stage): output \(small.output) → \(large.output)")
    }

    @Test func markdownPipeline() {
        let linker = BodyLinker(document: { reference in
            if case .id(let id) = reference, id.hasPrefix("QP-") { return LinkTarget(id: id, href: "\(id).html", label: id) }
            return nil
        }, asset: { _, _ in nil })
        Self.expectLinear("tables, mentions and links", base: 200) { n in
            var body = "| 序号 | 文件 | 说明 |\n|---|:-:|---|\n"
            for row in 0..<n { body += "| \(row) | QP-\(row % 50) | 要求<br>说明 [[QP-\(row % 7)]] ~~旧~~ www.example.com |\n" }
            body += "\n" + String(repeating: "见 QP-01 和《程序》，[[a|", count: n) + "\n"
            body += "\n" + String(repeating: "<sup>x <br> <span>", count: n) + "\n"
            return MarkdownBody.render(body, options: MarkdownOptions(), linker: linker).html.utf8.count
        }
    }

    @Test func frontMatter() {
        Self.expectLinear("front-matter", base: 200) { n in
            let references = (0..<n).map { "QP-\($0)" }.joined(separator: ", ")
            let records = (0..<n).map { "  - {id: R-\($0), title: 记录 \($0), retention: 3 年}" }.joined(separator: "\n")
            let text = "---\nid: QP-01\ntitle: T\nclauses: [7.5]\nreferences: [\(references)]\nrecords:\n\(records)\n---\nBody.\n"
            let outcome = DocumentParser().parse(SourceFile(path: "a.md", data: Data(text.utf8)))
            return outcome.document?.records.count ?? 0
        }
    }

    @Test func cataloguesAndSettings() {
        Self.expectLinear("catalogue", base: 200) { n in
            let yaml = "id: c\ntitle: C\nclauses:\n" + (0..<n).map { "  - id: \"\($0)\"\n    title: Clause \($0)\n    clauses:\n      - id: \"\($0).1\"\n        title: Sub" }.joined(separator: "\n")
            return CatalogueParser.parse(yaml: yaml, path: "c.yml").0?.clauses.count ?? 0
        }
        Self.expectLinear("site.yml", base: 200) { n in
            let yaml = "title: T\nexclusions:\n" + (0..<n).map { "  \($0).1: reason \($0)" }.joined(separator: "\n")
            return SiteConfigParser.parse(SourceFile(path: "site.yml", data: Data(yaml.utf8))).0.exclusions.count
        }
    }

    @Test func gitLog() {
        Self.expectLinear("git log", base: 500) { n in
            var data = Data()
            for commit in 0..<n {
                data.append(Data("\(String(repeating: "a", count: 40))\u{0}2026-01-01T10:00:00+08:00\u{0}李敏\u{0}l@x\u{0}Revise \(commit)\u{1E}\u{1F}\u{0}Approved-by: GM\n\u{0}\u{0}\n".utf8))
                data.append(Data(":100644 100644 \(String(repeating: "0", count: 40)) \(String(repeating: "b", count: 40)) M\u{0}manual/QP-\(commit % 9).md\u{0}".utf8))
            }
            return GitLog.parse(data).count
        }
    }

    @Test func redline() {
        Self.expectLinear("redline", base: 200) { n in
            let old = (0..<n).map { "第 \($0) 行：记录保存 2 年，按 QP-05 执行。" }.joined(separator: "\n")
            let new = (0..<n).map { $0 % 10 == 0 ? "第 \($0) 行：记录保存 3 年，按 QP-05 执行并标识。" : "第 \($0) 行：记录保存 2 年，按 QP-05 执行。" }.joined(separator: "\n")
            return Redline.compare(old, new, foldLabel: { "\($0) unchanged" }).html.utf8.count
        }
    }
}
