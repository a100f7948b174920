/// Whole-library checks that need every profile, tree and contact in place (lint's last stage).
enum ContentChecks {
    static func run(_ library: ContentLibrary) -> [ContentIssue] {
        var issues: [ContentIssue] = []
        for profile in library.profiles {
            for tree in profile.trees {
                issues += checkTree(tree, library)
            }
        }
        issues += checkFindingsCovered(library)
        return issues
    }

    static func checkTree(_ tree: Tree, _ library: ContentLibrary) -> [ContentIssue] {
        var issues: [ContentIssue] = []
        if tree.nodes.isEmpty {
            issues.append(ContentIssue(.missingField, at: tree.location, .init(zh: "树 `\(tree.id)` 没有节点", en: "tree `\(tree.id)` has no nodes")))
            return issues
        }
        for node in tree.nodes {
            for target in node.targets where library.resolve(target, from: tree) == nil {
                issues.append(ContentIssue(.missingTarget, at: target.location ?? node.location, .init(
                    zh: "去向 `\(target.written)` 不存在", en: "target `\(target.written)` does not exist")))
            }
            switch node.kind {
            case .question, .check:
                if node.options.isEmpty {
                    issues.append(ContentIssue(.deadEnd, at: node.location, .init(
                        zh: "\(node.kind.rawValue) 节点 `\(node.id)` 没有选项，走到这里就无路可走",
                        en: "\(node.kind.rawValue) node `\(node.id)` has no options: a walk stops dead here")))
                }
            case .step:
                if node.next == nil {
                    issues.append(ContentIssue(.deadEnd, at: node.location, .init(
                        zh: "step 节点 `\(node.id)` 没有 next", en: "step node `\(node.id)` has no `next`")))
                }
            case .remedy, .escalate:
                if node.contacts.isEmpty {
                    issues.append(ContentIssue(.remedyWithoutContact, at: node.location, .init(
                        zh: "\(node.kind.rawValue) 节点 `\(node.id)` 没有联系人", en: "\(node.kind.rawValue) node `\(node.id)` names no contact")))
                }
            case .done:
                break
            }
            for contact in node.contacts where library.contact(contact, in: tree.profileID) == nil {
                issues.append(ContentIssue(.unknownContact, at: node.location, .init(
                    zh: "节点 `\(node.id)` 的联系人 `\(contact)` 不存在", en: "contact `\(contact)` of node `\(node.id)` does not exist")))
            }
        }
        issues += checkReachability(tree, library)
        return issues
    }

    /// Every node reachable from the start, and from every node some end reachable.
    static func checkReachability(_ tree: Tree, _ library: ContentLibrary) -> [ContentIssue] {
        var issues: [ContentIssue] = []
        let index = Dictionary(tree.nodes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func localSuccessors(_ node: Node) -> [String] {
            node.targets.compactMap { if case .node(let id) = $0.destination, index[id] != nil { id } else { nil } }
        }
        var reached: Set<String> = []
        var queue = [tree.start].filter { index[$0] != nil }
        while let id = queue.popLast() {
            guard reached.insert(id).inserted, let node = index[id] else { continue }
            queue += localSuccessors(node)
        }
        for node in tree.nodes where !reached.contains(node.id) {
            issues.append(ContentIssue(.unreachableNode, at: node.location, .init(
                zh: "节点 `\(node.id)` 从起点 `\(tree.start)` 走不到", en: "node `\(node.id)` cannot be reached from start `\(tree.start)`")))
        }
        // A node "can end" if it is terminal, or leads to another tree (checked on its own), or to a node that can end.
        var canEnd: Set<String> = Set(tree.nodes.filter { node in
            node.kind.isTerminal || node.targets.contains { if case .tree = $0.destination { true } else { false } }
        }.map(\.id))
        var changed = true
        while changed {
            changed = false
            for node in tree.nodes where !canEnd.contains(node.id) {
                if localSuccessors(node).contains(where: canEnd.contains) {
                    canEnd.insert(node.id)
                    changed = true
                }
            }
        }
        for node in tree.nodes where !canEnd.contains(node.id) && reached.contains(node.id) && !node.targets.isEmpty {
            issues.append(ContentIssue(.deadEnd, at: node.location, .init(
                zh: "从节点 `\(node.id)` 出发只能绕圈，到不了任何结论 (remedy/escalate/done)",
                en: "from node `\(node.id)` every way loops; no remedy, escalate or done is reachable")))
        }
        return issues
    }

    /// Each finding the probe can report should lead somewhere: a tree in every guide profile, or in `common`.
    static func checkFindingsCovered(_ library: ContentLibrary) -> [ContentIssue] {
        guard !library.profiles.isEmpty else { return [] }
        var issues: [ContentIssue] = []
        for (finding, _) in FindingCatalog.all {
            if library.common?.trees.contains(where: { $0.findings.contains(finding) }) == true { continue }
            for profile in library.guideProfiles where !profile.trees.contains(where: { $0.findings.contains(finding) }) {
                issues.append(ContentIssue(.findingWithoutTree, at: profile.location, .init(
                    zh: "检测结果 `\(finding)` 在平台 `\(profile.id)` 和 common 中都没有对应的树",
                    en: "finding `\(finding)` has no tree in profile `\(profile.id)` nor in common")))
            }
        }
        return issues
    }
}
