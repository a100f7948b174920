import ArgumentParser
struct SearchCommand: ParsableCommand { static let configuration = CommandConfiguration(commandName: "search") }
struct WalkCommand: ParsableCommand { static let configuration = CommandConfiguration(commandName: "walk") }
struct ContactsCommand: ParsableCommand { static let configuration = CommandConfiguration(commandName: "contacts") }
struct GraphCommand: ParsableCommand { static let configuration = CommandConfiguration(commandName: "graph") }
