import Diagnosis
import Foundation
import Guides
import TerminalUI

/// What users see first: the key as the probe sees it (live), the findings each leading to its
/// tree, and the profile's problems as a list.
final class HomeScreen: Screen {
    enum Item {
        case finding(Finding)
        case tree(Tree)
        case profile(Profile)
    }

    var list = SelectableList()

    func items(_ app: AppModel) -> [Item] {
        let findings = app.report.findings.map(Item.finding)
        if let profile = app.profile {
            return findings + profile.trees.map(Item.tree)
        }
        return findings + app.library.guideProfiles.map(Item.profile)
    }

    func crumbs(_ app: AppModel) -> [String] {
        [app.profile?.name[app.language] ?? app.t("未识别平台", "profile not recognised")]
    }

    func hints(_ app: AppModel) -> [(key: String, label: String)] {
        var hints = [("↑↓", app.t("选择", "select")), ("Enter", app.t("打开", "open")), ("/", app.t("搜索", "search")),
                     ("c", app.t("联系人", "contacts")), ("r", app.t("报告", "report")), ("p", app.t("平台", "profile")),
                     ("l", app.language == .zh ? "English" : "中文")]
        if app.isDemo { hints += [("d", app.t("换场景", "scenario")), ("u", app.t("插拔", "plug"))] }
        return hints
    }

    func handle(_ key: Key, _ app: AppModel) -> Bool {
        let items = self.items(app)
        switch key {
        case .up: list.move(-1, count: items.count)
        case .down, .tab: list.move(1, count: items.count)
        case .pageUp: list.move(-8, count: items.count)
        case .pageDown: list.move(8, count: items.count)
        case .home: list.move(-items.count, count: items.count)
        case .end: list.move(items.count, count: items.count)
        case .enter: open(items, app)
        case .mouse(let x, let y, let kind):
            switch kind {
            case .scrollUp: list.move(-3, count: items.count)
            case .scrollDown: list.move(3, count: items.count)
            case .click, .press:
                guard let index = list.row(at: Point(x: x, y: y)) else { return true }
                if list.selection == index || kind == .click(button: 1) {
                    list.selection = index
                    open(items, app)
                } else {
                    list.selection = index
                }
            default: break
            }
        default:
            return false
        }
        return true
    }

    private func open(_ items: [Item], _ app: AppModel) {
        guard items.indices.contains(list.selection) else { return }
        switch items[list.selection] {
        case .finding(let finding):
            if let ref = finding.tree, let tree = app.library.profile(ref.profile)?.tree(ref.tree) { app.open(tree: tree) }
        case .tree(let tree):
            app.open(tree: tree)
        case .profile(let profile):
            app.chosenProfile = profile.id
            list.selection = 0
        }
    }

    // MARK: Drawing

    func render(_ canvas: inout Canvas, _ app: AppModel) {
        list.resetRows()
        let items = self.items(app)
        list.clamp(count: items.count)
        let width = canvas.width
        let twoColumns = width >= 72
        let panelHeight = (twoColumns ? 4 : 7) + 2
        let panel = canvas.box(Rect(x: 0, y: 0, width: width, height: panelHeight), title: panelTitle(app))
        canvas.within(panel) { c in TokenPanel(app: app).render(&c, twoColumns: twoColumns) }

        let findings = items.enumerated().filter { if case .finding = $0.element { true } else { false } }
        let rest = items.enumerated().filter { if case .finding = $0.element { false } else { true } }
        var y = panelHeight
        let remaining = canvas.height - y
        let findingsHeight = findings.isEmpty ? 3 : min(findings.count + 2, max(3, remaining / 2))
        let findingsBox = canvas.box(Rect(x: 0, y: y, width: width, height: findingsHeight),
                                     title: app.t("检测发现", "Findings") + (findings.isEmpty ? "" : " (\(findings.count))"))
        if findings.isEmpty {
            let ok = app.report.service.status == .running && app.tokenPresent
            canvas.write(ok ? app.t("✓ 没有发现问题", "✓ Nothing wrong found") : app.t("（没有检测结果）", "(nothing to report)"),
                         at: Point(x: findingsBox.x + 1, y: findingsBox.y), role: ok ? .ok : .dim)
        }
        drawRows(findings, in: findingsBox, canvas: &canvas, app: app)
        y += findingsHeight
        let listTitle = app.profile == nil ? app.t("选择平台（按颁发机构无法识别）", "Choose the platform (not recognised from the issuer)")
                                           : app.t("常见问题", "Problems")
        let listBox = canvas.box(Rect(x: 0, y: y, width: width, height: canvas.height - y), title: listTitle)
        drawRows(rest, in: listBox, canvas: &canvas, app: app)
    }

    private func panelTitle(_ app: AppModel) -> String {
        let when = ProbeText.localTime(app.probedAt).suffix(5)
        return app.t("UKey · \(when) 检测", "UKey · probed \(when)")
    }

    /// Rows of `entries` in `box`, scrolled so the selection shows when it is among them.
    private func drawRows(_ entries: [(offset: Int, element: Item)], in box: Rect, canvas: inout Canvas, app: AppModel) {
        guard box.height > 0, !entries.isEmpty else { return }
        var first = 0
        if let position = entries.firstIndex(where: { $0.offset == list.selection }) {
            if position >= box.height { first = position - box.height + 1 }
        }
        for (row, entry) in entries.dropFirst(first).prefix(box.height).enumerated() {
            let y = box.y + row
            let selected = entry.offset == list.selection
            let rect = Rect(x: box.x, y: y, width: box.width, height: 1)
            list.recordRow(entry.offset, rect.offsetBy(dx: 0, dy: BodyOrigin.y))
            if selected { canvas.fill(rect, role: .selected) }
            let (mark, markRole, text) = describe(entry.element, app)
            var x = canvas.write(selected ? "▶" : " ", at: Point(x: box.x, y: y), role: selected ? .selected : .dim)
            x = canvas.write(mark, at: Point(x: x, y: y), role: selected ? .selected : markRole)
            canvas.write(" " + TextWidth.truncate(text, to: max(0, box.maxX - x - 1)), at: Point(x: x, y: y),
                         role: selected ? .selected : .normal)
        }
        if entries.count > box.height, box.height > 1 {
            let more = app.t("↓ 还有 \(entries.count - box.height - first)", "↓ \(entries.count - box.height - first) more")
            if first + box.height < entries.count {
                canvas.write(more, at: Point(x: box.maxX - TextWidth.width(of: more), y: box.maxY - 1), role: .dim)
            }
        }
    }

    private func describe(_ item: Item, _ app: AppModel) -> (String, Role, String) {
        switch item {
        case .finding(let finding):
            let (mark, role): (String, Role) = finding.severity == .error ? ("✗", .error) : finding.severity == .warning ? ("!", .warning) : ("·", .dim)
            var text = finding.message[app.language]
            if let ref = finding.tree, let title = app.library.profile(ref.profile)?.tree(ref.tree)?.title[app.language] {
                text += " → " + title
            }
            return (mark, role, text)
        case .tree(let tree):
            return ("•", .dim, tree.title[app.language])
        case .profile(let profile):
            return ("•", .dim, profile.name[app.language])
        }
    }
}

/// The key as the probe sees it, in labelled fields.
struct TokenPanel {
    let app: AppModel

    func fields() -> [(label: String, value: String, role: Role)] {
        let report = app.report
        let t = app.t
        var reader = t("无", "none")
        var readerRole: Role = .dim
        switch report.service.status {
        case .running:
            if let card = report.readers.first(where: { $0.card != nil }) {
                reader = card.name
                readerRole = .normal
            } else if let token = report.usb.first(where: \.needsVendorDriver) {
                reader = t("USB：", "USB: ") + (token.model ?? token.vendorID)
                readerRole = .warning
            } else if !report.readers.isEmpty {
                reader = t("读卡器空", "reader empty")
                readerRole = .warning
            } else {
                reader = t("未检测到 UKey", "no UKey seen")
                readerRole = .warning
            }
        case .notRunning: reader = t("智能卡服务未运行", "smart-card service not running"); readerRole = .error
        case .noAccess: reader = t("无权访问智能卡服务", "no access to the smart-card service"); readerRole = .error
        case .failed: reader = t("智能卡服务出错", "smart-card service error"); readerRole = .error
        }
        let card = report.primaryCard
        var model = card?.model ?? (card == nil ? "—" : t("未知型号", "unknown model"))
        if card?.state == .mute { model += t("（无应答）", " (mute)") }
        let certificate = report.primaryCertificate
        let owner = certificate?.summary?.owner ?? certificate?.summary?.subject ?? "—"
        var validity = "—", validityRole: Role = .dim
        if let summary = certificate?.summary, let days = certificate?.daysLeft {
            validity = ProbeText.day(summary.notAfter) + "（" + Strings.daysInWords(days)[app.language] + "）"
            if app.language == .en { validity = ProbeText.day(summary.notAfter) + " (" + Strings.daysInWords(days).en + ")" }
            validityRole = days < 0 ? .error : days <= 30 ? .warning : .ok
        }
        var renewal = "—", renewalRole: Role = .dim
        if let evaluation = certificate?.renewal {
            renewal = Strings.renewalStatus(evaluation)[app.language]
            renewalRole = evaluation.status == .tooLate ? .error : evaluation.status == .overdueRenewable ? .warning : .normal
        }
        var pin = "—", pinRole: Role = .dim
        if let state = card?.pin {
            if state.blocked { pin = t("已锁定", "locked"); pinRole = .error }
            else if let tries = state.triesLeft { pin = t("剩余 \(tries) 次", "\(tries) tries left"); pinRole = tries <= 2 ? .warning : .ok }
        }
        return [
            (t("读卡器", "Reader"), reader, readerRole),
            (t("持有人", "Owner"), owner, certificate == nil ? .dim : .emphasis),
            (t("有效期至", "Valid to"), validity, validityRole),
            (t("型号", "Model"), model, card == nil ? .dim : .normal),
            (t("延期", "Renewal"), renewal, renewalRole),
            (t("密码", "PIN"), pin, pinRole),
        ]
    }

    func render(_ canvas: inout Canvas, twoColumns: Bool) {
        let fields = self.fields()
        let labelWidth = app.language == .zh ? 9 : 10
        let columnWidth = twoColumns ? canvas.width / 2 : canvas.width
        for (index, field) in fields.enumerated() {
            let column = twoColumns ? index / 3 : 0
            let row = twoColumns ? index % 3 : index
            let x = column * columnWidth + 1
            canvas.write(field.label, at: Point(x: x, y: row), width: labelWidth, role: .dim)
            canvas.write(TextWidth.truncate(field.value, to: max(0, columnWidth - labelWidth - 2)),
                         at: Point(x: x + labelWidth, y: row), role: field.role)
        }
        let row = twoColumns ? 3 : 6
        let profile = app.profile.map { app.t("平台：", "Profile: ") + $0.name[app.language] } ?? app.t("平台：未识别（按 p 选择）", "Profile: not recognised (press p)")
        canvas.write(TextWidth.truncate(profile, to: canvas.width - 2), at: Point(x: 1, y: row), role: .dim)
    }
}
