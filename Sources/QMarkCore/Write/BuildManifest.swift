import Foundation

/// Which pages of a site were made from which inputs (`pages` in the build cache), so that the
/// next build can reuse a page whose inputs have not changed instead of rendering it again.
public struct BuildManifest: Sendable {
    static let fileName = "pages"
    /// Site-relative path → page key.
    var keys: [String: String] = [:]

    public init() {}

    /// The manifest of the last build, empty when there is none or it cannot be read.
    static func read(from cache: BuildCache?) -> BuildManifest {
        guard let text = cache?.read(fileName) else { return BuildManifest() }
        var manifest = BuildManifest()
        for line in text.split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            manifest.keys[String(line[line.index(after: space)...])] = String(line[..<space])
        }
        return manifest
    }

    var text: String {
        keys.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: "\n") + "\n"
    }
}
