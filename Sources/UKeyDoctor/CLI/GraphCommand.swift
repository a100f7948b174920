import ArgumentParser
import Guides

extension TreeGraph.Format: ExpressibleByArgument {}

/// `content graph TREE`: the tree as Graphviz DOT or Mermaid.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "graph", abstract: "Draw a tree as Graphviz DOT or Mermaid.")

    @Argument(help: "Tree id, or PROFILE/TREE.")
    var tree: String

    @Option(help: "dot or mermaid.")
    var format: TreeGraph.Format = .dot

    @Option(help: "The profile the tree belongs to.")
    var profile: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let library = try ContentStore.load(overlays: global.contentOverlays, language: global.language).library
        let found = try library.findTree(tree, profile: try library.chosenProfile(profile))
        Console.out(TreeGraph.render(found, format: format, language: global.language))
    }
}
