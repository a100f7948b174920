import ArgumentParser
import Diagnosis
import Guides

/// `probe`: what is plugged in, layer by layer, and what is wrong with it.
struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Look at the token: USB, PC/SC service, readers, card, certificates, PIN tries; then findings.")

    @OptionGroup var probeOptions: ProbeOptions

    @Flag(help: "JSON output (see README).")
    var json = false

    @Flag(help: "List the demo scenarios.")
    var listDemos = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let language = global.language
        let content = try ContentStore.load(overlays: global.contentOverlays, language: language)
        if listDemos {
            DemoList.print(content, language: language)
            return
        }
        let session = try ProbeSession(content: content, options: probeOptions)
        let report = session.probe()
        let redact = !probeOptions.noRedact
        if json {
            Console.out(ProbeJSON(language: language, redact: redact, library: content.library).report(report).rendered())
        } else {
            if let scenario = session.scenario {
                Console.out(Strings.demoBanner(scenario.title)[language])
            }
            ProbeText(language: language, redact: redact, library: content.library).lines(report).forEach { Console.out($0) }
        }
        if report.findings.contains(where: { $0.severity == .error }) { throw CommandExit(exitCode: .problems) }
    }
}

enum DemoList {
    static func print(_ content: ContentCompiler.Result, language: Language) {
        for id in content.scenarios.keys.sorted() {
            guard let file = content.scenarios[id], let scenario = ScenarioLoaderBridge.load(file) else { continue }
            Console.out("\(id.padding(toLength: 22, withPad: " ", startingAt: 0)) \(scenario.title[language]) — \(scenario.summary[language])")
        }
    }
}
