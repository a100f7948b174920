import ArgumentParser
import Guides

/// `search TEXT`: the error text or symptom as the user reads it out → the trees that handle it.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find the trees for an error text or symptom (partial, any punctuation, zh or en).")

    @Argument(help: "The error text or symptom, e.g. 产生密钥对失败.")
    var text: [String]

    @Option(help: "Search this profile (and the common trees) only.")
    var profile: String?

    @Option(help: "How many results at most.")
    var limit = 10

    @Flag(help: "JSON output.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let language = global.language
        let library = try ContentStore.load(overlays: global.contentOverlays, language: language).library
        let profile = try library.chosenProfile(self.profile)
        let query = text.joined(separator: " ")
        let results = SearchIndex(library: library).search(query, profile: profile?.id, limit: max(1, limit))
        if json {
            Console.out(JSONValue.object([
                ("query", .string(query)),
                ("results", .array(results.map { result in
                    .object([
                        ("profile", .string(result.profile)), ("tree", .string(result.tree)), ("node", .string(result.node)),
                        ("title", .string(result.title[language])), ("score", .double(result.score)),
                        ("matched", .string(result.matched)),
                    ])
                })),
            ]).rendered())
        } else if results.isEmpty {
            Console.out(Strings.noSearchResults(query)[language])
        } else {
            for (index, result) in results.enumerated() {
                let profileName = library.profile(result.profile)?.name[language] ?? result.profile
                Console.out("\(index + 1). \(result.title[language])  [\(result.profile)/\(result.tree)]  \(String(format: "%.2f", result.score))")
                Console.out("   \(profileName) · \(Strings.matched(language))\(language == .zh ? "：" : ": ")\(result.matched)")
            }
            Console.out(Strings.searchHint(results[0].profile, results[0].tree)[language])
        }
        if results.isEmpty { throw CommandExit(exitCode: .problems) }
    }
}
