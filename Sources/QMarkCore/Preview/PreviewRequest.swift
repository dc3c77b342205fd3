/// What the preview's front door (`qmark serve`) makes of a request's head before anything
/// behind it sees the request: the preview answers its own host names only (a page elsewhere
/// that rebinds its name to 127.0.0.1 gets 421), plain pages only to other sites (403 for their
/// scripts, frames and forms), GET and HEAD only (405), and a head of bounded size (414, 431).
public struct PreviewRequestPolicy: Sendable {
    /// Host names the preview answers to, lower case, without port: `localhost`, `127.0.0.1`,
    /// `[::1]` and the `--host` it listens on.
    public var hosts: Set<String>
    public var port: UInt16
    /// The longest request line and the largest head read before answering 414 and 431.
    public var longestLine = 8 * 1024
    public var largestHead = 32 * 1024

    public init(listeningOn host: String, port: UInt16, alsoAnswering more: [String] = []) {
        var hosts: Set<String> = ["localhost", "127.0.0.1", "[::1]"]
        for name in [host] + more {
            let name = name.lowercased()
            hosts.insert(name.contains(":") && !name.hasPrefix("[") ? "[\(name)]" : name)
        }
        // Listening on every address answers no name of its own.
        hosts.remove("0.0.0.0")
        hosts.remove("[::]")
        self.hosts = hosts
        self.port = port
    }

    /// What to do with a request whose head is complete.
    public enum Verdict: Equatable, Sendable {
        /// Pass it on, as this head: HEAD asked as GET (`headOnly` says to send back the head of
        /// the answer alone), one request per connection.
        case forward(head: String, headOnly: Bool)
        /// Answer with this status and reason; nothing behind the door sees the request.
        case refuse(status: Int, reason: String)
    }

    /// Where the head of a request ends in what has arrived so far, past its blank line; nil
    /// while it has not ended.
    public static func headEnd(in bytes: [UInt8]) -> Int? {
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                if bytes[index + 1] == UInt8(ascii: "\n") { return index + 2 }
                if bytes[index + 1] == UInt8(ascii: "\r"), index + 2 < bytes.count, bytes[index + 2] == UInt8(ascii: "\n") { return index + 3 }
            }
            index += 1
        }
        return nil
    }

    /// For a head still arriving: the refusal its size already earns (414 for a request line
    /// longer than `longestLine`, 431 for a head larger than `largestHead`), else nil.
    public func oversize(_ bytes: [UInt8]) -> Verdict? {
        let lineEnd = bytes.firstIndex(of: UInt8(ascii: "\n"))
        if (lineEnd ?? bytes.count) > longestLine { return .refuse(status: 414, reason: "the request line is longer than \(longestLine) bytes") }
        if (PreviewRequestPolicy.headEnd(in: bytes) ?? bytes.count) > largestHead {
            return .refuse(status: 431, reason: "the request's header fields are larger than \(largestHead) bytes")
        }
        return nil
    }

    /// Judges a complete head (the bytes up to and with its blank line).
    public func judge(_ head: [UInt8]) -> Verdict {
        if let refusal = oversize(head) { return refusal }
        let text = String(decoding: head, as: UTF8.self)
        // "\r\n" is one Character in Swift: split on it and on a bare line feed alike.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\r\n" || $0 == "\n" })
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let requestLine = lines.first else { return .refuse(status: 400, reason: "no request line") }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else { return .refuse(status: 400, reason: "the request line is not `METHOD /path HTTP/1.1`") }
        let method = String(parts[0]), target = String(parts[1])
        guard method == "GET" || method == "HEAD" else { return .refuse(status: 405, reason: "the preview only shows pages: GET and HEAD") }
        guard target.hasPrefix("/"), !target.hasPrefix("//") else { return .refuse(status: 400, reason: "the target must be a path starting with /") }

        var fields: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), !line.hasPrefix(" "), !line.hasPrefix("\t") else {
                return .refuse(status: 400, reason: "a header line without a name (or folded over two lines)")
            }
            fields.append((line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        let values = { (name: String) in fields.filter { $0.name == name }.map(\.value) }

        let host = values("host")
        guard host.count == 1, accepts(host: host[0]) else {
            return .refuse(status: 421, reason: "this preview answers only to \(hosts.sorted().map { "\($0):\(port)" }.joined(separator: ", "))")
        }
        if values("content-length").contains(where: { $0 != "0" }) || !values("transfer-encoding").isEmpty {
            return .refuse(status: 400, reason: "a request for a page has no body")
        }
        // A script, frame or form of another site: only a plain page is shown to other sites.
        if let origin = values("origin").first, !accepts(origin: origin) {
            return .refuse(status: 403, reason: "requests from another site's pages are refused")
        }
        let site = values("sec-fetch-site").first?.lowercased() ?? "none"
        let mode = values("sec-fetch-mode").first?.lowercased() ?? "navigate"
        let destination = values("sec-fetch-dest").first?.lowercased() ?? "document"
        let isPreviewItself = target.hasPrefix("/__qmark/")
        if site != "same-origin", site != "none",
           mode != "navigate" || destination != "document" || isPreviewItself {
            return .refuse(status: 403, reason: "another site may link to a page of the preview, not load it into its own")
        }

        var forwarded = "GET \(target) HTTP/1.1\r\n"
        let dropped: Set<String> = ["connection", "keep-alive", "proxy-connection", "upgrade", "te", "transfer-encoding", "content-length", "expect"]
        for field in fields where !dropped.contains(field.name) { forwarded += "\(field.name): \(field.value)\r\n" }
        forwarded += "connection: close\r\n\r\n"
        return .forward(head: forwarded, headOnly: method == "HEAD")
    }

    /// `localhost:8000`, `127.0.0.1:8000`, `[::1]:8000`: one of the names, with the preview's port
    /// (or none, for port 80).
    func accepts(host field: String) -> Bool {
        let value = field.lowercased()
        var name = value, port: Substring?
        if value.hasPrefix("["), let close = value.firstIndex(of: "]") {
            name = String(value[...close])
            let rest = value[value.index(after: close)...]
            if rest.hasPrefix(":") { port = rest.dropFirst() } else if !rest.isEmpty { return false }
        } else if let colon = value.lastIndex(of: ":") {
            name = String(value[..<colon])
            port = value[value.index(after: colon)...]
        }
        guard hosts.contains(name) else { return false }
        if let port { return UInt16(port) == self.port }
        return self.port == 80
    }

    /// `http://localhost:8000`: the preview's own origin, under one of its names.
    func accepts(origin: String) -> Bool {
        let value = origin.lowercased()
        guard value.hasPrefix("http://") else { return false }
        let authority = value.dropFirst("http://".count)
        guard !authority.contains("/") else { return false }
        return accepts(host: String(authority))
    }
}
