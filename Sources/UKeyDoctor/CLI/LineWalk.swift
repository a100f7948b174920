import Foundation
import Guides

/// The walk one line at a time, for terminals where the full-screen UI cannot run.
struct LineWalk {
    let session: WalkSession
    let presenter: WalkPresenter

    func run() {
        let language = presenter.language
        var shown: NodeRef?
        while true {
            if shown != session.current {
                for entry in session.autoAnswered {
                    if let observed = entry.observed { Console.out("  " + Strings.autoAnswered(observed, language)) }
                }
                Console.out("")
                presenter.nodeLines(session).forEach { Console.out($0) }
                shown = session.current
            }
            if session.isFinished { return }
            let choices = session.choices
            let prompt: String
            if session.node.kind == .step {
                prompt = Strings.linePromptStep(language)
            } else {
                for (index, choice) in choices.enumerated() { Console.out("  [\(index + 1)] \(choice.label[language])") }
                prompt = Strings.linePrompt(language)
            }
            Console.out(prompt, terminator: "")
            guard let line = readLine()?.trimmingCharacters(in: .whitespaces) else { Console.out(""); return }
            switch line.lowercased() {
            case "q", "quit", "exit": return
            case "b", "back":
                if !session.back() { Console.out(Strings.atStart(language)) }
                shown = nil
                continue
            default: break
            }
            let answer: String?
            if session.node.kind == .step {
                answer = line.isEmpty ? WalkSession.stepDone : nil
            } else if let number = Int(line), (1...choices.count).contains(number) {
                answer = choices[number - 1].id
            } else {
                answer = choices.first { $0.id == line }?.id
            }
            guard let answer, (try? session.answer(answer)) != nil else {
                Console.out(Strings.lineInvalid(language))
                continue
            }
        }
    }
}
