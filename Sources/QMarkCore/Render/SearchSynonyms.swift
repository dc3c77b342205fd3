/// Words staff type for the words a manual writes: a bilingual quality-management glossary
/// (ISO 9000:2015 / GB/T 19000-2016 terms and their everyday equivalents), applied when a query is
/// read — a query for 供应商审核 also asks for 供方, a query for `calibration` for 校准 — and the
/// company's own words from `site.yml` `synonyms:`. Each group is a set of words meaning the same.
enum SearchSynonyms {
    static let glossary: [[String]] = [
        ["供方", "供应商", "外部供方", "外部提供方", "supplier", "vendor", "external provider"],
        ["顾客", "客户", "customer", "client"],
        ["不合格", "不符合", "不合格品", "不良品", "nonconformity", "nonconforming", "nonconformance"],
        ["纠正措施", "纠正预防措施", "corrective action", "capa"],
        ["校准", "检定", "校验", "calibration", "calibrate"],
        ["培训", "教育培训", "training"],
        ["能力", "胜任", "competence", "qualification"],
        ["内审", "内部审核", "internal audit"],
        ["审核", "审计", "audit"],
        ["管理评审", "management review"],
        ["成文信息", "文件", "文档", "documented information", "document", "documents"],
        ["记录", "record", "records"],
        ["检验", "检测", "inspection", "testing"],
        ["量具", "测量设备", "计量器具", "监视和测量设备", "measuring equipment", "gauge", "gage"],
        ["采购", "购买", "purchasing", "procurement"],
        ["放行", "产品放行", "release"],
        ["风险", "risk"],
        ["机遇", "机会", "opportunity", "opportunities"],
        ["质量目标", "quality objective", "quality objectives"],
        ["变更", "更改", "change", "changes"],
        ["标识", "identification", "label"],
        ["可追溯性", "追溯", "traceability"],
        ["投诉", "客诉", "顾客投诉", "complaint", "complaints"],
        ["顾客满意", "客户满意", "customer satisfaction"],
        ["防护", "保管", "preservation"],
        ["仓储", "仓库", "库房", "storage", "warehouse"],
        ["首件检验", "first article inspection", "first article"],
        ["外包", "outsourcing", "outsourced"],
        ["设计和开发", "设计开发", "design and development"],
        ["基础设施", "设备", "infrastructure", "equipment"],
        ["持续改进", "continual improvement", "continuous improvement"],
        ["质量方针", "quality policy"],
        ["质量手册", "quality manual"],
        ["作业指导书", "work instruction", "sop"],
        ["程序", "程序文件", "procedure"],
        ["表单", "表格", "form"],
    ]

    /// The glossary and the manual's own groups (a group of the manual that shares a word with one of the glossary joins it).
    static func groups(_ config: SiteConfig) -> [[String]] {
        var groups = glossary
        for own in config.synonyms where own.count > 1 {
            let lower = Set(own.map { $0.lowercased() })
            if let index = groups.firstIndex(where: { !lower.isDisjoint(with: $0.map { $0.lowercased() }) }) {
                groups[index] += own.filter { word in !groups[index].contains { $0.lowercased() == word.lowercased() } }
            } else {
                groups.append(own)
            }
        }
        return groups
    }
}
