import Foundation
import Testing
@testable import Guides

/// A small valid content set, written inline so each lint test can break exactly one thing.
enum MiniContent {
    static let profile = """
    id: demo
    name: {zh: 演示平台, en: Demo platform}
    guide:
      seed: "000"
      title: {zh: 演示指南, en: Demo guide}
    rules:
      - kind: renewal-window
        before: any
        after: 30
        text: {zh: 过期 30 天内可延期, en: Renewable until 30 days after expiry}
        source: "000 §1.3"
    """

    static let contacts = """
    contacts:
      - id: ops
        name: {zh: 运维, en: Operations}
        role: {zh: UKey 运维人员, en: UKey operations}
        phone: "17700000000"
        source: "000 §3.12"
    """

    static let tree = """
    id: broken-key
    title: {zh: 钥匙坏了, en: The key is broken}
    source: "000 §3.3"
    errors: ["产生密钥对失败"]
    findings: [no-certificate]
    start: seen
    nodes:
      - id: seen
        kind: check
        fact: token.present
        text: {zh: 看到 UKey 了吗？, en: Is the key seen?}
        source: "000 §3.3 ①"
        options:
          - {id: yes, next: works}
          - {id: no, next: replug}
      - id: replug
        kind: step
        text: {zh: 重新插入。, en: Re-insert it.}
        wait: reinserted
        source: "000 §3.3 ②"
        next: ask
      - id: ask
        kind: question
        text: {zh: 好了吗？, en: Fixed?}
        source: "000 §3.3 ③"
        options:
          - {id: yes, next: works}
          - {id: no, label: {zh: 没有, en: No}, next: call}
      - id: call
        kind: remedy
        text: {zh: 联系运维。, en: Call operations.}
        contacts: [ops]
        next: escalate
        source: "000 §3.3 ⑥"
      - id: escalate
        kind: escalate
        text: {zh: 更换 UKey。, en: Replace the key.}
        contacts: [ops]
        source: "000 §3.7"
      - id: works
        kind: done
        text: {zh: 好了。, en: Works.}
        source: "000 §2.3"
    """

    /// The files of the set, with optional replacements by relative path (nil removes a file).
    static func files(replacing changes: [String: String?] = [:]) -> [ContentFile] {
        var files: [String: String] = [
            "profiles/demo/profile.yaml": profile,
            "profiles/demo/contacts.yaml": contacts,
            "profiles/demo/trees/broken-key.yaml": tree,
        ]
        for (path, text) in changes { files[path] = text }
        return files.compactMap { path, text in ContentFile(relativePath: path, displayPath: "Content/" + path, text: text) }
    }

    static func compile(_ changes: [String: String?] = [:], overlay: [String: String] = [:]) -> ContentCompiler.Result {
        var layers = [files(replacing: changes)]
        if !overlay.isEmpty {
            layers.append(overlay.map { ContentFile(relativePath: $0.key, displayPath: "site/" + $0.key, text: $0.value) })
        }
        return ContentCompiler.compile(layers: layers)
    }

    /// The tree text with one line replaced.
    static func tree(replacing old: String, with new: String) -> String {
        if !tree.contains(old) { Issue.record("the fixture does not contain \(old)") }
        return tree.replacingOccurrences(of: old, with: new)
    }
}

/// The repository's shipped Content/, found from this file's path.
enum ShippedContent {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Content")

    static func files(in root: URL = root) -> [ContentFile] {
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var files: [ContentFile] = []
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "yaml", let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            files.append(ContentFile(relativePath: relative, displayPath: "Content/" + relative, text: text))
        }
        return files
    }

    static let compiled: ContentCompiler.Result = ContentCompiler.compile(layers: [files()])
}
