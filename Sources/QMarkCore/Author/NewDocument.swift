import Foundation

/// `qmark new TYPE ID TITLE`: a new document with its front-matter filled in, in the folder
/// where documents of its type live.
public enum NewDocument {
    public enum Failure: LocalizedError {
        case invalidID(String)
        case idInUse(String, path: String)
        case fileExists(String)

        public var errorDescription: String? {
            switch self {
            case .invalidID(let id): return "`\(id)` is not a valid id; use letters, digits, `.`, `_` and `-`, starting with a letter or digit (e.g. QP-27)"
            case let .idInUse(id, path): return "id \(id) is already used by \(path); choose another id"
            case .fileExists(let path): return "\(path) already exists; nothing was written"
            }
        }
    }

    /// Where documents of a type live when the manual has none yet.
    static let defaultFolders: [DocumentType: String] = [
        .manual: "manual", .policy: "policy", .principle: "principles", .process: "processes",
        .procedure: "procedures", .instruction: "instructions", .form: "forms",
    ]

    /// The manual-relative path of the new file and its text.
    public static func make(type: DocumentType, id: String, title: String, in manual: Manual, today: DayDate) throws -> (path: String, text: String) {
        guard DocumentParser.isValidID(id) else { throw Failure.invalidID(id) }
        if let existing = manual[id: id] { throw Failure.idInUse(id, path: existing.sourcePath) }
        let sameType = manual.documents.filter { $0.type == type }
        let folder = mostCommon(sameType.map { ($0.sourcePath as NSString).deletingLastPathComponent }) ?? defaultFolders[type] ?? ""
        let path = folder.isEmpty ? "\(id).md" : "\(folder)/\(id).md"
        if manual.document(at: path) != nil { throw Failure.fileExists(path) }
        let language = manual.config.language
        let owner = mostCommon(sameType.compactMap(\.owner))
        let approver = mostCommon(sameType.compactMap(\.approver))
        let numbered = manual.documents.compactMap(\.revision).filter { Int($0) != nil }.count * 2 > manual.documents.count
        var lines = [
            "---",
            "id: \(id)",
            "title: \(yamlText(title))",
            "type: \(type.rawValue)",
            "revision: \(numbered ? "1" : "A")",
            "status: draft",
            // A draft takes effect when it is approved: the date is left for then, not set to today.
            "effective:" + (language == .en ? "        # the date this revision takes effect: set it on approval (YYYY-MM-DD)" : "        # 本版本生效日期：批准时填写（YYYY-MM-DD）"),
            "owner: \(owner.map(yamlText) ?? (language == .en ? "Quality" : "质量部"))",
            "approver: \(approver.map(yamlText) ?? (language == .en ? "General Manager" : "总经理"))",
        ]
        if type == .principle {
            let used = Set(manual.documents.compactMap(\.principleKey))
            lines.append("key: \(Principle.keys.first { !used.contains($0) } ?? Principle.keys[0])        # " + Principle.keys.joined(separator: " | "))
        }
        if manual.config.clauseTypes.contains(type) {
            lines.append(language == .en ? "# clauses: [7.5.3]          # the clauses of \(manual.config.standard) it addresses"
                                         : "# clauses: [7.5.3]          # 本文件对应的 \(manual.config.standard) 条款")
        }
        lines += ["---", "", "# \(title)", ""]
        lines += DocumentSkeleton.body(type: type, language: language)
        return (path, lines.joined(separator: "\n") + "\n")
    }

    /// A title as a YAML scalar: quoted when YAML would read it otherwise.
    static func yamlText(_ text: String) -> String {
        let plain = !text.isEmpty && !text.contains(": ") && !text.contains(" #") && !text.hasSuffix(":")
            && !"-?:,[]{}#&*!|>'\"%@`".contains(text.first!) && text.trimmingCharacters(in: .whitespaces) == text
            && !["true", "false", "yes", "no", "null", "~"].contains(text.lowercased()) && Double(text) == nil
        return plain ? text : "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func mostCommon(_ values: [String]) -> String? {
        var counts: [String: Int] = [:]
        for value in values { counts[value, default: 0] += 1 }
        return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
    }
}

/// The headings a new document of each type starts with.
enum DocumentSkeleton {
    static func body(type: DocumentType, language: Language) -> [String] {
        let zh = language == .zhCN
        switch type {
        case .procedure, .process, .manual:
            return zh ? ["## 1 目的", "", "## 2 适用范围", "", "## 3 职责", "", "## 4 程序", "", "## 5 相关文件", "", "## 6 记录", ""]
                      : ["## 1 Purpose", "", "## 2 Scope", "", "## 3 Responsibilities", "", "## 4 Procedure", "", "## 5 Related documents", "", "## 6 Records", ""]
        case .instruction:
            return zh ? ["## 1 适用范围", "", "## 2 工具与材料", "", "## 3 作业步骤", "", "| 步骤 | 操作 | 要求 |", "|---|---|---|", "| 1 |  |  |", "", "## 4 注意事项", ""]
                      : ["## 1 Scope", "", "## 2 Tools and materials", "", "## 3 Steps", "", "| Step | Action | Requirement |", "|---|---|---|", "| 1 |  |  |", "", "## 4 Cautions", ""]
        case .form:
            return zh ? ["| 项目 | 内容 |", "|---|---|", "| 日期 |  |", "| 填写人 |  |", "", "- [ ] 已核对", "- [ ] 已批准", ""]
                      : ["| Item | Entry |", "|---|---|", "| Date |  |", "| Filled in by |  |", "", "- [ ] Checked", "- [ ] Approved", ""]
        case .policy, .principle:
            return [""]
        case .external:
            return zh ? ["## 使用说明", "", "适用范围、与本公司文件的关系、注意事项。", ""]
                      : ["## Notes", "", "Where it applies, which of our documents use it, what to watch.", ""]
        }
    }
}
