import Foundation

/// `qmark adopt DIR`: front-matter for Markdown that has none — written on GitHub, exported
/// from Word — so that an existing quality system builds as it is. Only the front-matter is
/// added: every byte below it stays as it was. Files that have front-matter are left alone.
public enum Adoption {
    /// What adopting one file does or would do.
    public struct Plan: Sendable {
        /// Relative to the folder adopted.
        public var path: String
        public var id: String
        public var title: String
        public var type: DocumentType
        /// Where the title came from, and why the type was chosen: said to the user.
        public var titleSource: String
        public var typeReason: String
        /// The front-matter block to put at the top of the file.
        public var frontMatter: String
    }

    /// What adopting a folder finds.
    public struct Survey: Sendable {
        public var plans: [Plan] = []
        /// Markdown files left alone because they already open with front-matter.
        public var alreadyAdopted: [String] = []
        /// Notes about a project rather than documents of the manual (README, TODO, CHANGELOG, licences), left alone.
        public var notDocuments: [String] = []
        /// The `site.yml` to write, when the folder has none: a title from the folder's name, the language of its text.
        public var siteConfig: String?
    }

    /// Files that are a project's notes, not controlled documents (by name, any case, any extension).
    static let projectNotes: Set<String> = ["readme", "todo", "changelog", "changes", "history", "license", "licence", "contributing",
                                           "code_of_conduct", "security", "authors", "notice", "copying"]

    /// Reads a folder and plans front-matter for every Markdown file without it. `taken` holds
    /// ids already in use (in the manual the folder belongs to), so that no id is given twice.
    public static func survey(_ folder: URL, taken: Set<String> = [], io: FileIO = .disk) throws -> Survey {
        var survey = Survey()
        var used = taken
        var languageSample = ""
        var unnamed = 0
        for path in try io.listFiles(folder).sorted() {
            let lower = path.lowercased()
            guard lower.hasSuffix(".md") || lower.hasSuffix(".markdown"), !lower.hasPrefix("standards/") else { continue }
            let name = (((path as NSString).lastPathComponent as NSString).deletingPathExtension).lowercased()
            if projectNotes.contains(name) || projectNotes.contains(where: { name.hasPrefix($0 + "-") || name.hasPrefix($0 + "_") || name.hasPrefix($0 + ".") }) {
                survey.notDocuments.append(path)
                continue
            }
            let data = try io.read(folder.appendingPathComponent(path))
            let text = String(decoding: data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data, as: UTF8.self)
            if text.hasPrefix("---\n") || text.hasPrefix("---\r\n") {
                survey.alreadyAdopted.append(path)
                continue
            }
            let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            var id = idFromName(stem)
            if id.isEmpty {
                // A name with no character an id allows (文件控制程序.md): DOC-01, DOC-02 …
                unnamed += 1
                id = String(format: "DOC-%02d", unnamed)
            }
            var unique = id, suffix = 2
            while used.contains(unique) { unique = "\(id)-\(suffix)"; suffix += 1 }
            used.insert(unique)
            // A title the file already states (MultiMarkdown `Title:`/`Name:` lines, pandoc's `% Title`) comes before its first heading.
            let heading = statedTitle(text) ?? firstHeading(text)
            let (type, reason) = guessType(path: path, stem: stem)
            let newline = text.contains("\r\n") ? "\r\n" : "\n"
            let frontMatter = ["---", "id: \(unique)", "title: \(NewDocument.yamlText(heading ?? stem))", "type: \(type.rawValue)",
                               "status: draft", "---"].joined(separator: newline) + newline
            survey.plans.append(Plan(path: path, id: unique, title: heading ?? stem, type: type,
                                     titleSource: heading == nil ? "the file name" : statedTitle(text) != nil ? "its title line" : "the first heading",
                                     typeReason: reason, frontMatter: frontMatter))
            languageSample += text.prefix(2_000)
        }
        if (try? io.read(folder.appendingPathComponent("site.yml"))) == nil, (try? io.read(folder.appendingPathComponent("site.yaml"))) == nil,
           !survey.plans.isEmpty {
            let chinese = languageSample.filter(WordMarkdown.isCJK).count
            let language = chinese * 4 > max(1, languageSample.filter(\.isLetter).count) ? "zh-CN" : "en"
            let title = folder.standardizedFileURL.lastPathComponent
            survey.siteConfig = "# Written by qmark adopt: the manual's settings (see the README of QMark for all of them)\n"
                + "title: \(NewDocument.yamlText(title))\nlanguage: \(language)\n"
        }
        return survey
    }

    /// `Title: …` or `Name: …` in a MultiMarkdown metadata block at the top, or pandoc's `% Title` line.
    static func statedTitle(_ text: String) -> String? {
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).prefix(20) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return nil }
            if trimmed.hasPrefix("% ") { return String(trimmed.dropFirst(2)).trimmingCharacters(in: .whitespaces) }
            guard let colon = trimmed.firstIndex(of: ":") else { return nil }
            let key = trimmed[..<colon].lowercased()
            guard key.allSatisfy({ $0.isLetter || $0 == " " || $0 == "_" || $0 == "-" }) else { return nil }
            if key == "title" || key == "name" {
                let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "\"'")))
                if !value.isEmpty { return value }
            }
        }
        return nil
    }

    /// Puts each plan's front-matter at the top of its file (after a byte-order mark, if any),
    /// writing a temporary file beside it and renaming it over the original.
    public static func apply(_ plans: [Plan], in folder: URL, siteConfig: String? = nil) throws {
        if let siteConfig { try Data(siteConfig.utf8).write(to: folder.appendingPathComponent("site.yml"), options: .withoutOverwriting) }
        for plan in plans {
            let url = folder.appendingPathComponent(plan.path)
            let original = try Data(contentsOf: url)
            let bom = original.starts(with: [0xEF, 0xBB, 0xBF]) ? Data([0xEF, 0xBB, 0xBF]) : Data()
            var adopted = bom
            adopted.append(Data(plan.frontMatter.utf8))
            adopted.append(original.dropFirst(bom.count))
            let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).qmark-adopt")
            try adopted.write(to: temporary)
            if let attributes = try? FileManager.default.attributesOfItem(atPath: url.path), let mode = attributes[.posixPermissions] {
                try? FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: temporary.path)
            }
            guard rename(temporary.path, url.path) == 0 else {
                try? FileManager.default.removeItem(at: temporary)
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
        }
    }

    /// `SOP Vigilance` → `SOP-Vigilance`, `qp_08` → `qp_08`: the characters an id allows, others as `-`.
    static func idFromName(_ stem: String) -> String {
        var id = ""
        for scalar in stem.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar) {
                id.unicodeScalars.append(scalar)
            } else if !id.hasSuffix("-") {
                id += "-"
            }
        }
        return String(id.drop { !$0.isLetter && !$0.isNumber }.reversed().drop { $0 == "-" || $0 == "." || $0 == "_" }.reversed())
    }

    /// The text of the first level-1 ATX heading (`# Title`), outside fenced code.
    static func firstHeading(_ text: String) -> String? {
        var fence: String?
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).prefix(200) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { fence = String(trimmed.prefix(3)); continue }
            guard trimmed.hasPrefix("# ") else { continue }
            var title = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces)
            while title.hasSuffix("#") { title = String(title.dropLast()).trimmingCharacters(in: .whitespaces) }
            if !title.isEmpty { return title }
        }
        return nil
    }

    /// The type a file's name or folder suggests, and which word suggested it.
    static func guessType(path: String, stem: String) -> (DocumentType, String) {
        let rules: [(DocumentType, [String])] = [
            (.manual, ["qm", "manual", "手册"]),
            (.policy, ["pol", "policy", "方针", "政策"]),
            (.principle, ["principle", "原则"]),
            (.process, ["pr", "process", "过程"]),
            (.instruction, ["wi", "instruction", "作业指导书", "指导书", "规范"]),
            (.form, ["fm", "form", "template", "checklist", "record", "表", "单", "清单", "记录"]),
            (.procedure, ["qp", "sop", "procedure", "程序", "制度"]),
        ]
        let name = stem.lowercased()
        let words = name.split(whereSeparator: { !$0.isLetter }).map(String.init)
        let folder = (path as NSString).deletingLastPathComponent.lowercased()
        for (type, keys) in rules {
            if let key = keys.first(where: { key in key.unicodeScalars.allSatisfy(\.isASCII) ? words.contains(key) || words.contains(key + "s") : name.hasSuffix(key) }) {
                return (type, "the name (\(key))")
            }
        }
        // A folder by its words: `procedures/` is procedures, not `pr` (processes).
        let folderWords = folder.split(whereSeparator: { !$0.isLetter }).map(String.init)
        for (type, keys) in rules {
            if let key = keys.first(where: { key in
                key.unicodeScalars.allSatisfy(\.isASCII)
                    ? folderWords.contains { $0 == key || $0 == key + "s" || $0 == key + "es" || (key.count >= 3 && $0.hasPrefix(key)) }
                    : folder.contains(key)
            }) { return (type, "the folder (\(key))") }
        }
        return (.procedure, "nothing in the name; procedure assumed")
    }
}
