import Testing
import TerminalUI
import CursesBackend

/// Not a timed test: prints how long a full frame takes, for scripts/bench-tui.sh.
/// Runs only with UKD_TUI_BENCH=1 (frames: UKD_TUI_BENCH_FRAMES, default 200).
@Suite(.serialized) struct RenderBenchmark {
    static let enabled = Environment.value("UKD_TUI_BENCH") == "1"
    static let frames = Int(Environment.value("UKD_TUI_BENCH_FRAMES") ?? "") ?? 200

    /// A 200×60 screen of Chinese text under a header, in boxes, with several roles.
    static func render(_ canvas: inout Canvas, frame: Int) {
        let paragraph = Samples.chineseParagraph + Samples.chineseParagraph
        canvas.fill(Rect(x: 0, y: 0, width: canvas.width, height: 1), role: .header)
        canvas.write("UKey 诊断 · 第 \(frame) 帧", at: .zero, role: .header)
        let (left, right) = canvas.bounds.inset(top: 1, left: 0, bottom: 1, right: 0).splitLeft(canvas.width / 2)
        for (i, rect) in [left, right].enumerated() {
            let inner = canvas.box(rect, title: i == 0 ? "证书信息" : "更新步骤")
            canvas.within(inner) { c in
                // Shift the text each frame so every cell changes: the worst case for doupdate.
                let offset = (frame + i) % 7
                let text = String(paragraph.dropFirst(offset))
                for row in 0..<c.size.height {
                    let role: Role = [.normal, .warning, .dim, .selected][row % 4]
                    let start = text.index(text.startIndex, offsetBy: (row * 3) % 40)
                    c.write(String(text[start...]), at: Point(x: 0, y: row), role: role)
                }
            }
        }
        canvas.write("q 退出  F1 帮助  ↑↓ 选择", at: Point(x: 0, y: canvas.height - 1), role: .keyHint)
    }

    @Test(.enabled(if: enabled), arguments: [Size(width: 200, height: 60), Size(width: 80, height: 24)])
    func fullChineseFrame(size: Size) throws {
        let screen = try HeadlessScreen(width: size.width, height: size.height)
        defer { screen.close() }
        let clock = ContinuousClock()
        var renderTime = Duration.zero, drawTime = Duration.zero
        for frame in 0..<Self.frames {
            var canvas = screen.makeCanvas()
            let t0 = clock.now
            Self.render(&canvas, frame: frame)
            let t1 = clock.now
            screen.draw(canvas)
            let t2 = clock.now
            renderTime += t1 - t0
            drawTime += t2 - t1
        }
        // The same frame again: ncurses finds nothing changed.
        var still = screen.makeCanvas()
        Self.render(&still, frame: 0)
        screen.draw(still)
        let t3 = clock.now
        for _ in 0..<Self.frames { screen.draw(still) }
        let unchanged = (clock.now - t3) / Self.frames
        #expect(screen.lines() == still.lines())
        let n = Double(Self.frames)
        func ms(_ d: Duration) -> String {
            let value = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
            return String(Double(Int(value / n * 1000)) / 1000)
        }
        print("TUI bench \(size) Chinese, \(Self.frames) frames: render into Canvas \(ms(renderTime)) ms/frame, "
              + "ncurses draw (every cell changed) \(ms(drawTime)) ms/frame, total \(ms(renderTime + drawTime)) ms/frame; "
              + "draw of an unchanged frame \(ms(unchanged * Self.frames)) ms")
    }
}

enum Environment {
    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}

#if canImport(Glibc)
import Glibc
#endif
