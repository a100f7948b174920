// Problems found in content, with stable codes. `content lint` prints them; every other
// command refuses broken content with the first error (exit 2).

public enum LintCode: String, Sendable, CaseIterable, Codable {
    case yamlSyntax = "UKD001"
    case unknownKey = "UKD002"
    case missingField = "UKD003"
    case duplicateID = "UKD004"
    case missingTarget = "UKD005"
    case unreachableNode = "UKD006"
    case deadEnd = "UKD007"
    case remedyWithoutContact = "UKD008"
    case unknownContact = "UKD009"
    case missingTranslation = "UKD010"
    case unknownFact = "UKD011"
    case scenarioDoesNotLoad = "UKD012"
    case missingSource = "UKD013"
    case invalidValue = "UKD014"
    case unknownFinding = "UKD015"
    case findingWithoutTree = "UKD016"
    case unknownProfile = "UKD017"

    /// The short name printed beside the code.
    public var name: String {
        switch self {
        case .yamlSyntax: "yaml-syntax"
        case .unknownKey: "unknown-key"
        case .missingField: "missing-field"
        case .duplicateID: "duplicate-id"
        case .missingTarget: "missing-target"
        case .unreachableNode: "unreachable-node"
        case .deadEnd: "dead-end"
        case .remedyWithoutContact: "remedy-without-contact"
        case .unknownContact: "unknown-contact"
        case .missingTranslation: "missing-translation"
        case .unknownFact: "unknown-fact"
        case .scenarioDoesNotLoad: "scenario-does-not-load"
        case .missingSource: "missing-source"
        case .invalidValue: "invalid-value"
        case .unknownFinding: "unknown-finding"
        case .findingWithoutTree: "finding-without-tree"
        case .unknownProfile: "unknown-profile"
        }
    }

    public var severity: ContentIssue.Severity {
        switch self {
        case .findingWithoutTree: .warning
        default: .error
        }
    }
}

public struct ContentIssue: Error, Sendable, Equatable, Comparable {
    public enum Severity: String, Sendable, Codable { case error, warning }

    public var code: LintCode
    public var location: SourceLocation?
    public var message: LocalizedText

    public init(_ code: LintCode, at location: SourceLocation?, _ message: LocalizedText) {
        self.code = code
        self.location = location
        self.message = message
    }

    public var severity: Severity { code.severity }

    /// `file:line:col: error: UKD005 … [missing-target]`, the shape compilers print.
    public func formatted(_ language: Language) -> String {
        let place = location.map { "\($0): " } ?? ""
        return "\(place)\(severity.rawValue): \(code.rawValue) \(message[language]) [\(code.name)]"
    }

    public static func < (a: ContentIssue, b: ContentIssue) -> Bool {
        switch (a.location, b.location) {
        case let (x?, y?) where x != y: return x < y
        case (nil, _?): return true
        case (_?, nil): return false
        default: return a.code.rawValue < b.code.rawValue
        }
    }
}

extension Array where Element == ContentIssue {
    public var errors: [ContentIssue] { filter { $0.severity == .error } }
}
