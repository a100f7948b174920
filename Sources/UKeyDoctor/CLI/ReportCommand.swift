import ArgumentParser
import Guides

/// `report`: the probe, findings, trees and contacts, to paste into WeChat or QQ.
struct ReportCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case md, json }

    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "A report to paste into a chat: probe summary, findings, trees to follow, contacts (personal data masked).")

    @Option(help: "md or json.")
    var format: Format = .md

    @OptionGroup var probeOptions: ProbeOptions

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let language = global.language
        let content = try ContentStore.load(overlays: global.contentOverlays, language: language)
        let session = try ProbeSession(content: content, options: probeOptions)
        let report = SupportReport(report: session.probe(), library: content.library, language: language,
                                   redact: !probeOptions.noRedact, demo: session.scenario)
        switch format {
        case .md: Console.out(report.markdown(), terminator: "")
        case .json: Console.out(report.json().rendered())
        }
        if report.report.findings.contains(where: { $0.severity == .error }) { throw CommandExit(exitCode: .problems) }
    }
}
