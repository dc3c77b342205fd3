import Ccmark
import Foundation

/// Reads and renders document bodies with libcmark.
///
/// libcmark is touched here and in `CommonMark+GFM.swift` only. A body is parsed into cmark's
/// tree; QMark adds on that tree what GitHub Flavored Markdown adds (pipe tables, strikethrough,
/// task lists, autolinks, which raw HTML may pass) and what it adds itself (`[[ID]]` and relative
/// `.md` links, mentions, fenced table blocks, heading anchors), then renders with libcmark's own
/// HTML renderer, so plain CommonMark comes out exactly as libcmark renders it. Every tree,
/// iterator and rendered string is freed before returning.
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
}

/// One pass over one body: parse, add what GFM adds, rewrite QMark's links, render.
struct TreeWalk {
    let options: MarkdownOptions
    let linker: BodyLinker?
    var output = MarkdownOutput()
    var anchors = HeadingAnchors()
    /// The lines of the body, split once when a table needs them.
    var sourceLines: [Substring] = []
    /// Blocks parsed again from part of a paragraph (around a table): their own lines and where those start in the body.
    var fragments: [OpaquePointer: SourceFragment] = [:]
    /// The body line of each table row QMark built.
    var rowLines: [OpaquePointer: Int] = [:]
    /// Table cells QMark built: inline containers of their own.
    var cells: Set<OpaquePointer> = []
    /// SVG images to write into the page, with their `data:` URIs.
    var embeds: [(OpaquePointer, String)] = []
    /// Mentions already looked up: a long document names the same few documents many times.
    var mentionTargets: [DocumentReference: LinkTarget?] = [:]
    /// Raw HTML left out of the page: how many fragments, and the line of the first.
    var omittedHTML = 0
    var firstOmittedHTMLLine: Int?
    /// What `[[ID]]` links may add by showing their documents' titles (the resolver warns where it runs out).
    var labelAllowance = LinkLabelAllowance(bodyBytes: 0)

    init(options: MarkdownOptions, linker: BodyLinker?) {
        self.options = options
        self.linker = linker
    }

    var renderOptions: Int32 { options.unsafeHTML ? CMARK_OPT_UNSAFE : CMARK_OPT_DEFAULT }

    mutating func run(_ text: String) -> MarkdownOutput {
        let (markdown, defused) = ImageOpeners.defused(SourceText.foldingLineEnds(text))
        for line in defused {
            problem(.warning, .bracketsDefused, line: line,
                    "this paragraph opens so many images `![` that are never closed that reading it would take minutes; its `![` are shown as text")
        }
        guard let root = parse(markdown, defusing: false) else { return output }
        defer { cmark_node_free(root) }
        sourceLines = markdown.lineSlices
        labelAllowance = LinkLabelAllowance(bodyBytes: markdown.utf8.count)
        expandTables(root)
        dropLeadingTitle(root)
        formStrikethrough(root)
        transform(root)
        if omittedHTML > 0, let line = firstOmittedHTMLLine {
            problem(.warning, .rawHTMLOmitted, line: line,
                    "\(omittedHTML) raw HTML fragment\(omittedHTML == 1 ? " is" : "s are") left out of the page (the first here); only <br>, <sup>, <sub>, <kbd>, <mark>, <u>, <s>, <del> and <ins> without attributes, and tables of table markup only, pass, unless site.yml says `unsafe_html: true`")
        }
        if linker != nil { output.html = render(root) }
        return output
    }

    /// Every text libcmark parses comes through here, its costly brackets defused (`ImageOpeners`)
    /// unless that was done already (the whole body, in `run`).
    func parse(_ markdown: String, defusing: Bool = true) -> OpaquePointer? {
        var source = defusing ? ImageOpeners.defused(markdown).text : markdown
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
        var headings: [OpaquePointer] = []
        var items: [OpaquePointer] = []
        /// Raw HTML, with its line and the paragraph, heading or cell it stands in.
        var html: [(node: OpaquePointer, line: Int, block: OpaquePointer?)] = []
        /// The first block quote or list nested deeper than `TreeWalk.deepestNesting`, and its line.
        var tooDeep: Int?
    }

    /// Block quotes and lists nested deeper than this are refused: nobody reads such a page, and
    /// each level adds to the page and to the browser's work whatever the text.
    static let deepestNesting = 50

    func collect(_ root: OpaquePointer) -> Found {
        var found = Found()
        guard let iterator = cmark_iter_new(root) else { return found }
        defer { cmark_iter_free(iterator) }
        var lineBase = 1
        var breaks = 0
        var insideLink = 0
        var nesting = 0
        var block: OpaquePointer?
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let entering = event == CMARK_EVENT_ENTER
            switch type {
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING:
                if entering {
                    lineBase = bodyLine(node)
                    breaks = 0
                    block = node
                    if type == CMARK_NODE_HEADING { found.headings.append(node) }
                }
            case CMARK_NODE_CUSTOM_BLOCK:
                if entering, let line = rowLines[node] {
                    lineBase = line
                    breaks = 0
                }
            case CMARK_NODE_CUSTOM_INLINE:
                if entering, cells.contains(node) { block = node }
            case CMARK_NODE_ITEM:
                if entering { found.items.append(node) }
            case CMARK_NODE_BLOCK_QUOTE, CMARK_NODE_LIST:
                nesting += entering ? 1 : -1
                if nesting > TreeWalk.deepestNesting, found.tooDeep == nil { found.tooDeep = bodyLine(node) }
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
            case CMARK_NODE_HTML_INLINE:
                found.html.append((node, lineBase + breaks, block))
            case CMARK_NODE_HTML_BLOCK:
                found.html.append((node, bodyLine(node), nil))
            default:
                break
            }
        }
        return found
    }

    mutating func transform(_ root: OpaquePointer) {
        let found = collect(root)
        if let line = found.tooDeep {
            problem(.error, .nestedTooDeep, line: line,
                    "block quotes and lists are nested more than \(TreeWalk.deepestNesting) levels deep here; flatten them (a `>` or an indent too many?)")
        }
        for item in found.items { markTask(item) }
        for (node, line) in found.texts { rewriteText(node, line: line) }
        for (node, line) in found.links { rewriteLink(node, line: line) }
        for (image, source) in embeds { embedImage(image, source: source) }
        filterHTML(found.html)
        for heading in found.headings { anchorHeading(heading) }
    }

    /// The line of the body a block starts on, counting blocks parsed again from part of a paragraph.
    func bodyLine(_ node: OpaquePointer) -> Int {
        var current: OpaquePointer? = node
        while let candidate = current {
            if let fragment = fragments[candidate] { return Int(cmark_node_get_start_line(node)) + fragment.lineShift }
            current = cmark_node_parent(candidate)
        }
        return Int(cmark_node_get_start_line(node))
    }

    func fileLine(_ bodyLine: Int) -> Int { bodyLine + options.lineOffset }

    mutating func problem(_ severity: Severity, _ code: DiagnosticCode, line: Int, _ message: String) {
        output.problems.append(BodyProblem(severity: severity, code: code, line: fileLine(line), message: message))
    }

    // MARK: - The page's own title

    /// A body that opens with a level-1 heading equal to the title shows it once: as the page's heading.
    func dropLeadingTitle(_ root: OpaquePointer) {
        guard let title = options.pageTitle, let first = cmark_node_first_child(root),
              cmark_node_get_type(first) == CMARK_NODE_HEADING, cmark_node_get_heading_level(first) == 1,
              plainText(first) == title.trimmedSpaces else { return }
        cmark_node_unlink(first)
        cmark_node_free(first)
    }

    // MARK: - Text: [[ID]] links, bare URLs, mentions

    /// One piece of a text node once QMark has read it: text as written, or a link.
    enum Piece {
        case text(Substring)
        case link(href: String, label: String)
        /// A document named in prose: a link that does not break across lines (`QP-` / `08`).
        case mention(href: String, label: String)
    }

    /// Turns each `[[ID]]` into a link, then bare URLs (GFM autolinks), then mentions of documents
    /// by id or by title in 《》. Text nodes of a run are already joined.
    mutating func rewriteText(_ node: OpaquePointer, line: Int) {
        let literal = literalOf(node)
        var pieces: [Piece] = []
        var rest = Substring(literal)
        if literal.containsBytes("[[") {
            for match in ShortLink.matches(in: rest) {
                output.links.append(BodyLink(reference: .id(match.id), line: fileLine(line), showsTitle: match.label == nil))
                pieces += plainPieces(rest[..<match.range.lowerBound], line: line, before: pieces.isEmpty ? textBefore(node) : .closed)
                if let linker {
                    if let target = linker.document(.id(match.id)) {
                        pieces.append(.link(href: target.href, label: match.label ?? (labelAllowance.admits(label: target.label, id: match.id) ? target.label : match.id)))
                    } else {
                        problem(.error, .brokenLink, line: line, "link to missing document `\(match.id)` in `[[\(match.id)]]`; check the id, or create the document")
                        pieces.append(.text(rest[match.range]))
                    }
                }
                rest = rest[match.range.upperBound...]
            }
        }
        pieces += plainPieces(rest, line: line, before: pieces.isEmpty ? textBefore(node) : .closed)
        guard linker != nil, !(pieces.count == 1 && { if case .text = pieces[0] { return true } else { return false } }()) else { return }
        for piece in pieces {
            switch piece {
            case .text(let text): insertText(String(text), before: node)
            case let .link(href, label): insertLink(href: href, label: label, before: node)
            case let .mention(href, label): insertMention(href: href, label: label, before: node)
            }
        }
        cmark_node_unlink(node)
        cmark_node_free(node)
    }

    /// Text with its bare URLs and mentions made links.
    mutating func plainPieces(_ text: Substring, line: Int, before: Autolink.Before) -> [Piece] {
        guard !text.isEmpty else { return [] }
        var pieces: [Piece] = []
        var offset = 0
        let utf8 = text.utf8
        func slice(_ range: Range<Int>) -> Substring {
            text[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)]
        }
        for match in Autolink.matches(in: String(text), before: before) {
            pieces += mentionPieces(slice(offset..<match.range.lowerBound), line: line)
            pieces.append(.link(href: match.href, label: String(slice(match.range))))
            offset = match.range.upperBound
        }
        pieces += mentionPieces(slice(offset..<utf8.count), line: line)
        return pieces
    }

    /// Text with each mention of a known document — its id as a whole token, its title in 《》 — made a link.
    mutating func mentionPieces(_ text: Substring, line: Int) -> [Piece] {
        guard !text.isEmpty else { return [] }
        guard options.linkMentions else { return [.text(text)] }
        var pieces: [Piece] = []
        var start = text.startIndex
        for mention in Mention.candidates(in: text) {
            let reference: DocumentReference = mention.isTitle ? .title(String(text[mention.range])) : .id(String(text[mention.range]))
            output.links.append(BodyLink(reference: reference, line: fileLine(line), isMention: true))
            guard let linker else { continue }
            if mentionTargets[reference] == nil { mentionTargets[reference] = .some(linker.document(reference)) }
            guard let found = mentionTargets[reference], let target = found, target.id != options.documentID else { continue }
            if start < mention.range.lowerBound { pieces.append(.text(text[start..<mention.range.lowerBound])) }
            pieces.append(.mention(href: target.href, label: String(text[mention.range])))
            start = mention.range.upperBound
        }
        if start < text.endIndex { pieces.append(.text(text[start...])) }
        return pieces
    }

    /// What stands before a text node, for the rule that `www.` starts a link only after white space or `*_~(`.
    func textBefore(_ node: OpaquePointer) -> Autolink.Before {
        guard let previous = cmark_node_previous(node) else { return .open }
        switch cmark_node_get_type(previous) {
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK, CMARK_NODE_EMPH, CMARK_NODE_STRONG, CMARK_NODE_CUSTOM_INLINE: return .open
        default: return .closed
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

    func insertMention(href: String, label: String, before node: OpaquePointer) {
        guard let link = cmark_node_new(CMARK_NODE_CUSTOM_INLINE), let text = cmark_node_new(CMARK_NODE_TEXT) else { return }
        cmark_node_set_on_enter(link, "<a class=\"qm-mention\" href=\"\(HTML.escape(href))\">")
        cmark_node_set_on_exit(link, "</a>")
        cmark_node_set_literal(text, label)
        cmark_node_append_child(link, text)
        cmark_node_insert_before(node, link)
    }

    // MARK: - Relative links

    mutating func rewriteLink(_ node: OpaquePointer, line: Int) {
        let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
        if url.count > 1, url.hasPrefix("#"), cmark_node_get_type(node) == CMARK_NODE_LINK {
            let anchor = String(url.dropFirst())
            output.pageAnchors.append(AnchorLink(anchor: anchor.removingPercentEncoding ?? anchor, line: fileLine(line)))
        }
        switch LinkDestination(url, sourceDirectory: options.sourceDirectory) {
        case .external:
            break
        case .outsideManual(let path):
            if LinkDestination.documentExtensions.contains(where: { path.lowercased().hasSuffix($0) }) {
                problem(.error, .brokenLink, line: line, "link `\(url)` leaves the manual folder; link to a document inside it")
            } else {
                problem(.warning, .linkLeavesManual, line: line, "link `\(url)` leaves the manual folder, so it is not published and will not work on the site; copy the file into the manual")
                if linker != nil { cmark_node_set_url(node, "") }
            }
        case let .document(path, fragment):
            var link = BodyLink(reference: .path(path), line: fileLine(line))
            link.fragment = fragment.map { $0.removingPercentEncoding ?? $0 }.flatMap { $0.isEmpty ? nil : $0 }
            output.links.append(link)
            guard let linker else { return }
            if let target = linker.document(.path(path)) {
                cmark_node_set_url(node, target.href + (fragment.map { "#\($0)" } ?? ""))
            } else {
                problem(.error, .brokenLink, line: line, "link to missing document `\(url)` (no file \(path) in the manual); fix the path, or use `[[ID]]`")
            }
        case let .asset(path, suffix):
            let isImage = cmark_node_get_type(node) == CMARK_NODE_IMAGE
            output.assets.append(AssetLink(path: path, line: fileLine(line), isImage: isImage))
            guard let linker else { return }
            // A file in the manual the site does not publish (an active file) is no link at all; a
            // missing one is left as written (and reported).
            guard let href = linker.asset(path, isImage) else { return }
            if isImage, href.hasPrefix("data:image/svg+xml;base64,") {
                // Replaced once every link is rewritten: links inside its description are still to come.
                embeds.append((node, href))
            } else {
                cmark_node_set_url(node, href.isEmpty ? href : href + suffix)
            }
        }
    }

    /// An SVG image written into the page as a `data:` URI, in the markup libcmark writes for an
    /// image. libcmark's safe mode empties every `data:image/svg+xml` URL, since one written in a
    /// source could be anything; this one is the manual's own file, shown only as an image.
    func embedImage(_ image: OpaquePointer, source: String) {
        guard let custom = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { return }
        let title = cmark_node_get_title(image).map { String(cString: $0) } ?? ""
        var markup = "<img src=\"\(HTML.escape(source))\" alt=\"\(HTML.escape(plainText(image)))\""
        if !title.isEmpty { markup += " title=\"\(HTML.escape(title))\"" }
        cmark_node_set_on_enter(custom, markup + " />")
        cmark_node_set_on_exit(custom, "")
        cmark_node_replace(image, custom)
        cmark_node_free(image)
    }

    // MARK: - Headings

    /// `<p>text</p>\n` → `text`, for content that must sit inline (a table cell, a heading).
    static func unwrapParagraph(_ html: String) -> String {
        guard html.hasPrefix("<p>"), html.hasSuffix("</p>\n"), !html.dropFirst(3).containsBytes("<p>")
        else { return html.hasSuffix("\n") ? String(html.dropLast()) : html }
        return String(html.dropFirst(3).dropLast(5))
    }

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
