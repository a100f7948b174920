// Facts: what the probe knows that a `check` node can ask about. The vocabulary lives here,
// with the content model, so `content lint` can reject a fact no probe will ever produce.

/// A value the probe established.
public enum FactValue: Hashable, Sendable, CustomStringConvertible {
    case bool(Bool)
    case int(Int)
    case string(String)

    public var description: String {
        switch self {
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .string(let value): value
        }
    }
}

/// Facts known at walk time, by name.
public typealias Facts = [String: FactValue]

public struct FactDefinition: Sendable {
    public enum ValueType: Sendable, Equatable {
        case bool
        case int
        case oneOf([String])
    }

    public var name: String
    public var type: ValueType
    /// What it means, as the walk explains an automatic answer ("the probe saw …").
    public var meaning: LocalizedText
}

/// Every fact name a check node may use.
public enum FactCatalog {
    public static let all: [FactDefinition] = [
        .init(name: "service.running", type: .bool,
              meaning: .init(zh: "智能卡服务 (pcscd) 正在运行", en: "the smart-card service (pcscd) is running")),
        .init(name: "service.accessible", type: .bool,
              meaning: .init(zh: "本用户可以访问智能卡服务", en: "this user may use the smart-card service")),
        .init(name: "reader.count", type: .int,
              meaning: .init(zh: "读卡器数量", en: "number of card readers")),
        .init(name: "token.present", type: .bool,
              meaning: .init(zh: "电脑能看到 UKey", en: "the computer sees a UKey")),
        .init(name: "token.count", type: .int,
              meaning: .init(zh: "插入的 UKey 数量", en: "number of UKeys plugged in")),
        .init(name: "token.needsVendorDriver", type: .bool,
              meaning: .init(zh: "UKey 需要厂商驱动，智能卡服务看不到它", en: "the UKey needs its vendor's driver; the smart-card service cannot see it")),
        .init(name: "card.responds", type: .bool,
              meaning: .init(zh: "UKey 芯片有应答", en: "the UKey's chip answers")),
        .init(name: "cert.present", type: .bool,
              meaning: .init(zh: "UKey 里有证书", en: "the UKey holds a certificate")),
        .init(name: "cert.daysLeft", type: .int,
              meaning: .init(zh: "证书剩余有效天数", en: "days until the certificate expires")),
        .init(name: "cert.expired", type: .bool,
              meaning: .init(zh: "证书已过期", en: "the certificate has expired")),
        .init(name: "cert.renewal", type: .oneOf(["not-due", "due", "overdue-renewable", "too-late"]),
              meaning: .init(zh: "按本平台规则的延期状态", en: "renewal status under this platform's rules")),
        .init(name: "cert.profileMatches", type: .bool,
              meaning: .init(zh: "证书颁发者属于本平台", en: "the certificate's issuer belongs to this platform")),
        .init(name: "pin.known", type: .bool,
              meaning: .init(zh: "能安全读出剩余密码次数", en: "the PIN tries left can be read safely")),
        .init(name: "pin.triesLeft", type: .int,
              meaning: .init(zh: "剩余密码尝试次数", en: "PIN tries left")),
        .init(name: "pin.blocked", type: .bool,
              meaning: .init(zh: "UKey 密码已锁定", en: "the UKey's PIN is locked")),
        .init(name: "clock.plausible", type: .bool,
              meaning: .init(zh: "电脑时间看起来正确", en: "the computer's clock looks right")),
        .init(name: "host.windows", type: .bool,
              meaning: .init(zh: "这台电脑是 Windows 系统", en: "this computer runs Windows")),
        .init(name: "host.domesticOS", type: .bool,
              meaning: .init(zh: "这台电脑是国产操作系统 (统信 UOS、麒麟等)", en: "this computer runs a domestic OS (UOS, Kylin, …)")),
    ]

    public static func definition(_ name: String) -> FactDefinition? { all.first { $0.name == name } }
}

/// A condition on one fact, as written in a check node: `cert.expired`, `not pin.blocked`,
/// `cert.daysLeft < 0`, `cert.renewal == too-late`.
public struct FactExpression: Sendable, Equatable, CustomStringConvertible {
    public enum Operator: String, Sendable, CaseIterable {
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    }

    public var fact: String
    public var negated: Bool
    public var comparison: (op: Operator, value: String)?

    public static func == (a: FactExpression, b: FactExpression) -> Bool {
        a.fact == b.fact && a.negated == b.negated && a.comparison?.op == b.comparison?.op
            && a.comparison?.value == b.comparison?.value
    }

    public var description: String {
        var text = (negated ? "not " : "") + fact
        if let comparison { text += " \(comparison.op.rawValue) \(comparison.value)" }
        return text
    }

    public enum ParseError: Error, Equatable {
        case empty
        case malformed(String)
        case unknownFact(String)
        case typeMismatch(String)
    }

    /// Parses and type-checks against the catalog.
    public static func parse(_ text: String) -> Result<FactExpression, ParseError> {
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard !words.isEmpty else { return .failure(.empty) }
        var negated = false
        if words.first == "not" {
            negated = true
            words.removeFirst()
        }
        guard let name = words.first else { return .failure(.malformed(text)) }
        guard let definition = FactCatalog.definition(name) else { return .failure(.unknownFact(name)) }
        var expression = FactExpression(fact: name, negated: negated, comparison: nil)
        switch words.count {
        case 1:
            guard definition.type == .bool else {
                return .failure(.typeMismatch("\(name) is not yes/no; compare it, e.g. `\(name) < 0`"))
            }
        case 3:
            guard let op = Operator(rawValue: words[1]) else { return .failure(.malformed(text)) }
            let value = words[2]
            switch definition.type {
            case .bool:
                guard value == "true" || value == "false", op == .equal || op == .notEqual else {
                    return .failure(.typeMismatch("\(name) is yes/no: use `\(name)` or `not \(name)`"))
                }
            case .int:
                guard Int(value) != nil else { return .failure(.typeMismatch("\(name) is a number, not \(value)")) }
            case .oneOf(let values):
                guard values.contains(value), op == .equal || op == .notEqual else {
                    return .failure(.typeMismatch("\(name) is one of \(values.joined(separator: ", "))"))
                }
            }
            expression.comparison = (op, value)
        default:
            return .failure(.malformed(text))
        }
        return .success(expression)
    }

    /// true / false when the fact is known, nil when it is not (the walk then asks the user).
    public func evaluate(_ facts: Facts) -> Bool? {
        guard let value = facts[fact] else { return nil }
        let result: Bool?
        if let comparison {
            result = Self.compare(value, comparison.op, comparison.value)
        } else if case .bool(let flag) = value {
            result = flag
        } else {
            result = nil
        }
        guard let result else { return nil }
        return negated ? !result : result
    }

    private static func compare(_ value: FactValue, _ op: Operator, _ literal: String) -> Bool? {
        switch value {
        case .int(let number):
            guard let other = Int(literal) else { return nil }
            switch op {
            case .equal: return number == other
            case .notEqual: return number != other
            case .less: return number < other
            case .lessOrEqual: return number <= other
            case .greater: return number > other
            case .greaterOrEqual: return number >= other
            }
        case .bool(let flag):
            let other = literal == "true"
            switch op {
            case .equal: return flag == other
            case .notEqual: return flag != other
            default: return nil
            }
        case .string(let text):
            switch op {
            case .equal: return text == literal
            case .notEqual: return text != literal
            default: return nil
            }
        }
    }
}
