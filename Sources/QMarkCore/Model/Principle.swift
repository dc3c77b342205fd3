/// One of the seven quality management principles of ISO 9000:2015, 2.3.
public struct Principle: Sendable {
    public var key: String
    /// Where ISO 9000:2015 describes it, e.g. `2.3.5`.
    public var iso9000Clause: String
    public var title: String
    /// The title used by GB/T 19000.
    public var titleZh: String

    /// The title in the given UI language.
    public func title(in language: Language) -> String { language == .zhCN ? titleZh : title }

    /// The seven principles, in the order of ISO 9000:2015.
    public static let all: [Principle] = [
        Principle(key: "customer-focus", iso9000Clause: "2.3.1", title: "Customer focus", titleZh: "以顾客为关注焦点"),
        Principle(key: "leadership", iso9000Clause: "2.3.2", title: "Leadership", titleZh: "领导作用"),
        Principle(key: "engagement-of-people", iso9000Clause: "2.3.3", title: "Engagement of people", titleZh: "全员积极参与"),
        Principle(key: "process-approach", iso9000Clause: "2.3.4", title: "Process approach", titleZh: "过程方法"),
        Principle(key: "improvement", iso9000Clause: "2.3.5", title: "Improvement", titleZh: "改进"),
        Principle(key: "evidence-based-decision-making", iso9000Clause: "2.3.6", title: "Evidence-based decision making", titleZh: "循证决策"),
        Principle(key: "relationship-management", iso9000Clause: "2.3.7", title: "Relationship management", titleZh: "关系管理"),
    ]

    public static let keys: [String] = all.map(\.key)

    /// The principle with this key, if it is one of the seven.
    public static func named(_ key: String) -> Principle? { all.first { $0.key == key } }
}
