import Testing
@testable import Guides

/// The content the program ships: clean under lint, every tree walkable to every end.
@Suite struct ShippedContentTests {
    let result = ShippedContent.compiled

    @Test func lintIsClean() {
        #expect(result.issues.map { $0.formatted(.en) } == [])
    }

    @Test func theFiveGuidesAndCommonAreThere() {
        let ids = Set(result.library.profiles.map(\.id))
        #expect(ids.isSuperset(of: ["common"]))
    }

    /// Every answer at every node, depth first: all nodes visited, all ends reached, no dead end.
    @Test func everyTreeWalksToEveryEnd() throws {
        let library = result.library
        for profile in library.profiles {
            for tree in profile.trees {
                var visited: Set<NodeRef> = []
                var ends: Set<NodeRef> = []
                var stack: [[String]] = [[]]
                var walks = 0
                while let answers = stack.popLast() {
                    walks += 1
                    #expect(walks < 200_000, "tree \(tree.id) explodes")
                    if walks >= 200_000 { break }
                    let session = try WalkSession(library: library, start: tree.startRef)
                    for answer in answers { try session.answer(answer) }
                    let here = session.current
                    let firstVisit = visited.insert(here).inserted
                    if session.isFinished {
                        #expect(session.node.kind.isTerminal, "\(here) ends without being an end")
                        ends.insert(here)
                        continue
                    }
                    // Leave the tree: the other tree is walked on its own.
                    if here.tree != tree.id || here.profile != tree.profileID { continue }
                    guard firstVisit else { continue }
                    for choice in session.choices { stack.append(answers + [choice.id]) }
                }
                let own = Set(tree.nodes.map { NodeRef(profile: tree.profileID, tree: tree.id, node: $0.id) })
                #expect(own.subtracting(visited).isEmpty, "\(profile.id)/\(tree.id): never reached \(own.subtracting(visited).map(\.node).sorted())")
                #expect(!ends.isEmpty || tree.nodes.contains { $0.targets.contains { if case .tree = $0.destination { true } else { false } } },
                        "\(profile.id)/\(tree.id) has no end")
            }
        }
    }

    @Test func everyRemedyAndEscalationHasAContactThatExists() {
        let library = result.library
        for profile in library.profiles {
            for tree in profile.trees {
                for node in tree.nodes where node.kind == .remedy || node.kind == .escalate {
                    #expect(!node.contacts.isEmpty, "\(profile.id)/\(tree.id)#\(node.id) names no contact")
                    for contact in node.contacts {
                        #expect(library.contact(contact, in: profile.id) != nil, "\(profile.id)/\(tree.id)#\(node.id): \(contact)")
                    }
                }
            }
        }
    }

    @Test func everyFindingLeadsToATreeInEveryProfile() {
        let library = result.library
        for profile in library.guideProfiles {
            for (finding, _) in FindingCatalog.all {
                #expect(library.tree(forFinding: finding, profileID: profile.id) != nil, "\(profile.id): \(finding)")
            }
        }
    }
}
