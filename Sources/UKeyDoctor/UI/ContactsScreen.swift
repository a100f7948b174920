import Guides
import TerminalUI

/// Contact cards: name, role, every way to reach them, hours, address, and the problems each is for.
final class ContactsScreen: Screen {
    var scroll = 0

    func crumbs(_ app: AppModel) -> [String] { [app.t("联系人", "Contacts")] }

    func hints(_ app: AppModel) -> [(key: String, label: String)] {
        [("↑↓/PgUp/PgDn", app.t("滚动", "scroll")), ("b", app.t("返回", "back")), ("h", app.t("首页", "home"))]
    }

    func handle(_ key: Key, _ app: AppModel) -> Bool {
        switch key {
        case .up: scroll = max(0, scroll - 1)
        case .down: scroll += 1
        case .pageUp: scroll = max(0, scroll - 10)
        case .pageDown: scroll += 10
        case .home: scroll = 0
        case .end: scroll += 10_000
        case .mouse(_, _, .scrollUp): scroll = max(0, scroll - 3)
        case .mouse(_, _, .scrollDown): scroll += 3
        case .character("c"): return true
        default: return false
        }
        return true
    }

    /// The profile's contacts first, then the site's own desk (common).
    func contacts(_ app: AppModel) -> [(Contact, Profile)] {
        var result: [(Contact, Profile)] = []
        if let profile = app.profile { result += profile.contacts.map { ($0, profile) } }
        else { for profile in app.library.guideProfiles { result += profile.contacts.map { ($0, profile) } } }
        if let common = app.library.common { result += common.contacts.map { ($0, common) } }
        return result
    }

    func render(_ canvas: inout Canvas, _ app: AppModel) {
        var lines: [[Span]] = []
        let width = canvas.width - 2
        for (contact, profile) in contacts(app) {
            lines += card(contact, profile, app, width: width)
            lines.append([])
        }
        let inner = canvas.box(canvas.bounds, title: app.t("联系人", "Contacts") + (app.profile.map { " · " + $0.name[app.language] } ?? ""))
        let maxScroll = max(0, lines.count - inner.height)
        scroll = min(scroll, maxScroll)
        for (row, spans) in lines.dropFirst(scroll).prefix(inner.height).enumerated() {
            canvas.write(spans, at: Point(x: inner.x, y: inner.y + row))
        }
        if maxScroll > scroll {
            let more = app.t(" ↓ 更多 ", " ↓ more ")
            canvas.write(more, at: Point(x: inner.maxX - TextWidth.width(of: more), y: inner.maxY), role: .dim)
        }
    }

    func card(_ contact: Contact, _ profile: Profile, _ app: AppModel, width: Int) -> [[Span]] {
        let language = app.language
        let labels = Strings.contactLabels(language)
        var lines: [[Span]] = [[Span(" " + contact.name[language], .title), Span("  " + contact.role[language], .dim)]]
        let fields: [(String, String?, Role)] = [
            (labels.phone, contact.phone, .link), (labels.wechat, contact.wechat, .link), (labels.qq, contact.qq, .link),
            (labels.email, contact.email, .link), (labels.url, contact.url, .link), (labels.hours, contact.hours?[language], .normal),
            (labels.address, contact.address?[language], .normal), (labels.note, contact.note?[language], .dim),
        ]
        let labelWidth = language == .zh ? 6 : 9
        for (label, value, role) in fields {
            guard let value, !value.isEmpty else { continue }
            for (index, piece) in TextLayout.wrap(value, width: max(1, width - labelWidth - 3)).enumerated() {
                lines.append([Span("   " + TextWidth.pad(index == 0 ? label : "", to: labelWidth), .dim), Span(piece, role)])
            }
        }
        let trees = profile.trees(naming: contact.id).map { $0.title[language] }
        if !trees.isEmpty {
            let text = trees.joined(separator: language == .zh ? "；" : "; ")
            for (index, piece) in TextLayout.wrap(text, width: max(1, width - labelWidth - 3)).enumerated() {
                lines.append([Span("   " + TextWidth.pad(index == 0 ? (language == .zh ? "负责" : "For") : "", to: labelWidth), .dim), Span(piece, .normal)])
            }
        }
        return lines
    }
}
