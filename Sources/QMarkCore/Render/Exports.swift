import Foundation

/// What an auditor takes into their own tools (CONTRACT §3): `api/coverage.csv` (one row per
/// clause and document), `api/register.csv` (one row per document) and `api/qmark.xlsx` (the
/// coverage matrix per standard, the register, the records and the revision log). Made from the
/// same values as `api/manual.json` and `api/coverage.json`, so the four always agree.
enum Exports {
    static func files(manual: ManualJSON, coverage: CoverageJSON) throws -> [(path: String, data: Data)] {
        let labels = Labels(Language(rawValue: manual.language) ?? .zhCN)
        return [("api/coverage.csv", Data(coverageCSV(manual: manual, coverage: coverage).utf8)),
                ("api/register.csv", Data(registerCSV(manual).utf8)),
                ("api/external.csv", Data(externalCSV(manual).utf8)),
                ("api/qmark.xlsx", try workbook(manual: manual, coverage: coverage, labels: labels).data())]
    }

    static func coverageCSV(manual: ManualJSON, coverage: CoverageJSON) -> String {
        let documents = Dictionary(manual.documents.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var rows = [["standard", "clause", "clause_title", "status", "justification", "document", "document_title", "document_status",
                     "revision", "effective", "owner"]]
        for standard in coverage.standards {
            for clause in standard.clauses {
                let base = [standard.id, clause.id, clause.title, clause.status, clause.justification.value ?? ""]
                let listed = clause.documents + clause.pending
                if listed.isEmpty { rows.append(base + ["", "", "", "", "", ""]) }
                for id in listed {
                    let document = documents[id]
                    rows.append(base + [id, document?.title ?? "", document?.status ?? "", document?.revision.value ?? "",
                                        document?.effective.value ?? "", document?.owner.value ?? ""])
                }
            }
        }
        return CSVFile.document(rows)
    }

    static func registerCSV(_ manual: ManualJSON) -> String {
        var rows = [["id", "title", "type", "revision", "status", "effective", "owner", "approver", "clauses", "url",
                     "pending_revision", "pending_status", "pending_effective"]]
        for document in manual.documents {
            let pending = document.pending.value
            rows.append([document.id, document.title, document.type, document.revision.value ?? "", document.status,
                         document.effective.value ?? "", document.owner.value ?? "", document.approver.value ?? "",
                         clauses(document), document.url, pending?.revision.value ?? "", pending?.status ?? "", pending?.effective.value ?? ""])
        }
        return CSVFile.document(rows)
    }

    /// `api/external.csv`: one row per external-origin document.
    static func externalCSV(_ manual: ManualJSON) -> String {
        CSVFile.document([["id", "number", "title", "issuer", "edition", "received", "location", "owner", "check_every_months",
                           "last_checked", "next_check", "status", "superseded_by", "used_by", "url"]] + externalRows(manual))
    }

    static func externalRows(_ manual: ManualJSON) -> [[String]] {
        manual.documents.compactMap { document -> [String]? in
            guard let external = document.external.value else { return nil }
            return [document.id, external.number.value ?? "", document.title, external.issuer.value ?? "", external.edition.value ?? "",
                    external.received.value ?? "", external.location.value ?? "", document.owner.value ?? "",
                    external.checkEvery.value.map(String.init) ?? "", external.lastChecked.value ?? "", external.nextCheck.value ?? "",
                    external.status, external.supersededBy.value ?? "", external.usedBy.joined(separator: " "), external.url.value ?? ""]
        }
    }

    /// `iso9001-2015:7.5 iso9001-2015:8.5.2`, standards in name order.
    static func clauses(_ document: ManualJSON.DocumentJSON) -> String {
        document.clauses.keys.sorted().flatMap { standard in document.clauses[standard]!.map { "\(standard):\($0)" } }.joined(separator: " ")
    }

    static func workbook(manual: ManualJSON, coverage: CoverageJSON, labels: Labels) -> Workbook {
        let documents = Dictionary(manual.documents.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func named(_ ids: [String]) -> String {
            ids.map { id in documents[id].map { "\(id) \($0.title)" } ?? id }.joined(separator: "\n")
        }
        var sheets = coverage.standards.map { standard in
            Workbook.Sheet(
                name: sheetName(PageContexts.shortTitle(standard.title)), widths: [10, 40, 12, 48, 30, 40],
                header: [labels["export.clause"], labels["export.clause.title"], labels["status"], labels["export.documents"],
                         labels["export.pending"], labels["export.justification"]],
                rows: standard.clauses.map { clause in
                    let status = CoverageStatus(rawValue: clause.status) ?? .uncovered
                    return [Workbook.Cell(text: String(repeating: "  ", count: max(0, clause.depth - 1)) + clause.id),
                            Workbook.Cell(text: clause.title), Workbook.Cell(text: labels.coverage(status), style: style(of: status)),
                            Workbook.Cell(text: named(clause.documents), style: .wrapped), Workbook.Cell(text: named(clause.pending), style: .wrapped),
                            Workbook.Cell(text: clause.justification.value ?? "")]
                })
        }
        let text = { (value: String?) in Workbook.Cell(text: value ?? "") }
        sheets.append(Workbook.Sheet(
            name: labels["export.register"], widths: [12, 36, 12, 8, 10, 12, 14, 16, 40, 24],
            header: [labels["id"], labels["title"], labels["type"], labels["revision"], labels["status"], labels["effective"],
                     labels["owner"], labels["approver"], labels["export.clauses"], labels["pending.revision"]],
            rows: manual.documents.map { document in
                let type = DocumentType(rawValue: document.type).map(labels.type) ?? document.type
                let status = DocumentStatus(rawValue: document.status).map(labels.status) ?? document.status
                // The pending revision beside the one in force: `B (in review)`, `C (approved, effective 2027-01-01)`.
                let pending = document.pending.value.map { next in
                    let status = DocumentStatus(rawValue: next.status).map(labels.status) ?? next.status
                    return (next.revision.value ?? "—") + " (" + status + (next.status == "approved" ? " → " + (next.effective.value ?? "") : "") + ")"
                }
                return [text(document.id), text(document.title), text(type), text(document.revision.value), text(status),
                        text(document.effective.value), text(document.owner.value), text(document.approver.value), text(clauses(document)),
                        text(pending)]
            }))
        sheets.append(Workbook.Sheet(
            name: labels["export.records"], widths: [14, 36, 24, 12, 36],
            header: [labels["id"], labels["title"], labels["retention"], labels["export.document"], labels["export.document.title"]],
            rows: manual.documents.filter { $0.status != "obsolete" }.flatMap { document in
                document.records.map { [text($0.id), text($0.title), text($0.retention.value), text(document.id), text(document.title)] }
            }))
        sheets.append(Workbook.Sheet(
            name: labels["export.revisions"], widths: [12, 36, 8, 12, 10, 16, 48, 12, 12, 12, 12],
            header: [labels["export.document"], labels["export.document.title"], labels["revision"], labels["date"], labels["status"],
                     labels["approved.by"], labels["summary.change"], labels["export.commit"], labels["export.date.source"], labels["export.approval"],
                     labels["export.summary.source"]],
            rows: manual.documents.flatMap { document in
                document.history.map { revision in
                    [text(document.id), text(document.title), text(revision.revision), text(revision.date.value),
                     text(revision.status.value.flatMap { DocumentStatus(rawValue: $0).map(labels.status) }),
                     text(revision.approvedBy.value), text(revision.summary), text(revision.commit.value.map { String($0.prefix(10)) }),
                     // In the site's words, as an auditor reads them: not the JSON's keys.
                     text(labels["export.date.\(revision.dateSource)"]), text(revision.approval.value.map { labels["export.approval.\($0)"] }),
                     text(labels["export.summary.\(revision.summarySource)"])]
                }
            }))
        // Each transition to a new edition: its clauses, where they come from, what to review; then the withdrawn ones.
        for transition in coverage.transitions {
            var rows = transition.clauses.map { clause in
                let status = CoverageStatus(rawValue: clause.status) ?? .uncovered
                let kind = switch clause.kind {
                case .carried: labels["transition.carried.kind"]
                case .heading: labels["transition.heading.kind"]
                case .new: labels["transition.new"]
                }
                return [Workbook.Cell(text: String(repeating: "  ", count: max(0, clause.depth - 1)) + clause.id), text(clause.title),
                        Workbook.Cell(text: kind, style: clause.kind == .new ? .partial : .plain),
                        text(clause.from.joined(separator: ", ")), Workbook.Cell(text: labels.coverage(status), style: style(of: status)),
                        Workbook.Cell(text: named(clause.review), style: .wrapped), Workbook.Cell(text: named(clause.mapped), style: .wrapped)]
            }
            rows += transition.withdrawn.map { clause in
                [text(""), text(clause.title), Workbook.Cell(text: labels["transition.gone"], style: .excluded), text(clause.id), text(""),
                 Workbook.Cell(text: named(clause.documents), style: .wrapped), text("")]
            }
            sheets.append(Workbook.Sheet(
                name: sheetName("\(labels["transition.sheet"]) \(PageContexts.shortTitle(coverage.standards.first { $0.id == transition.standard }?.title ?? transition.standard))"),
                widths: [10, 40, 12, 14, 12, 44, 30],
                header: [labels["export.clause"], labels["export.clause.title"], labels["transition.kind"], labels["transition.predecessor.of"].filling(PageContexts.shortTitle(coverage.standards.first { $0.id == transition.supersedes }?.title ?? transition.supersedes)),
                         labels["transition.status"], labels["transition.review"], labels["transition.mapped"]],
                rows: rows))
        }
        // Who must read each document in force, who has, who is overdue.
        let reading = manual.documents.flatMap { document -> [[Workbook.Cell]] in
            guard let state = document.distribution.value else { return [] }
            let read = Dictionary(state.acknowledged.map { ($0.name, $0.date) }, uniquingKeysWith: { first, _ in first })
            return state.required.map { name in
                let status = read[name] != nil ? labels["acknowledged"] : state.overdue.contains(name) ? labels["overdue"] : labels["distribution.not.yet"]
                return [Workbook.Cell(text: document.id), Workbook.Cell(text: document.title), Workbook.Cell(text: state.revision),
                        Workbook.Cell(text: name), Workbook.Cell(text: read[name] ?? ""), Workbook.Cell(text: state.due.value ?? ""), Workbook.Cell(text: status)]
            }
        }
        if !reading.isEmpty {
            sheets.append(Workbook.Sheet(
                name: labels["distribution.matrix"], widths: [16, 36, 8, 16, 12, 12, 12],
                header: ["ID", labels["title"], labels["revision"], labels["person"], labels["acknowledged"], labels["distribution.due"], labels["status"]],
                rows: reading))
        }
        let external = externalRows(manual)
        if !external.isEmpty {
            sheets.append(Workbook.Sheet(
                name: labels["external.register"], widths: [16, 18, 36, 20, 12, 12, 24, 12, 8, 12, 12, 10, 16, 24, 30],
                header: ["ID", labels["external.number"], labels["title"], labels["external.issuer"], labels["external.edition"], labels["external.received"],
                         labels["external.location"], labels["owner"], labels["external.check.every"], labels["external.last.checked"],
                         labels["external.next.check"], labels["status"], labels["superseded.by"], labels["external.used.by"], "URL"],
                rows: external.map { $0.map { Workbook.Cell(text: $0) } }))
        }
        return Workbook(sheets: sheets)
    }

    /// A name Excel takes for a sheet: none of `: \\ / ? * [ ]`, at most 31 characters.
    static func sheetName(_ name: String) -> String {
        String(String(name.map { ":\\/?*[]".contains($0) ? "-" : $0 }).prefix(31))
    }

    static func style(of status: CoverageStatus) -> Workbook.Style {
        switch status {
        case .covered: .covered
        case .partial: .partial
        case .uncovered: .uncovered
        case .excluded: .excluded
        }
    }
}
