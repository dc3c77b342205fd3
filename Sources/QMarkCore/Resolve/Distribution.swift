import Foundation
import SwiftCSV

/// Distribution and read-and-understood records (ISO 9001 7.5.3.2 a, 7.3): who must read the
/// revision in force of a document (`distribution:` departments, or `all`, against `people.csv`),
/// who has (`acknowledgements/*.csv`, as a sign-off sheet is typed in or a form exported), and who
/// is overdue (`acknowledge_within_days` after the effective date).
public struct Person: Sendable, Equatable {
    public var name: String
    public var department: String
    /// Further columns (role, e-mail …) as written.
    public var extra: [String: String] = [:]
}

/// One line of an acknowledgements file: a person read a revision of a document on a day.
public struct Acknowledgement: Sendable, Equatable {
    public var document: String
    public var revision: String
    public var name: String
    public var date: DayDate
    public var file: String
    public var line: Int
}

/// Who must read a document's revision in force, who has and who is overdue.
public struct DistributionState: Sendable, Equatable {
    public struct Reader: Sendable, Equatable {
        public var person: Person
        /// When they acknowledged this revision; nil when they have not.
        public var acknowledged: DayDate?
        public var overdue: Bool
    }
    public var revision: String
    /// The day by which each must have acknowledged it (effective date + the days allowed); nil without an effective date.
    public var due: DayDate?
    public var readers: [Reader]

    public var acknowledgedCount: Int { readers.filter { $0.acknowledged != nil }.count }
    public var overdueCount: Int { readers.filter(\.overdue).count }
}

enum DistributionRecords {
    /// Reads `people.csv` and `acknowledgements/*.csv`, saying which lines cannot be used.
    static func read(_ files: [SourceFile]) -> (people: [Person], acknowledgements: [Acknowledgement], diagnostics: [Diagnostic]) {
        var people: [Person] = [], acknowledgements: [Acknowledgement] = [], found: [Diagnostic] = []
        for file in files {
            guard let text = try? SourceText.decode(file.data) else {
                found.append(.error(.notUTF8, file.path, 1, "\(file.path) is not valid UTF-8; save it as UTF-8 (a spreadsheet's “CSV UTF-8” format)"))
                continue
            }
            let csv: CSV<Enumerated>
            do {
                csv = try CSV<Enumerated>(string: text, delimiter: .comma, loadColumns: false)
            } catch {
                found.append(.error(.distributionRecord, file.path, 1, "does not parse as CSV (\(error)); check for an unclosed double quote"))
                continue
            }
            let header = csv.header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            let column = { (name: String) in header.firstIndex(of: name) }
            if file.path.lowercased() == "people.csv" {
                guard let name = column("name"), let department = column("department") else {
                    found.append(.error(.distributionRecord, file.path, 1, "people.csv needs the columns `name,department` (then any others, such as role or email)"))
                    continue
                }
                for (index, row) in csv.rows.enumerated() {
                    let value = { (position: Int) in position < row.count ? row[position].trimmingCharacters(in: .whitespaces) : "" }
                    guard !value(name).isEmpty, !value(department).isEmpty else {
                        found.append(.warning(.distributionRecord, file.path, index + 2, "a person needs a name and a department; this line is left out"))
                        continue
                    }
                    var extra: [String: String] = [:]
                    for (position, key) in header.enumerated() where position != name && position != department { extra[key] = value(position) }
                    if people.contains(where: { $0.name == value(name) }) {
                        found.append(.warning(.distributionRecord, file.path, index + 2, "\(value(name)) is listed twice; the first line counts"))
                        continue
                    }
                    people.append(Person(name: value(name), department: value(department), extra: extra))
                }
            } else {
                guard let document = column("document"), let revision = column("revision"), let name = column("name"), let date = column("date") else {
                    found.append(.error(.distributionRecord, file.path, 1, "an acknowledgements file needs the columns `document,revision,name,date`"))
                    continue
                }
                for (index, row) in csv.rows.enumerated() {
                    let value = { (position: Int) in position < row.count ? row[position].trimmingCharacters(in: .whitespaces) : "" }
                    guard let day = DayDate(value(date)) ?? ControlBlock.date(in: value(date)) else {
                        found.append(.warning(.distributionRecord, file.path, index + 2,
                            "`\(value(date))` is not a date; write it as YYYY-MM-DD (this acknowledgement is left out)"))
                        continue
                    }
                    acknowledgements.append(Acknowledgement(document: value(document), revision: value(revision), name: value(name), date: day,
                                                            file: file.path, line: index + 2))
                }
            }
        }
        return (people, acknowledgements, found)
    }

    /// Each document in force that names a distribution gets who must read it and who has; each person
    /// overdue is a warning on the document, each acknowledgement naming someone or something unknown one on its line.
    static func resolve(_ manual: inout Manual, people: [Person], acknowledgements: [Acknowledgement]) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let departments = Set(people.map(\.department))
        let names = Set(people.map(\.name))
        for acknowledgement in acknowledgements {
            if manual[id: acknowledgement.document] == nil {
                found.append(.warning(.distributionRecord, acknowledgement.file, acknowledgement.line,
                    "no document `\(acknowledgement.document)`\(Suggestion.hint(for: acknowledgement.document, in: manual.documents.map(\.id)))"))
            } else if !people.isEmpty, !names.contains(acknowledgement.name) {
                found.append(.warning(.distributionRecord, acknowledgement.file, acknowledgement.line,
                    "\(acknowledgement.name) is not in people.csv\(Suggestion.hint(for: acknowledgement.name, in: Array(names)))"))
            }
        }
        let within = manual.config.acknowledgeWithinDays
        // The earliest acknowledgement of each document, revision and person, looked up once each (not by scanning every line).
        var earliest: [[String]: DayDate] = [:]
        for acknowledgement in acknowledgements {
            let key = [acknowledgement.document, acknowledgement.revision, acknowledgement.name]
            earliest[key] = min(earliest[key] ?? acknowledgement.date, acknowledgement.date)
        }
        for index in manual.documents.indices {
            let document = manual.documents[index]
            guard let distribution = document.distribution, document.isInForce else { continue }
            if people.isEmpty {
                found.append(.warning(.distributionRecord, document.sourcePath, document.line(of: .distribution),
                    "`distribution:` needs people.csv at the manual's root (`name,department`) to say who must read it"))
                continue
            }
            var readers: [Person] = []
            for group in distribution {
                if group.name == "all" { readers = people; break }
                if !departments.contains(group.name) {
                    found.append(.warning(.distributionRecord, document.sourcePath, group.line,
                        "no one in people.csv is in department `\(group.name)`\(Suggestion.hint(for: group.name, in: Array(departments)))"))
                }
                readers += people.filter { $0.department == group.name && !readers.contains($0) }
            }
            let revision = document.revision ?? "—"
            let due = document.effective.map { $0.adding(days: within) }
            var state = DistributionState(revision: revision, due: due, readers: [])
            for person in readers {
                let read = earliest[[document.id, revision, person.name]]
                let overdue = read == nil && due.map { manual.today > $0 } == true
                state.readers.append(.init(person: person, acknowledged: read, overdue: overdue))
                if overdue, let due, let effective = document.effective {
                    found.append(.warning(.acknowledgementOverdue, document.sourcePath, document.line(of: .distribution),
                        "\(person.name) (\(person.department)) has not acknowledged \(document.id) revision \(revision) (effective \(effective), due by \(due)); "
                        + "collect the signature on the sign-off sheet and add a line to acknowledgements/"))
                }
            }
            manual.documents[index].facts.distribution = state
        }
        return found
    }
}
