import ArgumentParser
import Foundation
import Guides

/// `walk TREE`: a tree without the full-screen UI — answers given up front (`--answers`), or asked
/// line by line on a terminal where the UI cannot run.
struct WalkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "walk",
        abstract: "Walk a tree: with --answers, or line by line on a terminal.")

    @Argument(help: "Tree id, or PROFILE/TREE (see `search`).")
    var tree: String?

    @Option(help: ArgumentHelp("Answers in order, comma-separated (option ids; `not-fixed` at a remedy).", valueName: "a,b,c"))
    var answers: String?

    @Option(name: .customLong("fact"), help: ArgumentHelp("Set a fact, e.g. --fact cert.expired=true (repeatable).", valueName: "NAME=VALUE"))
    var facts: [String] = []

    @Flag(help: "Probe the plugged-in token so checks answer themselves (the probe runs again at each check).")
    var probe = false

    @OptionGroup var probeOptions: ProbeOptions

    @Flag(help: "List the trees instead of walking one.")
    var list = false

    @Flag(help: "JSON output.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let language = global.language
        let content = try ContentStore.load(overlays: global.contentOverlays, language: language)
        let library = content.library
        let profile = try library.chosenProfile(probeOptions.profile)
        if list || tree == nil {
            listTrees(library, profile: profile, language: language)
            return
        }
        let found = try library.findTree(tree ?? "", profile: profile)
        let given = try FactArguments.parse(facts)
        // Facts from a probe (live with --probe, simulated with --demo), overridden by --fact.
        let prober = (probe || probeOptions.demo != nil) ? try ProbeSession(content: content, options: probeOptions) : nil
        if let scenario = prober?.scenario, !json { Console.out(Strings.demoBanner(scenario.title)[language]) }
        let session: WalkSession
        do {
            session = try WalkSession(library: library, start: found.startRef, facts: {
                (prober?.probe().facts ?? [:]).merging(given) { _, explicit in explicit }
            })
        } catch {
            throw CommandFailure(.usage, Strings.walkError(error))
        }
        let presenter = WalkPresenter(library: library, language: language)
        if answers == nil, !json, Console.stdinIsTerminal {
            LineWalk(session: session, presenter: presenter).run()
            return
        }
        let queue = (answers ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        try WalkPresenter.play(queue, on: session)
        if json {
            Console.out(presenter.json(session, startTree: found).rendered())
        } else {
            presenter.text(session, startTree: found).forEach { Console.out($0) }
        }
    }

    func listTrees(_ library: ContentLibrary, profile: Profile?, language: Language) {
        if json {
            let profiles = profile.map { [$0] } ?? library.profiles
            Console.out(JSONValue.object([("profiles", .array(profiles.map { profile in
                .object([("profile", .string(profile.id)), ("trees", .array(profile.trees.map { tree in
                    .object([("id", .string(tree.id)), ("title", .string(tree.title[language])), ("source", .string(tree.source))])
                }))])
            }))]).rendered())
            return
        }
        for profile in profile.map({ [$0] }) ?? library.profiles {
            Console.out("# \(profile.name[language]) [\(profile.id)]")
            for tree in profile.trees { Console.out("  \(tree.id.padding(toLength: 28, withPad: " ", startingAt: 0)) \(tree.title[language])") }
        }
    }
}

/// `--fact name=value`, typed by the fact catalog.
enum FactArguments {
    static func parse(_ items: [String]) throws(CommandFailure) -> Facts {
        var facts: Facts = [:]
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let definition = FactCatalog.definition(parts[0]) else {
                throw CommandFailure(.usage, Strings.badFact(item))
            }
            switch definition.type {
            case .bool:
                guard parts[1] == "true" || parts[1] == "false" else { throw CommandFailure(.usage, Strings.badFact(item)) }
                facts[parts[0]] = .bool(parts[1] == "true")
            case .int:
                guard let value = Int(parts[1]) else { throw CommandFailure(.usage, Strings.badFact(item)) }
                facts[parts[0]] = .int(value)
            case .oneOf(let values):
                guard values.contains(parts[1]) else { throw CommandFailure(.usage, Strings.badFact(item)) }
                facts[parts[0]] = .string(parts[1])
            }
        }
        return facts
    }
}
