import Guides
import TerminalUI

/// `/`: type the error text the user reads out; results change as you type.
final class SearchScreen: Screen {
    var query = ""
    var list = SelectableList()
    private var cachedQuery: String?
    private var cachedResults: [SearchIndex.Result] = []
    private var index: SearchIndex?

    func crumbs(_ app: AppModel) -> [String] { [app.t("搜索", "Search")] }

    func hints(_ app: AppModel) -> [(key: String, label: String)] {
        [("↑↓", app.t("选择", "select")), ("Enter", app.t("打开", "open")), ("Esc", app.t("返回", "back"))]
    }

    func results(_ app: AppModel) -> [SearchIndex.Result] {
        if cachedQuery != query {
            if index == nil { index = SearchIndex(library: app.library) }
            cachedResults = index?.search(query, profile: nil, limit: 30) ?? []
            // The active profile's trees first among equals.
            if let profile = app.profileID {
                cachedResults = cachedResults.enumerated().sorted { a, b in
                    let (x, y) = (a.element, b.element)
                    if abs(x.score - y.score) > 0.0001 { return x.score > y.score }
                    if (x.profile == profile) != (y.profile == profile) { return x.profile == profile }
                    return a.offset < b.offset
                }.map(\.element)
            }
            cachedQuery = query
            list = SelectableList()
        }
        return cachedResults
    }

    /// Every printable key goes into the query: `q`, `h`, `/` are text here, Esc leaves.
    func handle(_ key: Key, _ app: AppModel) -> Bool {
        let results = self.results(app)
        switch key {
        case .character(let c) where !c.isNewline:
            query.append(c)
        case .backspace, .delete:
            if query.isEmpty { app.back() } else { query.removeLast() }
        case .ctrl("u"):
            query = ""
        case .escape:
            app.back()
        case .up: list.move(-1, count: results.count)
        case .down, .tab: list.move(1, count: results.count)
        case .pageUp: list.move(-8, count: results.count)
        case .pageDown: list.move(8, count: results.count)
        case .enter:
            open(results, app)
        case .mouse(let x, let y, let kind):
            switch kind {
            case .scrollUp: list.move(-3, count: results.count)
            case .scrollDown: list.move(3, count: results.count)
            case .click, .press:
                if let row = list.row(at: Point(x: x, y: y)) { list.selection = row; open(results, app) }
            default: break
            }
        case .ctrl("c"):
            return false
        default:
            return key == .character("?") ? false : true
        }
        return true
    }

    private func open(_ results: [SearchIndex.Result], _ app: AppModel) {
        guard results.indices.contains(list.selection),
              let tree = app.library.profile(results[list.selection].profile)?.tree(results[list.selection].tree) else { return }
        app.open(tree: tree)
    }

    func render(_ canvas: inout Canvas, _ app: AppModel) {
        list.resetRows()
        let results = self.results(app)
        list.clamp(count: results.count)
        let field = canvas.box(Rect(x: 0, y: 0, width: canvas.width, height: 3),
                               title: app.t("输入看到的报错文字或问题（可只输入一部分）", "Type the error text or the problem (a part is enough)"))
        let shown = TextWidth.width(of: query) > field.width - 2 ? "…" + String(query.suffix(field.width / 2)) : query
        let x = canvas.write(shown, at: Point(x: field.x, y: field.y), role: .input)
        canvas.write("▏", at: Point(x: x, y: field.y), role: .input)

        let box = canvas.box(Rect(x: 0, y: 3, width: canvas.width, height: canvas.height - 3),
                             title: query.isEmpty ? app.t("结果", "Results") : app.t("结果（\(results.count)）", "Results (\(results.count))"))
        if query.isEmpty {
            canvas.writeWrapped(app.t("例如：产生密钥对失败、签名失败、未检测到 KEY、密码锁定、下一步按钮不显示",
                                      "e.g. 产生密钥对失败, signing failed, KEY not detected, PIN locked, next button missing"),
                                in: box, role: .dim)
            return
        }
        if results.isEmpty {
            canvas.writeWrapped(app.t("没有找到。换个说法，或只输入报错中的几个字。", "Nothing found. Try other words, or just a few words of the error."),
                                in: box, role: .warning)
            return
        }
        list.scrollIntoView(visible: max(1, box.height / 2))
        var y = box.y
        for (index, result) in results.enumerated().dropFirst(list.offset) {
            guard y + 1 < box.maxY else { break }
            let selected = index == list.selection
            let rect = Rect(x: box.x, y: y, width: box.width, height: 2)
            list.recordRow(index, rect.offsetBy(dx: 0, dy: BodyOrigin.y))
            if selected { canvas.fill(rect, role: .selected) }
            let role: Role = selected ? .selected : .normal
            let profileName = app.library.profile(result.profile)?.name[app.language] ?? result.profile
            let bar = String(repeating: "█", count: Int((result.score * 5).rounded())) + String(repeating: "░", count: 5 - Int((result.score * 5).rounded()))
            var x = canvas.write((selected ? "▶ " : "  ") + bar + " ", at: Point(x: box.x, y: y), role: selected ? .selected : .ok)
            x = canvas.write(TextWidth.truncate(result.title[app.language], to: max(0, box.maxX - x)), at: Point(x: x, y: y), role: role)
            canvas.write("    " + TextWidth.truncate(profileName + " · " + app.t("匹配：", "matched: ") + result.matched, to: max(0, box.width - 4)),
                         at: Point(x: box.x, y: y + 1), role: selected ? .selected : .dim)
            y += 2
        }
    }
}
