import Foundation
import Guides

/// Shows a walk as plain text or JSON (the command-line contract), and plays given answers.
struct WalkPresenter {
    let library: ContentLibrary
    let language: Language

    /// Consumes answers in order: at questions, unanswered checks and remedies (`not-fixed`);
    /// steps go on by themselves. Stops when the answers run out or the walk ends.
    static func play(_ answers: [String], on session: WalkSession) throws(CommandFailure) {
        var queue = answers[...]
        var moves = 0
        while moves < 10_000 {
            moves += 1
            if session.node.kind == .step, !session.isFinished {
                try apply(WalkSession.stepDone, session)
                continue
            }
            guard !session.isFinished, let answer = queue.popFirst() else { break }
            try apply(answer, session)
        }
        if let extra = queue.first {
            throw CommandFailure(.usage, Strings.answersLeftOver(extra, at: session.current.node))
        }
    }

    private static func apply(_ answer: String, _ session: WalkSession) throws(CommandFailure) {
        do {
            try session.answer(answer)
        } catch {
            throw CommandFailure(.usage, Strings.badAnswer(answer, at: session.current.node, error: error))
        }
    }

    func title(of node: Node, in ref: NodeRef) -> String {
        node.title?[language] ?? library.profile(ref.profile)?.tree(ref.tree)?.title[language] ?? ref.tree
    }

    // MARK: JSON

    func json(_ session: WalkSession, startTree: Tree) -> JSONValue {
        let node = session.node
        let contacts = node.contacts.compactMap { library.contact($0, in: session.current.profile) }
        let profile = library.profile(session.current.profile)
        return .object([
            ("profile", .string(startTree.profileID)),
            ("tree", .string(startTree.id)),
            ("path", .array(session.path.map { entry in
                .compact([
                    ("tree", .string(entry.ref.tree)), ("node", .string(entry.ref.node)), ("kind", .string(entry.kind.rawValue)),
                    ("answer", entry.answer.map(JSONValue.string) ?? .null), ("auto", .bool(entry.auto)),
                    ("observed", entry.observed.map { .object([("fact", .string($0.fact)), ("value", .string($0.value.description))]) }),
                ])
            })),
            ("end", .compact([
                ("tree", .string(session.current.tree)),
                ("node", .string(session.current.node)),
                ("kind", .string(node.kind.rawValue)),
                ("title", .string(title(of: node, in: session.current))),
                ("text", .string(node.text[language])),
                ("steps", .array(node.steps.map { .string($0[language]) })),
                ("options", .array(session.choices.map { .object([("id", .string($0.id)), ("label", .string($0.label[language]))]) })),
                ("contacts", .array(contacts.map { ContactFormat.json($0, language, profile: nil) })),
                ("tell", node.tell.map { .string($0[language]) }),
                ("source", .string(node.source)),
            ])),
            ("finished", .bool(session.isFinished)),
            ("profileName", profile.map { .string($0.name[language]) } ?? .null),
        ])
    }

    // MARK: Text

    func text(_ session: WalkSession, startTree: Tree) -> [String] {
        let profileName = library.profile(startTree.profileID)?.name[language] ?? startTree.profileID
        var lines = ["\(profileName) › \(startTree.title[language])", ""]
        for (index, entry) in session.path.enumerated() {
            guard let node = library.node(entry.ref) else { continue }
            var line = "\(index + 1). [\(Strings.kindName(node.kind, language))] \(firstLine(node.text[language]))"
            if let answer = entry.answer {
                let label = node.options.first { $0.id == answer }?.label[language] ?? Strings.answerLabel(answer, language)
                line += " → \(label)"
            }
            lines.append(line)
            if let observed = entry.observed {
                lines.append("   " + Strings.autoAnswered(observed, language))
            }
        }
        if !session.path.isEmpty { lines.append("") }
        lines += nodeLines(session)
        return lines
    }

    /// The current node in full: text, checklist, options (unless the caller numbers them itself), contacts, source.
    func nodeLines(_ session: WalkSession, listingAnswers: Bool = true) -> [String] {
        let node = session.node
        var lines = ["【\(Strings.kindName(node.kind, language))】\(title(of: node, in: session.current))", node.text[language]]
        for (index, step) in node.steps.enumerated() { lines.append("  \(index + 1)) \(step[language])") }
        if let tell = node.tell { lines.append(Strings.tellThem(language) + tell[language]) }
        let contacts = node.contacts.compactMap { library.contact($0, in: session.current.profile) }
        if !contacts.isEmpty {
            lines.append(Strings.contactsHeading(language))
            for contact in contacts { lines += ContactFormat.lines(contact, language).map { "  " + $0 } }
        }
        let choices = session.choices
        if listingAnswers, !choices.isEmpty, node.kind != .step {
            lines.append(Strings.optionsHeading(language))
            for choice in choices { lines.append("  \(choice.id): \(choice.label[language])") }
        }
        lines.append(Strings.sourceLabel(language) + node.source)
        return lines
    }

    private func firstLine(_ text: String) -> String {
        text.split(separator: "\n").first.map(String.init) ?? text
    }
}
