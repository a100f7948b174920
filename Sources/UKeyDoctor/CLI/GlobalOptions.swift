import ArgumentParser
import Foundation
import Guides

extension Language: ExpressibleByArgument {}

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("content"), help: ArgumentHelp("Add or override content from DIR (a site's own contacts). Repeatable.", valueName: "DIR"))
    var contentOverlays: [String] = []

    @Option(help: "Language: zh or en (default from LANG / LC_ALL).")
    var lang: Language?

    var language: Language { lang ?? Language.fromEnvironment(ProcessInfo.processInfo.environment) }
}
