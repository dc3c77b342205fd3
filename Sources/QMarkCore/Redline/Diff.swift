import Foundation

/// Myers' O(ND) difference algorithm ("An O(ND) Difference Algorithm and Its Variations", 1986).
enum Diff {
    enum Operation: Equatable { case equal, delete, insert }

    /// A run of one operation: the range it covers in the old and in the new sequence.
    struct Edit: Equatable {
        var operation: Operation
        var old: Range<Int>
        var new: Range<Int>
    }

    /// The shortest edit script from `a` to `b`, or nil when more than `maxDistance` edits are needed
    /// (the caller then shows a plain replacement: past that, a fine-grained redline is unreadable anyway).
    static func edits<T: Equatable>(_ a: [T], _ b: [T], maxDistance: Int = 2_000) -> [Edit]? {
        edits(a, b) { x, y in core(x, y, maxDistance: maxDistance) }
    }

    /// Text units compared by their UTF-8 bytes. `numbered`: the units between the common beginning
    /// and end are numbered before Myers' algorithm compares them (worth it for lines, which it may
    /// compare many times); words and characters are short and are compared byte by byte.
    static func edits(units a: [Substring], _ b: [Substring], maxDistance: Int = 2_000, numbered: Bool = true) -> [Edit]? {
        edits(a.map(ByteUnit.init), b.map(ByteUnit.init)) { x, y in
            guard numbered else { return core(x, y, maxDistance: maxDistance) }
            var numbers = UnitNumbers()
            return core(numbers.number(x.map(\.text)), numbers.number(y.map(\.text)), maxDistance: maxDistance)
        }
    }

    /// The common prefix and suffix cost nothing to find and shrink the problem: `middle` computes the
    /// edits of what lies between, which are then shifted into place and merged with the equal runs.
    private static func edits<T: Equatable>(_ a: [T], _ b: [T], middle solve: ([T], [T]) -> [Edit]?) -> [Edit]? {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let x = Array(a[prefix..<(a.count - suffix)]), y = Array(b[prefix..<(b.count - suffix)])
        guard let middle = solve(x, y) else { return nil }
        var result: [Edit] = []
        func append(_ operation: Operation, _ old: Range<Int>, _ new: Range<Int>) {
            guard !old.isEmpty || !new.isEmpty else { return }
            if let last = result.last, last.operation == operation, last.old.upperBound == old.lowerBound, last.new.upperBound == new.lowerBound {
                result[result.count - 1] = Edit(operation: operation, old: last.old.lowerBound..<old.upperBound, new: last.new.lowerBound..<new.upperBound)
            } else {
                result.append(Edit(operation: operation, old: old, new: new))
            }
        }
        append(.equal, 0..<prefix, 0..<prefix)
        for edit in middle {
            append(edit.operation, (edit.old.lowerBound + prefix)..<(edit.old.upperBound + prefix),
                   (edit.new.lowerBound + prefix)..<(edit.new.upperBound + prefix))
        }
        append(.equal, (a.count - suffix)..<a.count, (b.count - suffix)..<b.count)
        return result
    }

    /// A text unit whose equality is that of its UTF-8 bytes.
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

    /// The greedy forward search, keeping each round's frontier to trace the path back.
    private static func core<T: Equatable>(_ a: [T], _ b: [T], maxDistance: Int) -> [Edit]? {
        let n = a.count, m = b.count
        if n == 0 { return m == 0 ? [] : [Edit(operation: .insert, old: 0..<0, new: 0..<m)] }
        if m == 0 { return [Edit(operation: .delete, old: 0..<n, new: 0..<0)] }
        let maximum = min(n + m, maxDistance)
        let offset = maximum + 1
        var frontier = [Int](repeating: 0, count: 2 * maximum + 3)
        var trace: [[Int]] = []
        for d in 0...maximum {
            trace.append(frontier)
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && frontier[offset + k - 1] < frontier[offset + k + 1]) {
                    x = frontier[offset + k + 1]
                } else {
                    x = frontier[offset + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] { x += 1; y += 1 }
                frontier[offset + k] = x
                if x >= n, y >= m { return backtrack(trace: trace, final: frontier, d: d, n: n, m: m, offset: offset) }
            }
        }
        return nil
    }

    private static func backtrack(trace: [[Int]], final: [Int], d finalD: Int, n: Int, m: Int, offset: Int) -> [Edit] {
        var edits: [Edit] = []
        var x = n, y = m
        var frontier = final
        for d in stride(from: finalD, to: 0, by: -1) {
            let previous = trace[d]
            _ = frontier
            let k = x - y
            let fromDown = k == -d || (k != d && previous[offset + k - 1] < previous[offset + k + 1])
            let previousK = fromDown ? k + 1 : k - 1
            let previousX = previous[offset + previousK]
            let previousY = previousX - previousK
            let startX = fromDown ? previousX : previousX + 1
            let startY = fromDown ? previousY + 1 : previousY
            if x > startX { edits.append(Edit(operation: .equal, old: startX..<x, new: startY..<y)) }
            if fromDown {
                edits.append(Edit(operation: .insert, old: previousX..<previousX, new: previousY..<(previousY + 1)))
            } else {
                edits.append(Edit(operation: .delete, old: previousX..<(previousX + 1), new: previousY..<previousY))
            }
            x = previousX
            y = previousY
            frontier = previous
        }
        if x > 0 { edits.append(Edit(operation: .equal, old: 0..<x, new: 0..<y)) }
        return edits.reversed()
    }
}
