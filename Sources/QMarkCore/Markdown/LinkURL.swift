import Foundation

/// What a link destination in a body points at.
enum LinkDestination: Equatable {
    /// Another document's source file, manual-relative, with the `#fragment` if any.
    case document(path: String, fragment: String?)
    /// A file beside the Markdown (an image, a PDF), manual-relative.
    case asset(path: String, suffix: String)
    /// A relative path that climbs out of the manual folder.
    case outsideManual(String)
    /// Anything else: a URL with a scheme, an absolute path, an in-page anchor. Left as written.
    case external

    static let documentExtensions = [".md", ".markdown"]

    init(_ url: String, sourceDirectory: String) {
        guard !url.isEmpty, !url.hasPrefix("#"), !url.hasPrefix("/"),
              !LinkDestination.hasScheme(url)
        else { self = .external; return }
        var path = Substring(url)
        var suffix = ""
        if let cut = path.firstIndex(where: { $0 == "#" || $0 == "?" }) {
            suffix = String(path[cut...])
            path = path[..<cut]
        }
        let decoded = String(path).removingPercentEncoding ?? String(path)
        guard let resolved = LinkDestination.join(sourceDirectory, decoded) else { self = .outsideManual(decoded); return }
        if LinkDestination.documentExtensions.contains(where: { resolved.lowercased().hasSuffix($0) }) {
            let fragment = suffix.hasPrefix("#") ? String(suffix.dropFirst()) : nil
            self = .document(path: resolved, fragment: fragment)
        } else {
            self = .asset(path: resolved, suffix: suffix)
        }
    }

    /// `scheme:` as RFC 3986 writes it: a letter, then letters, digits, `+`, `.` or `-`, then a colon.
    static func hasScheme(_ url: String) -> Bool {
        for (offset, scalar) in url.unicodeScalars.enumerated() {
            let isLetter = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
            if offset == 0 { if !isLetter { return false }; continue }
            if scalar == ":" { return true }
            if !(isLetter || ("0"..."9").contains(scalar) || scalar == "+" || scalar == "." || scalar == "-") { return false }
        }
        return false
    }

    /// Joins a relative path to a folder, resolving `.` and `..`; nil when it leaves the manual.
    static func join(_ directory: String, _ relative: String) -> String? {
        var parts = directory.split(separator: "/").map(String.init)
        for part in relative.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if parts.isEmpty { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }
}

/// HTML escaping for text and attribute values.
enum HTML {
    /// `&`, `<`, `>` and `"` as entities. Works on UTF-8 bytes (every escaped character is ASCII),
    /// and returns the text itself when there is nothing to escape, as for most values.
    static func escape(_ text: String) -> String {
        escape(text, apostrophe: false)
    }

    static func escape(_ text: String, apostrophe: Bool) -> String {
        var text = text
        let escaped = text.withUTF8 { bytes -> String? in
            let needsEscaping = { (byte: UInt8) in
                byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"")
                    || (apostrophe && byte == UInt8(ascii: "'"))
            }
            guard let first = bytes.firstIndex(where: needsEscaping) else { return nil }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + 64)
            result.append(contentsOf: bytes[..<first])
            for byte in bytes[first...] {
                switch byte {
                case UInt8(ascii: "&"): result += "&amp;".utf8
                case UInt8(ascii: "<"): result += "&lt;".utf8
                case UInt8(ascii: ">"): result += "&gt;".utf8
                case UInt8(ascii: "\""): result += "&quot;".utf8
                case UInt8(ascii: "'") where apostrophe: result += "&#39;".utf8
                default: result.append(byte)
                }
            }
            return String(decoding: result, as: UTF8.self)
        }
        return escaped ?? text
    }
}
