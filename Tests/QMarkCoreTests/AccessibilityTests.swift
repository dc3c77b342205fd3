import Foundation
import Testing

/// axe-core (`make test-deps` puts axe.min.js in .build/axe) on every kind of page of the example
/// site, in Chromium, at desktop and phone widths and in dark mode: no violation of any rule.
@Suite(.serialized) struct AccessibilityTests {
    static let axe = QMarkBinary.packageRoot.appendingPathComponent(".build/axe/axe.min.js")

    static let pages = ["index.html", "register.html", "docs/QP-13.html", "docs/WI-05.html", "docs/QP-30.html", "revisions/QP-05.html",
                        "standards/iso9001-2015/index.html", "standards/iso9001-2015/8.5.2.html", "standards/iso9001-2015/8.3.html",
                        "principles.html", "processes.html", "process-clauses.html", "records.html", "objectives.html",
                        "reviews.html", "archive.html", "changes.html", "search.html", "print.html", "standards.html",
                        "standards/iso14001-2015/index.html", "docs/EP-01.html",
                        "audit/index.html", "audit/iso9001-2015-8.5.html", "audit/dept-_E8_B4_A8_E9_87_8F_E9_83_A8.html",
                        "standards/csr-kelong-2027/transition.html"]

    /// The violations axe finds on one page of a built site: "rule: selector (help)" lines.
    static func violations(of page: String, in site: URL, query: String = "", width: Int = 1280, dark: Bool = false) throws -> [String] {
        let original = site.appendingPathComponent(page)
        var html = try String(contentsOf: original, encoding: .utf8)
        let checker = """
        <script src="\(axe.absoluteString)"></script><script>
        setTimeout(function () {
          axe.run(document, { resultTypes: ["violations"] }).then(function (r) {
            var out = document.createElement("pre"); out.id = "axe-out";
            out.textContent = JSON.stringify(r.violations.map(function (v) {
              return v.id + ": " + v.nodes.slice(0, 3).map(function (n) { return n.target.join(" "); }).join(", ") + " (" + v.help + ")";
            }));
            document.body.appendChild(out);
          }, function (e) { var out = document.createElement("pre"); out.id = "axe-out"; out.textContent = JSON.stringify(["axe failed: " + e]); document.body.appendChild(out); });
        }, 1500);
        </script>
        """
        html = html.replacingOccurrences(of: "</body>", with: checker + "</body>")
        let copy = original.deletingLastPathComponent().appendingPathComponent("axe-\(UUID().uuidString).html")
        try html.write(to: copy, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: copy) }
        var url = copy.absoluteString
        if !query.isEmpty { url += "?q=" + (query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query) }
        let dom = try Browser.dom(of: URL(string: url)!, extra: ["--window-size=\(width),1000"] + (dark ? ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"] : []))
        let text = try #require(Browser.text(ofPre: "axe-out", in: dom), "axe gave no result on \(page)")
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String])
    }

    static let site = ExampleSiteTests.build("axe")

    @Test func everyKindOfPageHasNoViolation() throws {
        try #require(FileManager.default.fileExists(atPath: Self.axe.path), "axe-core is missing: run make test-deps")
        var found: [String] = []
        for page in Self.pages {
            guard FileManager.default.fileExists(atPath: Self.site.appendingPathComponent(page).path) else { found.append("\(page): missing"); continue }
            let violations = try Self.violations(of: page, in: Self.site, query: page == "search.html" ? "内审" : "")
            found += violations.map { "\(page): \($0)" }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }

    @Test func phoneWidthAndDarkModeHaveNoViolation() throws {
        try #require(FileManager.default.fileExists(atPath: Self.axe.path), "axe-core is missing: run make test-deps")
        var found: [String] = []
        for page in ["index.html", "register.html", "docs/QP-13.html", "standards/iso9001-2015/index.html", "search.html",
                     "standards/csr-kelong-2027/transition.html"] {
            let query = page == "search.html" ? "不合格品" : ""
            found += try Self.violations(of: page, in: Self.site, query: query, width: 390).map { "\(page) at 390 px: \($0)" }
            found += try Self.violations(of: page, in: Self.site, query: query, dark: true).map { "\(page) dark: \($0)" }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }
}
