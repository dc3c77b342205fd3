import Foundation

/// Headless Chromium, for what only a browser can say: the search script's results, axe-core's findings.
enum Browser {
    static let path = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The document of a page after its scripts ran (virtual time, so waiting costs nothing).
    static func dom(of page: URL, budgetMilliseconds: Int = 30_000, extra: [String] = []) throws -> String {
        guard let path else { throw Failure.missing }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("qmark-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let result = try QMarkBinary.runTool(path, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                                    "--user-data-dir=\(profile.path)", "--allow-file-access-from-files",
                                                    "--virtual-time-budget=\(budgetMilliseconds)"] + extra + ["--dump-dom", page.absoluteString],
                                             in: page.deletingLastPathComponent())
        guard result.status == 0 else { throw Failure.failed(result.stderr) }
        return result.stdout
    }

    /// The text of the element `<pre id="ID">` of a page's document, entities decoded.
    static func text(ofPre id: String, in dom: String) -> String? {
        guard let open = dom.range(of: "<pre id=\"\(id)\">"), let close = dom.range(of: "</pre>", range: open.upperBound..<dom.endIndex) else { return nil }
        return String(dom[open.upperBound..<close.lowerBound]).replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    enum Failure: Error, CustomStringConvertible {
        case missing, failed(String)
        var description: String {
            switch self {
            case .missing: "chromium is not installed (make test-deps installs it)"
            case .failed(let error): "chromium failed: \(error)"
            }
        }
    }
}
