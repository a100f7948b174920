
/// Finds the trees that handle what the user types or reads out: an error string (whole, partial,
/// with or without punctuation, full- or half-width), a symptom, in Chinese or English.
public struct SearchIndex: Sendable {
    public struct Result: Sendable, Equatable {
        public var profile: String
        public var tree: String
        public var node: String
        public var title: LocalizedText
        public var score: Double
        /// The text that matched best, as written in the content.
        public var matched: String
    }

    struct Entry: Sendable {
        var profile: String
        var tree: String
        var node: String
        var text: String
        var normalized: [Character]
        var bigrams: Set<UInt64>
        var weight: Double
    }

    /// How much each kind of text counts: the exact error strings most.
    enum Weight {
        static let error = 1.0
        static let keyword = 0.9
        static let treeTitle = 0.85
        static let summary = 0.6
        static let nodeTitle = 0.6
        static let nodeText = 0.45
        static let step = 0.35
        static let label = 0.3
    }

    let entries: [Entry]
    let titles: [String: LocalizedText]

    public init(library: ContentLibrary) {
        var entries: [Entry] = []
        var titles: [String: LocalizedText] = [:]
        func add(_ profile: String, _ tree: String, _ node: String, _ text: String, _ weight: Double) {
            let normalized = Self.normalize(text)
            guard !normalized.isEmpty else { return }
            entries.append(Entry(profile: profile, tree: tree, node: node, text: text, normalized: normalized,
                                 bigrams: Self.bigrams(normalized), weight: weight))
        }
        for profile in library.profiles {
            for tree in profile.trees {
                titles["\(profile.id)/\(tree.id)"] = tree.title
                let p = profile.id, t = tree.id, start = tree.start
                for error in tree.errors { add(p, t, start, error, Weight.error) }
                for keyword in tree.keywords { add(p, t, start, keyword, Weight.keyword) }
                for language in Language.allCases {
                    add(p, t, start, tree.title[language], Weight.treeTitle)
                    add(p, t, start, tree.summary[language], Weight.summary)
                }
                for node in tree.nodes {
                    for error in node.errors { add(p, t, node.id, error, Weight.error) }
                    for keyword in node.keywords { add(p, t, node.id, keyword, Weight.keyword) }
                    for language in Language.allCases {
                        if let title = node.title { add(p, t, node.id, title[language], Weight.nodeTitle) }
                        add(p, t, node.id, node.text[language], Weight.nodeText)
                        for step in node.steps { add(p, t, node.id, step[language], Weight.step) }
                        for option in node.options { add(p, t, node.id, option.label[language], Weight.label) }
                    }
                }
            }
        }
        self.entries = entries
        self.titles = titles
    }

    /// Best tree first, one result per tree. `profile` keeps that profile and `common` only.
    public func search(_ query: String, profile: String? = nil, limit: Int = 10) -> [Result] {
        let q = Self.normalize(query)
        guard !q.isEmpty else { return [] }
        let qBigrams = Self.bigrams(q)
        var best: [String: (entry: Entry, score: Double, supporting: Int)] = [:]
        for entry in entries {
            if let profile, entry.profile != profile, entry.profile != ContentLibrary.commonProfileID { continue }
            let similarity = Self.similarity(q, qBigrams, entry.normalized, entry.bigrams)
            guard similarity > 0 else { continue }
            let score = similarity * entry.weight
            let key = "\(entry.profile)/\(entry.tree)"
            if var current = best[key] {
                if score >= 0.5 { current.supporting += 1 }
                if score > current.score { current.entry = entry; current.score = score }
                best[key] = current
            } else {
                best[key] = (entry, score, score >= 0.5 ? 1 : 0)
            }
        }
        // Several good matches in one tree say more than one: a small bonus, never enough to beat a clearly better match.
        let ranked = best.map { key, value -> Result in
            let bonus = 0.01 * Double(min(max(value.supporting - 1, 0), 3))
            return Result(profile: value.entry.profile, tree: value.entry.tree, node: value.entry.node,
                          title: titles[key] ?? .empty, score: min(1, value.score + bonus), matched: value.entry.text)
        }
        .filter { $0.score >= 0.2 }
        // Ties go to the guide profiles before `common`, then by name, so results are stable.
        .sorted { a, b in
            if a.score != b.score { return a.score > b.score }
            let aCommon = a.profile == ContentLibrary.commonProfileID, bCommon = b.profile == ContentLibrary.commonProfileID
            if aCommon != bCommon { return bCommon }
            return (a.profile, a.tree) < (b.profile, b.tree)
        }
        return Array(ranked.prefix(limit))
    }

    // MARK: Text matching

    /// Width-folded, lowercased, letters and digits only: `“产生密钥对失败！”` and `产生密钥对失败` are equal,
    /// `ＫＥＹ` is `key`, `①` is `1`. (The folds users' input needs, without Foundation's NFKC, which
    /// bridges through NSString and dominated building the index.)
    static func normalize(_ text: String) -> [Character] {
        var result: [Character] = []
        result.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let folded: Unicode.Scalar
            switch value {
            case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A:    // full-width digits and letters
                folded = Unicode.Scalar(value - 0xFEE0) ?? scalar
            case 0x2460...0x2468:                                        // ① … ⑨
                folded = Unicode.Scalar(value - 0x2460 + 0x31) ?? scalar
            default:
                folded = scalar
            }
            guard folded.properties.isAlphabetic || folded.properties.numericType != nil else { continue }
            if folded.isASCII, (0x41...0x5A).contains(folded.value) {
                result.append(Character(Unicode.Scalar(folded.value + 0x20) ?? folded))
            } else if folded.properties.isUppercase {
                result.append(contentsOf: String(folded).lowercased())
            } else {
                result.append(Character(folded))
            }
        }
        return result
    }

    /// Pairs of neighbouring characters, each pair packed in an integer (first scalar of each
    /// character: normalised text is letters and digits, nearly always one scalar each).
    static func bigrams(_ characters: [Character]) -> Set<UInt64> {
        let codes = characters.map { UInt64($0.unicodeScalars.first?.value ?? 0) }
        guard codes.count > 1 else { return Set(codes) }
        var result = Set<UInt64>(minimumCapacity: codes.count)
        for index in 0..<(codes.count - 1) {
            result.insert(codes[index] << 32 | codes[index + 1])
        }
        return result
    }

    /// 1 for the same text; 0.75–0.95 when one contains the other; below 0.7 for overlapping bigrams
    /// (a misheard or mistyped character); 0 when too little is shared.
    static func similarity(_ q: [Character], _ qBigrams: Set<UInt64>, _ s: [Character], _ sBigrams: Set<UInt64>) -> Double {
        if q == s { return 1 }
        if s.count >= q.count, contains(s, q) {
            return 0.75 + 0.2 * Double(q.count) / Double(s.count)
        }
        if q.count > s.count, s.count >= 2, contains(q, s) {
            return 0.6 + 0.3 * Double(s.count) / Double(q.count)
        }
        let shared = qBigrams.intersection(sBigrams).count
        guard shared > 0 else { return 0 }
        let dice = 2 * Double(shared) / Double(qBigrams.count + sBigrams.count)
        let cover = Double(shared) / Double(qBigrams.count)
        guard cover >= 0.5 else { return 0 }
        return 0.7 * max(dice, 0.8 * cover)
    }

    static func contains(_ haystack: [Character], _ needle: [Character]) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
        let first = needle[0]
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
