import CLibcExtras
import Foundation

/// Writes to stdout / stderr without buffering surprises between the two.
enum Console {
    static func out(_ text: String, terminator: String = "\n") {
        fputs(text + terminator, cx_stdout())
        fflush(cx_stdout())
    }

    static func error(_ text: String) {
        fflush(cx_stdout())
        fputs(text + "\n", cx_stderr())
    }

    static var stdinIsTerminal: Bool { isatty(0) == 1 }
    static var stdoutIsTerminal: Bool { isatty(1) == 1 }
}
