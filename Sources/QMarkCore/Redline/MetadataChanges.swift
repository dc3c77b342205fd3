/// The changes of a document's front-matter between two revisions, in words:
/// "Status: draft → approved", "Clause 8.5.2 added".
enum MetadataChanges {
    static func describe(from old: Document?, to new: Document?, labels: Labels) -> [String] {
        guard let old, let new else { return [] }
        var lines: [String] = []
        func field(_ key: String, _ a: String?, _ b: String?) {
            guard a != b else { return }
            lines.append(labels["change.field"].filling(labels[key], a ?? "—", b ?? "—"))
        }
        func set(_ key: String, _ a: [String], _ b: [String]) {
            let added = b.filter { !a.contains($0) }, removed = a.filter { !b.contains($0) }
            for item in added { lines.append(labels["change.added"].filling(labels[key], item)) }
            for item in removed { lines.append(labels["change.removed"].filling(labels[key], item)) }
        }
        field("title", old.title, new.title)
        field("type", labels.type(old.type), labels.type(new.type))
        field("revision", old.revision, new.revision)
        field("status", labels.status(old.status), labels.status(new.status))
        field("effective", old.effective?.description, new.effective?.description)
        field("owner", old.owner, new.owner)
        field("approver", old.approver, new.approver)
        let clauses = { (document: Document) in
            document.clauses.map { $0.standard == SiteConfig.builtinStandardID ? $0.clause : "\($0.standard) \($0.clause)" }
        }
        set("clause", clauses(old), clauses(new))
        set("principle", old.principles.map(\.name), new.principles.map(\.name))
        set("reference", old.references.map(\.name), new.references.map(\.name))
        set("record", old.records.map { "\($0.id) \($0.title)" }, new.records.map { "\($0.id) \($0.title)" })
        return lines
    }
}

extension String {
    /// Replaces `%1`, `%2`, … with the arguments.
    func filling(_ arguments: String...) -> String {
        var result = self
        for (index, argument) in arguments.enumerated().reversed() {
            result = result.replacingOccurrences(of: "%\(index + 1)", with: argument)
        }
        return result
    }
}
