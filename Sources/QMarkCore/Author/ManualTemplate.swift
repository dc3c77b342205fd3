import Foundation

/// `qmark init`: a new manual that builds at once — settings, a quality manual, a quality
/// policy, one procedure and one form with every front-matter field shown, and a README.
public enum ManualTemplate {
    public enum Failure: LocalizedError {
        case notEmpty(String)
        public var errorDescription: String? {
            switch self {
            case .notEmpty(let path): return "\(path) already exists and is not empty; give `qmark init` a new folder (nothing was written)"
            }
        }
    }

    /// The files of a new manual, by path relative to its folder.
    public static func files(language: Language, today: DayDate) -> [(path: String, text: String)] {
        let zh = language == .zhCN
        let texts = zh ? Chinese.self : English.self as ManualTexts.Type
        return [
            ("site.yml", texts.site),
            ("README.md", texts.readme),
            ("manual/QM-01.md", texts.manual(today)),
            ("policy/POL-01.md", texts.policy(today)),
            ("procedures/QP-01.md", texts.procedure(today)),
            ("forms/FM-01.md", texts.form(today)),
        ]
    }

    /// Writes a new manual into `folder`, which must not exist or be empty.
    public static func create(in folder: URL, language: Language, today: DayDate) throws -> [String] {
        let manager = FileManager.default
        if let contents = try? manager.contentsOfDirectory(atPath: folder.path), !contents.isEmpty {
            throw Failure.notEmpty(folder.path)
        }
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: folder.path, isDirectory: &isFolder), !isFolder.boolValue { throw Failure.notEmpty(folder.path) }
        let files = files(language: language, today: today)
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .withoutOverwriting)
        }
        return files.map(\.path)
    }
}

private protocol ManualTexts {
    static var site: String { get }
    static var readme: String { get }
    static func manual(_ today: DayDate) -> String
    static func policy(_ today: DayDate) -> String
    static func procedure(_ today: DayDate) -> String
    static func form(_ today: DayDate) -> String
}

private enum Chinese: ManualTexts {
    static let site = """
        # 站点设置：QMark 读取本文件（完整说明见 QMark 的 README）
        title: 质量管理体系文件
        organization: 我的公司
        language: zh-CN                # 界面语言：zh-CN 或 en
        standard: iso9001-2015         # `clauses: [...]` 所指的标准；内置 iso9001-2015、iso14001-2015、iso45001-2018
        # standards: [iso9001-2015, iso14001-2015, iso45001-2018]   # 三体系：列出要显示的标准及其顺序
        review_interval_months: 12     # 定期评审间隔（月）
        exclusions:                    # 不适用的条款及理由（ISO 9001 4.3）
          8.3: 本公司按顾客图纸加工，不从事产品设计和开发。
        # link_mentions: false         # 不把正文中的文件编号和《标题》自动链接
        # unsafe_html: false           # 默认只放行 <br>、<sup> 等无害标签

        """

    static let readme = """
        # 质量管理体系文件

        本文件夹是 QMark 的文件源：每个 Markdown 文件以 YAML 前置信息（`---` 之间）开头，
        说明编号、标题、类型、版本、状态和对应条款。本 README 不是受控文件，QMark 不会发布它。

        - 检查：`qmark check --source 本文件夹`（错误和警告带文件名和行号）
        - 生成站点：`qmark build --source 本文件夹 --output site`，然后打开 `site/index.html`
        - 新建文件：`qmark new procedure QP-02 "记录控制程序" --source 本文件夹`
        - 已有的 Markdown 文件：`qmark adopt 文件夹` 为其加上前置信息

        """

    static func manual(_ today: DayDate) -> String {
        """
        ---
        id: QM-01
        title: 质量手册
        type: manual
        revision: A
        status: approved
        effective: \(today)
        owner: 管理者代表
        approver: 总经理
        clauses: [4.1, 4.2, 4.3, 4.4, 5.1, 5.3]
        ---
        # 质量手册

        ## 1 范围

        本手册描述本公司的质量管理体系，适用于全部产品和过程。质量方针见《质量方针》。

        ## 2 过程及其相互作用

        | 过程 | 主要文件 | 负责部门 |
        |------|----------|----------|
        | 文件控制 | QP-01 | 质量部 |
        | 记录 | FM-01 | 各部门 |

        """
    }

    static func policy(_ today: DayDate) -> String {
        """
        ---
        id: POL-01
        title: 质量方针
        type: policy
        revision: A
        status: approved
        effective: \(today)
        owner: 总经理
        approver: 总经理
        clauses: [5.2]
        ---
        # 质量方针

        **顾客满意，持续改进，按要求交付合格产品。**

        """
    }

    static func procedure(_ today: DayDate) -> String {
        """
        ---
        id: QP-01                      # 唯一编号
        title: 文件控制程序             # 标题
        type: procedure                # manual | policy | principle | process | procedure | instruction | form
        revision: A                    # 已批准的版本号
        status: approved               # draft | review | approved | obsolete
        effective: \(today)           # 本版本生效日期
        owner: 质量部                   # 责任部门
        approver: 管理者代表             # 批准人
        change: 首次发布                 # 本版本修订说明
        clauses: [7.5.1, 7.5.2, 7.5.3] # 对应的 ISO 9001 条款
        principles: [process-approach] # 对应的质量管理原则
        references: [QM-01]            # 正文以外的相关文件
        reviewed: \(today)            # 上次定期评审日期
        records:                       # 本程序产生的记录（ISO 9001 7.5.3）
          - id: QR-0101
            title: 受控文件清单
            retention: 长期
        ---
        # 文件控制程序

        ## 1 目的

        确保成文信息得到批准、标识和控制。本程序是《质量手册》的支持文件。

        ## 2 职责

        | 职责 | 部门 |
        |------|------|
        | 编写、修订 | 各部门 |
        | 审核、批准<br>发布 | 质量部 |

        ## 3 程序

        1. 起草：新文件用 `qmark new` 创建，状态为 draft。
        2. 审批：批准后改为 approved，填写 `effective`，提交时写 `Approved-by:`。
        3. 记录：按 FM-01 填写《文件发放回收记录》。

        """
    }

    static func form(_ today: DayDate) -> String {
        """
        ---
        id: FM-01
        title: 文件发放回收记录
        type: form
        revision: A
        status: approved
        effective: \(today)
        owner: 质量部
        approver: 质量部经理
        ---
        # 文件发放回收记录

        | 日期 | 文件编号 | 版本 | 领用部门 | 签收 |
        |------|----------|------|----------|------|
        |      |          |      |          |      |

        - [ ] 旧版已回收
        - [ ] 已在受控文件清单登记

        """
    }
}

private enum English: ManualTexts {
    static let site = """
        # Settings of the manual (every setting is explained in QMark's README)
        title: Quality Management System
        organization: My Company
        language: en                   # zh-CN or en
        standard: iso9001-2015         # what `clauses: [...]` refers to; built in: iso9001-2015, iso14001-2015, iso45001-2018
        # standards: [iso9001-2015, iso14001-2015, iso45001-2018]   # an integrated manual: which standards to show, in order
        review_interval_months: 12     # time between periodic reviews
        exclusions:                    # clauses that do not apply, with the justification (ISO 9001 4.3)
          8.3: We build to customers' drawings and do not design products.
        # link_mentions: false         # do not link document ids and 《titles》 named in the text
        # unsafe_html: false           # by default only harmless tags such as <br> and <sup> pass

        """

    static let readme = """
        # Quality management system

        This folder is a QMark manual: each Markdown file opens with YAML front-matter (between
        `---` lines) saying what the document is — id, title, type, revision, status, clauses.
        This README is not a controlled document; QMark does not publish it.

        - Check: `qmark check --source this-folder` (every error with its file and line)
        - Build the site: `qmark build --source this-folder --output site`, then open `site/index.html`
        - A new document: `qmark new procedure QP-02 "Control of records" --source this-folder`
        - Markdown you already have: `qmark adopt folder` adds front-matter to it

        """

    static func manual(_ today: DayDate) -> String {
        """
        ---
        id: QM-01
        title: Quality Manual
        type: manual
        revision: A
        status: approved
        effective: \(today)
        owner: Management Representative
        approver: General Manager
        clauses: [4.1, 4.2, 4.3, 4.4, 5.1, 5.3]
        ---
        # Quality Manual

        ## 1 Scope

        This manual describes our quality management system for all products and processes.
        The quality policy is POL-01.

        ## 2 Processes and their interaction

        | Process | Main document | Owner |
        |---------|---------------|-------|
        | Document control | QP-01 | Quality |
        | Records | FM-01 | All departments |

        """
    }

    static func policy(_ today: DayDate) -> String {
        """
        ---
        id: POL-01
        title: Quality Policy
        type: policy
        revision: A
        status: approved
        effective: \(today)
        owner: General Manager
        approver: General Manager
        clauses: [5.2]
        ---
        # Quality Policy

        **Satisfied customers, continual improvement, conforming products delivered as agreed.**

        """
    }

    static func procedure(_ today: DayDate) -> String {
        """
        ---
        id: QP-01                      # unique id
        title: Control of Documented Information
        type: procedure                # manual | policy | principle | process | procedure | instruction | form
        revision: A                    # the approved revision's label
        status: approved               # draft | review | approved | obsolete
        effective: \(today)           # the date this revision took effect
        owner: Quality                 # responsible department or role
        approver: Management Representative
        change: First issue            # what this revision changed
        clauses: [7.5.1, 7.5.2, 7.5.3] # ISO 9001 clauses it addresses
        principles: [process-approach] # quality management principles
        references: [QM-01]            # related documents beyond those linked in the text
        reviewed: \(today)            # last periodic review
        records:                       # records this procedure produces (ISO 9001 7.5.3)
          - id: QR-0101
            title: List of controlled documents
            retention: permanent
        ---
        # Control of Documented Information

        ## 1 Purpose

        To make sure documented information is approved, identified and controlled. This
        procedure supports the Quality Manual (QM-01).

        ## 2 Responsibilities

        | Task | Who |
        |------|-----|
        | Draft, revise | Every department |
        | Review, approve<br>release | Quality |

        ## 3 Procedure

        1. Draft: create a new document with `qmark new`; it starts as a draft.
        2. Approve: set `status: approved` and `effective`, and commit with `Approved-by:`.
        3. Record: fill in FM-01 for each issue and withdrawal.

        """
    }

    static func form(_ today: DayDate) -> String {
        """
        ---
        id: FM-01
        title: Document Issue and Withdrawal Record
        type: form
        revision: A
        status: approved
        effective: \(today)
        owner: Quality
        approver: Quality Manager
        ---
        # Document Issue and Withdrawal Record

        | Date | Document | Revision | Department | Received by |
        |------|----------|----------|------------|-------------|
        |      |          |          |            |             |

        - [ ] Previous revision withdrawn
        - [ ] Entered in the list of controlled documents

        """
    }
}
