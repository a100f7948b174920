import ArgumentParser
import Diagnosis
import Foundation
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

    /// Leak check (scripts/leaks/probe-cycles): probe N times in this one process, each time with a
    /// fresh session (PC/SC contexts, card handles, OpenSSL objects made and freed), and print the
    /// resident memory before, after the first cycle and after the last to stderr, and the open
    /// file descriptors (a PC/SC context never released keeps its socket to pcscd open).
    @Option(name: .customLong("repeat"), help: .hidden)
    var repeatCount: Int?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let language = global.language
        let content = try ContentStore.load(overlays: global.contentOverlays, language: language)
        if listDemos {
            DemoList.print(content, language: language)
            return
        }
        let start = repeatCount == nil ? 0 : FrameTrace.residentKB()
        var session = try ProbeSession(content: content, options: probeOptions)
        var report = session.probe()
        if let cycles = repeatCount, cycles > 1 {
            // The first cycle pays for one-time set-up (OpenSSL's tables, the ATR catalogue, the
            // USB id database), which is not a leak: growth is counted from after it.
            let afterFirst = FrameTrace.residentKB()
            let descriptors = Self.openDescriptors()
            for _ in 1..<cycles {
                session = try ProbeSession(content: content, options: probeOptions)
                report = session.probe()
            }
            let end = FrameTrace.residentKB()
            Console.error("probe-cycles cycles=\(cycles) rss-kb-start=\(start) rss-kb-after-first=\(afterFirst) rss-kb-end=\(end) growth-kb=\(end - afterFirst) fds-after-first=\(descriptors) fds-end=\(Self.openDescriptors())")
        }
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

extension ProbeCommand {
    static func openDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
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
