import Testing
import TerminalUI
import CursesBackend

@Test func smoke() throws {
    let screen = try HeadlessScreen(width: 30, height: 6)
    defer { screen.close() }
    var canvas = screen.makeCanvas()
    let inner = canvas.box(canvas.bounds, title: "证书助手未显示证书信息测试标题")
    canvas.write("电信测试1 ok", at: inner.origin, role: .warning)
    canvas.write("❤️👨‍👩‍👧🇨🇳é中", at: Point(x: 1, y: 2))
    screen.draw(canvas)
    for l in canvas.lines() { print("C|\(l)|") }
    for l in screen.lines() { print("S|\(l)|") }
    print(screen.capabilities, canvas.layoutProblems())
    print(screen.cell(x: 1, y: 1) as Any)
    screen.feed("\u{1B}OAq\u{1B}[15~中\u{1B}[<0;5;3M\u{1B}[<0;5;3m")
    var keys: [Key] = []
    while let k = screen.nextKey(timeoutMs: 100) { keys.append(k) }
    print(keys)
    screen.resize(width: 40, height: 10)
    print(screen.nextKey() as Any)
}
