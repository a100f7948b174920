import CursesBackend
import Foundation
import Guides
import TerminalUI

/// Runs the assistant on the real terminal: tick every 200 ms to follow the token, render the
/// whole state after every event. With UKD_TUI_TRACE=FILE it records frame timings (benchmarks).
enum TUIRunner {
    static func run(_ app: AppModel, noColor: Bool) throws(CommandFailure) {
        let trace = FrameTrace(path: ProcessInfo.processInfo.environment["UKD_TUI_TRACE"])
        do {
            try Terminal.session(options: .init(noColor: noColor)) { terminal in
                // The htop loop: render the whole state, draw, wait up to a tick for a key.
                var keyAt: ContinuousClock.Instant?
                while true {
                    var canvas = terminal.makeCanvas()
                    Chrome.render(app, into: &canvas)
                    terminal.draw(canvas)
                    trace.frameDrawn(afterKeyAt: keyAt)
                    guard let key = terminal.nextKey(timeoutMs: 200) else {
                        keyAt = nil
                        app.tick()
                        continue
                    }
                    keyAt = ContinuousClock.now
                    if Chrome.isTooSmall(canvas.size) {
                        // The screens are not drawn: a key would change one the user cannot see.
                        if key == .character("q") || key == .ctrl("c") { break }
                        continue
                    }
                    if app.handle(key) == .quit { break }
                }
            }
        } catch let error as TerminalError {
            throw CommandFailure(.usage, Strings.noTerminal("\(error)"))
        } catch {
            throw CommandFailure(.usage, Strings.noTerminal("\(error)"))
        }
        trace.finish()
    }
}

/// Frame timings for scripts/bench/tui: process start to first frame, and key → frame drawn.
final class FrameTrace {
    private let path: String?
    private var lines: [String] = []
    private var first = true

    init(path: String?) { self.path = path }

    func frameDrawn(afterKeyAt key: ContinuousClock.Instant?) {
        guard path != nil else { return }
        if first {
            first = false
            lines.append("first-frame-ms \(Self.sinceProcessStartMs())")
        }
        if let key {
            let elapsed = ContinuousClock.now - key
            lines.append("key-frame-ms \(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)")
        }
        lines.append("rss-kb \(Self.residentKB())")
    }

    func finish() {
        guard let path else { return }
        try? lines.joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Milliseconds since this process started (from /proc/self/stat and the boot clock).
    static func sinceProcessStartMs() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return -1 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return -1 }
        var now = timespec()
        clock_gettime(CLOCK_BOOTTIME, &now)
        let uptime = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
        return (uptime - ticks / Double(sysconf(Int32(_SC_CLK_TCK)))) * 1000
    }

    static func residentKB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return -1 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }
}
