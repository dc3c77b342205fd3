/// The processes of the manual and what flows between them: an output `to` another process, or
/// an input `from` one, makes the receiving process the internal customer of the sending one
/// ("the next process is the customer").
public struct ProcessGraph: Sendable {
    public struct Node: Sendable {
        public var id: String
        public var title: String
        public var category: ProcessDefinition.Category
        public var owner: String?
        /// The clauses the process maps itself.
        public var clauses: Set<ClauseRef> = []
        /// The clauses the documents it names as its methods map.
        public var methodClauses: Set<ClauseRef> = []
    }

    /// How a process addresses a clause: by mapping it (or an ancestor or descendant) itself, or
    /// only through the documents it names as its methods.
    public enum Addressing: Sendable {
        case direct, throughMethods
    }

    /// Everything that flows from one process to another, by name.
    public struct Link: Sendable, Hashable {
        public var from: String
        public var to: String
        public var names: [String]
    }

    /// Processes in natural id order (obsolete ones left out).
    public var nodes: [Node]
    public var links: [Link]
    /// Inputs without `from`: received from outside the system (customers, suppliers), by process.
    public var externalInputs: [String: [String]]
    /// Outputs without `to`: delivered outside the system, by process.
    public var externalOutputs: [String: [String]]

    /// A manual without processes.
    public static let empty = ProcessGraph(nodes: [], links: [], externalInputs: [:], externalOutputs: [:])
}

extension ProcessGraph {
    init(manual: Manual) {
        let processes = manual.documents.filter { $0.type == .process && $0.status != .obsolete && $0.process != nil }
        let ids = Set(processes.map(\.id))
        var externalInputs: [String: [String]] = [:]
        var externalOutputs: [String: [String]] = [:]
        let refs = { (document: Document?) in Set((document?.clauses ?? []).map { ClauseRef(standard: $0.standard, clause: $0.clause) }) }
        let nodes = processes.map { document in
            Node(id: document.id, title: document.title, category: document.process?.category ?? .COP, owner: document.owner,
                 clauses: refs(document),
                 methodClauses: (document.process?.methods ?? []).reduce(into: Set<ClauseRef>()) { $0.formUnion(refs(manual[id: $1.name])) })
        }
        var names: [Pair: [String]] = [:]
        var order: [Pair] = []
        func connect(_ from: String, _ to: String, _ name: String) {
            guard ids.contains(from), ids.contains(to), from != to else { return }
            let key = Pair(from: from, to: to)
            if names[key] == nil { order.append(key) }
            if !(names[key]?.contains(name) ?? false) { names[key, default: []].append(name) }
        }
        for document in processes {
            guard let process = document.process else { continue }
            for output in process.outputs {
                if let to = output.process { connect(document.id, to, output.name) } else { externalOutputs[document.id, default: []].append(output.name) }
            }
            for input in process.inputs {
                if let from = input.process { connect(from, document.id, input.name) } else { externalInputs[document.id, default: []].append(input.name) }
            }
        }
        let links = order.map { Link(from: $0.from, to: $0.to, names: names[$0] ?? []) }
        self.init(nodes: nodes, links: links, externalInputs: externalInputs, externalOutputs: externalOutputs)
    }

    /// Internal customers: the processes this one's outputs go to.
    public func customers(of id: String) -> [String] {
        links.filter { $0.from == id }.map(\.to).sorted(by: DocumentOrder.areInIncreasingOrder)
    }

    /// Internal suppliers: the processes this one's inputs come from.
    public func suppliers(of id: String) -> [String] {
        links.filter { $0.to == id }.map(\.from).sorted(by: DocumentOrder.areInIncreasingOrder)
    }
}

// MARK: - Checks

extension Resolver {
    /// Process documents checked against each other: flows declared on one side only, processes without output.
    static func checkProcesses(_ manual: Manual) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let processes = manual.documents.filter { $0.type == .process && $0.status != .obsolete }
        for document in manual.documents where document.process != nil && document.type != .process {
            found.append(.warning(.invalidField, document.sourcePath, document.line(of: .process),
                "`process:` is only read for `type: process`; this document is a \(document.type.rawValue)"))
        }
        for document in processes {
            let file = document.sourcePath
            guard let process = document.process else {
                found.append(.warning(.missingField, file, document.line(of: .type),
                    "a process document needs a `process:` block (category, inputs, outputs, resources, people, methods, kpis)"))
                continue
            }
            if !process.hasCategory {
                found.append(.error(.missingField, file, document.line(of: .process), "a process needs `category: COP`, `SP` or `MP`"))
            }
            for flow in process.inputs + process.outputs {
                guard let id = flow.process, let other = manual[id: id] else { continue }
                if other.type != .process {
                    found.append(.error(.unknownProcess, file, flow.line, "`\(id)` is a \(other.type.rawValue), not a process; `from` and `to` name process documents"))
                }
            }
            if process.outputs.isEmpty {
                found.append(.warning(.processWithoutOutput, file, document.line(of: .process),
                    "process \(document.id) has no `outputs`; every process delivers something to a customer, internal or external"))
            }
            for output in process.outputs {
                guard let to = output.process, let receiver = manual[id: to]?.process else { continue }
                if !receiver.inputs.contains(where: { $0.process == document.id }) {
                    found.append(.warning(.oneSidedFlow, file, output.line,
                        "output “\(output.name)” goes to \(to), but \(to) lists no input `from: \(document.id)`; add it there, or correct `to`"))
                }
            }
            for input in process.inputs {
                guard let from = input.process, let sender = manual[id: from]?.process else { continue }
                if !sender.outputs.contains(where: { $0.process == document.id }) {
                    found.append(.warning(.oneSidedFlow, file, input.line,
                        "input “\(input.name)” comes from \(from), but \(from) lists no output `to: \(document.id)`; add it there, or correct `from`"))
                }
            }
        }
        return found
    }
}

extension ProcessGraph {
    /// Two processes a flow connects.
    struct Pair: Hashable {
        var from: String
        var to: String
    }

    /// How a process addresses a clause, or nil when it does not.
    public func addressing(_ node: Node, _ clause: String, of standard: Standard) -> Addressing? {
        if Self.addresses(node.clauses, clause, of: standard) { return .direct }
        if Self.addresses(node.methodClauses, clause, of: standard) { return .throughMethods }
        return nil
    }

    /// Whether a set of mapped clauses addresses a clause: it, an ancestor or a descendant is mapped.
    static func addresses(_ mapped: Set<ClauseRef>, _ clause: String, of standard: Standard) -> Bool {
        if mapped.contains(ClauseRef(standard: standard.id, clause: clause)) { return true }
        if standard.ancestors(of: clause).contains(where: { mapped.contains(ClauseRef(standard: standard.id, clause: $0)) }) { return true }
        return mapped.contains { $0.standard == standard.id && standard.ancestors(of: $0.clause).contains(clause) }
    }
}
