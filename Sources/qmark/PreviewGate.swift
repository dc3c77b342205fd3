import Foundation
import QMarkCore
#if canImport(Glibc)
import Glibc
#endif

/// The preview's front door. It listens on the preview's address, reads each request's head
/// within a few seconds and a bounded size, lets `PreviewRequestPolicy` judge it, and passes the
/// requests it accepts, one per connection, to the FlyingFox server behind it on a Unix socket
/// in the preview's own folder, relaying the answer back. An idle or half-sent request is
/// answered 408 and closed; nothing behind the door ever waits for a slow client.
final class PreviewGate: @unchecked Sendable {
    let policy: PreviewRequestPolicy
    /// The Unix socket the FlyingFox server listens on.
    let upstream: String
    /// How long a client has to send a request's head, and to take the answer.
    let headTimeout: TimeInterval
    let writeTimeout: TimeInterval
    /// Connections served at once; more are answered 503 at once.
    let mostConnections = 64
    private let listener: Int32
    private let active = NSLock()
    private var connections = 0

    /// Binds the address; throws when it cannot (in use, not an address of this machine).
    init(host: String, port: UInt16, upstream: String, policy: PreviewRequestPolicy,
         headTimeout: TimeInterval = 5, writeTimeout: TimeInterval = 10) throws {
        self.policy = policy
        self.upstream = upstream
        self.headTimeout = headTimeout
        self.writeTimeout = writeTimeout
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw GateError.notAnAddress(host) }
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { throw GateError.system("socket", errno) }
        var yes: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(socket, 128) == 0 else {
            let code = errno
            close(socket)
            throw GateError.system("cannot listen on \(host):\(port)", code)
        }
        listener = socket
    }

    enum GateError: LocalizedError {
        case notAnAddress(String)
        case system(String, Int32)
        var errorDescription: String? {
            switch self {
            case .notAnAddress(let host): return "--host takes an IPv4 address such as 127.0.0.1 (got \(host))"
            case .system(let what, let code): return "\(what): \(String(cString: strerror(code)))"
            }
        }
    }

    /// Accepts connections on a thread of its own until the process ends.
    func start() {
        let thread = Thread { [self] in
            while true {
                let client = accept(listener, nil, nil)
                guard client >= 0 else {
                    if errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE { usleep(10_000); continue }
                    return
                }
                _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                setTimeout(client, SO_SNDTIMEO, writeTimeout)
                guard take() else {
                    answer(client, status: 503, reason: "the preview is busy; try again", linger: false)
                    close(client)
                    continue
                }
                let worker = Thread { [self] in
                    serve(client)
                    close(client)
                    give()
                }
                worker.stackSize = 256 * 1024
                worker.start()
            }
        }
        thread.start()
    }

    private func take() -> Bool {
        active.lock()
        defer { active.unlock() }
        guard connections < mostConnections else { return false }
        connections += 1
        return true
    }

    private func give() {
        active.lock()
        connections -= 1
        active.unlock()
    }

    // MARK: - One connection

    private func serve(_ client: Int32) {
        let deadline = Date().addingTimeInterval(headTimeout)
        var head: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while PreviewRequestPolicy.headEnd(in: head) == nil {
            if let refusal = policy.oversize(head), case .refuse(let status, let reason) = refusal {
                return answer(client, status: status, reason: reason)
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else {
                return head.isEmpty ? () : answer(client, status: 408, reason: "the request did not arrive in \(Int(headTimeout)) seconds")
            }
            var poller = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(max(1, remaining * 1000)))
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { continue } // the deadline is looked at above
            let count = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return } // closed, or reset
            head += chunk[..<count]
        }
        let end = PreviewRequestPolicy.headEnd(in: head)!
        switch policy.judge(Array(head[..<end])) {
        case .refuse(let status, let reason):
            answer(client, status: status, reason: reason)
        case .forward(let request, let headOnly):
            relay(request, headOnly: headOnly, to: client)
        }
    }

    /// Passes a request to the server behind the door and its answer back to the client.
    private func relay(_ request: String, headOnly: Bool, to client: Int32) {
        let server = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard server >= 0 else { return answer(client, status: 503, reason: "the preview cannot answer now") }
        defer { close(server) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(upstream.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { bytes in
            for (index, byte) in path.prefix(bytes.count - 1).enumerated() { bytes[index] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(server, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { return answer(client, status: 503, reason: "the preview is starting; reload in a moment") }
        setTimeout(server, SO_RCVTIMEO, 30)
        setTimeout(server, SO_SNDTIMEO, 30)
        guard send(all: Array(request.utf8), to: server) else { return answer(client, status: 502, reason: "the preview did not take the request") }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var seen: [UInt8] = [] // for HEAD: the answer's head, up to its blank line
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(server, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            if headOnly {
                seen += buffer[..<count]
                if let end = PreviewRequestPolicy.headEnd(in: seen) {
                    _ = send(all: Array(seen[..<end]), to: client)
                    return
                }
                continue
            }
            guard send(all: Array(buffer[..<count]), to: client) else { return }
        }
    }

    /// A short plain-text answer, and the connection closes.
    /// - Parameter linger: read and drop what the client still sends for a moment, so that closing
    ///   does not reset the connection before it has read the answer.
    private func answer(_ client: Int32, status: Int, reason: String, linger: Bool = true) {
        let titles = [400: "Bad Request", 403: "Forbidden", 405: "Method Not Allowed", 408: "Request Timeout", 414: "URI Too Long",
                      421: "Misdirected Request", 431: "Request Header Fields Too Large", 502: "Bad Gateway", 503: "Service Unavailable"]
        let body = "\(status) \(titles[status] ?? "Error"): \(reason)\n"
        var head = "HTTP/1.1 \(status) \(titles[status] ?? "Error")\r\ncontent-type: text/plain; charset=utf-8\r\n"
            + "content-length: \(body.utf8.count)\r\nconnection: close\r\ncache-control: no-store\r\n"
        if status == 405 { head += "allow: GET, HEAD\r\n" }
        _ = send(all: Array((head + "\r\n" + body).utf8), to: client)
        guard linger else { return }
        shutdown(client, Int32(SHUT_WR))
        var poller = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
        var sink = [UInt8](repeating: 0, count: 4096)
        let until = Date().addingTimeInterval(0.5)
        while until.timeIntervalSinceNow > 0, poll(&poller, 1, 100) > 0 {
            let count = sink.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
        }
    }

    /// Writes every byte, never raising SIGPIPE; false when the other side has gone or timed out.
    private func send(all bytes: [UInt8], to socket: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    private func setTimeout(_ socket: Int32, _ option: Int32, _ seconds: TimeInterval) {
        var time = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1_000_000))
        setsockopt(socket, SOL_SOCKET, option, &time, socklen_t(MemoryLayout<timeval>.size))
    }
}
