import Testing
import TerminalUI
import CursesBackend

/// A small full-screen program on the real terminal, for checks by hand or in tmux
/// (scripts/tui-tmux-check.sh). Runs only with UKD_TUI_DEMO=1; q quits.
@Suite struct InteractiveDemo {
    struct State {
        var keys: [Key] = []
        var ticks = 0
        var frames = 0
        var resizes = 0
    }

    static func render(_ state: State, terminal: Terminal, into canvas: inout Canvas) {
        let caps = terminal.capabilities
        canvas.fill(Rect(x: 0, y: 0, width: canvas.width, height: 1), role: .header)
        canvas.write("UKey 诊断 演示", at: .zero, role: .header)
        canvas.write("DEMO", at: Point(x: canvas.width - 5, y: 0), role: .badge)
        let body = canvas.bounds.inset(top: 1, left: 0, bottom: 1, right: 0)
        let inner = canvas.box(body, title: "终端 \(canvas.width)×\(canvas.height) \(caps.termName)")
        canvas.within(inner) { c in
            var y = 0
            func line(_ text: String, _ role: Role = .normal) {
                c.write(text, at: Point(x: 1, y: y), role: role)
                y += 1
            }
            line("颜色: \(caps.hasColors ? "有 \(caps.colorCount)" : "无")  主题: \(terminal.theme.name)  框线: \(caps.unicodeBoxes ? "Unicode" : "ASCII")  鼠标: \(caps.mouse ? "有" : "无")")
            line("帧 \(state.frames)  节拍 \(state.ticks)  尺寸变化 \(state.resizes)", .dim)
            line("最近按键: " + state.keys.suffix(8).map(\.description).joined(separator: " "), .emphasis)
            line("证书助手未显示证书信息|", .warning)
            y += 1
            let text = Samples.chineseParagraph
            let used = c.writeWrapped(text, in: Rect(x: 1, y: y, width: max(1, c.size.width - 2), height: max(0, c.size.height - y)))
            _ = used
        }
        canvas.write("q", at: Point(x: 0, y: canvas.height - 1), role: .keyHint)
        canvas.write(" 退出  ", at: Point(x: 1, y: canvas.height - 1))
        canvas.write("t", at: Point(x: 8, y: canvas.height - 1), role: .keyHint)
        canvas.write(" 切换主题", at: Point(x: 9, y: canvas.height - 1))
    }

    @Test(.enabled(if: Environment.value("UKD_TUI_DEMO") == "1")) func run() throws {
        try Terminal.session(options: .init(noColor: Environment.value("UKD_TUI_NO_COLOR") == "1")) { terminal in
            var state = State()
            terminal.run(tickMilliseconds: 200) { canvas in
                state.frames += 1
                Self.render(state, terminal: terminal, into: &canvas)
            } handle: { event in
                switch event {
                case .tick: state.ticks += 1
                case .key(.character("q")): return .quit
                case .key(.character("t")):
                    terminal.theme = terminal.theme == .color ? .monochrome : .color
                    state.keys.append(.character("t"))
                case .key(let key):
                    if case .resize = key { state.resizes += 1 }
                    state.keys.append(key)
                }
                return .continue
            }
        }
        print("demo ended normally")
    }
}
