import ArgumentParser
import Guides

struct ContentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "content",
        abstract: "Check and draw the guide content.",
        subcommands: [LintCommand.self, GraphCommand.self]
    )
}

/// `content lint [DIR]`: every problem with its code and file:line:col; exit 1 on errors.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lint", abstract: "Check content: ids, targets, translations, sources, contacts, facts.")

    @Argument(help: "A content folder to check on its own (default: the shipped content plus overlays).")
    var directory: String?

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print issues as JSON.")
    var json = false

    func run() throws {
        let layers: [String]
        if let directory {
            layers = [directory] + global.contentOverlays
            for layer in layers where !ContentStore.isDirectory(layer) {
                throw CommandFailure(.usage, Strings.contentDirectoryMissing(layer))
            }
        } else {
            layers = try ContentStore.layerDirectories(overlays: global.contentOverlays)
        }
        let result = ContentStore.compile(layers: layers, checkScenario: ScenarioLint.check)
        let language = global.language
        let errors = result.issues.errors.count
        let warnings = result.issues.count - errors
        if json {
            let issues = result.issues.map { issue in
                JSONValue.object([
                    ("code", .string(issue.code.rawValue)), ("name", .string(issue.code.name)),
                    ("severity", .string(issue.severity.rawValue)),
                    ("file", issue.location.map { .string($0.file) } ?? .null),
                    ("line", issue.location.map { .int($0.line) } ?? .null),
                    ("column", issue.location.map { .int($0.column) } ?? .null),
                    ("message", .string(issue.message[language])),
                ])
            }
            Console.out(JSONValue.object([("errors", .int(errors)), ("warnings", .int(warnings)), ("issues", .array(issues))]).rendered())
        } else {
            for issue in result.issues { Console.out(issue.formatted(language)) }
            let trees = result.library.profiles.reduce(0) { $0 + $1.trees.count }
            let nodes = result.library.profiles.reduce(0) { $0 + $1.trees.reduce(0) { $0 + $1.nodes.count } }
            Console.out(Strings.lintSummary(errors: errors, warnings: warnings, files: result.fileCount, trees: trees, nodes: nodes)[language])
        }
        if errors > 0 { throw CommandExit(exitCode: .problems) }
    }
}

