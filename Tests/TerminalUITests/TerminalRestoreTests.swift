import Testing
import TerminalUI
import CursesBackend
#if canImport(Glibc)
import Glibc
#endif

/// A pseudo-terminal for the real `Terminal` to run on in a child process (an exit test):
/// the parent keeps the master to read what was sent and the slave to read its modes after.
final class PseudoTerminal {
    let master: Int32
    let slave: Int32
    let slavePath: String

    init() throws {
        // Swift's Glibc module hides the XSI pty functions (no _XOPEN_SOURCE); look them up.
        typealias IntFunction = @convention(c) (Int32) -> Int32
        typealias NameFunction = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32
        func lookup<F>(_ name: String, as _: F.Type) throws -> F {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { throw PTYError.missing(name) }
            return unsafeBitCast(symbol, to: F.self)
        }
        let openpt = try lookup("posix_openpt", as: IntFunction.self)
        let grantpt = try lookup("grantpt", as: IntFunction.self)
        let unlockpt = try lookup("unlockpt", as: IntFunction.self)
        let ptsname = try lookup("ptsname_r", as: NameFunction.self)
        master = openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, grantpt(master) == 0, unlockpt(master) == 0 else { throw PTYError.open(errno) }
        var name = [CChar](repeating: 0, count: 128)
        guard ptsname(master, &name, name.count) == 0 else { throw PTYError.open(errno) }
        slavePath = String(decoding: name.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        slave = open(slavePath, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw PTYError.open(errno) }
    }

    deinit {
        close(slave)
        close(master)
    }

    enum PTYError: Error { case open(Int32), missing(String) }

    /// The local-mode flags (ICANON, ECHO, ISIG …): curses changes them, restoring puts them back.
    var localModes: tcflag_t {
        var modes = termios()
        tcgetattr(slave, &modes)
        return modes.c_lflag
    }

    /// Everything the child wrote, read once it has exited (the slave is still open here, so
    /// the master sees no hang-up).
    func output() -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { break }
            let n = read(master, &buffer, buffer.count)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The real Terminal in a child process on a pty, ended every way a program can end: the
/// terminal modes must be back as they were and the screen restore sequences sent last.
@Suite(.serialized) struct TerminalRestoreTests {
    static let enterAlternateScreen = "\u{1B}[?1049h"   // xterm-256color smcup
    static let leaveAlternateScreen = "\u{1B}[?1049l"   // rmcup
    static let showCursor = "\u{1B}[?25h"               // part of cnorm
    static let hideCursor = "\u{1B}[?25l"               // civis

    func expectRestored(_ pty: PseudoTerminal, modesBefore: tcflag_t, sourceLocation: SourceLocation = #_sourceLocation) {
        let output = pty.output()
        #expect(pty.localModes == modesBefore, "terminal modes not restored", sourceLocation: sourceLocation)
        #expect(output.contains(Self.enterAlternateScreen), "curses never started: \(output.debugDescription)", sourceLocation: sourceLocation)
        #expect(output.contains("测试"), "nothing was drawn", sourceLocation: sourceLocation)
        guard let leave = output.ranges(of: Self.leaveAlternateScreen).last,
              let enter = output.ranges(of: Self.enterAlternateScreen).last else {
            Issue.record("no rmcup sent: \(output.debugDescription)", sourceLocation: sourceLocation)
            return
        }
        #expect(leave.lowerBound > enter.lowerBound, sourceLocation: sourceLocation)
        if let shown = output.ranges(of: Self.showCursor).last, let hidden = output.ranges(of: Self.hideCursor).last {
            #expect(shown.lowerBound > hidden.lowerBound, "cursor left hidden", sourceLocation: sourceLocation)
        }
    }

    @Test func sigtermExits143AndRestores() async throws {
        let pty = try PseudoTerminal()
        let before = pty.localModes
        let path = pty.slavePath
        await #expect(processExitsWith: .exitCode(143)) { [path = path as String] in
            let terminal = try Terminal(options: .init(ttyPath: path, term: "xterm-256color"))
            var canvas = terminal.makeCanvas()
            canvas.box(canvas.bounds, title: "测试")
            terminal.draw(canvas)
            raise(SIGTERM)
            _ = terminal   // keep it open until the signal
            exit(99)
        }
        expectRestored(pty, modesBefore: before)
    }

    @Test(arguments: [SIGINT, SIGHUP])
    func interruptAndHangUpExit128PlusSignal(signal: Int32) async throws {
        let pty = try PseudoTerminal()
        let before = pty.localModes
        let path = pty.slavePath
        await #expect(processExitsWith: .exitCode(128 + signal)) { [path = path as String, signal = signal as Int32] in
            let terminal = try Terminal(options: .init(ttyPath: path, term: "xterm-256color"))
            var canvas = terminal.makeCanvas()
            canvas.write("测试", at: .zero)
            terminal.draw(canvas)
            raise(signal)
            _ = terminal
            exit(99)
        }
        expectRestored(pty, modesBefore: before)
    }

    @Test func crashRestoresThenCrashesAsUsual() async throws {
        let pty = try PseudoTerminal()
        let before = pty.localModes
        let path = pty.slavePath
        await #expect(processExitsWith: .signal(SIGSEGV)) { [path = path as String] in
            let terminal = try Terminal(options: .init(ttyPath: path, term: "xterm-256color"))
            var canvas = terminal.makeCanvas()
            canvas.write("测试", at: .zero)
            terminal.draw(canvas)
            // A real invalid access, not raise(): the handler must restore and re-raise.
            let bad = UnsafeMutablePointer<Int>(bitPattern: 8)!
            bad.pointee = 1
            _ = terminal
            exit(99)
        }
        expectRestored(pty, modesBefore: before)
    }

    @Test func swiftTrapRestores() async throws {
        let pty = try PseudoTerminal()
        let before = pty.localModes
        let path = pty.slavePath
        await #expect(processExitsWith: .failure) { [path = path as String] in
            let terminal = try Terminal(options: .init(ttyPath: path, term: "xterm-256color"))
            var canvas = terminal.makeCanvas()
            canvas.write("测试", at: .zero)
            terminal.draw(canvas)
            let values: [Int] = []
            _ = values[Int(getpid() % 2) + 1]   // out of range: a Swift runtime trap
            _ = terminal
            exit(0)
        }
        expectRestored(pty, modesBefore: before)
    }

    @Test func abortRestores() async throws {
        let pty = try PseudoTerminal()
        let before = pty.localModes
        let path = pty.slavePath
        await #expect(processExitsWith: .signal(SIGABRT)) { [path = path as String] in
            let terminal = try Terminal(options: .init(ttyPath: path, term: "xterm-256color"))
            var canvas = terminal.makeCanvas()
            canvas.write("测试", at: .zero)
            terminal.draw(canvas)
            abort()
        }
        expectRestored(pty, modesBefore: before)
    }

    @Test func thrownErrorClosesTheTerminal() async throws {
        let pty = try PseudoTerminal()
        let before = pty.localModes
        let path = pty.slavePath
        await #expect(processExitsWith: .exitCode(3)) { [path = path as String] in
            struct Boom: Error {}
            do {
                try Terminal.session(options: .init(ttyPath: path, term: "xterm-256color")) { terminal in
                    var canvas = terminal.makeCanvas()
                    canvas.write("测试", at: .zero)
                    terminal.draw(canvas)
                    throw Boom()
                }
            } catch is Boom {
                // Closed already: a second terminal can open, and SIGTERM is back to its default.
                let again = try Terminal(options: .init(ttyPath: path, term: "xterm-256color"))
                again.close()
                exit(3)
            }
            exit(99)
        }
        expectRestored(pty, modesBefore: before)
    }

    @Test func exitWhileOpenRestores() async throws {
        let pty = try PseudoTerminal()
        let before = pty.localModes
        let path = pty.slavePath
        await #expect(processExitsWith: .exitCode(5)) { [path = path as String] in
            let terminal = try Terminal(options: .init(ttyPath: path, term: "xterm-256color"))
            var canvas = terminal.makeCanvas()
            canvas.write("测试", at: .zero)
            terminal.draw(canvas)
            exit(5)   // e.g. a library calling exit(): the atexit hook restores
        }
        expectRestored(pty, modesBefore: before)
    }

    @Test func afterCloseSignalsAreBackToTheirDefaults() async throws {
        let pty = try PseudoTerminal()
        let before = pty.localModes
        let path = pty.slavePath
        await #expect(processExitsWith: .signal(SIGTERM)) { [path = path as String] in
            let terminal = try Terminal(options: .init(ttyPath: path, term: "xterm-256color"))
            var canvas = terminal.makeCanvas()
            canvas.write("测试", at: .zero)
            terminal.draw(canvas)
            #expect(terminal.capabilities.hasColors)
            #expect(terminal.capabilities.termName == "xterm-256color")
            terminal.close()
            raise(SIGTERM)   // default action now: killed by the signal, not exit 143
            exit(99)
        }
        expectRestored(pty, modesBefore: before)
    }

    @Test func keysAndTicksThroughTheRunLoop() async throws {
        let pty = try PseudoTerminal()
        let path = pty.slavePath
        let master = pty.master
        // Typed on the "keyboard" (the pty master) a second after the child starts: until then
        // the loop sees ticks; then ↓ and q. One frame is rendered per event.
        let typist = Task {
            try await Task.sleep(for: .seconds(1))
            let bytes = Array("\u{1B}OBq".utf8)
            _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
        }
        await #expect(processExitsWith: .exitCode(7)) { [path = path as String] in
            let terminal = try Terminal(options: .init(ttyPath: path, term: "xterm-256color"))
            var events: [Terminal.Event] = []
            var frames = 0
            let clock = ContinuousClock()
            let start = clock.now
            terminal.run(tickMilliseconds: 50) { canvas in
                frames += 1
                canvas.write("测试 frame \(frames)", at: .zero)
            } handle: { event in
                events.append(event)
                if case .key(.character("q")) = event { return .quit }
                return clock.now - start > .seconds(8) ? .quit : .continue
            }
            terminal.close()
            let keys = events.filter { $0 != .tick }
            let ok = keys == [.key(.down), .key(.character("q"))] && events.contains(.tick) && frames == events.count
            exit(ok ? 7 : 1)
        }
        _ = try await typist.value
        #expect(pty.output().contains("测试 frame"))
    }
}
