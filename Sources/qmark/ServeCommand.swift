import ArgumentParser
import FlyingFox
import FlyingSocks
import Foundation
import QMarkCore

/// `qmark serve`: the site on a local address, rebuilt when a file is saved and reloaded in the browser.
struct ServeCommand: QMarkSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the site while you edit: rebuilt when you save, reloaded in the browser.",
        discussion: """
            Builds the manual into a temporary folder and serves it at http://127.0.0.1:8000/. \
            The manual folder and the templates are watched: a saved file updates only the pages \
            it changes, and open pages reload. When the manual has errors the pages stay as they \
            were and show the errors (file, line, what is wrong) over the page until they are fixed. \
            Stop with Ctrl-C.
            """)

    @OptionGroup var source: SourceOptions

    @Option(name: .long, help: ArgumentHelp("The Mustache templates and stylesheet (found as for build).", valueName: "dir"))
    var templates: String?

    @Option(name: .long, help: "The port to listen on.")
    var port: UInt16 = 8000

    @Option(name: .long, help: ArgumentHelp("The address to listen on (default: this machine only).", valueName: "ip"))
    var host = "127.0.0.1"

    @Option(name: .customLong("allow-host"), help: ArgumentHelp(
        "Another name the preview answers to (a machine's name on the network, with --host 0.0.0.0); repeatable. It always answers to localhost, 127.0.0.1, [::1] and --host.",
        valueName: "name"))
    var allowedHosts: [String] = []

    @Flag(name: .customLong("no-history"), help: "Do not read revision history from git.")
    var noHistory = false

    @Option(name: .long, help: ArgumentHelp("The date to check periodic reviews against (default: today).", valueName: "yyyy-mm-dd"))
    var today: String?

    func execute() async throws {
        var options = Pipeline.Options(history: !noHistory)
        if let today {
            guard let date = DayDate(today) else { throw ValidationError("--today takes a date as YYYY-MM-DD, e.g. 2026-03-01") }
            options.today = date
        }
        guard FileManager.default.fileExists(atPath: source.url.path) else {
            DiagnosticPrinter().fail(LoadError.missingFolder(source.url.path))
            throw ExitCode(1)
        }
        let templateFolder: URL
        do {
            templateFolder = try TemplateLocator.locate(explicit: templates, source: source.url)
        } catch {
            DiagnosticPrinter().fail(error)
            throw ExitCode(1)
        }
        PreviewCleanup.removeAbandonedPreviews()
        let output = PreviewCleanup.newFolder()
        let socket = PreviewCleanup.socket(of: output)
        // Held while the preview runs: `qmark build --output` into this folder is refused.
        let lock: BuildLock
        do {
            lock = try BuildLock(for: output, wait: true, holder: BuildLock.previewHolder)
        } catch {
            DiagnosticPrinter().fail(error)
            throw ExitCode(1)
        }
        let cleanup = PreviewCleanup(folder: output, lock: lock)
        defer { cleanup.remove() }

        let gate: PreviewGate
        do {
            gate = try PreviewGate(host: host, port: port, upstream: socket,
                                   policy: PreviewRequestPolicy(listeningOn: host, port: port, alsoAnswering: allowedHosts))
        } catch let error as PreviewGate.GateError {
            if case .notAnAddress = error { throw ValidationError(error.localizedDescription) }
            DiagnosticPrinter().fail(error, then: "is another preview running? try --port")
            throw ExitCode(1)
        }

        let preview = Preview(live: LiveSite(source: source.url, output: output, templates: templateFolder, options: options),
                              manual: source.url.path, templates: templateFolder.path)
        await preview.refresh(changed: [])

        let server = HTTPServer(address: sockaddr_un.unix(path: socket), logger: .disabled)
        await server.appendRoute("GET /__qmark/state") { _ in
            HTTPResponse(statusCode: .ok, headers: HTTPHeaders([.contentType: "application/json; charset=utf-8", .init("Cache-Control"): "no-store"]),
                         body: await preview.stateJSON())
        }
        await server.appendRoute("GET /__qmark/events") { _ in
            HTTPResponse(statusCode: .ok, headers: HTTPHeaders([.contentType: "text/event-stream; charset=utf-8", .init("Cache-Control"): "no-store"]),
                         body: HTTPBodySequence(from: PreviewEventBytes(stream: await preview.events())))
        }
        await server.appendRoute("GET /__qmark/live.js") { _ in
            HTTPResponse(statusCode: .ok, headers: HTTPHeaders([.contentType: "text/javascript; charset=utf-8", .init("Cache-Control"): "no-store"]),
                         body: Data(PreviewScript.text.utf8))
        }
        await server.appendRoute("GET *") { request in
            PreviewFiles.response(for: request.path, in: output)
        }
        let watcher = Task { await preview.watch() }
        defer { watcher.cancel() }
        let keepAlive = Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: 15_000_000_000)
                await preview.keepAlive()
            }
        }
        defer { keepAlive.cancel() }
        let running = Task { try await server.run() }
        do {
            try await server.waitUntilListening()
        } catch {
            running.cancel()
            DiagnosticPrinter().fail(error, then: "cannot start the preview's server on \(socket)")
            throw ExitCode(1)
        }
        gate.start()
        say("previewing \(source.source)/ at http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)/ (Ctrl-C stops)")
        do {
            try await running.value
        } catch {
            DiagnosticPrinter().fail(error, then: "the preview's server stopped")
            throw ExitCode(1)
        }
    }
}

/// The preview's state: the site, what the last update said, and a version that changes with every update that built.
actor Preview {
    let live: LiveSite
    let manual: String
    let templates: String
    private var version = 0
    private var diagnostics: [Diagnostic] = []
    private var built = false
    private var sources = SourceWatch()
    private var templateFiles = SourceWatch()

    init(live: LiveSite, manual: String, templates: String) {
        self.live = live
        self.manual = manual
        self.templates = templates
    }

    /// Updates the site and says what happened on the terminal.
    func refresh(changed: [String]) async {
        defer { tell() }
        let printer = DiagnosticPrinter()
        do {
            let update = try await live.update(changed: changed)
            // Warnings are said when they change (the first time, and after an edit adds or clears one).
            if update.built, update.diagnostics != diagnostics { printer.print(update.diagnostics) }
            diagnostics = update.diagnostics
            if update.built {
                built = true
                version += 1
                let warnings = update.diagnostics.isEmpty ? "" : "; \(update.diagnostics.count) warning(s)"
                say(String(format: "updated in %.0f ms: %d page(s) rendered, %d file(s) written%@",
                             update.seconds * 1000, update.rendered, update.written.count, warnings))
            } else {
                printer.print(update.diagnostics)
                say("not updated: fix the errors above; the preview shows them too")
            }
        } catch {
            diagnostics = [Diagnostic(.error, .buildFailed, file: "", line: 0, error.localizedDescription)]
            printer.fail(error, then: "not updated")
        }
    }

    /// Updates the site whenever a file of the manual or the templates changes: told at once by
    /// the system (`FolderEvents`), with a look every two seconds besides; where the system cannot
    /// tell, a look three times a second.
    func watch() async {
        sources = SourceWatch(folder: manual)
        templateFiles = SourceWatch(folder: templates)
        for await _ in Preview.ticks(folders: [manual, templates]) {
            let nowSources = SourceWatch(folder: manual), nowTemplates = SourceWatch(folder: templates)
            let changed = nowSources.changes(since: sources)
            let templatesChanged = nowTemplates != templateFiles
            sources = nowSources
            templateFiles = nowTemplates
            if !changed.isEmpty || templatesChanged {
                say("changed: " + (changed + (templatesChanged ? ["templates"] : [])).prefix(5).joined(separator: ", ")
                      + (changed.count > 5 ? " and \(changed.count - 5) more" : ""))
                await refresh(changed: changed)
            }
        }
    }

    /// A tick each time something may have changed: on a thread of its own, which waits for the
    /// system's word and lets a burst of events (an editor's temporary file, then its rename) settle.
    static func ticks(folders: [String]) -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let events = FolderEvents(folders: folders)
        let thread = Thread {
            while true {
                if let events {
                    if events.wait(timeout: 2) {
                        usleep(10_000)
                        while events.wait(timeout: 0) {}
                    }
                } else {
                    usleep(300_000)
                }
                if case .terminated = continuation.yield(()) { return }
            }
        }
        thread.start()
        return stream
    }

    // MARK: - Pushed to open pages

    private var listeners: [UUID: AsyncStream<Data>.Continuation] = [:]

    /// Server-sent events for one open page: the state at once, then after every update, and a
    /// comment every 15 s so that nothing between closes a quiet connection.
    func events() -> AsyncStream<Data> {
        let (stream, continuation) = AsyncStream<Data>.makeStream(bufferingPolicy: .bufferingNewest(8))
        let id = UUID()
        listeners[id] = continuation
        continuation.onTermination = { _ in Task { await self.forget(id) } }
        continuation.yield(Data("retry: 1000\n".utf8) + event())
        return stream
    }

    private func forget(_ id: UUID) { listeners[id] = nil }

    private func event() -> Data { Data("data: ".utf8) + stateJSON() + Data("\n\n".utf8) }

    private func tell() {
        let data = event()
        for listener in listeners.values { listener.yield(data) }
    }

    func keepAlive() {
        for listener in listeners.values { listener.yield(Data(": still here\n\n".utf8)) }
    }

    /// `{"version": N, "built": true, "errors": [{file, line, message}], "warnings": N}` for the page script.
    func stateJSON() -> Data {
        struct State: Encodable {
            var version: Int
            var built: Bool
            var errors: [Diagnostic]
            var warnings: Int
        }
        let errors = diagnostics.filter { $0.severity == .error }
        let state = State(version: version, built: built, errors: errors, warnings: diagnostics.count - errors.count)
        return (try? JSONEncoder().encode(state)) ?? Data("{}".utf8)
    }
}

/// The bytes of a stream of events, as FlyingFox sends a body it does not know the length of
/// (chunked, each event as it comes).
struct PreviewEventBytes: AsyncBufferedSequence {
    typealias Element = UInt8
    let stream: AsyncStream<Data>

    func makeAsyncIterator() -> Iterator { Iterator(events: stream.makeAsyncIterator()) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var events: AsyncStream<Data>.Iterator
        var pending: [UInt8] = []

        mutating func next() async -> UInt8? {
            guard await fill() else { return nil }
            return pending.removeFirst()
        }

        mutating func nextBuffer(suggested count: Int) async -> [UInt8]? {
            guard await fill() else { return nil }
            let taken = Array(pending.prefix(Swift.max(1, count)))
            pending.removeFirst(taken.count)
            return taken
        }

        private mutating func fill() async -> Bool {
            while pending.isEmpty {
                guard let data = await events.next() else { return false }
                pending = Array(data)
            }
            return true
        }
    }
}

/// Files of the preview's site, with the page script added to every HTML page.
enum PreviewFiles {
    static let types = ["html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
                        "json": "application/json; charset=utf-8", "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg",
                        "jpeg": "image/jpeg", "gif": "image/gif", "pdf": "application/pdf", "csv": "text/csv; charset=utf-8",
                        "txt": "text/plain; charset=utf-8",
                        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]

    static func response(for requestPath: String, in folder: URL) -> HTTPResponse {
        var path = requestPath.removingPercentEncoding ?? requestPath
        if path.hasSuffix("/") { path += "index.html" }
        let parts = path.split(separator: "/").map(String.init)
        // Only files of the site: no way out of its folder, nothing hidden.
        guard !parts.contains(where: { $0 == ".." || $0.hasPrefix(".") }) else { return notFound(path) }
        var file = folder
        for part in parts { file.appendPathComponent(part) }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder), isFolder.boolValue {
            return HTTPResponse(statusCode: .movedPermanently, headers: HTTPHeaders([.location: requestPath + "/"]))
        }
        guard var data = try? Data(contentsOf: file) else { return notFound(path) }
        let type = types[file.pathExtension.lowercased()] ?? "application/octet-stream"
        if file.pathExtension.lowercased() == "html" { data = withScript(data) }
        return HTTPResponse(statusCode: .ok, headers: HTTPHeaders([.contentType: type, .init("Cache-Control"): "no-store"]), body: data)
    }

    static func withScript(_ page: Data) -> Data {
        let tag = Data("<script src=\"/__qmark/live.js\"></script>\n".utf8)
        guard let end = page.range(of: Data("</body>".utf8), options: .backwards) else { return page + tag }
        var result = page
        result.insert(contentsOf: tag, at: end.lowerBound)
        return result
    }

    static func notFound(_ path: String) -> HTTPResponse {
        HTTPResponse(statusCode: .notFound, headers: HTTPHeaders([.contentType: "text/plain; charset=utf-8"]),
                     body: Data("\(path): not in the preview's site\n".utf8))
    }
}

/// Removes the preview's folder, socket and lock when `qmark serve` ends, by Ctrl-C too; and at
/// the start of another, what a preview that was killed left behind.
final class PreviewCleanup {
    static let temporary = FileManager.default.temporaryDirectory
    static let prefix = "qmark-preview-"
    let output: URL
    let lock: BuildLock
    private let sources: [any DispatchSourceSignal]

    /// A new preview's folder: `qmark-preview-` and eight hexadecimal digits in the temporary folder.
    static func newFolder() -> URL { temporary.appendingPathComponent("\(prefix)\(UUID().uuidString.prefix(8))") }

    /// Where the server behind the preview's door listens: a socket beside its folder.
    static func socket(of output: URL) -> String { output.path + ".sock" }

    init(folder output: URL, lock: BuildLock) {
        self.output = output
        self.lock = lock
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
            source.setEventHandler {
                PreviewCleanup.remove(output, lock: lock)
                say("")
                exit(0)
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    func remove() { PreviewCleanup.remove(output, lock: lock) }

    private static func remove(_ output: URL, lock: BuildLock) {
        try? FileManager.default.removeItem(at: output)
        unlink(socket(of: output))
        lock.release()
    }

    /// `qmark-preview-` and eight hexadecimal digits: the name of a preview's folder, and nothing else's.
    static func isPreviewFolder(_ name: String) -> Bool {
        guard name.hasPrefix(prefix) else { return false }
        let tag = name.dropFirst(prefix.count)
        return tag.count == 8 && tag.allSatisfy(\.isHexDigit)
    }

    /// The folders (and sockets) of previews that no running `qmark serve` holds: a preview
    /// killed outright (SIGKILL, a crash) could not remove its own.
    static func removeAbandonedPreviews() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: temporary.path) else { return }
        for name in names where isPreviewFolder(name) && names.contains(".\(name).qmark-lock") {
            // A preview's folder has its lock file beside it from its first moment; the lock is
            // free only when no preview holds it (the system frees a dead one's).
            let abandoned = temporary.appendingPathComponent(name)
            guard let lock = try? BuildLock(for: abandoned, wait: false) else { continue }
            remove(abandoned, lock: lock)
        }
    }
}

/// The script every previewed page loads: told of every update by server-sent events (asking
/// twice a second where a browser has none), it reloads the page when the site was updated and
/// shows the manual's errors over the page.
enum PreviewScript {
    static let text = #"""
    (function () {
      "use strict";
      var seen = null, box = null, hidden = null;
      function show(errors) {
        // Hidden by the reader: stays hidden until the errors change.
        var key = JSON.stringify(errors);
        if (!errors.length || key === hidden) { if (box) { box.remove(); box = null; } return; }
        if (!box) {
          box = document.createElement("div");
          box.id = "qm-preview-errors";
          box.setAttribute("role", "alert");
          box.style.cssText = "position:fixed;left:0;right:0;top:0;z-index:9999;max-height:60vh;overflow:auto;" +
            "background:#7f1d1d;color:#fff;font:14px/1.5 ui-monospace,monospace;padding:12px 48px 12px 16px;box-shadow:0 2px 8px rgba(0,0,0,.4)";
          document.body.appendChild(box);
        }
        box.textContent = "";
        var close = document.createElement("button");
        close.type = "button";
        close.textContent = "×";
        close.setAttribute("aria-label", /^zh/.test(document.documentElement.lang) ? "隐藏错误" : "Hide the errors");
        close.style.cssText = "position:absolute;top:6px;right:8px;min-width:36px;min-height:36px;font:22px/1 sans-serif;" +
          "color:#fff;background:transparent;border:1px solid rgba(255,255,255,.5);border-radius:6px;cursor:pointer";
        close.onclick = function () { hidden = key; show(errors); };
        box.appendChild(close);
        var head = document.createElement("strong");
        head.textContent = errors.length + (errors.length === 1 ? " error" : " errors") + " — the preview shows the last version that built";
        box.appendChild(head);
        errors.forEach(function (e) {
          var line = document.createElement("div");
          line.textContent = (e.file ? e.file + ":" + e.line + ": " : "") + e.message;
          box.appendChild(line);
        });
      }
      function apply(state) {
        if (seen !== null && state.version !== seen) { location.reload(); return; }
        seen = state.version;
        show(state.errors || []);
      }
      // Told by the preview the moment the site is updated (server-sent events); asking twice a
      // second only where a browser cannot be told.
      function poll() {
        fetch("/__qmark/state", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (state) {
          apply(state);
          setTimeout(poll, 500);
        }).catch(function () { setTimeout(poll, 2000); });
      }
      if (window.EventSource) {
        var events = new EventSource("/__qmark/events");
        events.onmessage = function (message) { apply(JSON.parse(message.data)); };
      } else {
        poll();
      }
    })();
    """#
}

/// A line on standard output at once (unbuffered), also when it is a pipe or a log file.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
