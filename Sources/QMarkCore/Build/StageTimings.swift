import Foundation
import Synchronization

/// Wall-clock time per build stage, for `qmark build --timings`.
public final class StageTimings: Sendable {
    private let entries = Mutex<[(String, TimeInterval)]>([])

    public init() {}

    public func record(_ stage: String, since start: Date) {
        let elapsed = Date().timeIntervalSince(start)
        entries.withLock { $0.append((stage, elapsed)) }
    }

    /// `load 0.05 s, parse+resolve 0.31 s, …`
    public var summary: String {
        entries.withLock { $0.map { "\($0.0) \(String(format: "%.2f", $0.1)) s" }.joined(separator: ", ") }
    }
}

extension Optional where Wrapped == StageTimings {
    func measure<T>(_ stage: String, _ work: () throws -> T) rethrows -> T {
        let start = Date()
        defer { self?.record(stage, since: start) }
        return try work()
    }
}
