import CNcursesw
import CLibcExtras
import Dispatch
import TerminalUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Why a terminal could not be opened.
public enum TerminalError: Error, Equatable, CustomStringConvertible {
    /// The terminal device (normally /dev/tty) could not be opened: no controlling terminal.
    case noTerminal(path: String, errno: Int32)
    /// ncurses has no terminfo entry for $TERM (or TERM is unset).
    case unknownTerminalType(String)
    /// Another Terminal is open in this process.
    case alreadyOpen
    /// Setting up the headless screen failed (pipe, /dev/null).
    case setupFailed(String)

    public var description: String {
        switch self {
        case .noTerminal(let path, let code): return "cannot open \(path): \(String(cString: strerror(code)))"
        case .unknownTerminalType(let term): return "unknown terminal type '\(term)' (no terminfo entry)"
        case .alreadyOpen: return "a full-screen terminal is already open in this process"
        case .setupFailed(let what): return "terminal setup failed: \(what)"
        }
    }
}

/// What the terminal can do, as found when it was opened.
public struct TerminalCapabilities: Hashable, Sendable {
    /// The terminfo name ncurses used ($TERM).
    public var termName: String
    public var size: Size
    public var hasColors: Bool
    public var colorCount: Int
    /// Whether boxes are drawn with U+2500 lines (else ASCII): see `BoxCharacters.detect`.
    public var unicodeBoxes: Bool
    public var mouse: Bool
}

/// ncurses is one global state machine, not thread-safe: one screen (real or headless) at a
/// time per process. A semaphore rather than a mutex, because a screen may be closed on
/// another thread than the one that opened it.
final class CursesLock: @unchecked Sendable {
    static let shared = CursesLock()
    private let semaphore = DispatchSemaphore(value: 1)
    func acquire() { semaphore.wait() }
    func tryAcquire() -> Bool { semaphore.wait(timeout: .now()) == .success }
    func release() { semaphore.signal() }
}

/// One ncurses SCREEN with stdscr: set-up, drawing a Canvas, reading keys, reading back.
/// Shared by `Terminal` (a real tty) and `HeadlessScreen` (output to /dev/null) so that tests
/// exercise exactly the drawing path users see.
final class CursesSession {
    let screen: OpaquePointer
    let window: UnsafeMutablePointer<WINDOW>
    let hasColors: Bool
    let colorCount: Int
    private var defaultColorsWork = false
    private(set) var theme: Theme
    private var colorsActive = false
    private(set) var mouseEnabled = false
    private var closed = false

    /// `output`/`input` stay owned by the caller.
    init(term: String?, output: UnsafeMutablePointer<FILE>, input: UnsafeMutablePointer<FILE>,
         theme: Theme?, noColor: Bool, environment: [String: String]) throws(TerminalError) {
        TextWidth.ensureUTF8Locale()
        guard let screen = term.map({ newterm($0, output, input) }) ?? newterm(nil, output, input) else {
            throw .unknownTerminalType(term ?? "(TERM unset)")
        }
        self.screen = screen
        guard let window = cn_stdscr() else {
            delscreen(screen)
            throw .setupFailed("no stdscr")
        }
        self.window = window
        // These fail harmlessly (ERR) when the input is not a tty, as in the headless screen.
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        curs_set(0)
        set_escdelay(25)          // the default 1000 ms makes a lone Esc arrive a second late
        leaveok(window, true)     // the cursor is hidden: do not spend output moving it back
        hasColors = has_colors()
        if hasColors && start_color() == OK {
            colorCount = Int(cn_COLORS())
            defaultColorsWork = use_default_colors() == OK
        } else {
            colorCount = 0
        }
        self.theme = theme ?? Theme.select(noColorFlag: noColor, environment: environment, terminalHasColors: hasColors)
        applyTheme(self.theme)
    }

    /// The variables that influence set-up, from the process environment.
    static func processEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        for key in ["NO_COLOR", "TERM"] {
            if let value = getenv(key) { result[key] = String(cString: value) }
        }
        return result
    }

    var size: Size {
        var rows: Int32 = 0, cols: Int32 = 0
        cn_getmaxyx(window, &rows, &cols)
        return Size(width: Int(cols), height: Int(rows))
    }

    func enableMouse() {
        var old: mmask_t = 0
        let wanted = cn_ALL_MOUSE_EVENTS()
        let got = mousemask(wanted, &old)
        mouseEnabled = got != 0
        if mouseEnabled { mouseinterval(0) }  // report presses at once, no click-detection delay
    }

    // MARK: Colours

    func applyTheme(_ theme: Theme) {
        self.theme = theme
        colorsActive = hasColors && colorCount >= 8 && theme.usesColor
        guard colorsActive else { return }
        for role in Role.allCases {
            let style = theme.style(for: role)
            init_pair(Int16(pairNumber(role)), colorNumber(style.foreground, isBackground: false),
                      colorNumber(style.background, isBackground: true))
        }
    }

    private func pairNumber(_ role: Role) -> Int { role.rawValue + 1 }

    private func colorNumber(_ color: Color, isBackground: Bool) -> Int16 {
        if color == .terminalDefault {
            if defaultColorsWork { return -1 }
            return Int16(isBackground ? COLOR_BLACK : COLOR_WHITE)
        }
        return Int16(color.rawValue)  // Color's raw values are the ANSI numbers ncurses uses
    }

    private func attr(for attributes: Attributes) -> attr_t {
        var a = cn_A_NORMAL()
        if attributes.contains(.bold) { a |= cn_A_BOLD() }
        if attributes.contains(.dim) { a |= cn_A_DIM() }
        if attributes.contains(.reverse) { a |= cn_A_REVERSE() }
        if attributes.contains(.underline) { a |= cn_A_UNDERLINE() }
        return a
    }

    // MARK: Drawing

    /// Draws the whole canvas: erase, one `wadd_wchnstr` per row, one `wnoutrefresh` + `doupdate`.
    /// ncurses then sends only the cells that changed since the last frame, so there is no
    /// flicker (no `clear()`). A canvas larger than the screen is cut at the screen edge,
    /// never through a wide character.
    func draw(_ canvas: Canvas) {
        werase(window)
        let screenSize = size
        let rows = min(canvas.gridHeight, screenSize.height)
        let columns = min(canvas.gridWidth, screenSize.width)
        guard rows > 0, columns > 0 else { wnoutrefresh(window); doupdate(); return }

        // Attributes and pair per (role, extra attributes), computed once per frame.
        var styleCache: [Int: (attr_t, Int16)] = [:]
        func style(_ cell: Cell) -> (attr_t, Int16) {
            let key = cell.role.rawValue << 8 | Int(cell.attributes.rawValue)
            if let cached = styleCache[key] { return cached }
            let s = theme.style(for: cell.role, adding: cell.attributes)
            let value = (attr(for: s.attributes), colorsActive ? Int16(pairNumber(cell.role)) : 0)
            styleCache[key] = value
            return value
        }

        var line = [cchar_t](repeating: cchar_t(), count: columns + 1)
        var wide = [wchar_t](repeating: 0, count: 6)
        for y in 0..<rows {
            var count = 0
            var x = 0
            let rowStart = y * canvas.gridWidth
            while x < columns {
                let cell = canvas.cells[rowStart + x]
                if cell.isContinuation { x += 1; continue }   // ncurses fills it from the lead's width
                var n = 0
                for scalar in cell.text.unicodeScalars where n < 5 {
                    wide[n] = wchar_t(bitPattern: scalar.value)
                    n += 1
                }
                if n == 0 { wide[0] = 0x20; n = 1 }
                wide[n] = 0
                var cellWidth = Int(wcwidth(wide[0]))
                if cellWidth < 1 { wide[0] = 0xFFFD; wide[1] = 0; cellWidth = 1 }  // Canvas never stores these
                if x + cellWidth > columns { wide[0] = 0x20; wide[1] = 0; cellWidth = 1 }
                let (a, pair) = style(cell)
                _ = setcchar(&line[count], wide, a, pair, nil)
                count += 1
                x += cellWidth
            }
            wmove(window, Int32(y), 0)
            _ = wadd_wchnstr(window, line, Int32(count))
        }
        wnoutrefresh(window)
        doupdate()
    }

    // MARK: Input

    /// The next key, or nil when none came within `timeoutMs` (or a signal interrupted the wait).
    func nextKey(timeoutMs: Int) -> Key? {
        wtimeout(window, Int32(clamping: max(0, timeoutMs)))
        var code: wint_t = 0
        let result = wget_wch(window, &code)
        if result == ERR { return nil }
        if result == KEY_CODE_YES { return decodeKeyCode(Int32(bitPattern: code)) }
        return Key.fromCharacterCode(code)
    }

    private func decodeKeyCode(_ code: Int32) -> Key {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME, KEY_A1: return .home
        case KEY_END, KEY_C1, KEY_LL: return .end
        case KEY_A3: return .pageUp
        case KEY_C3: return .pageDown
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_IC: return .insert
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        case KEY_RESIZE: return .resize(size)
        case KEY_MOUSE: return decodeMouse() ?? .unknown(Int(code))
        default:
            for n in 1...12 where code == cn_KEY_F(Int32(n)) { return .function(n) }
            return .unknown(Int(code))
        }
    }

    private func decodeMouse() -> Key? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        let x = Int(event.x), y = Int(event.y), state = event.bstate
        // Wheel first: xterm reports it as button 4/5 presses.
        if state & cn_mouse_button_mask(4, 1) != 0 { return .mouse(x: x, y: y, kind: .scrollUp) }
        if state & cn_mouse_button_mask(5, 1) != 0 { return .mouse(x: x, y: y, kind: .scrollDown) }
        for button in 1...3 {
            if state & cn_mouse_button_mask(Int32(button), 3) != 0 { return .mouse(x: x, y: y, kind: .doubleClick(button: button)) }
            if state & cn_mouse_button_mask(Int32(button), 2) != 0 { return .mouse(x: x, y: y, kind: .click(button: button)) }
            if state & cn_mouse_button_mask(Int32(button), 1) != 0 { return .mouse(x: x, y: y, kind: .press(button: button)) }
            if state & cn_mouse_button_mask(Int32(button), 0) != 0 { return .mouse(x: x, y: y, kind: .release(button: button)) }
        }
        return nil
    }

    // MARK: Reading back (tests)

    /// One cell of what ncurses believes the terminal shows (curscr, after doupdate).
    struct ScreenCell {
        var text: String
        var width: Int
        var attributes: Attributes
        var pair: Int16
    }

    func readRow(_ y: Int, fromCurrentScreen: Bool = true) -> [ScreenCell] {
        guard let source = fromCurrentScreen ? cn_curscr() : window else { return [] }
        let columns = Int(getmaxx(source))
        var buffer = [cchar_t](repeating: cchar_t(), count: columns + 1)
        // curscr's cursor is where ncurses believes the terminal cursor is: put it back.
        let (savedY, savedX) = (getcury(source), getcurx(source))
        defer { wmove(source, savedY, savedX) }
        guard wmove(source, Int32(y), 0) == OK else { return [] }
        let count = Int(win_wchnstr(source, &buffer, Int32(columns)))
        guard count != Int(ERR) else { return [] }
        var cells: [ScreenCell] = []
        var wide = [wchar_t](repeating: 0, count: 8)
        var x = 0
        for entry in buffer where x < columns {
            var c = entry
            var attrs: attr_t = 0
            var pair: Int16 = 0
            guard getcchar(&c, &wide, &attrs, &pair, nil) != ERR, wide[0] != 0 else { break }
            var text = String.UnicodeScalarView()
            for w in wide.prefix(while: { $0 != 0 }) {
                if let s = Unicode.Scalar(UInt32(bitPattern: w)) { text.append(s) }
            }
            let w = max(1, Int(wcwidth(wide[0])))
            var attributes: Attributes = []
            if attrs & cn_A_BOLD() != 0 { attributes.insert(.bold) }
            if attrs & cn_A_DIM() != 0 { attributes.insert(.dim) }
            if attrs & cn_A_REVERSE() != 0 { attributes.insert(.reverse) }
            if attrs & cn_A_UNDERLINE() != 0 { attributes.insert(.underline) }
            cells.append(ScreenCell(text: String(text), width: w, attributes: attributes, pair: pair))
            x += w
        }
        return cells
    }

    func pairColors(_ pair: Int16) -> (Color, Color) {
        guard pair > 0 else { return (.terminalDefault, .terminalDefault) }
        var fg: Int16 = 0, bg: Int16 = 0
        pair_content(pair, &fg, &bg)
        return (Color(rawValue: Int(fg)) ?? .terminalDefault, Color(rawValue: Int(bg)) ?? .terminalDefault)
    }

    // MARK: Closing

    /// Whether the terminal has smcup/rmcup (xterm does; the linux console and vt100 do not).
    var hasAlternateScreen: Bool {
        guard let capability = tigetstr("smcup") else { return false }
        return Int(bitPattern: capability) != -1 && Int(bitPattern: capability) != 0
    }

    /// endwin + delscreen; safe to call twice.
    func close() {
        guard !closed else { return }
        closed = true
        if mouseEnabled { var old: mmask_t = 0; _ = mousemask(0, &old) }
        // Without an alternate screen (linux console, vt100) the last frame would stay behind
        // the shell prompt: leave a clean screen instead, cursor at the top.
        if !hasAlternateScreen { cn_leave_clean_screen() }
        endwin()
        delscreen(screen)
    }
}
