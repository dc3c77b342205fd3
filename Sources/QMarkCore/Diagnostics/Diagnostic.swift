/// How serious a finding is: errors fail the build, warnings do not (unless `--strict`).
public enum Severity: String, Sendable, Codable, Comparable {
    case error, warning

    public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
}

/// One finding about the manual, pinned to a file and line.
public struct Diagnostic: Sendable, Hashable, Codable {
    public var severity: Severity
    /// A stable, machine-readable name for the kind of finding (`unknown-clause`).
    public var code: String
    /// The file, relative to the manual folder.
    public var file: String
    public var line: Int
    /// What is wrong and, where it is obvious, how to fix it.
    public var message: String

    public init(_ severity: Severity, _ code: DiagnosticCode, file: String, line: Int, _ message: String) {
        self.severity = severity
        self.code = code.rawValue
        self.file = file
        self.line = line
        self.message = message
    }

    public static func error(_ code: DiagnosticCode, _ file: String, _ line: Int, _ message: String) -> Diagnostic {
        Diagnostic(.error, code, file: file, line: line, message)
    }

    public static func warning(_ code: DiagnosticCode, _ file: String, _ line: Int, _ message: String) -> Diagnostic {
        Diagnostic(.warning, code, file: file, line: line, message)
    }

    /// `path:line: error: message`, the form editors and CI annotate.
    public var formatted: String { "\(file):\(line): \(severity.rawValue): \(message)" }
}

/// A failure that stops a command and may know the file and line it is about: then printed as
/// a diagnostic (`path:line: error: message`), like every other finding.
public protocol LocatedFailure: Error {
    /// The failure as a diagnostic, nil when it has no file and line.
    var diagnostic: Diagnostic? { get }
}

/// Every kind of finding QMark reports. The raw value is the `code` of `qmark check --format json`.
public enum DiagnosticCode: String, Sendable, CaseIterable {
    // Files
    case notUTF8 = "not-utf8"
    /// A file or folder whose name is not UTF-8 (GBK names from a Windows zip): it cannot be read.
    case fileNameNotUTF8 = "file-name-not-utf8"
    case missingFrontMatter = "missing-front-matter"
    /// An approving commit whose signature does not prove the approval (bad, not allowed, another signer, expired).
    case approvalSignature = "approval-signature"
    /// An external document's check that it is still the current edition is overdue.
    case externalCheckDue = "external-check-due"
    /// A link to `#anchor` (in the page or another document) that names no heading.
    case brokenAnchor = "broken-anchor"
    /// Someone who must read a document in force has not acknowledged it in time.
    case acknowledgementOverdue = "acknowledgement-overdue"
    /// A line of `people.csv` or `acknowledgements/*.csv` that cannot be read, or names someone or something unknown.
    case distributionRecord = "distribution-record"
    /// With `check --require-signed-approvals`, a revision in force whose approval is not signed and verified.
    case unsignedApproval = "unsigned-approval"
    case unterminatedFrontMatter = "unterminated-front-matter"
    case yamlSyntax = "yaml-syntax"
    // Fields
    case missingField = "missing-field"
    case invalidField = "invalid-field"
    case invalidID = "invalid-id"
    case duplicateID = "duplicate-id"
    case unknownType = "unknown-type"
    case unknownStatus = "unknown-status"
    case malformedDate = "malformed-date"
    case unknownKey = "unknown-key"
    // Cross-references
    case unknownStandard = "unknown-standard"
    case unknownClause = "unknown-clause"
    case unknownPrinciple = "unknown-principle"
    case duplicatePrinciple = "duplicate-principle"
    case brokenLink = "broken-link"
    case unknownReference = "unknown-reference"
    case unknownProcess = "unknown-process"
    case duplicateRecord = "duplicate-record"
    case brokenAssetLink = "broken-asset-link"
    case activeFileNotPublished = "active-file-not-published"
    case unpublishedFiles = "unpublished-files"
    case skippedLink = "skipped-link"
    case linkLeavesManual = "link-leaves-manual"
    case linkToObsolete = "link-to-obsolete"
    // Catalogues and settings
    case duplicateClause = "duplicate-clause"
    case duplicateStandard = "duplicate-standard"
    case editionMap = "edition-map"
    case invalidSetting = "invalid-setting"
    // Bodies
    case malformedTable = "malformed-table"
    case templateSyntax = "template-syntax"
    case buildFailed = "build-failed"
    case rawHTMLOmitted = "raw-html-omitted"
    case linkLabelsShortened = "link-labels-shortened"
    case nestedTooDeep = "nested-too-deep"
    /// A raw control character (C0 other than tab and line ends, DEL) in body text: dropped.
    case controlCharacter = "control-character"
    /// A paragraph whose unclosed `![` would cost libcmark minutes: they are shown as text.
    case bracketsDefused = "brackets-defused"
    // Care
    case missingApprover = "missing-approver"
    case missingEffectiveDate = "missing-effective-date"
    case noClauses = "no-clauses"
    case clauseMappedTwice = "clause-mapped-twice"
    case recordWithoutRetention = "record-without-retention"
    case kpiWithoutTarget = "kpi-without-target"
    // Document control
    case changedSinceApproval = "changed-since-approval"
    case missingApprovalTrailer = "missing-approval-trailer"
    case approverMismatch = "approver-mismatch"
    /// One commit with two `Approved-by:` trailers: which one approved is not clear.
    case approvalTrailerRepeated = "approval-trailer-repeated"
    /// An approved revision that says nothing of what it changed (no `change:`).
    case revisionWithoutChange = "revision-without-change"
    /// A revision record that contradicts itself: dates out of order, a label going backwards.
    case revisionInconsistent = "revision-inconsistent"
    case supersedesCurrent = "supersedes-current-document"
    case reviewOverdue = "review-overdue"
    /// `check --require-coverage`: a clause neither covered nor excluded.
    case uncoveredClause = "uncovered-clause"
    // Processes
    case processWithoutOutput = "process-without-output"
    case oneSidedFlow = "one-sided-flow"
}

extension Array where Element == Diagnostic {
    /// With `--strict`, every warning is an error, and is printed and counted as one.
    public func strict(_ isStrict: Bool) -> [Diagnostic] {
        guard isStrict else { return self }
        return map { diagnostic in
            var strict = diagnostic
            strict.severity = .error
            return strict
        }
    }
}
