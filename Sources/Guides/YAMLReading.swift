import CYaml
import Foundation
import Yams

/// One content file handed to the compiler: where it sits under its content root (decides what
/// it is), the path to print in messages, and its text.
public struct ContentFile: Sendable {
    public var relativePath: String
    public var displayPath: String
    public var text: String

    public init(relativePath: String, displayPath: String, text: String) {
        self.relativePath = relativePath
        self.displayPath = displayPath
        self.text = text
    }
}

/// Reads Yams nodes into model values, recording every problem with its `file:line:col`.
/// Shared with the scenario loader (module Simulator), hence public.
public final class YAMLReader {
    public let file: String
    public private(set) var issues: [ContentIssue] = []

    public init(file: String) {
        self.file = file
    }

    public func report(_ code: LintCode, _ node: Yams.Node?, _ message: LocalizedText) {
        issues.append(ContentIssue(code, at: location(node), message))
    }

    public func report(_ code: LintCode, at location: SourceLocation?, _ message: LocalizedText) {
        issues.append(ContentIssue(code, at: location, message))
    }

    public func location(_ node: Yams.Node?) -> SourceLocation {
        let mark = node?.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// Parses a document; a syntax error becomes a UKD001 issue with libyaml's position.
    public func parse(_ text: String) -> Yams.Node? {
        if let alias = AliasBudget.firstAliasPastLimit(in: text) {
            report(.yamlSyntax, at: SourceLocation(file: file, line: alias.line, column: alias.column), .init(
                zh: "别名 (*…) 展开后超过 \(AliasBudget.nodeLimit) 个节点", en: "aliases (*…) expand to more than \(AliasBudget.nodeLimit) nodes"))
            return nil
        }
        do {
            guard let root = try Yams.compose(yaml: text, .basic, .default, .utf8) else {
                report(.missingField, at: SourceLocation(file: file, line: 1, column: 1),
                       .init(zh: "文件是空的", en: "the file is empty"))
                return nil
            }
            return root
        } catch let error as YamlError {
            let (mark, problem) = Self.describe(error)
            report(.yamlSyntax, at: SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1),
                   .init(zh: "YAML 语法错误：\(problem)", en: "YAML syntax error: \(problem)"))
            return nil
        } catch {
            report(.yamlSyntax, at: SourceLocation(file: file, line: 1, column: 1),
                   .init(zh: "YAML 无法读取：\(error)", en: "YAML cannot be read: \(error)"))
            return nil
        }
    }

    private static func describe(_ error: YamlError) -> (Mark?, String) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let text = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
            return (mark, text)
        case .reader(let problem, _, _, _):
            return (nil, problem)
        default:
            return (nil, "\(error)")
        }
    }

    // MARK: Mappings

    /// A mapping's entries by key, after checking its keys against `allowed` (unknown → UKD002,
    /// repeated → UKD004) and `required` (missing → UKD003).
    public func fields(_ node: Yams.Node, _ what: String, allowed: Set<String>, required: [String] = [])
        -> [String: Yams.Node]?
    {
        guard let mapping = node.mapping else {
            report(.invalidValue, node, .init(zh: "\(what) 应为映射 (key: value)", en: "\(what) must be a mapping (key: value)"))
            return nil
        }
        var result: [String: Yams.Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                report(.invalidValue, keyNode, .init(zh: "\(what) 的键必须是文字", en: "keys of \(what) must be plain text"))
                continue
            }
            if !allowed.contains(key) {
                // `{zh: a, en: b, c}`: a comma inside flow-style braces starts a new key.
                // (Yams does not keep the flow style, but no real key holds a space.)
                if key.contains(" ") {
                    report(.unknownKey, keyNode, .init(
                        zh: "\(what) 中未知的键 `\(key)`：{…} 中的逗号会把文字截断，请给文字加引号",
                        en: "unknown key `\(key)` in \(what): a comma inside {…} cuts the text; put the text in quotes"))
                    continue
                }
                let hint = Self.closest(key, in: allowed)
                report(.unknownKey, keyNode, .init(
                    zh: "\(what) 中未知的键 `\(key)`" + (hint.map { "，是否应为 `\($0)`？" } ?? ""),
                    en: "unknown key `\(key)` in \(what)" + (hint.map { "; did you mean `\($0)`?" } ?? "")))
                continue
            }
            if result[key] != nil {
                report(.duplicateID, keyNode, .init(zh: "\(what) 中键 `\(key)` 重复", en: "key `\(key)` repeated in \(what)"))
                continue
            }
            result[key] = value
        }
        for key in required where result[key] == nil {
            report(.missingField, node, .init(zh: "\(what) 缺少 `\(key)`", en: "\(what) lacks `\(key)`"))
        }
        return result
    }

    /// The allowed key nearest to a misspelt one, when it is close enough to be a typo.
    static func closest(_ key: String, in allowed: Set<String>) -> String? {
        let best = allowed.map { ($0, editDistance(key, $0)) }.min { ($0.1, $0.0) < ($1.1, $1.0) }
        let tolerance = key.count <= 3 ? 1 : max(2, key.count / 3)
        guard let best, best.1 <= tolerance else { return nil }
        return best.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    // MARK: Scalars

    public func string(_ node: Yams.Node?, _ what: String) -> String? {
        guard let node else { return nil }
        guard let scalar = node.scalar else {
            report(.invalidValue, node, .init(zh: "\(what) 应为文字", en: "\(what) must be text"))
            return nil
        }
        return scalar.string
    }

    public func identifier(_ node: Yams.Node?, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        guard Identifier.isValid(text) else {
            report(.invalidValue, node, .init(
                zh: "\(what) `\(text)` 只能用小写字母、数字和 -",
                en: "\(what) `\(text)` may use only lowercase letters, digits and -"))
            return nil
        }
        return text
    }

    public func integer(_ node: Yams.Node?, _ what: String) -> Int? {
        guard let text = string(node, what) else { return nil }
        guard let value = Int(text) else {
            report(.invalidValue, node, .init(zh: "\(what) 应为整数，不是 `\(text)`", en: "\(what) must be a whole number, not `\(text)`"))
            return nil
        }
        return value
    }

    public func bool(_ node: Yams.Node?, _ what: String) -> Bool? {
        guard let text = string(node, what) else { return nil }
        switch text.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            report(.invalidValue, node, .init(zh: "\(what) 应为 true 或 false", en: "\(what) must be true or false"))
            return nil
        }
    }

    public func strings(_ node: Yams.Node?, _ what: String) -> [String] {
        guard let node else { return [] }
        if node.scalar != nil { return string(node, what).map { [$0] } ?? [] }
        guard let sequence = node.sequence else {
            report(.invalidValue, node, .init(zh: "\(what) 应为列表", en: "\(what) must be a list"))
            return []
        }
        return sequence.compactMap { string($0, what) }
    }

    public func sequence(_ node: Yams.Node?, _ what: String) -> [Yams.Node] {
        guard let node else { return [] }
        guard let sequence = node.sequence else {
            report(.invalidValue, node, .init(zh: "\(what) 应为列表", en: "\(what) must be a list"))
            return []
        }
        return Array(sequence)
    }

    /// A `{zh: …, en: …}` text. Both languages are required: a missing one is UKD010.
    public func text(_ node: Yams.Node?, _ what: String) -> LocalizedText? {
        guard let node else { return nil }
        if let scalar = node.scalar {
            let value = scalar.string
            let language = Self.looksChinese(value) ? "en" : "zh"
            report(.missingTranslation, node, .init(
                zh: "\(what) 只有一种语言，缺少 `\(language)`；请写成 {zh: …, en: …}",
                en: "\(what) has one language only, `\(language)` is missing; write {zh: …, en: …}"))
            return Self.looksChinese(value) ? LocalizedText(zh: value, en: "") : LocalizedText(zh: "", en: value)
        }
        guard let entries = fields(node, what, allowed: ["zh", "en"]) else { return nil }
        let zh = string(entries["zh"], "\(what).zh") ?? ""
        let en = string(entries["en"], "\(what).en") ?? ""
        for (language, value) in [("zh", zh), ("en", en)] where value.trimmedWhitespace.isEmpty {
            report(.missingTranslation, entries[language] ?? node, .init(
                zh: "\(what) 缺少 `\(language)` 文字", en: "\(what) lacks its `\(language)` text"))
        }
        return LocalizedText(zh: Self.clean(zh), en: Self.clean(en))
    }

    public func texts(_ node: Yams.Node?, _ what: String) -> [LocalizedText] {
        sequence(node, what).enumerated().compactMap { text($1, "\(what)[\($0 + 1)]") }
    }

    /// Folded block scalars keep a final newline; trim it so texts compare and print cleanly.
    static func clean(_ text: String) -> String { text.trimmedWhitespace }

    static func looksChinese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value) }
    }

    /// `source: "000 §3.3 ⑥"` — a seed number and a section, or `ukey-doctor: …` for the tool's own knowledge.
    public func source(_ node: Yams.Node?, _ what: String, owner: Yams.Node) -> String {
        guard let node else {
            report(.missingSource, owner, .init(zh: "\(what) 没有注明出处 (source)", en: "\(what) does not cite its source"))
            return ""
        }
        guard let text = string(node, "\(what).source") else { return "" }
        if !Self.isValidSource(text) {
            report(.missingSource, node, .init(
                zh: "出处 `\(text)` 应写成 \"000 §3.3\"（指南编号与章节）或 \"ukey-doctor: …\"",
                en: "source `\(text)` must read like \"000 §3.3\" (guide number and section) or \"ukey-doctor: …\""))
        }
        return text
    }

    static func isValidSource(_ text: String) -> Bool {
        if text.hasPrefix("ukey-doctor:") { return text.count > "ukey-doctor:".count + 1 }
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 6, scalars[0..<3].allSatisfy({ ("0"..."9").contains($0) }), scalars[3] == " ",
              scalars[4] == "§" else { return false }
        return true
    }
}

extension String {
    /// Without leading and trailing white space and newlines. (Foundation's trimmingCharacters goes
    /// through NSString and was the largest single cost of loading content.)
    var trimmedWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }
}

/// Yams expands every alias into a copy of its anchored node, and hashes whole nodes to find
/// repeated keys: ten lines of anchors that each repeat the one before twice make a key of 2^10
/// nodes, thirty make compose hang. Before Yams sees text with an anchor, libyaml's events are
/// counted with each alias standing for its anchor's size; past the limit the text is refused.
enum AliasBudget {
    /// Nodes after expansion. The largest shipped file has about 3,000.
    static let nodeLimit = 100_000

    /// Where (1-based line and column) the expansion passes `limit`; nil when it does not, when
    /// there is no anchor at all, and for syntax errors (compose reports those).
    static func firstAliasPastLimit(in text: String, limit: Int = nodeLimit) -> (line: Int, column: Int)? {
        // No `&`, no anchor, and an alias without an anchor is an error compose reports at once.
        guard text.utf8.contains(UInt8(ascii: "&")) else { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer -> (line: Int, column: Int)? in
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var sizes: [String: Int] = [:]                    // anchor → nodes it expands to
            var open: [(anchor: String?, start: Int)] = []    // collections not yet closed
            var total = 0
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_SCALAR_EVENT:
                    total += 1
                    if let anchor = name(event.data.scalar.anchor) { sizes[anchor] = 1 }
                case YAML_SEQUENCE_START_EVENT:
                    total += 1
                    open.append((name(event.data.sequence_start.anchor), total - 1))
                case YAML_MAPPING_START_EVENT:
                    total += 1
                    open.append((name(event.data.mapping_start.anchor), total - 1))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    if let collection = open.popLast(), let anchor = collection.anchor { sizes[anchor] = total - collection.start }
                case YAML_ALIAS_EVENT:
                    total += name(event.data.alias.anchor).flatMap { sizes[$0] } ?? 0
                default:
                    break
                }
                if total > limit { return (Int(event.start_mark.line) + 1, Int(event.start_mark.column) + 1) }
            }
        }
    }

    private static func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }
}
