import Guides
import TerminalUI

/// The frame around every screen: a header with the trail and badges, a key bar at the bottom,
/// and the "terminal too small" screen below the minimum size.
enum Chrome {
    /// Below this the layout cannot show a node and its options; say so instead of garbling.
    static let minimum = Size(width: 60, height: 16)

    static func isTooSmall(_ size: Size) -> Bool { size.width < minimum.width || size.height < minimum.height }

    static func render(_ app: AppModel, into canvas: inout Canvas) {
        let size = canvas.size
        guard !isTooSmall(size) else {
            renderTooSmall(app, into: &canvas)
            return
        }
        renderHeader(app, into: &canvas)
        let body = Rect(x: 0, y: 1, width: size.width, height: size.height - 2)
        canvas.within(body) { c in app.top.render(&c, app) }
        renderFooter(app, into: &canvas)
        if let overlay = app.overlay {
            overlay.render(&canvas, app)
        }
    }

    static func renderHeader(_ app: AppModel, into canvas: inout Canvas) {
        let width = canvas.width
        canvas.fill(Rect(x: 0, y: 0, width: width, height: 1), role: .header)
        var badges: [Span] = []
        if let title = app.scenarioTitle {
            badges.append(Span(" " + app.t("演示", "DEMO") + " ", .badge))
            badges.append(Span(" " + title[app.language] + " ", .header))
        }
        badges.append(Span(app.language == .zh ? " 中文 " : " EN ", .header))
        let badgeWidth = badges.reduce(0) { $0 + TextWidth.width(of: $1.text) }
        let room = max(0, width - min(badgeWidth, width / 2) - 1)
        let trail = ([app.t("UKey 证书助手", "UKey doctor")] + app.top.crumbs(app)).joined(separator: " › ")
        canvas.write(" " + TextWidth.truncate(trail, to: max(0, room - 1)), at: Point(x: 0, y: 0), role: .header)
        var x = width - min(badgeWidth, width / 2)
        for badge in badges {
            let text = TextWidth.truncate(badge.text, to: max(0, width - x))
            x = canvas.write(text, at: Point(x: x, y: 0), role: badge.role)
        }
    }

    static func renderFooter(_ app: AppModel, into canvas: inout Canvas) {
        let y = canvas.height - 1
        if let notice = app.notice {
            canvas.write(" " + notice, at: Point(x: 0, y: y), role: .emphasis)
            return
        }
        var x = 0
        for hint in app.top.hints(app) + [("?", app.t("帮助", "help")), ("q", app.t("退出", "quit"))] {
            let needed = TextWidth.width(of: hint.key) + TextWidth.width(of: hint.label) + 3
            if x + needed > canvas.width { break }
            x = canvas.write(" " + hint.key, at: Point(x: x, y: y), role: .keyHint)
            x = canvas.write(" " + hint.label + " ", at: Point(x: x, y: y), role: .dim)
        }
    }

    static func renderTooSmall(_ app: AppModel, into canvas: inout Canvas) {
        let lines = [
            app.t("终端太小", "Terminal too small"),
            app.t("需要至少 \(minimum.width)×\(minimum.height)，现在 \(canvas.width)×\(canvas.height)",
                  "need \(minimum.width)×\(minimum.height), now \(canvas.width)×\(canvas.height)"),
            app.t("请放大窗口，或按 q 退出", "enlarge the window, or press q to quit"),
        ]
        // Wrapped, not cut: at 20×5 the whole message still fits (the title, then the rest).
        let rows = lines.enumerated().flatMap { index, line in
            TextLayout.wrap(line, width: canvas.width, hangingIndent: false).map { (index, $0) }
        }
        let top = max(0, (canvas.height - rows.count) / 2)
        for (row, (index, line)) in rows.enumerated() where top + row < canvas.height {
            canvas.write(TextWidth.center(TextWidth.truncate(line, to: canvas.width), to: canvas.width),
                         at: Point(x: 0, y: top + row), role: index == 0 ? .warning : .normal)
        }
    }
}

/// A list with a selection that scrolls to keep it visible; remembers where rows were drawn,
/// so a mouse click can find its row.
struct SelectableList {
    var selection = 0
    var offset = 0
    private(set) var rowRects: [(index: Int, rect: Rect)] = []

    mutating func clamp(count: Int) {
        selection = count == 0 ? 0 : min(max(0, selection), count - 1)
    }

    mutating func move(_ delta: Int, count: Int) {
        selection += delta
        clamp(count: count)
    }

    /// Keeps `selection` within `visible` rows starting at `offset`.
    mutating func scrollIntoView(visible: Int) {
        guard visible > 0 else { return }
        if selection < offset { offset = selection }
        if selection >= offset + visible { offset = selection - visible + 1 }
        offset = max(0, offset)
    }

    mutating func recordRow(_ index: Int, _ rect: Rect) { rowRects.append((index, rect)) }
    mutating func resetRows() { rowRects.removeAll() }

    /// The row at a point of the whole screen (rects are recorded in screen coordinates).
    func row(at point: Point) -> Int? { rowRects.first { $0.rect.contains(point) }?.index }
}

/// Where the body sits on the whole screen: the header takes row 0.
enum BodyOrigin {
    static let y = 1
}

extension Key {
    /// "1"…"9" as an index 0…8.
    var digitIndex: Int? {
        if case .character(let c) = self, let value = c.wholeNumberValue, (1...9).contains(value), c.isASCII { return value - 1 }
        return nil
    }
}
