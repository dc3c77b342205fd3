import Foundation

/// Where everything lives in the site, and hrefs between pages.
///
/// Every page knows its depth below `site/`; hrefs are relative (`../docs/QP-05.html`) so the
/// site works from any static host or straight from the disk.
public struct SiteLinks: Sendable {
    public let manual: Manual

    /// Links within the site of this manual.
    public init(manual: Manual) {
        self.manual = manual
    }

    /// `../` repeated, from a page `depth` folders below the site root.
    public static func root(depth: Int) -> String { String(repeating: "../", count: depth) }

    // MARK: - Site-relative URLs

    /// A document's page, relative to the site root.
    public static func documentURL(_ id: String) -> String { "docs/\(fileName(id)).html" }
    /// A standard's coverage matrix, relative to the site root.
    public static func standardURL(_ standard: String) -> String { "standards/\(fileName(standard))/index.html" }
    /// A clause's page, relative to the site root.
    public static func clauseURL(standard: String, clause: String) -> String {
        "standards/\(fileName(standard))/\(fileName(clause)).html"
    }
    /// A document's revision history page (every revision with what changed from the one before), relative to the site root.
    public static func historyURL(document: String) -> String {
        "revisions/\(fileName(document)).html"
    }
    /// A revision's page: its section of the history page, which shows that revision alone when opened at this address.
    public static func revisionURL(document: String, anchor: String) -> String {
        historyURL(document: document) + "#" + anchor
    }

    /// Where a manual-relative asset is copied, percent-encoded.
    public static func assetURL(_ path: String) -> String {
        "files/" + path.split(separator: "/").map { String($0).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? String($0) }.joined(separator: "/")
    }

    /// A safe file name for any id: `[A-Za-z0-9._-]` kept, anything else as `_XX` hex bytes.
    public static func fileName(_ id: String) -> String {
        var name = ""
        for byte in id.utf8 {
            let scalar = Unicode.Scalar(byte)
            if ("0"..."9").contains(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "." || scalar == "-" {
                name.unicodeScalars.append(scalar)
            } else {
                name += "_" + String(byte, radix: 16, uppercase: true)
            }
        }
        return name.hasPrefix(".") ? "_" + name : name
    }

    /// The linker for bodies rendered on a page `depth` folders below the root.
    public func linker(fromDepth depth: Int) -> BodyLinker {
        let root = SiteLinks.root(depth: depth)
        let manual = self.manual
        return BodyLinker(
            document: { reference in
                manual.document(for: reference).map {
                    LinkTarget(id: $0.id, href: root + SiteLinks.documentURL($0.id), label: LinkTarget.label(id: $0.id, title: $0.title))
                }
            },
            asset: { path, isImage in
                guard manual.hasAsset(path) else { return nil }
                if isImage, let inline = manual.inlineImages[path] { return inline }
                return manual.publishedAssets.contains(path) ? root + SiteLinks.assetURL(path) : ""
            })
    }
}
