import Guides

/// Lookups the commands share: the profile to use, a tree by id, contacts as JSON and text.
extension ContentLibrary {
    /// `--profile`, else the site's default profile; nil means "all profiles".
    func chosenProfile(_ requested: String?) throws(CommandFailure) -> Profile? {
        guard let id = requested ?? site?.defaultProfile else { return nil }
        guard let profile = profile(id) else {
            throw CommandFailure(.usage, Strings.unknownProfile(id, known: profiles.map(\.id)))
        }
        return profile
    }

    /// A tree named `TREE` or `PROFILE/TREE`. Without a profile, the tree id must be unique.
    func findTree(_ name: String, profile: Profile?) throws(CommandFailure) -> Tree {
        if let slash = name.firstIndex(of: "/") {
            let profileID = String(name[..<slash])
            let treeID = String(name[name.index(after: slash)...])
            guard let profile = self.profile(profileID) else {
                throw CommandFailure(.usage, Strings.unknownProfile(profileID, known: profiles.map(\.id)))
            }
            return try findTree(treeID, profile: profile)
        }
        if let profile {
            guard let tree = tree(name, in: profile.id) else { throw CommandFailure(.usage, Strings.unknownTree(name, profile: profile.id)) }
            return tree
        }
        let owners = profiles.filter { $0.tree(name) != nil }
        switch owners.count {
        case 1: return owners[0].tree(name)!
        case 0: throw CommandFailure(.usage, Strings.treeNowhere(name))
        default: throw CommandFailure(.usage, Strings.treeAmbiguous(name, owners.map(\.id)))
        }
    }
}

enum ContactFormat {
    static func json(_ contact: Contact, _ language: Language, profile: Profile?) -> JSONValue {
        var pairs: [(String, JSONValue?)] = [
            ("id", .string(contact.id)),
            ("name", .string(contact.name[language])),
            ("role", .string(contact.role[language])),
            ("phone", contact.phone.map(JSONValue.string)),
            ("wechat", contact.wechat.map(JSONValue.string)),
            ("qq", contact.qq.map(JSONValue.string)),
            ("email", contact.email.map(JSONValue.string)),
            ("url", contact.url.map(JSONValue.string)),
            ("hours", contact.hours.map { .string($0[language]) }),
            ("address", contact.address.map { .string($0[language]) }),
            ("note", contact.note.map { .string($0[language]) }),
        ]
        if let profile {
            pairs.append(("for", .array(profile.trees(naming: contact.id).map { .string($0.id) })))
        }
        return .compact(pairs)
    }

    /// A few lines: name — role, then every way to reach them.
    static func lines(_ contact: Contact, _ language: Language) -> [String] {
        var lines = ["\(contact.name[language]) — \(contact.role[language])"]
        let labels = Strings.contactLabels(language)
        let fields: [(String, String?)] = [
            (labels.phone, contact.phone), (labels.wechat, contact.wechat), (labels.qq, contact.qq),
            (labels.email, contact.email), (labels.url, contact.url), (labels.hours, contact.hours?[language]),
            (labels.address, contact.address?[language]), (labels.note, contact.note?[language]),
        ]
        let colon = language == .zh ? "：" : ": "
        for (label, value) in fields {
            if let value, !value.isEmpty { lines.append("  \(label)\(colon)\(value)") }
        }
        return lines
    }
}
