import Ccmark
import Foundation

/// Reads and renders document bodies with libcmark.
///
/// This is the only file that touches libcmark. It parses a body into cmark's tree, walks it
/// with `cmark_iter`, rewrites what QMark adds to CommonMark — `[[ID]]` and relative `.md`
/// links, ```` ```table ````/```` ```csv ```` blocks, heading anchors — and renders with
/// libcmark's own HTML renderer, so plain CommonMark comes out exactly as libcmark renders it.
/// Every tree, iterator and rendered string is freed before returning.
public enum MarkdownBody {
    /// Finds links, headings and problems without rendering: the parse stage.
    public static func analyze(_ markdown: String, options: MarkdownOptions) -> MarkdownOutput {
        var walk = TreeWalk(options: options, linker: nil)
        return walk.run(markdown)
    }

    /// Renders a body to HTML, resolving document and asset links through `linker`.
    public static func render(_ markdown: String, options: MarkdownOptions, linker: BodyLinker) -> MarkdownOutput {
        var walk = TreeWalk(options: options, linker: linker)
        return walk.run(markdown)
    }

    /// `[[QP-05]]` or `[[QP-05|label]]`.
    nonisolated(unsafe) static let shortLink = /\[\[([A-Za-z0-9][A-Za-z0-9._\-]*)(?:\|([^\]\n]+))?\]\]/
}

/// One pass over one body: collect, rewrite, render.
private struct TreeWalk {
    let options: MarkdownOptions
    let linker: BodyLinker?
    var output = MarkdownOutput()
    var anchors = HeadingAnchors()

    init(options: MarkdownOptions, linker: BodyLinker?) {
        self.options = options
        self.linker = linker
    }

    var renderOptions: Int32 { options.unsafeHTML ? CMARK_OPT_UNSAFE : CMARK_OPT_DEFAULT }

    mutating func run(_ markdown: String) -> MarkdownOutput {
        guard let root = parse(markdown) else { return output }
        defer { cmark_node_free(root) }
        transform(root)
        if linker != nil { output.html = render(root) }
        return output
    }

    func parse(_ markdown: String) -> OpaquePointer? {
        var source = markdown
        return source.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parse_document(chars.baseAddress, chars.count, renderOptions)
            }
        }
    }

    func render(_ node: OpaquePointer) -> String {
        guard let rendered = cmark_render_html(node, renderOptions) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    // MARK: - Walking

    /// Nodes of interest, gathered first so that the tree is not changed while it is walked.
    struct Found {
        var texts: [(node: OpaquePointer, line: Int)] = []
        var links: [(node: OpaquePointer, line: Int)] = []
        var codeBlocks: [OpaquePointer] = []
        var headings: [OpaquePointer] = []
    }

    func collect(_ root: OpaquePointer) -> Found {
        var found = Found()
        guard let iterator = cmark_iter_new(root) else { return found }
        defer { cmark_iter_free(iterator) }
        var lineBase = 1
        var breaks = 0
        var insideLink = 0
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let entering = event == CMARK_EVENT_ENTER
            switch type {
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING:
                if entering {
                    lineBase = Int(cmark_node_get_start_line(node))
                    breaks = 0
                    if type == CMARK_NODE_HEADING { found.headings.append(node) }
                }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                breaks += 1
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                if entering {
                    found.links.append((node, lineBase + breaks))
                    insideLink += 1
                } else {
                    insideLink -= 1
                }
            case CMARK_NODE_TEXT:
                if insideLink == 0 { found.texts.append((node, lineBase + breaks)) }
            case CMARK_NODE_CODE_BLOCK:
                found.codeBlocks.append(node)
            default:
                break
            }
        }
        return found
    }

    mutating func transform(_ root: OpaquePointer) {
        let found = collect(root)
        rewriteShortLinks(found.texts)
        for (node, line) in found.links { rewriteLink(node, line: line) }
        for block in found.codeBlocks { rewriteTable(block) }
        for heading in found.headings { anchorHeading(heading) }
    }

    func fileLine(_ bodyLine: Int) -> Int { bodyLine + options.lineOffset }

    mutating func problem(_ severity: Severity, _ code: DiagnosticCode, line: Int, _ message: String) {
        output.problems.append(BodyProblem(severity: severity, code: code, line: fileLine(line), message: message))
    }

    // MARK: - [[ID]] links

    /// Joins runs of adjacent text nodes (cmark splits `[[` into pieces), then turns each `[[ID]]` into a link.
    mutating func rewriteShortLinks(_ texts: [(node: OpaquePointer, line: Int)]) {
        var merged = Set<OpaquePointer>()
        for (node, line) in texts where !merged.contains(node) {
            var literal = literalOf(node)
            var didMerge = false
            while let sibling = cmark_node_next(node).flatMap({ $0 }), !merged.contains(sibling),
                  cmark_node_get_type(sibling) == CMARK_NODE_TEXT {
                literal += literalOf(sibling)
                cmark_node_unlink(sibling)
                cmark_node_free(sibling)
                merged.insert(sibling)
                didMerge = true
            }
            guard literal.containsBytes("[[") else {
                if didMerge { cmark_node_set_literal(node, literal) }
                continue
            }
            var rest = Substring(literal)
            while let match = rest.firstMatch(of: MarkdownBody.shortLink) {
                let id = String(match.output.1)
                output.links.append(BodyLink(reference: .id(id), line: fileLine(line)))
                if let linker {
                    insertText(String(rest[..<match.range.lowerBound]), before: node)
                    if let target = linker.document(.id(id)) {
                        insertLink(href: target.href, label: match.output.2.map(String.init) ?? target.label, before: node)
                    } else {
                        problem(.error, .brokenLink, line: line, "link to missing document `\(id)` in `[[\(id)]]`; check the id, or create the document")
                        insertText(String(rest[match.range]), before: node)
                    }
                }
                rest = rest[match.range.upperBound...]
            }
            cmark_node_set_literal(node, linker == nil ? literal : String(rest))
        }
    }

    func literalOf(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    func insertText(_ text: String, before node: OpaquePointer) {
        guard !text.isEmpty, let textNode = cmark_node_new(CMARK_NODE_TEXT) else { return }
        cmark_node_set_literal(textNode, text)
        cmark_node_insert_before(node, textNode)
    }

    func insertLink(href: String, label: String, before node: OpaquePointer) {
        guard let link = cmark_node_new(CMARK_NODE_LINK), let text = cmark_node_new(CMARK_NODE_TEXT) else { return }
        cmark_node_set_url(link, href)
        cmark_node_set_literal(text, label)
        cmark_node_append_child(link, text)
        cmark_node_insert_before(node, link)
    }

    // MARK: - Relative links

    mutating func rewriteLink(_ node: OpaquePointer, line: Int) {
        let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
        switch LinkDestination(url, sourceDirectory: options.sourceDirectory) {
        case .external:
            break
        case .outsideManual(let path):
            if LinkDestination.documentExtensions.contains(where: { path.lowercased().hasSuffix($0) }) {
                problem(.error, .brokenLink, line: line, "link `\(url)` leaves the manual folder; link to a document inside it")
            }
        case let .document(path, fragment):
            output.links.append(BodyLink(reference: .path(path), line: fileLine(line)))
            guard let linker else { return }
            if let target = linker.document(.path(path)) {
                cmark_node_set_url(node, target.href + (fragment.map { "#\($0)" } ?? ""))
            } else {
                problem(.error, .brokenLink, line: line, "link to missing document `\(url)` (no file \(path) in the manual); fix the path, or use `[[ID]]`")
            }
        case let .asset(path, suffix):
            output.assets.append(AssetLink(path: path, line: fileLine(line)))
            if let href = linker?.asset(path) { cmark_node_set_url(node, href + suffix) }
        }
    }

    // MARK: - Tables

    mutating func rewriteTable(_ block: OpaquePointer) {
        let info = cmark_node_get_fence_info(block).map { String(cString: $0) } ?? ""
        guard let word = info.split(separator: " ").first, let kind = TableBlock.Kind(rawValue: word.lowercased()) else { return }
        let content = literalOf(block)
        let fenceLine = Int(cmark_node_get_start_line(block))
        let table: TableBlock
        do throws(TableBlock.Failure) {
            switch kind {
            case .pipe: table = try TableBlock.parsePipe(content)
            case .csv: table = try TableBlock.parseCSV(content)
            }
        } catch {
            guard case .malformed(let message, let row) = error else { return }
            problem(.warning, .malformedTable, line: fenceLine + 1 + row, "\(message); the block is shown as code")
            return
        }
        for (row, count) in table.ragged {
            problem(.warning, .malformedTable, line: fenceLine + 1 + row,
                    "table row has \(count) cells but the header has \(table.header.count); \(count > table.header.count ? "extra cells are dropped" : "missing cells are left empty")")
        }
        var cellOutputs: [MarkdownOutput] = []
        let html = table.html { cell in
            guard table.cellsAreMarkdown, TreeWalk.mayHoldMarkdown(cell.text) else { return HTML.escape(cell.text) }
            var cellOptions = options
            cellOptions.lineOffset = options.lineOffset + fenceLine + cell.row
            var walk = TreeWalk(options: cellOptions, linker: linker)
            let result = walk.run(cell.text)
            cellOutputs.append(result)
            return TreeWalk.unwrapParagraph(result.html)
        }
        for result in cellOutputs {
            output.links += result.links
            output.assets += result.assets
            output.problems += result.problems
        }
        guard linker != nil, let custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { return }
        cmark_node_set_on_enter(custom, html.hasSuffix("\n") ? String(html.dropLast()) : html)
        cmark_node_set_on_exit(custom, "")
        cmark_node_replace(block, custom)
        cmark_node_free(block)
    }

    /// Whether inline parsing could change a table cell's text. Most cells are plain words and
    /// numbers, which libcmark would only escape; skipping the parse for them halves table cost.
    static func mayHoldMarkdown(_ text: String) -> Bool {
        let special: Set<Unicode.Scalar> = ["\\", "`", "*", "_", "[", "]", "<", ">", "&", "!", "#", "~", "=", "|", "+", "-", ":", "@"]
        if text.unicodeScalars.contains(where: { special.contains($0) }) { return true }
        // An ordered-list marker such as `1.` or `2)` at the start.
        let digits = text.unicodeScalars.prefix { ("0"..."9").contains($0) }
        let after = text.unicodeScalars.dropFirst(digits.count).first
        return !digits.isEmpty && (after == "." || after == ")")
    }

    /// `<p>text</p>\n` → `text`, for content that must sit inline (a table cell, a heading).
    static func unwrapParagraph(_ html: String) -> String {
        guard html.hasPrefix("<p>"), html.hasSuffix("</p>\n"), !html.dropFirst(3).containsBytes("<p>")
        else { return html.hasSuffix("\n") ? String(html.dropLast()) : html }
        return String(html.dropFirst(3).dropLast(5))
    }

    // MARK: - Headings

    /// Gives a heading its anchor. When rendering, the heading becomes a custom block that
    /// prints `<hN id="…">…</hN>` — byte for byte what libcmark prints, plus the `id`.
    mutating func anchorHeading(_ heading: OpaquePointer) {
        let level = Int(cmark_node_get_heading_level(heading))
        let text = plainText(heading)
        let anchor = anchors.anchor(for: text)
        output.headings.append(Heading(level: level, text: text, anchor: anchor))
        guard linker != nil,
              let document = cmark_node_new(CMARK_NODE_DOCUMENT),
              let paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH),
              let custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)
        else { return }
        defer { cmark_node_free(document) }
        cmark_node_append_child(document, paragraph)
        while let child = cmark_node_first_child(heading) { cmark_node_append_child(paragraph, child) }
        let inner = TreeWalk.unwrapParagraph(render(document))
        cmark_node_set_on_enter(custom, "<h\(level) id=\"\(HTML.escape(anchor))\">\(inner)</h\(level)>")
        cmark_node_set_on_exit(custom, "")
        cmark_node_replace(heading, custom)
        cmark_node_free(heading)
    }

    /// The text of a node's inline content, for anchors and the table of contents.
    func plainText(_ node: OpaquePointer) -> String {
        var text = ""
        guard let iterator = cmark_iter_new(node) else { return text }
        defer { cmark_iter_free(iterator) }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard let current = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: text += literalOf(current)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: text += " "
            default: break
            }
        }
        return text.trimmedSpaces
    }
}
