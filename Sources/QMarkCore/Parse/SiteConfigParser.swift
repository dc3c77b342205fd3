import Yams

/// Reads `site.yml`.
public enum SiteConfigParser {
    static let knownKeys = ["title", "organization", "language", "standard", "exclusions", "review_interval_months",
                            "unsafe_html", "uncontrolled_notice", "require_approval_trailer", "description",
                            "link_mentions", "standards", "expect_clauses", "assets", "paper", "audits", "effective_within_days",
                            "allowed_signers", "acknowledge_within_days", "synonyms"]

    /// Reads `site.yml`; the defaults when the manual has none.
    public static func parse(_ file: SourceFile?) -> (SiteConfig, [Diagnostic]) {
        var config = SiteConfig.defaults
        guard let file else { return (config, []) }
        config.sourcePath = file.path
        let text: String
        do {
            text = try SourceText.decode(file.data)
        } catch {
            return (config, [.error(.notUTF8, file.path, 1, "site.yml is not valid UTF-8; save it as UTF-8")])
        }
        var reader = YAMLReader(file: file.path, lineOffset: 0)
        guard let root = reader.compose(text) else { return (config, reader.diagnostics) }
        guard let pairs = reader.entries(root, what: "site.yml") else { return (config, reader.diagnostics) }
        reader.warnUnknownKeys(pairs, known: knownKeys, what: "site.yml")
        var exclusionsNode: Node?
        for pair in pairs {
            config.keyLines[pair.key] = reader.line(of: pair.keyNode)
            switch pair.key {
            case "title": config.title = reader.text(pair.value, field: "title") ?? config.title
            case "organization": config.organization = reader.text(pair.value, field: "organization")
            case "language":
                let raw = reader.text(pair.value, field: "language") ?? ""
                if let language = Language(rawValue: raw) ?? (raw.lowercased().hasPrefix("zh") ? .zhCN : nil) {
                    config.language = language
                } else {
                    reader.error(.invalidSetting, pair.value, "unknown language `\(raw)`; use zh-CN or en")
                }
            case "standard": config.standard = reader.text(pair.value, field: "standard") ?? config.standard
            case "exclusions": exclusionsNode = pair.value
            case "review_interval_months":
                if let months = reader.wholeNumber(pair.value, field: pair.key, in: SiteConfig.reviewIntervalRange, unit: "months",
                                                   example: 12, code: .invalidSetting) {
                    config.reviewIntervalMonths = months
                }
            case "effective_within_days":
                if let days = reader.wholeNumber(pair.value, field: pair.key, in: SiteConfig.effectiveWithinRange, unit: "days",
                                                 example: 90, code: .invalidSetting) {
                    config.effectiveWithinDays = days
                }
            case "unsafe_html", "require_approval_trailer", "link_mentions":
                guard let flag = reader.flag(pair.value, field: pair.key, code: .invalidSetting) else { continue }
                switch pair.key {
                case "unsafe_html": config.unsafeHTML = flag
                case "link_mentions": config.linkMentions = flag
                default: config.requireApprovalTrailer = flag
                }
            case "standards":
                let items = reader.textList(pair.value, field: "standards")
                config.standards = items.map(\.name)
                config.standardLines = items.map(\.line)
            case "assets":
                config.assets = reader.textList(pair.value, field: "assets").map(\.name)
            case "expect_clauses":
                var types: Set<DocumentType> = []
                for item in reader.textList(pair.value, field: "expect_clauses") {
                    if let type = DocumentType(rawValue: item.name) { types.insert(type) } else {
                        reader.diagnostics.append(.error(.invalidSetting, file.path, item.line,
                            "unknown document type `\(item.name)` in `expect_clauses`; use \(DocumentType.allCases.map(\.rawValue).joined(separator: ", "))"))
                    }
                }
                config.clauseTypes = types
            case "uncontrolled_notice": config.uncontrolledNotice = reader.text(pair.value, field: pair.key)
            case "allowed_signers": config.allowedSigners = reader.text(pair.value, field: pair.key)
            case "synonyms":
                // A list of groups, each a list of words: `synonyms: [[夹具, 工装, fixture], [OQC, 出货检验]]`.
                if case .sequence(let groups) = pair.value {
                    config.synonyms = groups.map { reader.textList($0, field: "synonyms").map(\.name) }.filter { $0.count > 1 }
                } else {
                    reader.error(.invalidSetting, pair.value, "`synonyms` is a list of groups of words that mean the same, e.g. `synonyms: [[夹具, 工装, fixture]]`")
                }
            case "acknowledge_within_days":
                if let days = reader.wholeNumber(pair.value, field: pair.key, in: SiteConfig.acknowledgeWithinRange, unit: "days",
                                                 example: 14, code: .invalidSetting) {
                    config.acknowledgeWithinDays = days
                }
            case "audits":
                for entry in reader.entries(pair.value, what: "`audits` (department: date of its last internal audit)") ?? [] {
                    let text = reader.text(entry.value, field: "audits") ?? ""
                    if let date = DayDate(text) {
                        config.lastAudits[entry.key] = date
                    } else {
                        reader.error(.invalidSetting, entry.keyNode, "the last audit of \(entry.key) is `\(text)`, not a date; write it as YYYY-MM-DD")
                    }
                }
            case "paper":
                let name = reader.text(pair.value, field: pair.key) ?? ""
                if let paper = SiteConfig.Paper.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) {
                    config.paper = paper
                } else {
                    reader.diagnostics.append(.error(.invalidSetting, file.path, config.line(of: "paper"),
                        "unknown paper `\(name)`; use \(SiteConfig.Paper.allCases.map(\.rawValue).joined(separator: ", ")) (default A4)"))
                }
            default: break
            }
        }
        for (key, value) in [("title", config.title), ("organization", config.organization ?? "")] where value.count > 300 {
            reader.diagnostics.append(.error(.invalidSetting, file.path, config.line(of: key),
                "`\(key)` is \(value.count) characters long; it stands on every page — keep it to at most 300"))
        }
        if let exclusionsNode { config.exclusions = exclusions(exclusionsNode, standard: config.standard, reader: &reader) }
        return (config, reader.diagnostics)
    }

    /// `exclusions: {8.3: justification}` for the default standard, or `{csr-acme: {5.10: justification}}` per standard.
    static func exclusions(_ node: Node, standard: String, reader: inout YAMLReader) -> [Exclusion] {
        if case .scalar(let scalar) = node, scalar.string.isEmpty { return [] }
        guard let pairs = reader.entries(node, what: "`exclusions` (clause: justification)") else { return [] }
        return pairs.flatMap { pair -> [Exclusion] in
            if case .mapping = pair.value {
                return exclusions(pair.value, standard: pair.key, reader: &reader)
            }
            let justification = reader.text(pair.value, field: "exclusions") ?? ""
            if justification.trimmingCharacters(in: .whitespaces).isEmpty {
                reader.error(.invalidSetting, pair.keyNode, "exclusion of clause \(pair.key) needs a justification (ISO 9001 4.3)")
            }
            return [Exclusion(standard: standard, clause: pair.key, justification: justification, line: reader.line(of: pair.keyNode))]
        }
    }
}
