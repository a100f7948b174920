import Diagnosis
import Foundation
import Guides
import TerminalUI

/// One node per screen: the trail, what the probe answered and why, the instruction or remedy
/// with its checklist and contacts, and the answers (by number, arrows + Enter, or a click).
final class WalkScreen: Screen {
    let session: WalkSession
    var options = SelectableList()
    /// Checklist items ticked with the space bar, per node.
    var ticked: [NodeRef: Set<Int>] = [:]
    /// Lines scrolled off the top of a long node.
    var scroll = 0
    private var shownNode: NodeRef?
    /// For steps that wait for the key to be pulled or inserted: the token events seen when the step appeared.
    private var eventsAtEntry = 0

    init(session: WalkSession) {
        self.session = session
    }

    func crumbs(_ app: AppModel) -> [String] {
        let tree = session.tree
        var trail = [tree.title[app.language]]
        if let title = session.node.title?[app.language] { trail.append(title) }
        return trail
    }

    func hints(_ app: AppModel) -> [(key: String, label: String)] {
        var hints: [(String, String)] = [("Enter", app.t("选择", "choose"))]
        if session.choices.count > 1 { hints.insert(("1-\(min(9, session.choices.count))", app.t("直接选", "pick")), at: 0) }
        if !session.node.steps.isEmpty { hints.append((app.t("空格", "Space"), app.t("勾选", "tick"))) }
        hints += [("b", app.t("返回", "back")), ("h", app.t("首页", "home")), ("c", app.t("联系人", "contacts")), ("r", app.t("报告", "report"))]
        return hints
    }

    /// What Enter does at an end: nothing to answer, go home.
    private var isEnd: Bool { session.isFinished }

    func handle(_ key: Key, _ app: AppModel) -> Bool {
        let choices = session.choices
        if let index = key.digitIndex {
            guard choices.indices.contains(index) else { return true }
            answer(choices[index].id, app)
            return true
        }
        switch key {
        case .up: options.move(-1, count: choices.count)
        case .down, .tab: options.move(1, count: choices.count)
        case .pageDown: scroll += 5
        case .pageUp: scroll = max(0, scroll - 5)
        case .home: scroll = 0
        case .end: scroll += 1000
        case .character(" "):
            var set = ticked[session.current, default: []]
            if let next = session.node.steps.indices.first(where: { !set.contains($0) }) {
                set.insert(next)
            } else {
                set.removeAll()
            }
            ticked[session.current] = set
        case .enter:
            if isEnd {
                app.walked += session.path
                app.home()
            } else if choices.indices.contains(options.selection) {
                answer(choices[options.selection].id, app)
            }
        case .backspace, .character("b"), .escape:
            if session.back() {
                options = SelectableList()
                scroll = 0
            } else {
                app.back()
            }
        case .mouse(let x, let y, let kind):
            switch kind {
            case .scrollUp: scroll = max(0, scroll - 3)
            case .scrollDown: scroll += 3
            case .click, .press:
                if let index = options.row(at: Point(x: x, y: y)), choices.indices.contains(index) { answer(choices[index].id, app) }
            default: break
            }
        default:
            return false
        }
        return true
    }

    private func answer(_ id: String, _ app: AppModel) {
        guard (try? session.answer(id)) != nil else { return }
        options = SelectableList()
        scroll = 0
    }

    // MARK: Drawing

    func render(_ canvas: inout Canvas, _ app: AppModel) {
        options.resetRows()
        let node = session.node
        if shownNode != session.current {
            shownNode = session.current
            eventsAtEntry = app.tokenEvents.count
        }
        let language = app.language
        let choices = session.choices
        options.clamp(count: choices.count)

        // The answers sit under the box; the box takes what is left.
        let answerRows = isEnd ? 1 : min(choices.count, max(1, canvas.height / 3))
        let available = max(3, canvas.height - answerRows - 1)
        // The box fits its content (one margin column each side); the answers follow right under it.
        let lines = bodyLines(app, width: canvas.width - 4)
        let boxHeight = min(available, max(3, lines.count + 2))
        let kind = Strings.kindName(node.kind, language)
        let title = "\(kind) · " + (node.title?[language] ?? session.tree.title[language])
        let inner = canvas.box(Rect(x: 0, y: 0, width: canvas.width, height: boxHeight), title: title,
                               role: .border, titleRole: kindRole(node.kind)).inset(left: 1, right: 1)
        let maxScroll = max(0, lines.count - inner.height)
        scroll = min(scroll, maxScroll)
        for (row, line) in lines.dropFirst(scroll).prefix(inner.height).enumerated() {
            canvas.write(line.spans, at: Point(x: inner.x, y: inner.y + row))
        }
        if maxScroll > 0 {
            let more = scroll < maxScroll ? app.t(" PgDn 更多 ↓ ", " PgDn more ↓ ") : app.t(" PgUp ↑ ", " PgUp ↑ ")
            canvas.write(more, at: Point(x: inner.maxX - TextWidth.width(of: more), y: inner.maxY), role: .dim)
        }
        let source = " " + app.t("出处 ", "source ") + node.source + " "
        canvas.write(source, at: Point(x: max(inner.x, inner.maxX - TextWidth.width(of: source)), y: 0), role: .dim)

        // Answers.
        let top = boxHeight + 1
        if isEnd {
            let end = node.kind == .done ? app.t("✓ 完成。按 Enter 回到首页", "✓ Done. Enter goes home")
                                         : app.t("按 Enter 回到首页 · c 查看全部联系人 · r 生成报告", "Enter: home · c: all contacts · r: write a report")
            canvas.write(" " + end, at: Point(x: 0, y: top), role: node.kind == .done ? .ok : .emphasis)
            return
        }
        options.scrollIntoView(visible: answerRows)
        for (row, (index, choice)) in choices.enumerated().dropFirst(options.offset).prefix(answerRows).enumerated() {
            let y = top + row
            let selected = index == options.selection
            let rect = Rect(x: 0, y: y, width: canvas.width, height: 1)
            options.recordRow(index, rect.offsetBy(dx: 0, dy: BodyOrigin.y))
            if selected { canvas.fill(rect, role: .selected) }
            let number = index < 9 ? "\(index + 1)" : " "
            var x = canvas.write(selected ? " ▶ " : "   ", at: Point(x: 0, y: y), role: selected ? .selected : .dim)
            x = canvas.write(number, at: Point(x: x, y: y), role: selected ? .selected : .keyHint)
            canvas.write(" " + TextWidth.truncate(choice.label[language], to: max(0, canvas.width - x - 2)),
                         at: Point(x: x, y: y), role: selected ? .selected : .normal)
        }
    }

    private func kindRole(_ kind: Node.Kind) -> Role {
        switch kind {
        case .remedy: .ok
        case .escalate: .warning
        case .done: .ok
        default: .title
        }
    }

    struct Line { var spans: [Span] }

    /// The node's content as display lines of `width` columns.
    func bodyLines(_ app: AppModel, width: Int) -> [Line] {
        let node = session.node
        let language = app.language
        var lines: [Line] = []
        func paragraph(_ text: String, _ role: Role = .normal, indent: String = "") {
            for (index, piece) in TextLayout.wrap(text, width: max(1, width - TextWidth.width(of: indent))).enumerated() {
                lines.append(Line(spans: [Span(index == 0 ? indent : String(repeating: " ", count: TextWidth.width(of: indent))), Span(piece, role)]))
            }
        }
        // What the probe answered on the way here, and why.
        for entry in session.autoAnswered {
            guard let observed = entry.observed else { continue }
            let meaning = FactCatalog.definition(observed.fact)?.meaning[language] ?? observed.fact
            let value = Strings.factValue(observed.value, language)
            let question = app.library.node(entry.ref)?.text[language] ?? ""
            paragraph(app.t("✓ 检测已回答“\(question)”：\(meaning) = \(value)，所以选“\(observed.result ? "是" : "否")”。",
                            "✓ The probe answered “\(question)”: \(meaning) = \(value), so “\(observed.result ? "yes" : "no")”."), .ok)
        }
        if !session.autoAnswered.isEmpty { lines.append(Line(spans: [])) }
        paragraph(node.text[language])
        if let wait = node.wait { waitLines(wait, app).forEach { paragraph($0.text, $0.role) } }
        if !node.steps.isEmpty {
            lines.append(Line(spans: []))
            let done = ticked[session.current, default: []]
            for (index, step) in node.steps.enumerated() {
                let box = done.contains(index) ? "[x] " : "[ ] "
                let text = "\(index + 1)) " + step[language]
                let wrapped = TextLayout.wrap(text, width: max(1, width - 5), hangingIndent: true)
                for (row, piece) in wrapped.enumerated() {
                    lines.append(Line(spans: [Span(row == 0 ? " " + box : "     ", done.contains(index) ? .ok : .dim),
                                              Span(piece, done.contains(index) ? .dim : .normal)]))
                }
            }
        }
        if let tell = node.tell {
            lines.append(Line(spans: []))
            paragraph(app.t("告诉对方：", "Tell them: ") + tell[language], .emphasis)
        }
        let contacts = node.contacts.compactMap { app.library.contact($0, in: session.current.profile) }
        if !contacts.isEmpty {
            lines.append(Line(spans: []))
            lines.append(Line(spans: [Span(app.t("联系人", "Contacts"), .title)]))
            for contact in contacts {
                paragraph(ContactCard.oneLine(contact, language), .normal, indent: " • ")
            }
        }
        return lines
    }

    /// "Unplug the key, then put it back" steps: ticked off as the probe sees the events.
    private func waitLines(_ wait: Node.Wait, _ app: AppModel) -> [(text: String, role: Role)] {
        let events = Array(app.tokenEvents.dropFirst(eventsAtEntry))
        let removed = events.contains(.removed)
        let inserted = removed ? events.drop { $0 != .removed }.contains(.inserted) : events.contains(.inserted)
        let mark = { (done: Bool) in done ? "✓" : "…" }
        switch wait {
        case .removed:
            return [(app.t("\(mark(removed)) 等待拔出 UKey", "\(mark(removed)) waiting for the UKey to be pulled out"), removed ? .ok : .dim)]
        case .inserted:
            let seen = events.contains(.inserted)
            return [(app.t("\(mark(seen)) 等待插入 UKey", "\(mark(seen)) waiting for the UKey to be inserted"), seen ? .ok : .dim)]
        case .reinserted:
            var lines = [(app.t("\(mark(removed)) 拔出 UKey", "\(mark(removed)) pull the UKey out"), removed ? Role.ok : .dim),
                         (app.t("\(mark(inserted)) 重新插入", "\(mark(inserted)) insert it again"), inserted ? Role.ok : .dim)]
            if removed && inserted { lines.append((app.t("已检测到重新插入，按 Enter 继续", "Re-insertion seen; press Enter to go on"), .ok)) }
            return lines
        }
    }

}

/// Contacts as the screens show them.
enum ContactCard {
    static func oneLine(_ contact: Contact, _ language: Language) -> String {
        let labels = Strings.contactLabels(language)
        var parts = ["\(contact.name[language])（\(contact.role[language])）"]
        if language == .en { parts = ["\(contact.name.en) (\(contact.role.en))"] }
        if let phone = contact.phone { parts.append("\(labels.phone) \(phone)") }
        if let wechat = contact.wechat, wechat != contact.phone { parts.append("\(labels.wechat) \(wechat)") }
        else if contact.wechat != nil { parts.append(language == .zh ? "微信同号" : "WeChat same number") }
        if let qq = contact.qq { parts.append("QQ \(qq)") }
        if let email = contact.email { parts.append(email) }
        if let url = contact.url { parts.append(url) }
        if let hours = contact.hours { parts.append(hours[language]) }
        if parts.count == 1, let note = contact.note { parts.append(note[language]) }
        return parts.joined(separator: " · ")
    }
}
