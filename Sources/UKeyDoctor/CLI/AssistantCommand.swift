import ArgumentParser
import Foundation
import Guides

/// `ukey-doctor` with no command: the full-screen assistant.
struct AssistantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "The full-screen assistant (the default when no command is given).")

    @OptionGroup var probeOptions: ProbeOptions

    @Flag(help: "No colours (also NO_COLOR=1, or a terminal without colours).")
    var noColor = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let language = global.language
        let content = try ContentStore.load(overlays: global.contentOverlays, language: language)
        let app = try AppModel(content: content, options: probeOptions, language: language,
                               reportDirectory: Self.reportDirectory())
        try TUIRunner.run(app, noColor: noColor)
    }

    /// $UKEY_DOCTOR_REPORT_DIR, else the home folder, else /tmp.
    static func reportDirectory() -> String {
        let environment = ProcessInfo.processInfo.environment
        for candidate in [environment["UKEY_DOCTOR_REPORT_DIR"], environment["HOME"], "/tmp"].compactMap({ $0 })
            where FileManager.default.isWritableFile(atPath: candidate) {
            return candidate
        }
        return "/tmp"
    }
}
