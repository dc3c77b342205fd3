/// How a body refers to another document: `[[QP-05]]`, or a relative link to its source file.
public enum DocumentReference: Sendable, Hashable {
    case id(String)
    /// A source path relative to the manual folder, `..` already resolved.
    case path(String)
    /// A document's exact title, as mentioned in 《》.
    case title(String)
}

/// A link from a document body to another document.
public struct BodyLink: Sendable, Hashable {
    public var reference: DocumentReference
    /// The line of the file.
    public var line: Int
    /// Named in prose (an id as a whole token, a title in 《》) rather than written as a link:
    /// a link when it names a known document, and nothing otherwise.
    public var isMention: Bool
    /// Written `[[ID]]` without a label: the link shows its document's id and title.
    public var showsTitle: Bool
    /// The `#anchor` of a link to another document's file (`other.md#anchor`), decoded.
    public var fragment: String?

    public init(reference: DocumentReference, line: Int, isMention: Bool = false, showsTitle: Bool = false) {
        self.reference = reference
        self.line = line
        self.isMention = isMention
        self.showsTitle = showsTitle
    }
}

/// A heading of a body, with the anchor its `id` attribute carries.
public struct Heading: Sendable, Hashable {
    public var level: Int
    public var text: String
    public var anchor: String
}

/// Something wrong inside a body (a link to nowhere, a table that does not parse).
public struct BodyProblem: Sendable {
    public var severity: Severity
    public var code: DiagnosticCode
    /// The line of the file.
    public var line: Int
    public var message: String

    public func diagnostic(file: String) -> Diagnostic {
        Diagnostic(severity, code, file: file, line: line, message)
    }
}

/// How to read a body.
public struct MarkdownOptions: Sendable {
    /// Pass raw HTML through (`site.yml` `unsafe_html: true`); otherwise it is omitted, as libcmark does by default.
    public var unsafeHTML: Bool
    /// The folder of the source file relative to the manual, for resolving relative links.
    public var sourceDirectory: String
    /// Added to a line of the body to give the line of the file.
    public var lineOffset: Int
    /// Link ids and 《titles》 of known documents named in prose (`site.yml` `link_mentions`).
    public var linkMentions: Bool
    /// The document whose body this is: it does not link to itself.
    public var documentID: String?
    /// The title shown as the page's heading: a level-1 heading opening the body with the same text is not repeated.
    public var pageTitle: String?
    /// What a task's checkbox says to a screen reader, open and done (`aria-label`); nil: as GFM writes it.
    public var taskLabels: (open: String, done: String)?

    public init(unsafeHTML: Bool = false, sourceDirectory: String = "", lineOffset: Int = 0, linkMentions: Bool = true,
                documentID: String? = nil, pageTitle: String? = nil, taskLabels: (open: String, done: String)? = nil) {
        self.taskLabels = taskLabels
        self.unsafeHTML = unsafeHTML
        self.sourceDirectory = sourceDirectory
        self.lineOffset = lineOffset
        self.linkMentions = linkMentions
        self.documentID = documentID
        self.pageTitle = pageTitle
    }
}

/// Where a document link points, seen from the page being rendered.
public struct LinkTarget: Sendable {
    /// The target document's id.
    public var id: String
    public var href: String
    /// The text of a `[[ID]]` link: the target's id and title.
    public var label: String

    public init(id: String, href: String, label: String) {
        self.id = id
        self.href = href
        self.label = label
    }

    /// The target's id and title, as a `[[ID]]` link shows them.
    public static func label(id: String, title: String) -> String { "\(id) \(title)" }
}

/// How much `[[ID]]` links may add to a page by showing their documents' ids and titles in place
/// of the reference: a fixed allowance plus twice the body, so that a long title linked thousands
/// of times cannot multiply the page. Once spent, every further link shows the id alone. The
/// renderer follows it and the resolver says where it ran out, by the same rule.
public struct LinkLabelAllowance: Sendable {
    private var remaining: Int
    public private(set) var isSpent = false

    public init(bodyBytes: Int) { remaining = 64_000 + 2 * bodyBytes }

    /// Whether a link to `id` still shows `label` whole; written as `[[ID]]`, six bytes of it were there already.
    public mutating func admits(label: String, id: String) -> Bool {
        guard !isSpent else { return false }
        let added = label.utf8.count - id.utf8.count - 4
        if added > remaining {
            isSpent = true
            return false
        }
        remaining -= max(added, 0)
        return true
    }
}

/// Answers, for the page being rendered, where documents and assets are.
public struct BodyLinker: Sendable {
    public var document: @Sendable (DocumentReference) -> LinkTarget?
    /// A manual-relative asset path to its href, or nil when no such file exists.
    /// A manual-relative asset path to its href: nil when no such file is in the manual, empty when
    /// the site does not publish it. The flag says whether the body embeds it as an image (an SVG
    /// image is then written into the page).
    public var asset: @Sendable (String, Bool) -> String?

    public init(document: @escaping @Sendable (DocumentReference) -> LinkTarget?, asset: @escaping @Sendable (String, Bool) -> String?) {
        self.document = document
        self.asset = asset
    }
}

/// What reading a body gives: its HTML (when rendered), its links, headings and problems.
public struct MarkdownOutput: Sendable {
    public var html: String = ""
    public var links: [BodyLink] = []
    /// Manual-relative paths of files (images, PDFs) the body links to, with their lines.
    public var assets: [AssetLink] = []
    public var headings: [Heading] = []
    public var problems: [BodyProblem] = []
    /// Links within the page (`#anchor`), decoded, with their lines: each must name a heading of the page.
    public var pageAnchors: [AnchorLink] = []
}

/// A link to a heading of the page it is on.
public struct AnchorLink: Sendable, Hashable {
    public var anchor: String
    public var line: Int
}

/// A link from a body to a file beside the Markdown.
public struct AssetLink: Sendable, Hashable {
    public var path: String
    public var line: Int
    /// Embedded as an image (`![…](…)`) rather than linked.
    public var isImage: Bool

    /// An SVG embedded as an image: written into the page as a `data:` image, never published as a file.
    public var isEmbeddedSVG: Bool { isImage && path.lowercased().hasSuffix(".svg") }

    public init(path: String, line: Int, isImage: Bool = false) {
        self.path = path
        self.line = line
        self.isImage = isImage
    }
}
