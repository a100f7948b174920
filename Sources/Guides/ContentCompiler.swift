import Dispatch
import Foundation
import Yams

/// Content in stages: parse every file, decode it into the model, merge overlay layers by id,
/// then check the whole (lint). Pure: the caller reads the files (see ContentDirectory in the app).
public enum ContentCompiler {
    public struct Result: Sendable {
        public var library: ContentLibrary
        /// Scenario files by id, after overlays, for the simulator to load.
        public var scenarios: [String: ContentFile]
        public var issues: [ContentIssue]
        /// How many files the layers held (YAML or not).
        public var fileCount: Int

        public var errors: [ContentIssue] { issues.errors }
    }

    /// A scenario file is checked by the module that understands it (Simulator), through this hook.
    public typealias ScenarioCheck = @Sendable (ContentFile, ContentLibrary) -> [ContentIssue]

    /// `layers[0]` is the shipped content; each later layer (a site's `--content DIR`, /etc) adds
    /// to it or replaces, by id: a profile's header, a contact, a tree, a scenario.
    public static func compile(layers: [[ContentFile]], checkScenario: ScenarioCheck? = nil) -> Result {
        var issues: [ContentIssue] = []
        var headers: [String: ProfileHeader] = [:]
        var headerOrder: [String] = []
        var contacts: [String: [Contact]] = [:]
        var trees: [String: [Tree]] = [:]
        var scenarios: [String: ContentFile] = [:]
        var site: SiteSettings?

        // Parse and decode every file on its own, in parallel (the costly part), then merge in order.
        let decoded = decodeAll(layers)
        for (layerIndex, layer) in decoded.enumerated() {
            var seenTrees: [String: SourceLocation?] = [:]
            var seenContacts: [String: SourceLocation?] = [:]
            for file in layer {
                issues += file.issues
                switch file.value {
                case .none:
                    continue
                case .scenario(let id):
                    scenarios[id] = layers[layerIndex][file.index]
                case .site(let settings):
                    site = settings
                case .profile(let profileID, let header):
                    if headers[profileID] == nil { headerOrder.append(profileID) }
                    headers[profileID] = header
                case .contacts(let profileID, let decodedContacts):
                    for contact in decodedContacts {
                        merge(contact, kind: .init(zh: "联系人", en: "contact"), profileID: profileID, into: &contacts,
                              seen: &seenContacts, issues: &issues)
                    }
                case .tree(let profileID, let tree):
                    merge(tree, kind: .init(zh: "树", en: "tree"), profileID: profileID, into: &trees, seen: &seenTrees, issues: &issues)
                }
            }
        }

        // Trees or contacts for a profile that no layer defines.
        for (profileID, list) in trees where headers[profileID] == nil {
            issues.append(ContentIssue(.unknownProfile, at: list.first?.location, .init(
                zh: "没有 profiles/\(profileID)/profile.yaml，这些树无处可挂", en: "no profiles/\(profileID)/profile.yaml for these trees")))
        }
        for (profileID, list) in contacts where headers[profileID] == nil {
            issues.append(ContentIssue(.unknownProfile, at: list.first?.location, .init(
                zh: "没有 profiles/\(profileID)/profile.yaml，这些联系人无处可挂", en: "no profiles/\(profileID)/profile.yaml for these contacts")))
        }

        // `common` goes last so guide profiles come first in lists.
        let order = headerOrder.filter { $0 != ContentLibrary.commonProfileID }
            + headerOrder.filter { $0 == ContentLibrary.commonProfileID }
        let profiles = order.compactMap { id -> Profile? in
            guard let header = headers[id] else { return nil }
            let own = trees[id] ?? []
            for entry in header.menu where !own.contains(where: { $0.id == entry.id }) {
                issues.append(ContentIssue(.missingTarget, at: entry.location, .init(
                    zh: "menu 中的树 `\(entry.id)` 不存在", en: "menu lists tree `\(entry.id)`, which does not exist")))
            }
            let rank = Dictionary(header.menu.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
            let ordered = own.sorted { (rank[$0.id] ?? Int.max, $0.id) < (rank[$1.id] ?? Int.max, $1.id) }
            return Profile(id: id, name: header.name, guide: header.guide, recognise: header.recognise,
                           sites: header.sites, rules: header.rules, contacts: contacts[id] ?? [],
                           trees: ordered, location: header.location)
        }
        let library = ContentLibrary(profiles: profiles, site: site)
        issues += ContentChecks.run(library)
        if let site, let profileID = site.defaultProfile, library.profile(profileID) == nil {
            issues.append(ContentIssue(.unknownProfile, at: site.location, .init(
                zh: "site.yaml 的默认平台 `\(profileID)` 不存在", en: "site.yaml's default profile `\(profileID)` does not exist")))
        }
        if let checkScenario {
            for (_, file) in scenarios.sorted(by: { $0.key < $1.key }) { issues += checkScenario(file, library) }
        }
        return Result(library: library, scenarios: scenarios, issues: issues.sorted(),
                      fileCount: layers.reduce(0) { $0 + $1.count })
    }

    /// Adds an item to its profile's list, replacing the one with the same id from an earlier layer
    /// (an overlay); the same id twice in one layer is a duplicate.
    static func merge<Item: Identified>(_ item: Item, kind: LocalizedText, profileID: String, into store: inout [String: [Item]],
                                        seen: inout [String: SourceLocation?], issues: inout [ContentIssue]) {
        let key = "\(profileID)/\(item.id)"
        if let first = seen[key] {
            let place = first.map { "\($0)" } ?? "?"
            issues.append(ContentIssue(.duplicateID, at: item.location, .init(
                zh: "\(kind.zh) `\(item.id)` 重复，首次定义于 \(place)", en: "\(kind.en) `\(item.id)` defined twice; first at \(place)")))
            return
        }
        seen[key] = item.location
        var list = store[profileID, default: []]
        if let index = list.firstIndex(where: { $0.id == item.id }) {
            list[index] = item
        } else {
            list.append(item)
        }
        store[profileID] = list
    }

    // MARK: Decoding files in parallel

    enum DecodedValue {
        case site(SiteSettings?)
        case profile(String, ProfileHeader)
        case contacts(String, [Contact])
        case tree(String, Tree)
        case scenario(String)
    }

    struct DecodedFile {
        var index: Int
        var value: DecodedValue?
        var issues: [ContentIssue]
    }

    /// Each slot is written by exactly one iteration of `concurrentPerform`, so no two threads touch the same element.
    private final class Slots: @unchecked Sendable {
        var values: [DecodedFile?]
        init(count: Int) { values = Array(repeating: nil, count: count) }
    }

    static func decodeAll(_ layers: [[ContentFile]]) -> [[DecodedFile]] {
        let work = layers.enumerated().flatMap { layerIndex, layer in
            layer.indices.sorted { layer[$0].relativePath < layer[$1].relativePath }.map { (layerIndex, $0) }
        }
        let slots = Slots(count: work.count)
        DispatchQueue.concurrentPerform(iterations: work.count) { item in
            let (layerIndex, fileIndex) = work[item]
            slots.values[item] = decode(layers[layerIndex][fileIndex], index: fileIndex)
        }
        var result = Array(repeating: [DecodedFile](), count: layers.count)
        for (item, (layerIndex, _)) in work.enumerated() {
            if let file = slots.values[item] { result[layerIndex].append(file) }
        }
        return result
    }

    static func decode(_ file: ContentFile, index: Int) -> DecodedFile {
        let reader = YAMLReader(file: file.displayPath)
        var value: DecodedValue?
        switch FileRole(file.relativePath) {
        case .ignored:
            break
        case .scenario(let id):
            value = .scenario(id)
        case .site:
            if let root = reader.parse(file.text) { value = .site(decodeSite(root, reader)) }
        case .profile(let profileID):
            if let root = reader.parse(file.text), let header = decodeProfile(root, folder: profileID, reader) {
                value = .profile(profileID, header)
            }
        case .contacts(let profileID):
            if let root = reader.parse(file.text) { value = .contacts(profileID, decodeContacts(root, reader)) }
        case .tree(let profileID):
            if let root = reader.parse(file.text), let tree = decodeTree(root, profileID: profileID, reader) {
                value = .tree(profileID, tree)
            }
        case .unexpected:
            reader.report(.invalidValue, at: SourceLocation(file: file.displayPath, line: 1, column: 1), .init(
                zh: "不认识这个文件的位置；见 Content/SCHEMA.md 的目录结构",
                en: "this file is in no known place; see the layout in Content/SCHEMA.md"))
        }
        return DecodedFile(index: index, value: value, issues: reader.issues)
    }

    // MARK: What a file is, from where it sits

    enum FileRole: Equatable {
        case profile(String), contacts(String), tree(String), scenario(String), site, ignored, unexpected

        init(_ path: String) {
            let parts = path.split(separator: "/").map(String.init)
            guard let last = parts.last, last.hasSuffix(".yaml") || last.hasSuffix(".yml") else {
                self = .ignored   // SCHEMA.md, READMEs, …
                return
            }
            let stem = String(last.prefix(upTo: last.lastIndex(of: ".") ?? last.endIndex))
            switch parts.count {
            case 1 where stem == "site": self = .site
            case 2 where parts[0] == "scenarios": self = .scenario(stem)
            case 3 where parts[0] == "profiles" && stem == "profile": self = .profile(parts[1])
            case 3 where parts[0] == "profiles" && stem == "contacts": self = .contacts(parts[1])
            case 4 where parts[0] == "profiles" && parts[2] == "trees": self = .tree(parts[1])
            default: self = .unexpected
            }
        }
    }

    // MARK: Decoding

    struct ProfileHeader {
        var name: LocalizedText
        var guide: GuideInfo?
        var recognise: Recognition
        var sites: [Site]
        var rules: [Rule]
        /// Tree ids in the order users should see them; trees not listed follow, by id.
        var menu: [(id: String, location: SourceLocation)]
        var location: SourceLocation
    }

    static func decodeSite(_ root: Yams.Node, _ reader: YAMLReader) -> SiteSettings? {
        guard let f = reader.fields(root, "site.yaml", allowed: ["default-profile", "name"]) else { return nil }
        return SiteSettings(defaultProfile: reader.identifier(f["default-profile"], "default-profile"),
                            name: reader.text(f["name"], "name"), location: reader.location(root))
    }

    static func decodeProfile(_ root: Yams.Node, folder: String, _ reader: YAMLReader) -> ProfileHeader? {
        guard let f = reader.fields(root, "profile", allowed: ["id", "name", "guide", "recognise", "sites", "rules", "menu"],
                                    required: ["id", "name"]) else { return nil }
        if let id = reader.identifier(f["id"], "profile id"), id != folder {
            reader.report(.invalidValue, f["id"], .init(
                zh: "profile id `\(id)` 应与所在目录名 `\(folder)` 相同", en: "profile id `\(id)` must match its folder `\(folder)`"))
        }
        let name = reader.text(f["name"], "name") ?? .empty
        var guide: GuideInfo?
        if let node = f["guide"], let g = reader.fields(node, "guide", allowed: ["seed", "title", "authority"], required: ["seed", "title"]) {
            let seed = reader.string(g["seed"], "guide.seed") ?? ""
            if !(seed.count == 3 && seed.allSatisfy(\.isNumber)) {
                reader.report(.invalidValue, g["seed"], .init(zh: "guide.seed 应为三位编号，如 \"000\"", en: "guide.seed must be a three-digit number such as \"000\""))
            }
            guide = GuideInfo(seed: seed, title: reader.text(g["title"], "guide.title") ?? .empty,
                              authority: reader.text(g["authority"], "guide.authority"))
        }
        var recognise = Recognition()
        if let node = f["recognise"], let r = reader.fields(node, "recognise", allowed: ["issuers", "source"]) {
            recognise = Recognition(issuers: reader.strings(r["issuers"], "recognise.issuers"),
                                    source: reader.source(r["source"], "recognise", owner: node))
        }
        var sites: [Site] = []
        var siteIDs: Set<String> = []
        for node in reader.sequence(f["sites"], "sites") {
            guard let s = reader.fields(node, "site", allowed: ["id", "label", "url", "note", "source"],
                                        required: ["id", "label", "url"]),
                  let id = reader.identifier(s["id"], "site id") else { continue }
            if !siteIDs.insert(id).inserted {
                reader.report(.duplicateID, s["id"], .init(zh: "网站 `\(id)` 重复", en: "site `\(id)` repeated"))
            }
            sites.append(Site(id: id, label: reader.text(s["label"], "site.label") ?? .empty,
                              url: reader.string(s["url"], "site.url") ?? "", note: reader.text(s["note"], "site.note"),
                              source: reader.source(s["source"], "site `\(id)`", owner: node)))
        }
        var rules: [Rule] = []
        var ruleIDs: Set<String> = []
        for node in reader.sequence(f["rules"], "rules") {
            guard let rule = decodeRule(node, reader) else { continue }
            if !ruleIDs.insert(rule.id).inserted {
                reader.report(.duplicateID, node, .init(zh: "规则 `\(rule.id)` 重复", en: "rule `\(rule.id)` repeated"))
            }
            rules.append(rule)
        }
        var menu: [(String, SourceLocation)] = []
        for node in reader.sequence(f["menu"], "menu") {
            if let id = reader.identifier(node, "menu entry") { menu.append((id, reader.location(node))) }
        }
        return ProfileHeader(name: name, guide: guide, recognise: recognise, sites: sites, rules: rules, menu: menu,
                             location: reader.location(root))
    }

    /// Keys each rule kind may carry besides kind/id/text/source.
    static let ruleKeys: [Rule.Kind: Set<String>] = [
        .renewalWindow: ["before", "after"],
        .activationDelay: ["minutes"],
        .pinTries: ["count"],
        .passwordPolicy: ["min-length", "max-length"],
        .defaultPassword: ["value"],
        .validityAfterRenewal: ["days"],
        .note: [],
    ]

    static func decodeRule(_ node: Yams.Node, _ reader: YAMLReader) -> Rule? {
        guard let kindText = node.mapping?["kind"]?.scalar?.string else {
            reader.report(.missingField, node, .init(zh: "规则缺少 `kind`", en: "rule lacks `kind`"))
            return nil
        }
        guard let kind = Rule.Kind(rawValue: kindText) else {
            reader.report(.invalidValue, node.mapping?["kind"], .init(
                zh: "未知的规则种类 `\(kindText)`；可用：\(Rule.Kind.allCases.map(\.rawValue).joined(separator: ", "))",
                en: "unknown rule kind `\(kindText)`; known: \(Rule.Kind.allCases.map(\.rawValue).joined(separator: ", "))"))
            return nil
        }
        let allowed = Set(["kind", "id", "text", "source"]).union(ruleKeys[kind] ?? [])
        guard let f = reader.fields(node, "rule `\(kindText)`", allowed: allowed, required: ["text"]) else { return nil }
        var id = kind.rawValue
        if kind == .note {
            guard let noteID = reader.identifier(f["id"], "rule id") else {
                if f["id"] == nil { reader.report(.missingField, node, .init(zh: "note 规则需要 `id`", en: "a note rule needs an `id`")) }
                return nil
            }
            id = noteID
        } else if let given = f["id"] {
            id = reader.identifier(given, "rule id") ?? id
        }
        var rule = Rule(id: id, kind: kind, text: reader.text(f["text"], "rule text") ?? .empty,
                        source: reader.source(f["source"], "rule `\(id)`", owner: node))
        rule.location = reader.location(node)
        switch kind {
        case .renewalWindow:
            if let before = f["before"], reader.string(before, "before") != "any" {
                rule.renewFromDaysBefore = reader.integer(before, "before")
            }
            if let after = f["after"], reader.string(after, "after") != "unknown" {
                rule.renewUntilDaysAfter = reader.integer(after, "after")
            }
        case .activationDelay: rule.minutes = reader.integer(f["minutes"], "minutes")
        case .pinTries: rule.count = reader.integer(f["count"], "count")
        case .passwordPolicy:
            rule.minLength = reader.integer(f["min-length"], "min-length")
            rule.maxLength = reader.integer(f["max-length"], "max-length")
        case .defaultPassword: rule.value = reader.string(f["value"], "value")
        case .validityAfterRenewal: rule.days = reader.integer(f["days"], "days")
        case .note: break
        }
        return rule
    }

    static func decodeContacts(_ root: Yams.Node, _ reader: YAMLReader) -> [Contact] {
        guard let f = reader.fields(root, "contacts.yaml", allowed: ["contacts"], required: ["contacts"]) else { return [] }
        return reader.sequence(f["contacts"], "contacts").compactMap { node in
            guard let c = reader.fields(node, "contact", allowed: [
                "id", "name", "role", "phone", "wechat", "qq", "email", "url", "hours", "address", "note", "source",
            ], required: ["id", "name", "role"]),
                  let id = reader.identifier(c["id"], "contact id") else { return nil }
            var contact = Contact(id: id, name: reader.text(c["name"], "contact name") ?? .empty,
                                  role: reader.text(c["role"], "contact role") ?? .empty,
                                  source: reader.source(c["source"], "contact `\(id)`", owner: node))
            contact.phone = reader.string(c["phone"], "phone")
            contact.wechat = reader.string(c["wechat"], "wechat")
            contact.qq = reader.string(c["qq"], "qq")
            contact.email = reader.string(c["email"], "email")
            contact.url = reader.string(c["url"], "url")
            contact.hours = reader.text(c["hours"], "hours")
            contact.address = reader.text(c["address"], "address")
            contact.note = reader.text(c["note"], "note")
            contact.location = reader.location(node)
            // A site's own desk (e.g. `site-it`) may only say how to find it, in `note`.
            if [contact.phone, contact.wechat, contact.qq, contact.email, contact.url, contact.address?.zh, contact.note?.zh]
                .allSatisfy({ ($0 ?? "").isEmpty }) {
                reader.report(.missingField, node, .init(
                    zh: "联系人 `\(id)` 没有任何联系方式（电话、微信、QQ、邮箱、网址、地址或说明）",
                    en: "contact `\(id)` has no way to reach it (phone, WeChat, QQ, e-mail, URL, address or note)"))
            }
            return contact
        }
    }

    static let commonNodeKeys: Set<String> = ["id", "kind", "title", "text", "source", "errors", "keywords"]
    static let nodeKeys: [Node.Kind: Set<String>] = [
        .question: ["options", "contacts"],
        .check: ["fact", "options"],
        .step: ["steps", "next", "wait", "contacts"],
        .remedy: ["steps", "contacts", "next", "next-label"],
        .escalate: ["steps", "contacts", "tell"],
        .done: ["steps"],
    ]

    static func decodeTree(_ root: Yams.Node, profileID: String, _ reader: YAMLReader) -> Tree? {
        guard let f = reader.fields(root, "tree", allowed: [
            "id", "title", "summary", "source", "errors", "keywords", "findings", "start", "nodes",
        ], required: ["id", "title", "start", "nodes"]),
              let id = reader.identifier(f["id"], "tree id") else { return nil }
        var nodes: [Node] = []
        var nodeIDs: [String: SourceLocation] = [:]
        for node in reader.sequence(f["nodes"], "nodes") {
            guard let decoded = decodeNode(node, reader) else { continue }
            if let first = nodeIDs[decoded.id] {
                reader.report(.duplicateID, node.mapping?["id"] ?? node, .init(
                    zh: "节点 `\(decoded.id)` 重复，首次定义于 \(first)", en: "node `\(decoded.id)` defined twice; first at \(first)"))
                continue
            }
            nodeIDs[decoded.id] = decoded.location
            nodes.append(decoded)
        }
        let findings = reader.strings(f["findings"], "findings")
        if let findingsNode = f["findings"] {
            for finding in findings where !FindingCatalog.ids.contains(finding) {
                reader.report(.unknownFinding, findingsNode, .init(
                    zh: "未知的检测结果 `\(finding)`；可用：\(FindingCatalog.all.map(\.id).joined(separator: ", "))",
                    en: "unknown finding `\(finding)`; known: \(FindingCatalog.all.map(\.id).joined(separator: ", "))"))
            }
        }
        let start = reader.identifier(f["start"], "start") ?? ""
        if !start.isEmpty, nodeIDs[start] == nil, !nodes.isEmpty {
            reader.report(.missingTarget, f["start"], .init(zh: "起点 `\(start)` 不是本树的节点", en: "start `\(start)` is not a node of this tree"))
        }
        return Tree(id: id, profileID: profileID, title: reader.text(f["title"], "tree title") ?? .empty,
                    summary: reader.text(f["summary"], "tree summary") ?? .empty,
                    source: reader.source(f["source"], "tree `\(id)`", owner: root),
                    errors: reader.strings(f["errors"], "errors"), keywords: reader.strings(f["keywords"], "keywords"),
                    findings: findings, start: start, nodes: nodes, location: reader.location(root))
    }

    static func decodeNode(_ node: Yams.Node, _ reader: YAMLReader) -> Node? {
        let kindNode = node.mapping?["kind"]
        guard let kindText = kindNode?.scalar?.string else {
            reader.report(.missingField, node, .init(zh: "节点缺少 `kind`", en: "node lacks `kind`"))
            return nil
        }
        guard let kind = Node.Kind(rawValue: kindText) else {
            reader.report(.invalidValue, kindNode, .init(
                zh: "未知的节点种类 `\(kindText)`；可用：\(Node.Kind.allCases.map(\.rawValue).joined(separator: ", "))",
                en: "unknown node kind `\(kindText)`; known: \(Node.Kind.allCases.map(\.rawValue).joined(separator: ", "))"))
            return nil
        }
        let allowed = commonNodeKeys.union(nodeKeys[kind] ?? [])
        guard let f = reader.fields(node, "\(kind.rawValue) node", allowed: allowed, required: ["id", "text"]),
              let id = reader.identifier(f["id"], "node id") else { return nil }
        let what = "node `\(id)`"
        var decoded = Node(id: id, kind: kind, title: reader.text(f["title"], "\(what) title"),
                           text: reader.text(f["text"], "\(what) text") ?? .empty,
                           steps: reader.texts(f["steps"], "\(what) steps"),
                           contacts: reader.strings(f["contacts"], "\(what) contacts"),
                           tell: reader.text(f["tell"], "\(what) tell"),
                           errors: reader.strings(f["errors"], "errors"), keywords: reader.strings(f["keywords"], "keywords"),
                           source: reader.source(f["source"], what, owner: node), location: reader.location(node))
        if let nextNode = f["next"] {
            decoded.next = target(nextNode, reader)
        }
        decoded.nextLabel = reader.text(f["next-label"], "\(what) next-label")
        if let waitNode = f["wait"], let waitText = reader.string(waitNode, "wait") {
            decoded.wait = Node.Wait(rawValue: waitText)
            if decoded.wait == nil {
                reader.report(.invalidValue, waitNode, .init(
                    zh: "wait 应为 removed、inserted 或 reinserted", en: "wait must be removed, inserted or reinserted"))
            }
        }
        if kind == .check {
            if let factNode = f["fact"], let text = reader.string(factNode, "fact") {
                switch FactExpression.parse(text) {
                case .success(let expression): decoded.fact = expression
                case .failure(.unknownFact(let name)):
                    reader.report(.unknownFact, factNode, .init(
                        zh: "未知的事实 `\(name)`；可用：\(FactCatalog.all.map(\.name).joined(separator: ", "))",
                        en: "unknown fact `\(name)`; known: \(FactCatalog.all.map(\.name).joined(separator: ", "))"))
                case .failure(let error):
                    reader.report(.invalidValue, factNode, .init(zh: "条件 `\(text)` 写法不对：\(error)", en: "condition `\(text)` is malformed: \(error)"))
                }
            } else if f["fact"] == nil {
                reader.report(.missingField, node, .init(zh: "check 节点需要 `fact`", en: "a check node needs a `fact`"))
            }
        }
        if kind == .question || kind == .check {
            decoded.options = reader.sequence(f["options"], "\(what) options").compactMap { option(node: $0, reader) }
            var optionIDs: Set<String> = []
            for option in decoded.options where !optionIDs.insert(option.id).inserted {
                reader.report(.duplicateID, at: option.location, .init(zh: "选项 `\(option.id)` 重复", en: "option `\(option.id)` repeated"))
            }
            if kind == .check, Set(decoded.options.map(\.id)) != ["yes", "no"] {
                reader.report(.invalidValue, f["options"] ?? node, .init(
                    zh: "check 节点的选项必须正好是 yes 和 no", en: "a check node's options must be exactly yes and no"))
            }
        }
        return decoded
    }

    static let yesNoLabels: [String: LocalizedText] = [
        "yes": LocalizedText(zh: "是", en: "Yes"),
        "no": LocalizedText(zh: "否", en: "No"),
    ]

    static func option(node: Yams.Node, _ reader: YAMLReader) -> Choice? {
        guard let f = reader.fields(node, "option", allowed: ["id", "label", "next"], required: ["id", "next"]),
              let id = reader.identifier(f["id"], "option id"),
              let next = f["next"].flatMap({ target($0, reader) }) else { return nil }
        let label: LocalizedText
        if let labelNode = f["label"] {
            label = reader.text(labelNode, "option `\(id)` label") ?? .empty
        } else if let standard = yesNoLabels[id] {
            label = standard
        } else {
            reader.report(.missingField, node, .init(zh: "选项 `\(id)` 缺少 `label`", en: "option `\(id)` lacks a `label`"))
            label = .empty
        }
        return Choice(id: id, label: label, next: next, location: reader.location(node))
    }

    static func target(_ node: Yams.Node, _ reader: YAMLReader) -> Target? {
        guard let text = reader.string(node, "next") else { return nil }
        guard let target = Target.parse(text, location: reader.location(node)) else {
            reader.report(.invalidValue, node, .init(
                zh: "去向 `\(text)` 应为节点 id、tree:树id 或 tree:树id#节点id",
                en: "target `\(text)` must be a node id, tree:TREE or tree:TREE#NODE"))
            return nil
        }
        return target
    }
}
