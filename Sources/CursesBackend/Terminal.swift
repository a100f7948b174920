import CNcursesw
import TerminalUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The full-screen terminal: ncursesw on the controlling tty.
///
/// Opened on /dev/tty (not stdout), so stdout stays usable for a report printed after the UI
/// ends and the UI still works when stdout is redirected. The terminal is always restored:
/// by `close()` (also from `deinit` and `Terminal.session`), on SIGINT/SIGTERM/SIGHUP (exit
/// status 128+signal), on a crash signal (then re-raised), on `exit()`, and around ^Z.
///
/// Typical use:
/// ```
/// try Terminal.session { terminal in
///     terminal.run(tickMilliseconds: 200) { canvas in render(state, into: &canvas) }
///                  handle: { event in state.handle(event) }
/// }
/// ```
public final class Terminal {
    public struct Options: Sendable {
        /// `--no-color`: use the monochrome theme whatever the terminal can do.
        public var noColor: Bool
        /// A theme to use instead of choosing one (NO_COLOR / --no-color / terminal colours).
        public var theme: Theme?
        public var mouse: Bool
        /// nil: decide from TERM and the locale; true/false: force ASCII or Unicode boxes.
        public var asciiBoxes: Bool?
        /// The terminal device; tests pass a pty here.
        public var ttyPath: String
        /// The terminfo name; nil uses $TERM.
        public var term: String?

        public init(noColor: Bool = false, theme: Theme? = nil, mouse: Bool = true, asciiBoxes: Bool? = nil,
                    ttyPath: String = "/dev/tty", term: String? = nil) {
            self.noColor = noColor
            self.theme = theme
            self.mouse = mouse
            self.asciiBoxes = asciiBoxes
            self.ttyPath = ttyPath
            self.term = term
        }
    }

    private let curses: CursesSession
    private let tty: UnsafeMutablePointer<FILE>
    private var isOpen = true
    public let capabilities: TerminalCapabilities
    public let boxes: BoxCharacters

    /// Opens the terminal. Only one may be open at a time in a process.
    public init(options: Options = Options()) throws(TerminalError) {
        guard CursesLock.shared.tryAcquire() else { throw .alreadyOpen }
        let locale = TextWidth.ensureUTF8Locale()
        guard let tty = fopen(options.ttyPath, "r+") else {
            let code = errno
            CursesLock.shared.release()
            throw .noTerminal(path: options.ttyPath, errno: code)
        }
        // Before newterm: ncurses only installs its SIGINT/SIGTERM handlers where none is set.
        cn_install_restore_handlers()
        let curses: CursesSession
        do {
            curses = try CursesSession(term: options.term, output: tty, input: tty, theme: options.theme, noColor: options.noColor,
                                    environment: CursesSession.processEnvironment())
        } catch {
            cn_remove_restore_handlers()
            fclose(tty)
            CursesLock.shared.release()
            throw error
        }
        cn_set_clear_on_restore(curses.hasAlternateScreen ? 0 : 1)
        cn_arm_restore(1)
        if options.mouse { curses.enableMouse() }
        self.curses = curses
        self.tty = tty
        let termName = options.term ?? (getenv("TERM").map { String(cString: $0) } ?? "")
        let boxes: BoxCharacters
        if let ascii = options.asciiBoxes {
            boxes = ascii ? .ascii : .unicode
        } else {
            boxes = BoxCharacters.detect(term: termName, localeIsUTF8: locale.environmentIsUTF8)
        }
        self.boxes = boxes
        self.capabilities = TerminalCapabilities(
            termName: termName, size: curses.size, hasColors: curses.hasColors, colorCount: curses.colorCount,
            unicodeBoxes: boxes.isUnicode, mouse: curses.mouseEnabled)
    }

    deinit { close() }

    /// Opens a terminal, runs `body`, and closes the terminal however `body` ends.
    public static func session<T>(options: Options = Options(), _ body: (Terminal) throws -> T) throws -> T {
        let terminal = try Terminal(options: options)
        defer { terminal.close() }
        return try body(terminal)
    }

    /// The current size (it changes on `.resize`).
    public var size: Size { curses.size }

    public var theme: Theme {
        get { curses.theme }
        set { curses.applyTheme(newValue) }
    }

    /// A blank canvas of the current size with this terminal's box characters.
    public func makeCanvas() -> Canvas { Canvas(size: size, boxes: boxes) }

    /// Draws a whole frame (see `CursesSession.draw`: erase, rows, one doupdate).
    public func draw(_ canvas: Canvas) {
        guard isOpen else { return }
        curses.draw(canvas)
    }

    /// The next key within `timeoutMs` (nil when none came). After the process was stopped and
    /// continued (^Z, fg) it returns `.resize` so the caller renders a fresh frame.
    public func nextKey(timeoutMs: Int) -> Key? {
        guard isOpen else { return nil }
        if cn_take_resumed() != 0 { return .resize(size) }
        let key = curses.nextKey(timeoutMs: timeoutMs)
        if key == nil, cn_take_resumed() != 0 { return .resize(size) }
        return key
    }

    public enum Event: Hashable, Sendable {
        case key(Key)
        /// No key within the tick: time to poll the token.
        case tick
    }

    public enum LoopAction: Sendable { case `continue`, quit }

    /// The htop-style loop: render the whole state into a fresh canvas, draw it, wait up to
    /// `tickMilliseconds` for a key, hand the event over; until `handle` says quit. Handlers
    /// never draw; `render` never changes state.
    public func run(tickMilliseconds: Int = 200, render: (inout Canvas) -> Void, handle: (Event) throws -> LoopAction) rethrows {
        while isOpen {
            var canvas = makeCanvas()
            render(&canvas)
            draw(canvas)
            let event: Event = nextKey(timeoutMs: tickMilliseconds).map { .key($0) } ?? .tick
            if try handle(event) == .quit { return }
        }
    }

    /// Ends curses and gives the terminal back as it was. Safe to call twice.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        cn_arm_restore(0)
        curses.close()
        cn_remove_restore_handlers()
        fclose(tty)
        CursesLock.shared.release()
    }
}
