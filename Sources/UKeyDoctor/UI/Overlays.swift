import Guides
import TerminalUI

/// A centred box over the current screen.
enum OverlayBox {
    /// Clears a centred `width`×`height` rect and boxes it; returns the inner rect.
    static func draw(_ canvas: inout Canvas, width: Int, height: Int, title: String, role: Role = .border) -> Rect {
        let w = min(canvas.width - 2, width), h = min(canvas.height - 2, height)
        let rect = Rect(x: (canvas.width - w) / 2, y: (canvas.height - h) / 2, width: w, height: h)
        canvas.fill(rect, role: .normal)
        return canvas.box(rect, title: title, role: role)
    }
}

/// `?`: every key, in the user's language.
final class HelpOverlay: Overlay {
    func render(_ canvas: inout Canvas, _ app: AppModel) {
        let keys: [(String, String)] = [
            ("↑ ↓ / Tab", app.t("选择", "select")),
            ("Enter", app.t("打开 / 选择答案 / 下一步", "open / choose an answer / next")),
            ("1 … 9", app.t("直接选第几个答案", "pick an answer by number")),
            (app.t("空格", "Space"), app.t("勾选步骤", "tick off a step")),
            ("PgUp PgDn Home End", app.t("翻页、滚动", "page and scroll")),
            ("b / Backspace / Esc", app.t("返回上一步", "back")),
            ("h", app.t("首页", "home")),
            ("/", app.t("搜索报错文字（结果随输入更新）", "search an error text (results as you type)")),
            ("c", app.t("联系人", "contacts")),
            ("r", app.t("生成报告（保存到文件）", "write a report to a file")),
            ("p", app.t("选择平台", "choose the platform")),
            ("l", app.t("切换语言 中文/English", "switch language 中文/English")),
            ("d", app.t("演示：切换场景", "demo: switch scenario")),
            ("u", app.t("演示：拔出 / 插入 UKey", "demo: pull out / insert the UKey")),
            ("?  F1", app.t("本帮助", "this help")),
            ("q  Ctrl-C", app.t("退出", "quit")),
            (app.t("鼠标", "Mouse"), app.t("点击选择，滚轮滚动（Shift+拖动可复制文字）", "click to choose, wheel to scroll (Shift+drag selects text)")),
        ]
        let inner = OverlayBox.draw(&canvas, width: 72, height: keys.count + 4, title: app.t("按键", "Keys"))
        for (row, (key, label)) in keys.enumerated() where row < inner.height - 1 {
            canvas.write(key, at: Point(x: inner.x + 1, y: inner.y + row), width: 20, role: .keyHint)
            canvas.write(TextWidth.truncate(label, to: max(0, inner.width - 22)), at: Point(x: inner.x + 22, y: inner.y + row))
        }
        canvas.write(app.t("按任意键关闭", "any key closes"), at: Point(x: inner.x + 1, y: inner.maxY - 1), role: .dim)
    }

    func handle(_ key: Key, _ app: AppModel) -> OverlayResult {
        if case .resize = key { return .stay }
        return .close
    }
}

/// After `r`: where the report is, and a few sentences to read out on the phone.
final class ReportOverlay: Overlay {
    let path: String
    let summary: [String]

    init(path: String, summary: [String]) {
        self.path = path
        self.summary = summary
    }

    func render(_ canvas: inout Canvas, _ app: AppModel) {
        let width = min(canvas.width - 2, 76)
        var lines: [(String, Role)] = [(app.t("报告已保存：", "Report written to:"), .ok)]
        lines += TextLayout.wrap(path, width: width - 4).map { ($0, .link) }
        lines.append(("", .normal))
        lines.append((app.t("电话里可以这样说：", "To read out on the phone:"), .title))
        for sentence in summary { lines += TextLayout.wrap(sentence, width: width - 6).enumerated().map { ($0.offset == 0 ? "• " + $0.element : "  " + $0.element, .normal) } }
        lines.append(("", .normal))
        lines.append((app.t("按任意键关闭", "any key closes"), .dim))
        let inner = OverlayBox.draw(&canvas, width: width, height: lines.count + 2, title: app.t("报告", "Report"))
        for (row, line) in lines.enumerated() where row < inner.height {
            canvas.write(TextWidth.truncate(line.0, to: inner.width - 1), at: Point(x: inner.x + 1, y: inner.y + row), role: line.1)
        }
    }

    func handle(_ key: Key, _ app: AppModel) -> OverlayResult {
        if case .resize = key { return .stay }
        return .close
    }
}

/// A list to pick from (demo scenario, profile).
class PickerOverlay: Overlay {
    var list = SelectableList()
    let title: LocalizedText
    let items: [(id: String, label: LocalizedText)]

    init(title: LocalizedText, items: [(id: String, label: LocalizedText)], selected: String?) {
        self.title = title
        self.items = items
        list.selection = items.firstIndex { $0.id == selected } ?? 0
    }

    func picked(_ id: String, _ app: AppModel) {}

    func render(_ canvas: inout Canvas, _ app: AppModel) {
        list.resetRows()
        let inner = OverlayBox.draw(&canvas, width: 70, height: items.count + 3, title: title[app.language])
        let visible = max(1, inner.height - 1)
        list.scrollIntoView(visible: visible)
        for (row, (index, item)) in items.enumerated().dropFirst(list.offset).prefix(visible).enumerated() {
            let selected = index == list.selection
            let rect = Rect(x: inner.x, y: inner.y + row, width: inner.width, height: 1)
            list.recordRow(index, rect)
            if selected { canvas.fill(rect, role: .selected) }
            canvas.write((selected ? "▶ " : "  ") + TextWidth.truncate(item.label[app.language], to: inner.width - 3),
                         at: rect.origin, role: selected ? .selected : .normal)
        }
        canvas.write(app.t("Enter 选择 · Esc 取消", "Enter picks · Esc cancels"), at: Point(x: inner.x + 1, y: inner.maxY - 1), role: .dim)
    }

    func handle(_ key: Key, _ app: AppModel) -> OverlayResult {
        switch key {
        case .up: list.move(-1, count: items.count)
        case .down, .tab: list.move(1, count: items.count)
        case .pageUp: list.move(-8, count: items.count)
        case .pageDown: list.move(8, count: items.count)
        case .enter:
            if items.indices.contains(list.selection) { picked(items[list.selection].id, app) }
            return .close
        case .mouse(let x, let y, .click), .mouse(let x, let y, .press):
            if let index = list.row(at: Point(x: x, y: y)) { picked(items[index].id, app); return .close }
        case .escape, .character("q"), .character("b"), .backspace:
            return .close
        default:
            if let index = key.digitIndex, items.indices.contains(index) { picked(items[index].id, app); return .close }
        }
        return .stay
    }
}

/// Trainers: `d` switches the simulated token live.
final class DemoPickerOverlay: PickerOverlay {
    init(app: AppModel) {
        let items = app.content.scenarios.keys.sorted().compactMap { id -> (id: String, label: LocalizedText)? in
            guard let file = app.content.scenarios[id], let scenario = ScenarioLoaderBridge.load(file) else { return nil }
            return (id, LocalizedText(zh: "\(scenario.title.zh) — \(scenario.summary.zh)", en: "\(scenario.title.en) — \(scenario.summary.en)"))
        }
        super.init(title: .init(zh: "演示场景", en: "Demo scenario"), items: items, selected: app.prober.scenario?.id)
    }

    override func picked(_ id: String, _ app: AppModel) { app.switchScenario(id) }
}

/// `p`: which deployment's guide to follow.
final class ProfilePickerOverlay: PickerOverlay {
    init(app: AppModel) {
        super.init(title: .init(zh: "选择平台", en: "Choose the platform"),
                   items: app.library.guideProfiles.map { ($0.id, $0.name) }, selected: app.profileID)
    }

    override func picked(_ id: String, _ app: AppModel) {
        app.chosenProfile = id
        app.home()
    }
}
