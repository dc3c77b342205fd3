import Foundation

/// The control block of a Word procedure — 文件编号 / 版本 / 编制 / 审核 / 批准 / 生效日期, or
/// Document No. / Revision / Approved by — read from a header table, a table at the top of the
/// body, or a plain line (`程序文件 编号：XZTC/CX-08-2022 版本：第3版 第0次修订 （1/7）`).
struct ControlBlock: Equatable {
    enum Field: String, CaseIterable {
        case number, title, revision, effective, owner, approver, prepared, reviewed, page
    }

    var values: [Field: String] = [:]

    /// Labels, longest first within a field so that `文件编号` wins over `编号`.
    static let labels: [(Field, [String])] = [
        (.number, ["文件编号", "文件编码", "文件代号", "文件号", "编号", "document no.", "document no", "document number", "doc. no.", "doc no.", "doc no", "doc. no"]),
        (.title, ["文件名称", "文件标题", "名称", "标题", "document title", "title"]),
        (.revision, ["版本/修订", "版本号", "版本", "版次", "修订号", "修订状态", "revision", "version", "rev."]),
        (.effective, ["生效日期", "实施日期", "发布日期", "生效时间", "effective date", "date of issue", "issue date", "effective"]),
        (.owner, ["编制部门", "归口部门", "主管部门", "责任部门", "发布部门", "owner", "department"]),
        (.approver, ["批准人", "批准", "核准", "approved by", "approver"]),
        (.prepared, ["编制人", "编制", "拟制", "起草", "prepared by", "author"]),
        (.reviewed, ["审核人", "审核", "审查", "reviewed by", "checked by"]),
        (.page, ["页码", "页次", "页数", "page"]),
    ]

    var isEmpty: Bool { values.isEmpty }

    init() {}

    /// The fields a line gives as `label：value` (`编号：…`, `Revision: B`).
    init(line: String) { read(line: line) }

    /// The fields a table gives, as label cells or `label：value` cells.
    init(table rows: [[String]]) { read(table: rows) }

    /// Takes the fields another block found that this one has not: the first place a field is given wins.
    mutating func merge(_ other: ControlBlock) {
        values.merge(other.values) { mine, _ in mine }
    }

    /// The field a table cell names when it is only a label (`批准`, `Document No.:`).
    static func field(ofLabel cell: String) -> Field? {
        let label = cell.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: ":：")))
            .replacingOccurrences(of: " ", with: "").lowercased()
        guard !label.isEmpty, label.count <= 16 else { return nil }
        for (field, names) in labels where names.contains(where: { $0.replacingOccurrences(of: " ", with: "") == label }) { return field }
        return nil
    }

    /// Reads a table: a label cell followed by its value cell, or `label：value` in one cell.
    mutating func read(table rows: [[String]]) {
        for row in rows {
            var index = 0
            while index < row.count {
                let cell = row[index]
                if let field = Self.field(ofLabel: cell) {
                    // The next cell that is not itself a label is the value.
                    if index + 1 < row.count, Self.field(ofLabel: row[index + 1]) == nil {
                        set(field, row[index + 1])
                        index += 2
                        continue
                    }
                } else {
                    read(line: cell)
                }
                index += 1
            }
        }
    }

    /// Reads `label：value` pairs from a line of text; a value runs to the next label.
    mutating func read(line: String) {
        let text = line.replacingOccurrences(of: "\n", with: " ")
        var marks: [(range: Range<String.Index>, field: Field)] = []
        for (field, names) in Self.labels {
            for name in names {
                var from = text.startIndex
                while let found = text.range(of: name, options: .caseInsensitive, range: from..<text.endIndex) {
                    from = found.upperBound
                    // A label is followed by a colon (after optional spaces).
                    let rest = text[found.upperBound...].drop { $0 == " " }
                    guard let colon = rest.first, colon == ":" || colon == "：" else { continue }
                    if marks.contains(where: { $0.range.overlaps(found) }) { continue }
                    marks.append((found.lowerBound..<text.index(after: rest.startIndex), field))
                }
            }
        }
        marks.sort { $0.range.lowerBound < $1.range.lowerBound }
        for (position, mark) in marks.enumerated() {
            let end = position + 1 < marks.count ? marks[position + 1].range.lowerBound : text.endIndex
            let start = mark.range.upperBound
            guard start <= end else { continue }
            set(mark.field, String(text[start..<end]))
        }
    }

    private mutating func set(_ field: Field, _ raw: String) {
        var value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        // A page mark written after a value: `第3版 第0次修订 （1/7）`.
        value = value.replacingOccurrences(of: #"[（(]\s*\d+\s*/\s*\d+\s*[)）]\s*$"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #"第\s*\d+\s*页.*$"#, with: "", options: .regularExpression)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty, values[field] == nil, value.count <= 80 else { return }
        values[field] = value
    }

    /// Words that name a kind of document, not one document: not a title.
    static let kinds: Set<String> = ["程序文件", "作业文件", "作业指导书", "管理制度", "受控文件", "二级文件", "三级文件", "记录", "表单", "质量体系文件"]

    /// The words before the first label of a control line (`记录控制程序 编号：…` → 记录控制程序), when they can be a title.
    static func lead(of line: String) -> String? {
        guard !ControlBlock(line: line).values.isEmpty else { return nil }
        var first = line.endIndex
        for (_, names) in labels {
            for name in names {
                if let found = line.range(of: name, options: .caseInsensitive), found.lowerBound < first {
                    let rest = line[found.upperBound...].drop { $0 == " " }
                    if let colon = rest.first, colon == ":" || colon == "：" { first = found.lowerBound }
                }
            }
        }
        // `程序文件 记录控制程序` → 记录控制程序: words naming the kind of document are not the title.
        let lead = String(line[..<first]).split(separator: " ").map(String.init).filter { !kinds.contains($0) }.joined(separator: " ")
        guard !lead.isEmpty, lead.count <= 30, !kinds.contains(lead),
              !WordMarkdown.companyWords.contains(where: { lead.lowercased().contains($0) }) else { return nil }
        return lead
    }

    // MARK: - Front-matter values

    /// `XZTC/CX-08-2022` → `XZTC-CX-08-2022`: recognisable, in the characters an id allows.
    var id: String? {
        guard let number = values[.number] else { return nil }
        let id = Adoption.idFromName(number)
        return id.isEmpty ? nil : id
    }

    /// `第3版 第0次修订` → `3.0`; `A/0` stays; `Version A`, `Rev. B` → `A`, `B`; `V1.2` → `1.2`.
    var revision: String? {
        guard let raw = values[.revision] else { return nil }
        let text = raw.replacingOccurrences(of: " ", with: "")
        if let match = text.firstMatch(of: /第?(\d+)版第?(\d+)次修[订改]/) { return "\(match.1).\(match.2)" }
        if let match = text.firstMatch(of: /^第?([A-Za-z0-9.]+)版$/) { return String(match.1) }
        if let match = text.firstMatch(of: /^(?:[Vv]ersion|[Rr]ev(?:ision)?\.?|[Vv])?\.?([A-Za-z]?\d*(?:[.\/]\d+)*[A-Za-z]?)$/), !match.1.isEmpty {
            return String(match.1)
        }
        return raw.count <= 12 ? raw : nil
    }

    /// A date in any of the ways Word documents write one: 2022-03-01, 2022年3月1日, 2022.3.1, 2022/3/1.
    static func date(in text: String) -> DayDate? {
        guard let match = text.firstMatch(of: /(\d{4})\s*[-\/.年]\s*(\d{1,2})\s*[-\/.月]\s*(\d{1,2})/) else { return nil }
        return DayDate(String(format: "%@-%02d-%02d", String(match.1), Int(match.2) ?? 0, Int(match.3) ?? 0))
    }

    var effective: DayDate? { values[.effective].flatMap(Self.date(in:)) }

    /// A name, without a date or signature line written beside it.
    static func name(_ value: String?) -> String? {
        guard var name = value else { return nil }
        name = name.replacingOccurrences(of: #"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #"[_＿]{2,}"#, with: "", options: .regularExpression)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? nil : name
    }
}
