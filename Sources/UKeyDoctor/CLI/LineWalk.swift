import Foundation
import Guides
import TerminalUI

/// The walk one line at a time, for terminals where the full-screen UI cannot run.
struct LineWalk {
    let session: WalkSession
    let presenter: WalkPresenter

    /// Columns of the terminal (TIOCGWINSZ), else $COLUMNS, else 80.
    var width: Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 80
    }

    func run() {
        let language = presenter.language
        var shown: NodeRef?
        while true {
            if shown != session.current {
                for entry in session.autoAnswered {
                    if let observed = entry.observed { Console.out("  " + Strings.autoAnswered(observed, language)) }
                }
                Console.out("")
                for line in presenter.nodeLines(session, listingAnswers: false) {
                    // Wrapped at the terminal's width by display width, never in the middle of a word.
                    let indent = String(line.prefix { $0 == " " })
                    for piece in TextLayout.wrap(String(line.dropFirst(indent.count)), width: max(20, width - indent.count)) {
                        Console.out(indent + piece)
                    }
                }
                shown = session.current
            }
            if session.isFinished { return }
            let choices = session.choices
            let prompt: String
            if session.node.kind == .step {
                prompt = Strings.linePromptStep(language)
            } else {
                for (index, choice) in choices.enumerated() {
                    Console.out(TextWidth.truncate("  [\(index + 1)] \(choice.label[language])", to: max(20, width)).trimmingCharacters(in: .whitespaces))
                }
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
