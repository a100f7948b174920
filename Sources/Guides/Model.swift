import Foundation

// The content model: what a guide becomes once compiled. Plain values, no I/O.

/// Everything loaded from `Content/` (and overlays): every profile with its trees and contacts.
public struct ContentLibrary: Sendable {
    /// Profiles in load order. The profile `common` holds ukey-doctor's own trees (Linux, pcscd),
    /// which every guide profile falls back to.
    public var profiles: [Profile]
    /// Site settings from a `site.yaml` (overlay); nil when none.
    public var site: SiteSettings?

    public init(profiles: [Profile], site: SiteSettings? = nil) {
        self.profiles = profiles
        self.site = site
    }

    public static let commonProfileID = "common"

    public func profile(_ id: String) -> Profile? { profiles.first { $0.id == id } }
    public var common: Profile? { profile(Self.commonProfileID) }
    /// The guide profiles, without `common`.
    public var guideProfiles: [Profile] { profiles.filter { $0.id != Self.commonProfileID } }

    /// A tree by id, looked up in `profileID` first and then in `common`.
    public func tree(_ id: String, in profileID: String) -> Tree? {
        if let tree = profile(profileID)?.tree(id) { return tree }
        return common?.tree(id)
    }

    /// A contact by id, looked up in `profileID` first and then in `common`.
    public func contact(_ id: String, in profileID: String) -> Contact? {
        if let contact = profile(profileID)?.contacts.first(where: { $0.id == id }) { return contact }
        return common?.contacts.first { $0.id == id }
    }

    /// The tree that handles a probe finding for a profile (its own first, then `common`).
    public func tree(forFinding finding: String, profileID: String?) -> Tree? {
        if let profileID, let tree = profile(profileID)?.trees.first(where: { $0.findings.contains(finding) }) {
            return tree
        }
        return common?.trees.first { $0.findings.contains(finding) }
    }

    /// Resolves a node reference; nil when it does not exist.
    public func node(_ ref: NodeRef) -> Node? {
        profile(ref.profile)?.tree(ref.tree)?.node(ref.node)
    }

    /// Where `target`, written in `tree` of `profile`, leads.
    public func resolve(_ target: Target, from tree: Tree) -> NodeRef? {
        switch target.destination {
        case .node(let id):
            return tree.node(id) == nil ? nil : NodeRef(profile: tree.profileID, tree: tree.id, node: id)
        case .tree(let treeID, let nodeID):
            guard let other = self.tree(treeID, in: tree.profileID) else { return nil }
            let nodeID = nodeID ?? other.start
            return other.node(nodeID) == nil ? nil : NodeRef(profile: other.profileID, tree: other.id, node: nodeID)
        }
    }

    /// The profile whose issuer patterns match a certificate issuer, if any.
    public func profile(matchingIssuer issuer: String) -> Profile? {
        let folded = issuer.lowercased()
        return guideProfiles.first { profile in
            profile.recognise.issuers.contains { folded.contains($0.lowercased()) }
        }
    }
}

/// Settings a site (an office's IT desk) puts in its overlay `site.yaml`.
public struct SiteSettings: Sendable, Equatable {
    public var defaultProfile: String?
    public var name: LocalizedText?
    public var location: SourceLocation?

    public init(defaultProfile: String? = nil, name: LocalizedText? = nil, location: SourceLocation? = nil) {
        self.defaultProfile = defaultProfile
        self.name = name
        self.location = location
    }
}

/// A reference to one node of one tree of one profile.
public struct NodeRef: Hashable, Sendable, Codable, CustomStringConvertible {
    public var profile: String
    public var tree: String
    public var node: String

    public init(profile: String, tree: String, node: String) {
        self.profile = profile
        self.tree = tree
        self.node = node
    }

    public var description: String { "\(profile)/\(tree)#\(node)" }
}

/// One deployment and the guide written for it.
public struct Profile: Sendable {
    public var id: String
    public var name: LocalizedText
    public var guide: GuideInfo?
    public var recognise: Recognition
    public var sites: [Site]
    public var rules: [Rule]
    public var contacts: [Contact]
    public var trees: [Tree]
    public var location: SourceLocation?

    public init(id: String, name: LocalizedText, guide: GuideInfo? = nil, recognise: Recognition = .init(),
                sites: [Site] = [], rules: [Rule] = [], contacts: [Contact] = [], trees: [Tree] = [],
                location: SourceLocation? = nil) {
        self.id = id
        self.name = name
        self.guide = guide
        self.recognise = recognise
        self.sites = sites
        self.rules = rules
        self.contacts = contacts
        self.trees = trees
        self.location = location
    }

    public func tree(_ id: String) -> Tree? { trees.first { $0.id == id } }
    public func rule(_ kind: Rule.Kind) -> Rule? { rules.first { $0.kind == kind } }

    /// Trees whose remedies or escalations name this contact: "which problems each one is for".
    public func trees(naming contactID: String) -> [Tree] {
        trees.filter { tree in tree.nodes.contains { $0.contacts.contains(contactID) } }
    }
}

public struct GuideInfo: Sendable, Equatable {
    /// The seed file number, e.g. "000".
    public var seed: String
    public var title: LocalizedText
    public var authority: LocalizedText?

    public init(seed: String, title: LocalizedText, authority: LocalizedText? = nil) {
        self.seed = seed
        self.title = title
        self.authority = authority
    }
}

/// How a certificate is recognised as belonging to a profile.
public struct Recognition: Sendable, Equatable {
    /// Case-insensitive substrings of the issuer (e.g. "SPP SM2 Operation CA").
    public var issuers: [String]
    public var source: String?

    public init(issuers: [String] = [], source: String? = nil) {
        self.issuers = issuers
        self.source = source
    }
}

public struct Site: Sendable, Equatable {
    public var id: String
    public var label: LocalizedText
    public var url: String
    public var note: LocalizedText?
    public var source: String

    public init(id: String, label: LocalizedText, url: String, note: LocalizedText? = nil, source: String) {
        self.id = id
        self.label = label
        self.url = url
        self.note = note
        self.source = source
    }
}

/// A rule of a deployment. The kinds the program computes with carry typed values;
/// every rule has a text to show and a source.
public struct Rule: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case renewalWindow = "renewal-window"       // before / after (days)
        case activationDelay = "activation-delay"   // minutes
        case pinTries = "pin-tries"                 // count
        case passwordPolicy = "password-policy"     // minLength / maxLength
        case defaultPassword = "default-password"   // value
        case validityAfterRenewal = "validity-after-renewal" // days
        case note
    }

    public var id: String
    public var kind: Kind
    public var text: LocalizedText
    public var source: String
    /// renewal-window: days before expiry from which renewal is possible; nil = any time.
    public var renewFromDaysBefore: Int?
    /// renewal-window: days after expiry until which renewal is still possible; nil = not stated.
    public var renewUntilDaysAfter: Int?
    public var minutes: Int?
    public var count: Int?
    public var minLength: Int?
    public var maxLength: Int?
    public var days: Int?
    public var value: String?
    public var location: SourceLocation?

    public init(id: String, kind: Kind, text: LocalizedText, source: String) {
        self.id = id
        self.kind = kind
        self.text = text
        self.source = source
    }
}

/// Content items an overlay replaces by id.
public protocol Identified {
    var id: String { get }
    var location: SourceLocation? { get }
}

/// A person or a service channel.
public struct Contact: Sendable, Equatable, Identified {
    public var id: String
    public var name: LocalizedText
    public var role: LocalizedText
    public var phone: String?
    public var wechat: String?
    public var qq: String?
    public var email: String?
    public var url: String?
    public var hours: LocalizedText?
    public var address: LocalizedText?
    public var note: LocalizedText?
    public var source: String
    public var location: SourceLocation?

    public init(id: String, name: LocalizedText, role: LocalizedText, source: String) {
        self.id = id
        self.name = name
        self.role = role
        self.source = source
    }
}

/// One decision tree: a symptom or a procedure, from its start node to remedies and ends.
public struct Tree: Sendable, Identified {
    public var id: String
    public var profileID: String
    public var title: LocalizedText
    public var summary: LocalizedText
    public var source: String
    /// Exact on-screen strings users see, kept verbatim (search keys).
    public var errors: [String]
    /// Other words users say for this problem (search keys).
    public var keywords: [String]
    /// Probe finding ids this tree handles.
    public var findings: [String]
    public var start: String
    public var nodes: [Node]
    public var location: SourceLocation?

    public init(id: String, profileID: String, title: LocalizedText, summary: LocalizedText = .empty,
                source: String, errors: [String] = [], keywords: [String] = [], findings: [String] = [],
                start: String, nodes: [Node], location: SourceLocation? = nil) {
        self.id = id
        self.profileID = profileID
        self.title = title
        self.summary = summary
        self.source = source
        self.errors = errors
        self.keywords = keywords
        self.findings = findings
        self.start = start
        self.nodes = nodes
        self.location = location
    }

    public func node(_ id: String) -> Node? { nodes.first { $0.id == id } }
    public var startRef: NodeRef { NodeRef(profile: profileID, tree: id, node: start) }
}

public struct Node: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case question   // options, each leading on
        case check      // a yes/no question the probe can answer through a fact
        case step       // an instruction, then next; may wait for a token event
        case remedy     // what fixes it, with contacts; next = "did not help?"
        case escalate   // nothing more to try here: who to call and what to tell them
        case done       // the procedure succeeded

        /// Kinds where a walk may end.
        public var isTerminal: Bool { self == .remedy || self == .escalate || self == .done }
    }

    /// Token events a step waits for when a live probe runs.
    public enum Wait: String, Sendable, CaseIterable {
        case removed, inserted, reinserted
    }

    public var id: String
    public var kind: Kind
    public var title: LocalizedText?
    public var text: LocalizedText
    public var steps: [LocalizedText]
    public var options: [Choice]
    public var next: Target?
    /// A remedy's own words for "did not help?" (e.g. "已确认损坏"); default 没有解决 / Did not help.
    public var nextLabel: LocalizedText?
    /// People to call: required on remedy and escalate; a step or question may name them too
    /// ("get the code from UKey ops, then go on").
    public var contacts: [String]
    public var tell: LocalizedText?
    public var fact: FactExpression?
    public var wait: Wait?
    public var errors: [String]
    public var keywords: [String]
    public var source: String
    public var location: SourceLocation?

    public init(id: String, kind: Kind, title: LocalizedText? = nil, text: LocalizedText,
                steps: [LocalizedText] = [], options: [Choice] = [], next: Target? = nil,
                contacts: [String] = [], tell: LocalizedText? = nil, fact: FactExpression? = nil,
                wait: Wait? = nil, errors: [String] = [], keywords: [String] = [], source: String,
                location: SourceLocation? = nil) {
        self.id = id
        self.kind = kind
        self.title = title
        self.text = text
        self.steps = steps
        self.options = options
        self.next = next
        self.contacts = contacts
        self.tell = tell
        self.fact = fact
        self.wait = wait
        self.errors = errors
        self.keywords = keywords
        self.source = source
        self.location = location
    }

    /// Every target this node can lead to.
    public var targets: [Target] { options.map(\.next) + (next.map { [$0] } ?? []) }
}

public struct Choice: Sendable {
    public var id: String
    public var label: LocalizedText
    public var next: Target
    public var location: SourceLocation?

    public init(id: String, label: LocalizedText, next: Target, location: SourceLocation? = nil) {
        self.id = id
        self.label = label
        self.next = next
        self.location = location
    }
}

/// Where an option or a `next` leads: a node of the same tree (`node-id`), the start of
/// another tree (`tree:ID`), or a node in another tree (`tree:ID#node-id`).
public struct Target: Sendable, Equatable {
    public enum Destination: Sendable, Equatable {
        case node(String)
        case tree(String, node: String?)
    }

    public var destination: Destination
    public var location: SourceLocation?

    public init(destination: Destination, location: SourceLocation? = nil) {
        self.destination = destination
        self.location = location
    }

    /// Parses the written form; nil when it is malformed.
    public static func parse(_ text: String, location: SourceLocation? = nil) -> Target? {
        let trimmed = text.trimmedWhitespace
        guard !trimmed.isEmpty else { return nil }
        if trimmed.hasPrefix("tree:") {
            let rest = trimmed.dropFirst("tree:".count)
            let parts = rest.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            guard let treeID = parts.first, Identifier.isValid(String(treeID)) else { return nil }
            var nodeID: String?
            if parts.count == 2 {
                guard Identifier.isValid(String(parts[1])) else { return nil }
                nodeID = String(parts[1])
            }
            return Target(destination: .tree(String(treeID), node: nodeID), location: location)
        }
        guard Identifier.isValid(trimmed) else { return nil }
        return Target(destination: .node(trimmed), location: location)
    }

    public var written: String {
        switch destination {
        case .node(let id): id
        case .tree(let tree, let node): node.map { "tree:\(tree)#\($0)" } ?? "tree:\(tree)"
        }
    }
}

/// Ids of profiles, trees, nodes, options and contacts: lowercase ASCII, digits and dashes.
public enum Identifier {
    public static func isValid(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, ("a"..."z").contains(first) || ("0"..."9").contains(first) else {
            return false
        }
        return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
