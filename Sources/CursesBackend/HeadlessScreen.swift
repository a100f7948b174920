import CNcursesw
import TerminalUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A real ncursesw screen with no terminal behind it, for tests (the tig approach): output
/// goes to /dev/null, input comes from a pipe the test feeds, and what ncurses believes the
/// terminal shows (curscr, after doupdate) is read back with `win_wchnstr`. Snapshot tests
/// therefore assert what ncurses would actually put on screen, through the same drawing and
/// key-decoding code as `Terminal`.
///
/// Screens are serialised process-wide: creating one waits until the previous one is closed
/// (ncurses has one global state). Close it (or let it go out of scope) when done.
public final class HeadlessScreen {
    /// One cell as read back from ncurses.
    public struct ScreenCell: Hashable, Sendable {
        public var text: String
        /// 1 or 2 columns.
        public var width: Int
        public var attributes: Attributes
        public var foreground: Color
        public var background: Color
    }

    private let curses: CursesSession
    private let output: UnsafeMutablePointer<FILE>
    private let input: UnsafeMutablePointer<FILE>
    private let inputWriteFD: Int32
    private var isOpen = true
    public let term: String
    public let capabilities: TerminalCapabilities
    public let boxes: BoxCharacters

    /// - Parameters:
    ///   - term: a terminfo name: "xterm-256color", "linux", "vt100", …
    ///   - localeIsUTF8: pretend the user's locale is (or is not) UTF-8, which decides boxes.
    ///   - theme: nil chooses as `Terminal` does (colour when the terminal has colours).
    ///   - environment: stands in for the process environment (NO_COLOR), which is not read:
    ///     `swift test` itself sets NO_COLOR=1.
    public init(width: Int, height: Int, term: String = "xterm-256color", localeIsUTF8: Bool = true,
                theme: Theme? = nil, noColor: Bool = false, environment: [String: String] = [:],
                mouse: Bool = true) throws(TerminalError) {
        CursesLock.shared.acquire()
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            CursesLock.shared.release()
            throw .setupFailed("pipe: \(String(cString: strerror(errno)))")
        }
        guard let output = fopen("/dev/null", "w"), let input = fdopen(fds[0], "r") else {
            Glibc.close(fds[0]); Glibc.close(fds[1])
            CursesLock.shared.release()
            throw .setupFailed("/dev/null or fdopen")
        }
        let curses: CursesSession
        do {
            curses = try CursesSession(term: term, output: output, input: input, theme: theme, noColor: noColor,
                                       environment: environment)
        } catch {
            fclose(output); fclose(input); Glibc.close(fds[1])
            CursesLock.shared.release()
            throw error
        }
        // /dev/null has no size: ncurses took terminfo's cols/lines; set the one we want.
        resizeterm(Int32(max(1, height)), Int32(max(1, width)))
        if mouse { curses.enableMouse() }
        self.curses = curses
        self.output = output
        self.input = input
        self.inputWriteFD = fds[1]
        self.term = term
        let boxes = BoxCharacters.detect(term: term, localeIsUTF8: localeIsUTF8)
        self.boxes = boxes
        self.capabilities = TerminalCapabilities(
            termName: term, size: curses.size, hasColors: curses.hasColors, colorCount: curses.colorCount,
            unicodeBoxes: boxes.isUnicode, mouse: curses.mouseEnabled)
        // resizeterm queued a KEY_RESIZE; a fresh screen has no pending input.
        while curses.nextKey(timeoutMs: 0) != nil {}
    }

    deinit { close() }

    public var size: Size { curses.size }

    public var theme: Theme {
        get { curses.theme }
        set { curses.applyTheme(newValue) }
    }

    public func makeCanvas() -> Canvas { Canvas(size: size, boxes: boxes) }

    /// Draws through exactly the path `Terminal.draw` uses.
    public func draw(_ canvas: Canvas) {
        guard isOpen else { return }
        curses.draw(canvas)
    }

    /// The screen as text, one string per row, continuation cells contributing nothing.
    public func lines() -> [String] {
        guard isOpen else { return [] }
        return (0..<size.height).map { y in curses.readRow(y).map(\.text).joined() }
    }

    /// Every cell of a row as ncurses holds it after the last refresh.
    public func row(_ y: Int) -> [ScreenCell] {
        guard isOpen, y >= 0, y < size.height else { return [] }
        return curses.readRow(y).map { cell in
            let (fg, bg) = curses.pairColors(cell.pair)
            return ScreenCell(text: cell.text, width: cell.width, attributes: cell.attributes, foreground: fg, background: bg)
        }
    }

    /// The cell covering column `x` of row `y` (for a wide character, its lead cell).
    public func cell(x: Int, y: Int) -> ScreenCell? {
        var column = 0
        for cell in row(y) {
            if x < column + cell.width { return cell }
            column += cell.width
        }
        return nil
    }

    /// Sends bytes as if typed on the terminal (e.g. "\u{1B}OA" for ↑ on xterm).
    public func feed(_ bytes: String) {
        let data = Array(bytes.utf8)
        var offset = 0
        while offset < data.count {
            let n = data.withUnsafeBytes { write(inputWriteFD, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { break }
            offset += n
        }
    }

    /// The next key, decoded by ncurses and `Terminal`'s decoder, or nil after `timeoutMs`.
    public func nextKey(timeoutMs: Int = 50) -> Key? {
        guard isOpen else { return nil }
        return curses.nextKey(timeoutMs: timeoutMs)
    }

    /// Changes the screen size as a SIGWINCH would; the next key is `.resize`.
    public func resize(width: Int, height: Int) {
        guard isOpen else { return }
        resizeterm(Int32(max(1, height)), Int32(max(1, width)))
    }

    public func close() {
        guard isOpen else { return }
        isOpen = false
        curses.close()
        fclose(output)
        fclose(input)
        Glibc.close(inputWriteFD)
        CursesLock.shared.release()
    }
}
