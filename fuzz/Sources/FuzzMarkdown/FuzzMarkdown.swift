import Foundation
import QMarkCore

/// One input: a whole document (front-matter and body) through the parser, then its body
/// through the Markdown pipeline with links, mentions and tables resolved.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMarkdown(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Data(bytes: data, count: size)
    let outcome = DocumentParser().parse(SourceFile(path: "fuzz.md", data: bytes))
    let text = String(decoding: bytes, as: UTF8.self)
    let linker = BodyLinker(document: { reference in
        if case .id(let id) = reference, id.hasPrefix("QP") { return LinkTarget(id: id, href: "\(id).html", label: id) }
        if case .title(let title) = reference, title.count < 8 { return LinkTarget(id: "QP-T", href: "t.html", label: title) }
        return nil
    }, asset: { path, _ in path.hasSuffix(".png") ? "files/" + path : nil })
    _ = MarkdownBody.render(text, options: MarkdownOptions(unsafeHTML: size % 2 == 0, documentID: outcome.document?.id), linker: linker)
    return 0
}
