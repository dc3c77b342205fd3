import Foundation

/// Maps over a collection on all cores with a task group, keeping the input order.
/// Work is cut into a few chunks per core so that small items do not drown in task overhead.
func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) -> R) async -> [R] {
    guard items.count > 1 else { return items.map(transform) }
    let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    let chunkSize = max(1, items.count / (cores * 4))
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
