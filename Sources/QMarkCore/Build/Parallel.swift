import Dispatch
/// Maps over a collection on all cores with a task group, keeping the input order.
/// Work is cut into a few chunks per core so that small items do not drown in task overhead.
func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) -> R) async -> [R] {
    guard items.count > 1 else { return items.map(transform) }
    let chunkSize = max(1, items.count / (ProcessInfoCores.count * 4))
    return await withTaskGroup(of: (Int, [R]).self) { group in
        for start in stride(from: 0, to: items.count, by: chunkSize) {
            let chunk = Array(items[start..<min(start + chunkSize, items.count)])
            group.addTask { (start, chunk.map(transform)) }
        }
        var parts: [(Int, [R])] = []
        for await part in group { parts.append(part) }
        return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
    }
}

import Foundation

enum ProcessInfoCores {
    static let count = max(1, ProcessInfo.processInfo.activeProcessorCount)
}

/// `map` on all cores for synchronous code (the history scan runs inside a detached task).
func concurrentMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
    guard items.count > 64 else { return items.map(transform) }
    let chunks = ProcessInfoCores.count * 4
    let chunkSize = (items.count + chunks - 1) / chunks
    let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
    results.initialize(repeating: nil)
    defer { results.deallocate() }
    nonisolated(unsafe) let output = results
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        let start = chunk * chunkSize
        guard start < items.count else { return }
        for index in start..<min(start + chunkSize, items.count) { output[index] = transform(items[index]) }
    }
    return results.map { $0! }
}
