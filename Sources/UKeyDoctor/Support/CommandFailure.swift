import Guides

/// Exit codes of the command-line contract.
enum ExitCode: Int32 {
    case ok = 0          // ran and found nothing wrong
    case problems = 1    // ran and found problems (probe findings of severity error, lint errors)
    case usage = 2       // could not run: bad arguments, unreadable file, broken content
}

/// Stops a command with a one-line reason on stderr and an exit code.
struct CommandFailure: Error {
    var exitCode: ExitCode
    var message: LocalizedText

    init(_ exitCode: ExitCode, _ message: LocalizedText) {
        self.exitCode = exitCode
        self.message = message
    }
}

/// Ends a command that ran with an exit code other than 0, without printing anything more.
struct CommandExit: Error {
    var exitCode: ExitCode
}
