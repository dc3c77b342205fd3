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
    /// A document's pending revision (draft, in review, or approved for a later date) beside its revision in force.
    public static func pendingURL(_ id: String) -> String { "pending/\(fileName(id)).html" }
    /// The printable sign-off sheet of a document's revision in force.
    public static func signoffURL(_ id: String) -> String { "signoff/\(fileName(id)).html" }
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

    /// The longest file name `fileName` gives, in bytes: two of them with a folder, a `-` and
    /// `.html` stay well under the 255 bytes a file system allows for one name.
    static let longestFileName = 100

    /// A safe file name for any id: `[A-Za-z0-9._-]` kept, anything else as `_XX` hex bytes.
    /// A name that would be longer than `longestFileName` (an owner of 28 Chinese characters, a
    /// clause id of 300) keeps a readable start and ends with `~` and a hash of the whole id:
    /// short, and still one name per id (`~` never appears in a name that was not shortened).
    public static func fileName(_ id: String) -> String {
        var name = id.hasPrefix(".") ? "_" : "" // never a hidden file
        var characterEnd = name.endIndex // where the last character that fits ends
        for character in id.unicodeScalars {
            for byte in UTF8.encode(character)! {
                let scalar = Unicode.Scalar(byte)
                if ("0"..."9").contains(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "." || scalar == "-" {
                    name.unicodeScalars.append(scalar)
                } else {
                    name += "_" + String(byte, radix: 16, uppercase: true)
                }
            }
            if name.utf8.count <= shortenedStart { characterEnd = name.endIndex }
        }
        guard name.utf8.count > longestFileName else { return name }
        var key = PageKey()
        key.add(id)
        return String(name[..<characterEnd]) + "~" + key.value
    }

    /// How much of a shortened name is its readable start: room is left for `~` and the hash (at most 32 hex digits).
    static let shortenedStart = longestFileName - 33

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
