/// The two languages every user-facing string exists in. Chinese first.
public enum Language: String, CaseIterable, Sendable, Codable {
    case zh, en

    /// zh when the locale variables start with `zh`, else en (DESIGN: command-line contract).
    public static func fromEnvironment(_ environment: [String: String]) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[key], !value.isEmpty {
                return value.lowercased().hasPrefix("zh") ? .zh : .en
            }
        }
        return .en
    }

    public var other: Language { self == .zh ? .en : .zh }
}

/// A text in both languages.
public struct LocalizedText: Hashable, Sendable, Codable {
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    public subscript(_ language: Language) -> String {
        switch language {
        case .zh: zh.isEmpty ? en : zh
        case .en: en.isEmpty ? zh : en
        }
    }

    public static let empty = LocalizedText(zh: "", en: "")
    public var isEmpty: Bool { zh.isEmpty && en.isEmpty }
}
