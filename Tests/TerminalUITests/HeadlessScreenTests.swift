import Testing
import TerminalUI
@testable import CursesBackend

/// Everything that goes through real ncursesw. One global ncurses state: serialized (and
/// HeadlessScreen also takes a process-wide lock).
@Suite(.serialized) struct HeadlessScreenTests {
    /// Display column where each row's last character starts, e.g. the right border.
    func columnOfLastCharacter(_ line: String) -> Int {
        guard let last = line.last else { return 0 }
        return TextWidth.width(of: line) - TextWidth.width(of: last)
    }

    func certificateBox(_ canvas: inout Canvas) {
        let outer = canvas.bounds
        let inner = canvas.box(outer, title: "证书助手未显示证书信息")
        canvas.within(inner) { c in
            c.write("持有人", at: Point(x: 0, y: 0), width: 8, role: .dim)
            c.write("电信测试1", at: Point(x: 8, y: 0), role: .emphasis)
            c.write("颁发者", at: Point(x: 0, y: 1), width: 8, role: .dim)
            c.write("CN=中国电信 SM2 CA", at: Point(x: 8, y: 1))
            c.write("状态", at: Point(x: 0, y: 2), width: 8, role: .dim)
            c.write("已过期 3 天", at: Point(x: 8, y: 2), role: .error)
        }
        canvas.divider(in: outer, y: 4)
        canvas.within(Rect(x: 1, y: 5, width: outer.width - 2, height: outer.height - 6)) { c in
            c.writeWrapped("更新完成后，新证书需要等待约30分钟才能生效；在此期间请勿拔出UKey！Renewal takes effect after about 30 minutes.",
                           in: c.bounds, role: .warning)
        }
    }

    @Test(arguments: ["xterm-256color", "linux", "vt100", "screen-256color"])
    func boxWithChineseIsAlignedOnScreen(term: String) throws {
        let screen = try HeadlessScreen(width: 40, height: 10, term: term)
        defer { screen.close() }
        var canvas = screen.makeCanvas()
        certificateBox(&canvas)
        screen.draw(canvas)
        let shown = screen.lines()
        // ncurses shows exactly what the canvas holds…
        #expect(shown == canvas.lines())
        // …every row is 40 columns and the right border is in the same column in every row.
        for line in shown {
            #expect(TextWidth.width(of: line) == 40, "\(term): '\(line)'")
            #expect(columnOfLastCharacter(line) == 39, "\(term): '\(line)'")
        }
        let unicode = term != "vt100"
        #expect(screen.capabilities.unicodeBoxes == unicode)
        let h = unicode ? "─" : "-", v = unicode ? "│" : "|"
        let (tl, tr, bl, br) = unicode ? ("┌", "┐", "└", "┘") : ("+", "+", "+", "+")
        let (ml, mr) = unicode ? ("├", "┤") : ("+", "+")
        let rule = String(repeating: h, count: 38)
        #expect(shown == [
            tl + h + " 证书助手未显示证书信息 " + String(repeating: h, count: 13) + tr,
            v + "持有人  电信测试1" + String(repeating: " ", count: 21) + v,
            v + "颁发者  CN=中国电信 SM2 CA" + String(repeating: " ", count: 12) + v,
            v + "状态    已过期 3 天" + String(repeating: " ", count: 19) + v,
            ml + rule + mr,
            v + "更新完成后，新证书需要等待约30分钟才能" + v,
            v + "生效；在此期间请勿拔出UKey！Renewal   " + v,
            v + "takes effect after about 30 minutes.  " + v,
            v + String(repeating: " ", count: 38) + v,
            bl + rule + br,
        ])
    }

    @Test func asciiBoxesWhenTheLocaleIsNotUTF8() throws {
        let screen = try HeadlessScreen(width: 20, height: 5, term: "xterm-256color", localeIsUTF8: false)
        defer { screen.close() }
        #expect(!screen.capabilities.unicodeBoxes)
        var canvas = screen.makeCanvas()
        canvas.box(canvas.bounds, title: "标题")
        screen.draw(canvas)
        #expect(screen.lines() == ["+- 标题 -----------+", "|                  |", "|                  |", "|                  |", "+------------------+"])
    }

    @Test func twentyByFiveCanvas() throws {
        let screen = try HeadlessScreen(width: 20, height: 5)
        defer { screen.close() }
        var canvas = screen.makeCanvas()
        #expect(canvas.size == Size(width: 20, height: 5))
        canvas.fill(Rect(x: 0, y: 0, width: 20, height: 1), role: .header)
        canvas.write("UKey 诊断", at: .zero, role: .header)
        canvas.write("DEMO", at: Point(x: 16, y: 0), role: .badge)
        canvas.write("1 证书已过期", at: Point(x: 0, y: 1), role: .error)
        canvas.write("2 密码剩余 3 次", at: Point(x: 0, y: 2), role: .selected)
        let end = canvas.write([Span("q", .keyHint), Span(" 退出  "), Span("F1", .keyHint), Span(" 帮助")], at: Point(x: 0, y: 4))
        #expect(end == 15)
        screen.draw(canvas)
        #expect(screen.lines() == [
            "UKey 诊断       DEMO",
            "1 证书已过期        ",
            "2 密码剩余 3 次     ",
            "                    ",
            "q 退出  F1 帮助     ",
        ])
        // Colours by role, as the colour theme says.
        #expect(screen.cell(x: 0, y: 0)?.background == .blue)
        #expect(screen.cell(x: 12, y: 0)?.background == .blue, "the fill paints the whole bar")
        #expect(screen.cell(x: 16, y: 0)?.background == .yellow)
        #expect(screen.cell(x: 2, y: 1)?.foreground == .red)
        #expect(screen.cell(x: 2, y: 1)?.text == "证")
        #expect(screen.cell(x: 3, y: 1)?.text == "证", "column 3 is the right half of 证")
        #expect(screen.cell(x: 0, y: 2)?.background == .cyan)
        #expect(screen.cell(x: 0, y: 4)?.background == .cyan)
        #expect(screen.cell(x: 2, y: 4)?.background == .terminalDefault)
    }

    @Test func monochromeThemeOnAColourlessTerminal() throws {
        let screen = try HeadlessScreen(width: 20, height: 3, term: "vt100")
        defer { screen.close() }
        #expect(!screen.capabilities.hasColors)
        #expect(screen.theme == .monochrome)
        var canvas = screen.makeCanvas()
        canvas.write("选中", at: .zero, role: .selected)
        canvas.write("错误", at: Point(x: 0, y: 1), role: .error)
        canvas.write("link", at: Point(x: 0, y: 2), role: .link, attributes: .dim)
        screen.draw(canvas)
        #expect(screen.cell(x: 0, y: 0)?.attributes == [.reverse])
        #expect(screen.cell(x: 0, y: 1)?.attributes == [.bold, .underline])
        #expect(screen.cell(x: 0, y: 2)?.attributes == [.underline], "dim is dropped in monochrome")
        #expect(screen.cell(x: 0, y: 0)?.foreground == .terminalDefault)
    }

    @Test func noColorInTheEnvironmentOrAsAFlag() throws {
        do {
            let screen = try HeadlessScreen(width: 10, height: 2, environment: ["NO_COLOR": "1"])
            defer { screen.close() }
            #expect(screen.capabilities.hasColors)
            #expect(screen.theme == .monochrome)
        }
        do {
            let screen = try HeadlessScreen(width: 10, height: 2, noColor: true)
            defer { screen.close() }
            #expect(screen.theme == .monochrome)
            var canvas = screen.makeCanvas()
            canvas.write("错误", at: .zero, role: .error)
            screen.draw(canvas)
            #expect(screen.cell(x: 0, y: 0)?.foreground == .terminalDefault)
            // Switching the theme live re-initialises the pairs.
            screen.theme = .color
            screen.draw(canvas)
            #expect(screen.cell(x: 0, y: 0)?.foreground == .red)
        }
    }

    @Test func eachFrameReplacesTheWholeScreen() throws {
        let screen = try HeadlessScreen(width: 12, height: 3)
        defer { screen.close() }
        var first = screen.makeCanvas()
        first.write("证书助手未显示", at: .zero)
        first.write("abcdefghijkl", at: Point(x: 0, y: 2))
        screen.draw(first)
        var second = screen.makeCanvas()
        second.write("a中", at: Point(x: 1, y: 0))
        screen.draw(second)
        #expect(screen.lines() == [" a中        ", "            ", "            "])
    }

    @Test func canvasOfAnotherSizeIsCutAtTheScreenEdge() throws {
        let screen = try HeadlessScreen(width: 5, height: 2)
        defer { screen.close() }
        var big = Canvas(width: 9, height: 4)
        big.write("ab证书助手", at: .zero)
        big.write("第二行", at: Point(x: 0, y: 1))
        screen.draw(big)
        #expect(screen.lines() == ["ab证 ", "第二 "])
        screen.draw(Canvas(width: 2, height: 1))
        #expect(screen.lines() == ["     ", "     "])
        screen.draw(Canvas(width: 0, height: 0))
    }

    @Test func wideCharacterInTheLastColumnAndBottomRightCell() throws {
        let screen = try HeadlessScreen(width: 7, height: 2)
        defer { screen.close() }
        var canvas = screen.makeCanvas()
        canvas.write("abcde中", at: .zero)    // 中 would need columns 5-6: fits exactly
        canvas.write("abcdef中", at: Point(x: 0, y: 1))   // 中 at column 6: a space; the bottom-right cell
        screen.draw(canvas)
        #expect(screen.lines() == ["abcde中", "abcdef "])
        var last = screen.makeCanvas()
        last.write("x", at: Point(x: 6, y: 1))
        screen.draw(last)
        #expect(screen.lines()[1] == "      x")
    }

    /// Random canvases of mixed-width text in every role: ncurses shows exactly the canvas's
    /// text, and each cell has its role's colours and attributes.
    @Test func randomCanvasesMatchWhatNcursesShows() throws {
        let screen = try HeadlessScreen(width: 30, height: 6)
        defer { screen.close() }
        var random = SeededGenerator(seed: 7)
        let pieces = ["证书", "a", "电信测试1", "❤️", "👨‍👩‍👧", "e\u{301}", "，", "\u{200B}", "\t", "ok ", "🇨🇳", "한", "—", "\u{1B}[2J", "…"]
        for round in 0..<60 {
            var canvas = screen.makeCanvas()
            for _ in 0..<20 {
                var text = ""
                for _ in 0..<Int.random(in: 1...6, using: &random) { text += pieces.randomElement(using: &random)! }
                let role = Role.allCases.randomElement(using: &random)!
                let point = Point(x: Int.random(in: -3...30, using: &random), y: Int.random(in: 0..<6, using: &random))
                if Int.random(in: 0..<6, using: &random) == 0 {
                    canvas.box(Rect(x: point.x, y: point.y, width: Int.random(in: 2...30, using: &random), height: 3), title: text, role: role)
                } else {
                    canvas.write(text, at: point, role: role, attributes: Bool.random(using: &random) ? .underline : [])
                }
            }
            screen.draw(canvas)
            #expect(screen.lines() == canvas.lines(), "round \(round)")
            for y in 0..<6 {
                for x in 0..<30 {
                    guard let cell = canvas.cell(at: Point(x: x, y: y)), !cell.isContinuation,
                          let shown = screen.cell(x: x, y: y) else { continue }
                    let style = screen.theme.style(for: cell.role, adding: cell.attributes)
                    #expect(shown.text == cell.text)
                    #expect(shown.foreground == style.foreground && shown.background == style.background, "round \(round) \(x),\(y) \(cell.role)")
                    #expect(shown.attributes == style.attributes, "round \(round) \(x),\(y) \(cell.role)")
                }
            }
        }
    }

    // MARK: Keys through ncurses

    @Test func xtermKeys() throws {
        let screen = try HeadlessScreen(width: 20, height: 5, term: "xterm-256color")
        defer { screen.close() }
        // Byte sequences from the xterm-256color terminfo entry (infocmp): kcuu1=\EOA, kf1=\EOP,
        // kf5=\E[15~, kf12=\E[24~, knp=\E[6~, kpp=\E[5~, khome=\EOH, kend=\EOF, kcbt=\E[Z, kdch1=\E[3~.
        screen.feed("\u{1B}OA\u{1B}OB\u{1B}OC\u{1B}OD\u{1B}OP\u{1B}[15~\u{1B}[24~\u{1B}[6~\u{1B}[5~\u{1B}OH\u{1B}OF\u{1B}[Z\u{1B}[3~")
        screen.feed("q中\r\t\u{7F}\u{3}")
        var keys: [Key] = []
        while let key = screen.nextKey(timeoutMs: 100) { keys.append(key) }
        #expect(keys == [.up, .down, .right, .left, .function(1), .function(5), .function(12), .pageDown, .pageUp,
                         .home, .end, .backTab, .delete, .character("q"), .character("中"), .enter, .tab, .backspace, .ctrl("c")])
    }

    @Test func loneEscapeArrivesAfterTheShortDelay() throws {
        let screen = try HeadlessScreen(width: 20, height: 5)
        defer { screen.close() }
        screen.feed("\u{1B}")
        let clock = ContinuousClock()
        let start = clock.now
        let key = screen.nextKey(timeoutMs: 1000)
        let elapsed = clock.now - start
        #expect(key == .escape)
        #expect(elapsed < .milliseconds(500), "ESCDELAY is 25 ms, not ncurses' default 1000 ms: took \(elapsed)")
    }

    @Test func linuxConsoleAndVT100Keys() throws {
        do {
            let screen = try HeadlessScreen(width: 20, height: 5, term: "linux")
            defer { screen.close() }
            // linux terminfo: kcuu1=\E[A, kf1=\E[[A, khome=\E[1~, kbs=^?
            screen.feed("\u{1B}[A\u{1B}[[A\u{1B}[1~\u{7F}")
            var keys: [Key] = []
            while let key = screen.nextKey(timeoutMs: 100) { keys.append(key) }
            #expect(keys == [.up, .function(1), .home, .backspace])
        }
        do {
            let screen = try HeadlessScreen(width: 20, height: 5, term: "vt100")
            defer { screen.close() }
            // vt100 terminfo: kbs=^H, kf1=\EOP
            screen.feed("\u{8}\u{1B}OP")
            var keys: [Key] = []
            while let key = screen.nextKey(timeoutMs: 100) { keys.append(key) }
            #expect(keys == [.backspace, .function(1)])
        }
    }

    @Test func mouseEvents() throws {
        let screen = try HeadlessScreen(width: 40, height: 10, term: "xterm-256color")
        defer { screen.close() }
        #expect(screen.capabilities.mouse)
        // SGR 1006 reports (xterm-256color XM): \E[<button;x;yM press, …m release; 1-based.
        screen.feed("\u{1B}[<0;5;3M")
        #expect(screen.nextKey() == .mouse(x: 4, y: 2, kind: .press(button: 1)))
        screen.feed("\u{1B}[<0;5;3m")
        let release = screen.nextKey()
        #expect(release == .mouse(x: 4, y: 2, kind: .release(button: 1)) || release == .mouse(x: 4, y: 2, kind: .click(button: 1)))
        screen.feed("\u{1B}[<64;10;4M")
        #expect(screen.nextKey() == .mouse(x: 9, y: 3, kind: .scrollUp))
        screen.feed("\u{1B}[<65;10;4M")
        #expect(screen.nextKey() == .mouse(x: 9, y: 3, kind: .scrollDown))
    }

    @Test func resizeIsAKeyWithTheNewSize() throws {
        let screen = try HeadlessScreen(width: 80, height: 24)
        defer { screen.close() }
        #expect(screen.nextKey(timeoutMs: 0) == nil, "no KEY_RESIZE left over from set-up")
        screen.resize(width: 100, height: 30)
        #expect(screen.nextKey() == .resize(Size(width: 100, height: 30)))
        #expect(screen.size == Size(width: 100, height: 30))
        var canvas = screen.makeCanvas()
        canvas.box(canvas.bounds, title: "100×30")
        screen.draw(canvas)
        #expect(screen.lines().count == 30)
        #expect(screen.lines().allSatisfy { TextWidth.width(of: $0) == 100 })
        screen.resize(width: 20, height: 5)
        #expect(screen.nextKey() == .resize(Size(width: 20, height: 5)))
    }

    @Test func aRealTerminalCannotOpenWhileAScreenIsOpen() throws {
        let screen = try HeadlessScreen(width: 10, height: 2)
        defer { screen.close() }
        #expect(throws: TerminalError.alreadyOpen) { _ = try Terminal(options: .init(ttyPath: "/dev/null")) }
    }

    @Test func unknownTerminalTypeIsAnError() throws {
        #expect(throws: TerminalError.unknownTerminalType("no-such-terminal-xyz")) {
            _ = try HeadlessScreen(width: 10, height: 2, term: "no-such-terminal-xyz")
        }
        // The failed attempt released the lock: the next screen opens.
        let screen = try HeadlessScreen(width: 10, height: 2)
        screen.close()
        screen.close()   // twice is harmless
    }

    @Test func manyScreensInSequence() throws {
        for (i, term) in ["xterm-256color", "linux", "vt100", "xterm-256color", "linux"].enumerated() {
            let screen = try HeadlessScreen(width: 10 + i, height: 3, term: term)
            var canvas = screen.makeCanvas()
            canvas.write("第\(i)屏", at: .zero)
            screen.draw(canvas)
            #expect(screen.lines()[0].hasPrefix("第\(i)屏"))
            #expect(screen.size.width == 10 + i)
            // Closed by deinit at the end of the iteration.
        }
    }
}
