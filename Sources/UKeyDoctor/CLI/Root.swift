import ArgumentParser
import Foundation
import Guides

/// `ukey-doctor`: the terminal UI by default, non-interactive commands for scripts and support staff.
struct Root: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ukey-doctor",
        abstract: "UKey 证书延期助手 — diagnose a USB-token certificate renewal and find the remedy.",
        version: UKeyDoctorMain.version,
        subcommands: [AssistantCommand.self, ProbeCommand.self, CertCommand.self, SearchCommand.self, WalkCommand.self,
                      ContactsCommand.self, ReportCommand.self, ContentCommand.self],
        defaultSubcommand: AssistantCommand.self
    )
}

public enum UKeyDoctorMain {
    public static let version = "0.1.0"

    /// Runs the command line and exits the process with the contract's exit code.
    public static func run() -> Never {
        let code = run(arguments: Array(CommandLine.arguments.dropFirst()))
        exit(code)
    }

    /// Parses and runs; every error becomes a one-line message on stderr and exit code 2
    /// (ArgumentParser's own usage errors included, which would otherwise exit 64).
    public static func run(arguments: [String]) -> Int32 {
        let language = Self.language(from: arguments)
        do {
            var command = try Root.parseAsRoot(arguments)
            try command.run()
            return ExitCode.ok.rawValue
        } catch let failure as CommandFailure {
            Console.error("ukey-doctor: " + failure.message[language])
            return failure.exitCode.rawValue
        } catch let exit as CommandExit {
            return exit.exitCode.rawValue
        } catch {
            let code = Root.exitCode(for: error)
            if code == .success {   // --help, --version
                Console.out(Root.fullMessage(for: error))
                return 0
            }
            let message = Root.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            Console.error("ukey-doctor: " + message + Strings.tryHelp[language])
            return ExitCode.usage.rawValue
        }
    }

    /// The language for messages printed before options are parsed.
    static func language(from arguments: [String]) -> Language {
        if let index = arguments.firstIndex(of: "--lang"), index + 1 < arguments.count,
           let language = Language(rawValue: arguments[index + 1]) { return language }
        if let inline = arguments.first(where: { $0.hasPrefix("--lang=") }),
           let language = Language(rawValue: String(inline.dropFirst("--lang=".count))) { return language }
        return Language.fromEnvironment(ProcessInfo.processInfo.environment)
    }
}
