// A walk through a tree: where the user is, how they got there, and going back.
// No I/O: the host (terminal UI, line walk, `walk --answers`) drives it and supplies facts.

/// A node left behind on the way, with how it was left.
public struct WalkEntry: Sendable, Equatable {
    public var ref: NodeRef
    public var kind: Node.Kind
    /// The option taken (`yes`, `no`, an option id, `not-fixed` at a remedy); nil when a step was passed.
    public var answer: String?
    /// true when the probe answered a check by itself.
    public var auto: Bool
    /// For automatic answers: the fact and the value the probe saw.
    public var observed: FactObservation?

    public init(ref: NodeRef, kind: Node.Kind, answer: String?, auto: Bool = false, observed: FactObservation? = nil) {
        self.ref = ref
        self.kind = kind
        self.answer = answer
        self.auto = auto
        self.observed = observed
    }
}

/// What the probe saw when it answered a check: shown as "the probe saw … so …".
public struct FactObservation: Sendable, Equatable {
    public var expression: String
    public var fact: String
    public var value: FactValue
    public var result: Bool
}

public enum WalkError: Error, Equatable, Sendable {
    case unknownTree(String)
    case missingNode(NodeRef)
    case notAnOption(answer: String, allowed: [String])
    case finished
}

public final class WalkSession {
    /// The answer that follows a remedy's "did not help?" link.
    public static let notFixed = "not-fixed"
    /// The answer that moves on from a step.
    public static let stepDone = "next"
    /// Automatic answers in a row before the walk stops trusting facts (a content loop).
    static let autoLimit = 64

    public let library: ContentLibrary
    public private(set) var current: NodeRef
    public private(set) var path: [WalkEntry] = []
    /// Checks answered by the probe on the way to the current node, for the screen to explain.
    public private(set) var autoAnswered: [WalkEntry] = []
    private var history: [(current: NodeRef, pathCount: Int, auto: [WalkEntry])] = []
    private let facts: () -> Facts

    /// Starts at `start`; `facts` is asked each time the walk reaches a check, so a live probe can re-read the key.
    public init(library: ContentLibrary, start: NodeRef, facts: @escaping () -> Facts = { [:] }) throws(WalkError) {
        guard library.node(start) != nil else { throw .missingNode(start) }
        self.library = library
        self.current = start
        self.facts = facts
        settle()
    }

    /// Starts at the beginning of tree `treeID` of `profileID` (or of `common`).
    public convenience init(library: ContentLibrary, profileID: String, treeID: String,
                            facts: @escaping () -> Facts = { [:] }) throws(WalkError) {
        guard let tree = library.tree(treeID, in: profileID) else { throw .unknownTree(treeID) }
        try self.init(library: library, start: tree.startRef, facts: facts)
    }

    public var node: Node {
        // The initialiser and every move check that the node exists.
        library.node(current)!
    }

    public var tree: Tree { library.profile(current.profile)!.tree(current.tree)! }

    /// The answers the current node takes.
    public var choices: [Choice] {
        let node = self.node
        switch node.kind {
        case .question, .check:
            return node.options
        case .step:
            return node.next.map { [Choice(id: Self.stepDone, label: .init(zh: "下一步", en: "Next"), next: $0)] } ?? []
        case .remedy:
            let label = node.nextLabel ?? LocalizedText(zh: "没有解决", en: "Did not help")
            return node.next.map { [Choice(id: Self.notFixed, label: label, next: $0)] } ?? []
        case .escalate, .done:
            return []
        }
    }

    /// At an end: nothing more to answer.
    public var isFinished: Bool { choices.isEmpty }

    /// Takes an option (or `next` at a step, `not-fixed` at a remedy).
    public func answer(_ id: String) throws(WalkError) {
        let choices = self.choices
        guard !choices.isEmpty else { throw .finished }
        guard let choice = choices.first(where: { $0.id == id }) else {
            throw .notAnOption(answer: id, allowed: choices.map(\.id))
        }
        guard let destination = library.resolve(choice.next, from: tree) else { throw .missingNode(current) }
        history.append((current, path.count, autoAnswered))
        path.append(WalkEntry(ref: current, kind: node.kind, answer: node.kind == .step ? nil : id))
        current = destination
        autoAnswered = []
        settle()
    }

    /// Back to the node the user last answered; false at the start.
    @discardableResult
    public func back() -> Bool {
        guard let previous = history.popLast() else { return false }
        current = previous.current
        path.removeLast(path.count - previous.pathCount)
        autoAnswered = previous.auto
        return true
    }

    public var canGoBack: Bool { !history.isEmpty }

    /// Takes every check whose fact is known, recording what was seen, until a node needs the user.
    private func settle() {
        var moves = 0
        while moves < Self.autoLimit {
            let node = self.node
            guard node.kind == .check, let expression = node.fact else { return }
            let known = facts()
            guard let result = expression.evaluate(known), let value = known[expression.fact],
                  let choice = node.options.first(where: { $0.id == (result ? "yes" : "no") }),
                  let destination = library.resolve(choice.next, from: tree) else { return }
            let observation = FactObservation(expression: expression.description, fact: expression.fact, value: value, result: result)
            let entry = WalkEntry(ref: current, kind: .check, answer: choice.id, auto: true, observed: observation)
            path.append(entry)
            autoAnswered.append(entry)
            current = destination
            moves += 1
        }
    }
}
