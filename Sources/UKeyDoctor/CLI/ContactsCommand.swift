import ArgumentParser
import Guides

/// `contacts`: who to call, with every way to reach them and what they are for.
struct ContactsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "contacts", abstract: "List the contacts (people and service channels).")

    @Option(help: "Only this profile's contacts.")
    var profile: String?

    @Flag(help: "JSON output.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let language = global.language
        let library = try ContentStore.load(overlays: global.contentOverlays, language: language).library
        let profiles = try library.chosenProfile(profile).map { [$0] } ?? library.profiles
        if json {
            Console.out(JSONValue.object([
                ("profiles", .array(profiles.map { profile in
                    .object([
                        ("profile", .string(profile.id)),
                        ("name", .string(profile.name[language])),
                        ("contacts", .array(profile.contacts.map { ContactFormat.json($0, language, profile: profile) })),
                    ])
                })),
            ]).rendered())
            return
        }
        for profile in profiles where !profile.contacts.isEmpty {
            Console.out("# \(profile.name[language]) [\(profile.id)]")
            for contact in profile.contacts {
                ContactFormat.lines(contact, language).forEach { Console.out($0) }
                let trees = profile.trees(naming: contact.id).map { $0.title[language] }
                if !trees.isEmpty { Console.out("  \(Strings.contactFor(language))：\(trees.joined(separator: "；"))") }
                Console.out("")
            }
        }
    }
}
