import Mustache

// The values templates read, one Swift type per page kind and per repeated part. A template
// names a field (`{{owner}}`); `child(named:)` is where each type says which field answers to
// which name, so a field renamed or removed in Swift fails to compile there instead of leaving
// an empty cell on a page. Mustache looks a name up the stack of open sections when the value
// in hand does not answer it (returns nil): optional fields answer nil when absent, exactly as a
// key missing from a dictionary did.

/// A value a template reads by name. Equal values render equal pages (the labels are the same
/// for every page of a build, and are left out of the comparison).
protocol TemplateValue: MustacheParent, Sendable, Equatable {}

extension TemplateValue {
    func isEqual(to other: any TemplateValue) -> Bool {
        guard let other = other as? Self else { return false }
        return self == other
    }
}

/// A page: its own values, then what every page has.
struct Page<Content: TemplateValue>: TemplateValue {
    var frame: PageFrame
    var content: Content

    func child(named name: String) -> Any? {
        content.child(named: name) ?? frame.child(named: name)
    }
}

/// What every page has: where the root is, the labels, the site's name, which tab is current.
struct PageFrame: TemplateValue {
    var root: String
    var lang: String
    /// Labels keyed for Mustache (`status_draft`); most are written into the templates when they load.
    var labels: [String: String]
    var siteTitle: String
    /// Nil on the home page, whose title is the site's.
    var pageTitle: String?
    /// The navigation tab that is current: answers `nav_<tab>`.
    var nav: String
    var coverageURL: String?
    var showsPrinciples: Bool
    var organization: String?
    var asOf: String?
    /// Whether the manual has external-origin documents (their register is in the navigation).
    var showsExternal: Bool = false

    static func == (a: PageFrame, b: PageFrame) -> Bool {
        (a.root, a.lang, a.siteTitle, a.pageTitle, a.nav) == (b.root, b.lang, b.siteTitle, b.pageTitle, b.nav)
            && (a.coverageURL, a.showsPrinciples, a.organization, a.asOf) == (b.coverageURL, b.showsPrinciples, b.organization, b.asOf)
            && a.showsExternal == b.showsExternal
    }

    func child(named name: String) -> Any? {
        switch name {
        case "root": root
        case "lang": lang
        case "l": labels
        case "siteTitle": siteTitle
        case "pageTitle": pageTitle
        case "coverageURL": coverageURL
        case "showsPrinciples": showsPrinciples ? true : nil
        case "showsExternal": showsExternal ? true : nil
        case "organization": organization
        case "asOf": asOf
        default: name.hasPrefix("nav_") && name.utf8.dropFirst(4).elementsEqual(nav.utf8) ? true : nil
        }
    }
}

/// A document as it appears in lists: id, title, revision, status with its label, link.
struct DocumentRef: TemplateValue {
    var id: String
    var title: String
    var url: String
    /// The rest, for a document the manual has (a reference to an unknown id has only the three above).
    var details: Details?

    struct Details: Sendable, Equatable {
        var revision: String
        var status: String
        var statusLabel: String
        var type: String
        var typeLabel: String
        var owner: String
        var approver: String
        var effective: String
        var isObsolete: Bool
        var isPending: Bool
        var showStatus: Bool
        /// The entry of the current revision in the revision record, when it is committed.
        var revisionURL: String?
    }

    func child(named name: String) -> Any? {
        switch name {
        case "id": return id
        case "title": return title
        case "url": return url
        default: break
        }
        guard let details else { return nil }
        switch name {
        case "revision": return details.revision
        case "status": return details.status
        case "statusLabel": return details.statusLabel
        case "type": return details.type
        case "typeLabel": return details.typeLabel
        case "owner": return details.owner
        case "approver": return details.approver
        case "effective": return details.effective
        case "isObsolete": return details.isObsolete
        case "isPending": return details.isPending
        case "showStatus": return details.showStatus
        case "revisionURL": return details.revisionURL
        default: return nil
        }
    }
}

/// A clause as it appears in lists: id, title, link and coverage status.
struct ClauseLink: TemplateValue {
    var id: String
    var title: String
    var url: String
    var status: String
    var statusLabel: String
    /// A clause of a standard the site does not show: named, not linked.
    var plain = false

    func child(named name: String) -> Any? {
        switch name {
        case "plain": plain ? true : nil
        case "id": id
        case "title": title
        case "url": url
        case "status": status
        case "statusLabel": statusLabel
        default: nil
        }
    }
}

/// A title with a link (other standards, a standard in a breadcrumb).
struct TitledLink: TemplateValue {
    var id: String?
    var title: String
    var url: String?

    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "title": title
        case "url": url
        default: nil
        }
    }
}

/// An option of a filter's select.
struct Option: TemplateValue {
    var value: String
    var label: String

    func child(named name: String) -> Any? {
        switch name {
        case "value": value
        case "label": label
        default: nil
        }
    }
}

/// One coverage status of a standard: label, count, percentage.
struct StatusCount: TemplateValue {
    var status: String
    var label: String
    var count: Int
    var percent: Int?
    var url: String?

    func child(named name: String) -> Any? {
        switch name {
        case "status": status
        case "label": label
        case "count": count
        case "percent": percent
        case "url": url
        default: nil
        }
    }
}

/// A process's key performance indicator.
struct KPIValue: TemplateValue {
    var name: String
    var target: String
    var frequency: String

    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "target": target
        case "frequency": frequency
        default: nil
        }
    }
}

/// A document reference with what one list adds to it: its own fields answer first.
struct Row<Extra: TemplateValue>: TemplateValue {
    var document: DocumentRef
    var extra: Extra

    func child(named name: String) -> Any? {
        extra.child(named: name) ?? document.child(named: name)
    }
}

// MARK: - Home

struct HomePage: TemplateValue {
    struct StandardCard: TemplateValue {
        var id: String
        var title: String
        var url: String
        var total: Int
        var summary: [StatusCount]
        /// For a new edition: "transition from …", linking its transition page.
        var transition: TitledLink?

        func child(named name: String) -> Any? {
            switch name {
            case "id": id
            case "title": title
            case "url": url
            case "total": total
            case "summary": summary
            case "transition": transition
            default: nil
            }
        }
    }

    /// SVG: coverage of the site's standard by top-level clause.
    var chart: String
    /// The standard the chart shows, by name.
    var chartStandard: String = ""
    var overdueCount: Int
    var obsoleteCount: Int
    var revisionCount: Int
    var documentCount: Int
    var featured: [DocumentRef]
    var standards: [StandardCard]
    var types: [StatusCount]
    var statuses: [StatusCount]

    func child(named name: String) -> Any? {
        switch name {
        case "chart": chart.isEmpty ? nil : chart
        case "chartStandard": chartStandard
        case "overdueCount": overdueCount
        case "obsoleteCount": obsoleteCount
        case "revisionCount": revisionCount
        case "documentCount": documentCount
        case "featured": featured
        case "standards": standards
        case "types": types
        case "statuses": statuses
        default: nil
        }
    }
}

// MARK: - Register

struct RegisterPage: TemplateValue {
    struct Clauses: TemplateValue {
        /// The clauses it maps, as written.
        var clauses: String
        /// Every clause whose matrix row lists it (`iso9001-2015:8.5.1`), for the clause filter.
        var listedFor: String
        /// The pending revision beside the one in force, when there is one.
        var pending: PendingCell?
        /// The clauses it maps, each once, under their standard's short name, linked to their pages.
        var clauseGroups: [ClauseGroup] = []

        func child(named name: String) -> Any? {
            switch name {
            case "clauseGroups": clauseGroups
            case "clauses": clauses
            case "listedFor": listedFor
            case "pending": pending
            default: nil
            }
        }
    }

    struct ClauseGroup: TemplateValue {
        var standard: String
        var clauses: [ClauseLink]
        func child(named name: String) -> Any? {
            switch name { case "standard": standard; case "clauses": clauses; default: nil }
        }
    }

    /// A pending revision in the register: its label and status, linked to its page.
    struct PendingCell: TemplateValue {
        var revision: String
        var url: String
        var status: String
        var statusLabel: String
        /// For an approved revision waiting for its date: the date.
        var takesEffect: String?

        func child(named name: String) -> Any? {
            switch name {
            case "revision": revision
            case "url": url
            case "status": status
            case "statusLabel": statusLabel
            case "takesEffect": takesEffect
            default: nil
            }
        }
    }

    struct Group: TemplateValue {
        var type: String
        var label: String
        var count: Int
        var documents: [Row<Clauses>]

        func child(named name: String) -> Any? {
            switch name {
            case "type": type
            case "label": label
            case "count": count
            case "documents": documents
            default: nil
            }
        }
    }

    var groups: [Group]
    var obsolete: [Row<Clauses>]
    var typeOptions: [Option]
    var statusOptions: [Option]
    var ownerOptions: [Option]
    var clauseOptions: [Option]

    func child(named name: String) -> Any? {
        switch name {
        case "groups": groups
        case "obsolete": obsolete
        case "hasObsolete": !obsolete.isEmpty
        case "typeOptions": typeOptions
        case "statusOptions": statusOptions
        case "ownerOptions": ownerOptions
        case "clauseOptions": clauseOptions
        default: nil
        }
    }
}

// MARK: - Document

struct DocumentPage: TemplateValue {
    var doc: DocumentView
    func child(named name: String) -> Any? { name == "doc" ? doc : nil }
}

/// Everything a document page shows of its document.
struct DocumentView: TemplateValue {
    struct ClauseGroup: TemplateValue {
        var standard: String
        var standardTitle: String
        var clauses: [ClauseLink]

        func child(named name: String) -> Any? {
            switch name {
            case "standard": standard
            case "standardTitle": standardTitle
            case "clauses": clauses
            default: nil
            }
        }
    }

    struct PrincipleLink: TemplateValue {
        var key: String
        var title: String
        var url: String

        func child(named name: String) -> Any? {
            switch name {
            case "key": key
            case "title": title
            case "url": url
            default: nil
            }
        }
    }

    struct ContentsEntry: TemplateValue {
        var text: String
        var anchor: String
        var indent: Int

        func child(named name: String) -> Any? {
            switch name {
            case "text": text
            case "anchor": anchor
            case "indent": indent
            default: nil
            }
        }
    }

    struct RecordRow: TemplateValue {
        var id: String
        var title: String
        var retention: String
        var owner: String

        func child(named name: String) -> Any? {
            switch name {
            case "id": id
            case "title": title
            case "retention": retention
            case "owner": owner
            default: nil
            }
        }
    }

    var reference: DocumentRef
    var sourcePath: String
    /// Its type's documents in the register, and their name.
    var typeURL: String
    var typePlural: String
    /// The documents before and after it among those of its type in force, in id order.
    var previous: DocumentRef?
    var next: DocumentRef?
    var summary: String?
    var banner: String?
    var clauseGroups: [ClauseGroup]
    var principles: [PrincipleLink]
    var toc: [ContentsEntry]
    var body: String
    var linksTo: [DocumentRef]
    var referencedBy: [DocumentRef]
    var records: [RecordRow]
    var process: ProcessView?
    var hasHistory: Bool
    var historyRows: String
    var changeNotice: String?
    var printCSS: String
    var today: String
    var supersededBy: DocumentRef?
    var supersedes: [DocumentRef]
    /// On the page of the revision in force: the pending revision. On the pending revision's page: the revision in force, and what changes.
    var pending: PendingNotice?
    var isPendingPage: Bool
    /// An external-origin document's issuer, edition, copy and checks, label and value.
    var external: [Option]?
    var distribution: DistributionView?
    var externalURL: String?

    /// The other revision of a document whose next revision is pending, and the way to it.
    struct PendingNotice: TemplateValue {
        var text: String
        var url: String
        var linkText: String
        var changesHeading: String?
        /// The pending revision's `change:` note.
        var change: String?
        /// The redline of the body, from the revision in force to the pending one; nil when the text is the same.
        var redline: String?
        var insertions = 0
        var deletions = 0

        func child(named name: String) -> Any? {
            switch name {
            case "text": text
            case "url": url
            case "linkText": linkText
            case "changesHeading": changesHeading
            case "change": change
            case "redline": redline
            case "insertions": insertions
            case "deletions": deletions
            default: nil
            }
        }
    }

    func child(named name: String) -> Any? {
        switch name {
        case "pending": pending
        case "isPendingPage": isPendingPage
        case "external": external
        case "isExternal": external != nil ? true : nil
        case "distribution": distribution
        case "externalURL": externalURL
        case "sourcePath": sourcePath
        case "typeURL": typeURL
        case "typePlural": typePlural
        case "previous": previous
        case "next": next
        case "hasNeighbours": previous != nil || next != nil
        case "summary": summary
        case "banner": banner
        case "clauseGroups": clauseGroups
        case "principles": principles
        case "toc": toc
        case "body": body
        case "linksTo": linksTo
        case "referencedBy": referencedBy
        case "records": records
        case "process": process
        case "hasHistory": hasHistory
        case "historyRows": historyRows
        case "changeNotice": changeNotice
        case "printCSS": printCSS
        case "today": today
        case "supersededBy": supersededBy
        case "supersedes": supersedes
        default: reference.child(named: name)
        }
    }
}

/// The turtle diagram of a process: inputs, outputs, with what, with whom, how, how measured.
struct ProcessView: TemplateValue {
    /// An input or output: from or to a process of the manual, or from outside.
    struct Flow: TemplateValue {
        var name: String
        var process: DocumentRef?
        var external: String?

        func child(named name: String) -> Any? {
            switch name {
            case "name": return self.name
            // An external flow has no process: it says so, rather than the lookup finding the
            // process around it (which linked an outside party to the process itself).
            case "process": if let process { return process } else { return false }
            case "external": return external
            default: return nil
            }
        }
    }

    var category: String
    var categoryLabel: String
    var inputs: [Flow]
    var outputs: [Flow]
    var resources: [String]
    var people: [String]
    var methods: [DocumentRef]
    var kpis: [KPIValue]
    var customers: [DocumentRef]
    var suppliers: [DocumentRef]
    var mapURL: String

    func child(named name: String) -> Any? {
        switch name {
        case "category": category
        case "categoryLabel": categoryLabel
        case "inputs": inputs
        case "outputs": outputs
        case "resources": resources
        case "people": people
        case "methods": methods
        case "kpis": kpis
        case "customers": customers
        case "suppliers": suppliers
        case "mapURL": mapURL
        default: nil
        }
    }
}

// MARK: - Coverage

struct StandardPage: TemplateValue {
    struct MatrixRow: TemplateValue {
        var id: String
        var title: String
        var depth: Int
        var status: String
        var statusLabel: String
        var url: String
        var documents: [DocumentRef]
        var pending: [DocumentRef]
        var justification: String?
        var more: Int?

        func child(named name: String) -> Any? {
            switch name {
            case "id": id
            case "title": title
            case "depth": depth
            case "indent": depth - 1
            case "status": status
            case "statusLabel": statusLabel
            case "url": url
            case "documents": documents
            case "pending": pending
            case "justification": justification
            case "more": more
            default: nil
            }
        }
    }

    var standard: TitledLink
    var summary: [StatusCount]
    var total: Int
    /// SVG: coverage by top-level clause, and top-level clauses against departments.
    var chart: String
    var heatMap: String
    var rows: [MatrixRow]
    var otherStandards: [TitledLink]
    /// The transition page: from the edition this one replaces, or to the edition replacing this one.
    var transition: TitledLink?

    func child(named name: String) -> Any? {
        switch name {
        case "transition": transition
        case "standard": standard
        case "summary": summary
        case "total": total
        case "chart": chart
        case "heatMap": heatMap
        case "rows": rows
        case "otherStandards": otherStandards
        default: nil
        }
    }
}

struct ClausePage: TemplateValue {
    struct Clause: TemplateValue {
        var id: String
        var title: String
        var status: String
        var statusLabel: String
        var justification: String?
        /// Excluded with an excluded ancestor, whose page gives the justification.
        var excludedWith: ClauseLink?

        func child(named name: String) -> Any? {
            switch name {
            case "id": id
            case "title": title
            case "status": status
            case "statusLabel": statusLabel
            case "justification": justification
            case "excludedWith": excludedWith
            default: nil
            }
        }
    }

    /// What a covering document's row adds: whether it maps this very clause, and the entry of its
    /// current revision in the revision record.
    struct Direct: TemplateValue {
        var direct: Bool
        var revisionURL: String?
        func child(named name: String) -> Any? {
            switch name {
            case "direct": direct ? true : nil
            case "revisionURL": revisionURL
            default: nil
            }
        }
    }

    /// A record a covering document produces: what an auditor samples for the clause.
    struct SampleRecord: TemplateValue {
        var id: String
        var title: String
        var retention: String?
        var owner: String?
        var document: DocumentRef
        var url: String
        func child(named name: String) -> Any? {
            switch name {
            case "id": id
            case "title": title
            case "retention": retention
            case "owner": owner
            case "document": document
            case "url": url
            default: nil
            }
        }
    }

    var standard: TitledLink
    var clause: Clause
    var ancestors: [ClauseLink]
    var children: [ClauseLink]
    var documents: [Row<Direct>]
    var pending: [DocumentRef]
    var processes: [Row<ProcessMark>]
    var records: [SampleRecord]
    var checklistURL: String
    /// On the clause of documented information's control (7.5.3 and below): the external documents controlled, and their register.
    var externalNote: String? = nil
    var externalURL: String? = nil

    func child(named name: String) -> Any? {
        switch name {
        case "externalNote": externalNote
        case "externalURL": externalURL
        case "standard": standard
        case "clause": clause
        case "ancestors": ancestors
        case "children": children
        case "documents": documents
        case "checklistURL": checklistURL
        case "records": records
        case "pending": pending
        case "processes": processes
        default: nil
        }
    }
}

/// How a process addresses a clause: itself (●) or through the methods it names (○).
struct ProcessMark: TemplateValue {
    var mark: String
    var how: String
    var category: String

    func child(named name: String) -> Any? {
        switch name {
        case "mark": mark
        case "how": how
        case "category": category
        default: nil
        }
    }
}

// MARK: - History

struct HistoryPage: TemplateValue {
    var doc: DocumentRef
    var sections: String
    var revisionIndex: String
    var heading: String

    func child(named name: String) -> Any? {
        switch name {
        case "doc": doc
        case "sections": sections
        case "revisionIndex": revisionIndex
        case "heading": heading
        default: nil
        }
    }
}

// MARK: - Document control

struct ReviewPage: TemplateValue {
    struct Entry: TemplateValue {
        var reviewed: String
        var interval: Int
        var next: String
        var state: String
        var stateLabel: String

        func child(named name: String) -> Any? {
            switch name {
            case "reviewed": reviewed
            case "interval": interval
            case "next": next
            case "state": state
            case "stateLabel": stateLabel
            default: nil
            }
        }
    }

    struct OwnerGroup: TemplateValue {
        var owner: String
        var documents: [Row<Entry>]

        func child(named name: String) -> Any? {
            switch name {
            case "owner": owner
            case "documents": documents
            default: nil
            }
        }
    }

    var reviewAsOf: String
    var all: [Row<Entry>]
    var overdue: [OwnerGroup]?
    var due: [OwnerGroup]?

    func child(named name: String) -> Any? {
        switch name {
        case "reviewAsOf": reviewAsOf
        case "all": all
        case "overdue": overdue
        case "due": due
        default: nil
        }
    }
}

struct ArchivePage: TemplateValue {
    struct Entry: TemplateValue {
        var withdrawn: String
        var supersededBy: DocumentRef?

        func child(named name: String) -> Any? {
            switch name {
            case "withdrawn": withdrawn
            case "supersededBy": supersededBy
            default: nil
            }
        }
    }

    var documents: [Row<Entry>]

    func child(named name: String) -> Any? {
        switch name {
        case "documents": documents
        case "empty": documents.isEmpty ? true : nil
        default: nil
        }
    }
}

struct ChangesPage: TemplateValue {
    struct Entry: TemplateValue {
        var label: String
        var date: String
        var summary: String
        var revisionStatus: String?
        var revisionStatusLabel: String?
        var approvedBy: String?
        var revisionURL: String?

        func child(named name: String) -> Any? {
            switch name {
            case "label": label
            case "date": date
            case "summary": summary
            case "revisionStatus": revisionStatus
            case "revisionStatusLabel": revisionStatusLabel
            case "approvedBy": approvedBy
            case "revisionURL": revisionURL
            default: nil
            }
        }
    }

    var entries: [Row<Entry>]
    var owners: [Option]
    var typeOptions: [Option]
    var limited: String?
    var notice: String?

    func child(named name: String) -> Any? {
        switch name {
        case "entries": entries
        case "owners": owners
        case "typeOptions": typeOptions
        case "limited": limited
        case "notice": notice
        default: nil
        }
    }
}

// MARK: - Processes

struct ProcessMapPage: TemplateValue {
    struct Neighbours: TemplateValue {
        var customers: String
        var suppliers: String

        func child(named name: String) -> Any? {
            switch name {
            case "customers": customers
            case "suppliers": suppliers
            default: nil
            }
        }
    }

    struct Group: TemplateValue {
        var category: String
        var label: String
        var processes: [Row<Neighbours>]

        func child(named name: String) -> Any? {
            switch name {
            case "category": category
            case "label": label
            case "processes": processes
            default: nil
            }
        }
    }

    var groups: [Group]
    var svg: String?

    func child(named name: String) -> Any? {
        switch name {
        case "groups": groups
        case "svg": svg
        default: nil
        }
    }
}

struct ProcessClausePage: TemplateValue {
    struct Column: TemplateValue {
        var id: String
        var title: String
        var depth: Int
        var url: String

        func child(named name: String) -> Any? {
            switch name {
            case "id": id
            case "title": title
            case "depth": depth
            case "url": url
            default: nil
            }
        }
    }

    struct Cell: TemplateValue {
        var mark: String
        var kind: String
        var title: String

        func child(named name: String) -> Any? {
            switch name {
            case "mark": mark
            case "kind": kind
            case "title": title
            default: nil
            }
        }
    }

    struct Cells: TemplateValue {
        var category: String
        var cells: [Cell]

        func child(named name: String) -> Any? {
            switch name {
            case "category": category
            case "cells": cells
            default: nil
            }
        }
    }

    struct Table: TemplateValue {
        var id: String
        var title: String
        var columns: [Column]
        var rows: [Row<Cells>]

        func child(named name: String) -> Any? {
            switch name {
            case "id": id
            case "title": title
            case "columns": columns
            case "rows": rows
            default: nil
            }
        }
    }

    var standards: [Table]
    func child(named name: String) -> Any? { name == "standards" ? standards : nil }
}

/// One person's line for a document: acknowledged (on a day), overdue, or not yet due.
struct ReaderRow: TemplateValue {
    var name: String
    var department: String
    var date: String?
    var overdue: Bool
    var anchor: String
    var number = 0

    func child(named name: String) -> Any? {
        switch name {
        case "number": number
        case "name": self.name
        case "department": department
        case "date": date
        case "overdue": overdue ? true : nil
        case "waiting": date == nil && !overdue ? true : nil
        case "anchor": anchor
        default: nil
        }
    }
}

/// A document's distribution: who must read its revision in force, who has, who is overdue.
struct DistributionView: TemplateValue {
    var revision: String
    var summary: String
    var acknowledged: Int
    var total: Int
    var overdue: Int
    var readers: [ReaderRow]
    var signoffURL: String
    var matrixURL: String

    func child(named name: String) -> Any? {
        switch name {
        case "revision": revision
        case "summary": summary
        case "acknowledged": acknowledged
        case "total": total
        case "overdue": overdue > 0 ? overdue : nil
        case "readers": readers
        case "signoffURL": signoffURL
        case "matrixURL": matrixURL
        default: nil
        }
    }
}

/// People × documents: who has read what, by department; then each person's own list.
struct DistributionPage: TemplateValue {
    struct Cell: TemplateValue {
        var mark: String
        var kind: String
        var title: String
        func child(named name: String) -> Any? {
            switch name { case "mark": mark; case "kind": kind; case "title": title; default: nil }
        }
    }
    struct PersonRow: TemplateValue {
        var name: String
        var anchor: String
        var cells: [Cell]
        var documents: [Row<Status>]
        var outstanding: Int
        func child(named name: String) -> Any? {
            switch name {
            case "name": self.name
            case "anchor": anchor
            case "cells": cells
            case "documents": documents
            case "outstanding": outstanding > 0 ? outstanding : nil
            default: nil
            }
        }
    }
    struct Status: TemplateValue {
        var kind: String
        var label: String
        func child(named name: String) -> Any? {
            switch name { case "readKind": kind; case "readLabel": label; default: nil }
        }
    }
    struct Department: TemplateValue {
        var name: String
        var people: [PersonRow]
        func child(named name: String) -> Any? {
            switch name { case "department": self.name; case "people": people; default: nil }
        }
    }
    var documents: [DocumentRef]
    var departments: [Department]
    var overdue: Int
    var acknowledged: Int
    var required: Int

    func child(named name: String) -> Any? {
        switch name {
        case "documents": documents
        case "departments": departments
        case "overdue": overdue > 0 ? overdue : nil
        case "acknowledged": acknowledged
        case "required": required
        default: nil
        }
    }
}

/// The printed sign-off sheet of a revision (文件发放/培训签到表).
struct SignoffPage: TemplateValue {
    var doc: DocumentRef
    var revision: String
    var effective: String
    var due: String
    var readers: [ReaderRow]
    var today: String

    func child(named name: String) -> Any? {
        switch name {
        case "doc": doc
        case "revision": revision
        case "effective": effective
        case "due": due
        case "readers": readers
        case "today": today
        default: nil
        }
    }
}

/// The register of external-origin documents: what edition of whose document, where the controlled copy is, when it is next checked, where it is used.
struct ExternalPage: TemplateValue {
    struct Row: TemplateValue {
        var document: DocumentRef
        var number: String
        var issuer: String
        var edition: String
        var received: String
        var location: String
        var owner: String
        var nextCheck: String
        var checkDue: Bool
        var state: String
        var stateLabel: String
        var supersededBy: DocumentRef?
        var usedBy: [DocumentRef]

        func child(named name: String) -> Any? {
            switch name {
            case "number": number
            case "issuer": issuer
            case "edition": edition
            case "received": received
            case "location": location
            case "owner": owner
            case "nextCheck": nextCheck
            case "checkDue": checkDue ? true : nil
            case "state": state
            case "stateLabel": stateLabel
            case "supersededBy": supersededBy
            case "usedBy": usedBy
            default: document.child(named: name)
            }
        }
    }

    var rows: [Row]
    var owners: [Option]
    var states: [Option]

    func child(named name: String) -> Any? {
        switch name {
        case "rows": rows
        case "count": rows.count
        case "owners": owners
        case "states": states
        default: nil
        }
    }
}

struct RecordsPage: TemplateValue {
    struct Entry: TemplateValue {
        var id: String
        var title: String
        var document: DocumentRef
        var owner: String
        var kept: String
        var type: String
        var retention: String?

        func child(named name: String) -> Any? {
            switch name {
            case "id": id
            case "title": title
            case "document": document
            case "owner": owner
            case "kept": kept
            case "type": type
            case "retention": retention
            default: nil
            }
        }
    }

    var records: [Entry]

    func child(named name: String) -> Any? {
        switch name {
        case "records": records
        case "count": records.count
        default: nil
        }
    }
}

struct ObjectivesPage: TemplateValue {
    struct Measures: TemplateValue {
        var category: String
        var categoryLabel: String
        var kpis: [KPIValue]

        func child(named name: String) -> Any? {
            switch name {
            case "category": category
            case "categoryLabel": categoryLabel
            case "kpis": kpis
            default: nil
            }
        }
    }

    var processes: [Row<Measures>]
    func child(named name: String) -> Any? { name == "processes" ? processes : nil }
}

struct PrinciplesPage: TemplateValue {
    struct Entry: TemplateValue {
        var key: String
        var title: String
        var clause: String
        var documents: [DocumentRef]
        var pending: [DocumentRef]
        var document: DocumentRef?

        func child(named name: String) -> Any? {
            switch name {
            case "key": key
            case "title": title
            case "clause": clause
            case "documents": documents
            case "pending": pending
            case "document": document
            default: nil
            }
        }
    }

    var rows: [Entry]
    func child(named name: String) -> Any? { name == "rows" ? rows : nil }
}

/// A page with nothing of its own (search).
struct EmptyContent: TemplateValue {
    func child(named name: String) -> Any? { nil }
}

/// `print.html`: every approved document in the order of the manual, for printing as one edition.
struct PrintPage: TemplateValue {
    struct Document: TemplateValue {
        var id: String
        var title: String
        var revision: String
        var statusLabel: String
        var effective: String
        var owner: String
        var approver: String
        var summary: String?
        /// The anchor of the document in the edition and the name of its printed pages.
        var anchor: String
        var pageName: String
        var body: String

        func child(named name: String) -> Any? {
            switch name {
            case "id": id
            case "title": title
            case "revision": revision
            case "statusLabel": statusLabel
            case "effective": effective
            case "owner": owner
            case "approver": approver
            case "summary": summary
            case "anchor": anchor
            case "pageName": pageName
            case "body": body
            default: nil
            }
        }
    }

    struct Group: TemplateValue {
        var heading: String
        var documents: [Document]

        func child(named name: String) -> Any? {
            switch name {
            case "heading": heading
            case "documents": documents
            default: nil
            }
        }
    }

    /// `@page` rules: paper size, margins, the notice and page numbers, and per document its running header.
    var css: String
    var heading: String
    var date: String
    var notice: String
    var groups: [Group]

    func child(named name: String) -> Any? {
        switch name {
        case "css": css
        case "heading": heading
        case "date": date
        case "notice": notice
        case "groups": groups
        case "count": groups.reduce(0) { $0 + $1.documents.count }
        default: nil
        }
    }
}

/// `standards.html`: every standard the manual answers to, side by side (an integrated system,
/// 三体系), and which clauses of each every document in force maps.
struct StandardsPage: TemplateValue {
    /// One cell of the document × standard table: the clauses a document maps in one standard.
    struct Cell: TemplateValue {
        var clauses: [ClauseLink]
        func child(named name: String) -> Any? {
            switch name {
            case "clauses": clauses
            case "empty": clauses.isEmpty ? true : nil
            default: nil
            }
        }
    }

    struct Cells: TemplateValue {
        var cells: [Cell]
        func child(named name: String) -> Any? { name == "cells" ? cells : nil }
    }

    var standards: [HomePage.StandardCard]
    var documents: [Row<Cells>]
    /// Each transition to a new edition: "Transition to …", linking its page.
    var transitions: [TitledLink]

    func child(named name: String) -> Any? {
        switch name {
        case "standards": standards
        case "documents": documents
        case "transitions": transitions
        default: nil
        }
    }
}

/// `standards/<new>/transition.html`: moving from one edition of a standard to the next.
struct TransitionPage: TemplateValue {
    /// A clause of the new edition: where it comes from, who must review it, who maps it already.
    struct ClauseRow: TemplateValue {
        var clause: ClauseLink
        var depth: Int
        var from: [ClauseLink]
        var isNew: Bool
        /// The first documents of each list, and how many more (listed on the clause pages).
        var toReview: [DocumentRef]
        var moreToReview: More?
        var mapped: [DocumentRef]
        var moreMapped: More?

        func child(named name: String) -> Any? {
            switch name {
            case "clause": clause
            case "depth": depth
            case "indent": depth - 1
            case "from": from
            case "isNew": isNew ? true : nil
            case "toReview": toReview
            case "moreToReview": moreToReview
            case "mapped": mapped
            case "moreMapped": moreMapped
            case "done": toReview.isEmpty && moreToReview == nil && !mapped.isEmpty ? true : nil
            default: nil
            }
        }
    }

    /// "+N more", linking where they are all listed.
    struct More: TemplateValue {
        var count: Int
        var url: String

        func child(named name: String) -> Any? {
            switch name {
            case "count": count
            case "url": url
            default: nil
            }
        }
    }

    /// A clause of the old edition no clause of the new one takes over.
    struct WithdrawnRow: TemplateValue {
        var clause: ClauseLink
        var documents: [DocumentRef]

        func child(named name: String) -> Any? {
            switch name {
            case "clause": clause
            case "documents": documents
            default: nil
            }
        }
    }

    /// One clause a document maps in the old edition, and what it became.
    struct Move: TemplateValue {
        var old: ClauseLink
        var new: [ClauseLink]

        func child(named name: String) -> Any? {
            switch name {
            case "old": old
            case "new": new
            case "gone": new.isEmpty ? true : nil
            default: nil
            }
        }
    }

    struct Moves: TemplateValue {
        var moves: [Move]
        var mapsNew: [ClauseLink]

        func child(named name: String) -> Any? {
            switch name {
            case "moves": moves
            case "mapsNew": mapsNew
            case "notYet": mapsNew.isEmpty ? true : nil
            default: nil
            }
        }
    }

    var new: TitledLink
    var old: TitledLink
    var intro: String
    /// Carried over, new, withdrawn, open, documents to update: counts with labels.
    var counts: [StatusCount]
    var rows: [ClauseRow]
    var withdrawn: [WithdrawnRow]
    var documents: [Row<Moves>]
    var documentsHint: String

    func child(named name: String) -> Any? {
        switch name {
        case "new": new
        case "old": old
        case "intro": intro
        case "counts": counts
        case "rows": rows
        case "withdrawn": withdrawn
        case "documents": documents
        case "documentsHint": documentsHint
        default: nil
        }
    }
}

/// A printable audit checklist (`audit/…`): for a clause and its sub-clauses, or for a department,
/// one item per clause with what to look at and ruled space for the evidence and the finding.
struct ChecklistPage: TemplateValue {
    struct Item: TemplateValue {
        var id: String
        var title: String
        var standardTitle: String
        var depth: Int
        var status: String
        var statusLabel: String
        var justification: String?
        var url: String
        var documents: [DocumentRef]
        var records: [ClausePage.SampleRecord]
        var processes: [DocumentRef]

        func child(named name: String) -> Any? {
            switch name {
            case "id": id
            case "title": title
            case "standardTitle": standardTitle
            case "depth": depth
            case "status": status
            case "statusLabel": statusLabel
            case "justification": justification
            case "url": url
            case "documents": documents
            case "records": records
            case "processes": processes
            default: nil
            }
        }
    }

    var heading: String
    var subtitle: String
    var items: [Item]
    /// The page margins of the printed checklist: what it is on every page, page x / y, the print date and the notice.
    var printCSS: String = ""

    func child(named name: String) -> Any? {
        switch name {
        case "printCSS": printCSS
        case "heading": heading
        case "subtitle": subtitle
        case "items": items
        case "empty": items.isEmpty ? true : nil
        default: nil
        }
    }
}

/// `audit/index.html`, the audit programme (ISO 9001 9.2.2): each department with the clauses its
/// documents cover and the processes it owns, its last audit and when the next is due.
struct AuditProgrammePage: TemplateValue {
    /// Clauses of one standard: in an integrated system 7.5 is a clause of each, so each list names its standard.
    struct ClauseGroup: TemplateValue {
        var standard: String
        var standardTitle: String
        var clauses: [ClauseLink]

        func child(named name: String) -> Any? {
            switch name {
            case "standard": standard
            case "standardTitle": standardTitle
            case "clauses": clauses
            default: nil
            }
        }
    }

    struct Department: TemplateValue {
        var name: String
        var checklistURL: String
        var documents: Int
        var clauses: [ClauseGroup]
        var processes: [DocumentRef]
        var lastAudit: String?
        var nextDue: String
        var state: String
        var stateLabel: String

        func child(named name: String) -> Any? {
            switch name {
            case "name": self.name
            case "checklistURL": checklistURL
            case "documents": documents
            case "clauses": clauses
            case "processes": processes
            case "lastAudit": lastAudit
            case "nextDue": nextDue
            case "state": state
            case "stateLabel": stateLabel
            default: nil
            }
        }
    }

    var departments: [Department]
    /// Clauses no department's documents cover: the programme cannot audit them against a document.
    var unowned: [ClauseGroup]

    func child(named name: String) -> Any? {
        switch name {
        case "departments": departments
        case "unowned": unowned
        case "allOwned": unowned.isEmpty ? true : nil
        default: nil
        }
    }
}
