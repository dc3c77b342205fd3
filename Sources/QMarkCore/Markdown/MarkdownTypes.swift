/// How a body refers to another document: `[[QP-05]]`, or a relative link to its source file.
public enum DocumentReference: Sendable, Hashable {
    case id(String)
    /// A source path relative to the manual folder, `..` already resolved.
    case path(String)
}

/// A link from a document body to another document.
public struct BodyLink: Sendable, Hashable {
    public var reference: DocumentReference
    /// The line of the file.
    public var line: Int
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

    public init(unsafeHTML: Bool = false, sourceDirectory: String = "", lineOffset: Int = 0) {
        self.unsafeHTML = unsafeHTML
        self.sourceDirectory = sourceDirectory
        self.lineOffset = lineOffset
    }
}

/// Where a document link points, seen from the page being rendered.
public struct LinkTarget: Sendable {
    public var href: String
    /// The text of a `[[ID]]` link: the target's id and title.
    public var label: String

    public init(href: String, label: String) {
        self.href = href
        self.label = label
    }
}

/// Answers, for the page being rendered, where documents and assets are.
public struct BodyLinker: Sendable {
    public var document: @Sendable (DocumentReference) -> LinkTarget?
    /// A manual-relative asset path to its href, or nil when no such file exists.
    public var asset: @Sendable (String) -> String?

    public init(document: @escaping @Sendable (DocumentReference) -> LinkTarget?, asset: @escaping @Sendable (String) -> String?) {
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
}

/// A link from a body to a file beside the Markdown.
public struct AssetLink: Sendable, Hashable {
    public var path: String
    public var line: Int
}
