import Testing
@testable import Guides

/// Each lint rule, on a content set broken in exactly one way: the right code, at the right place.
@Suite struct LintRuleTests {
    @Test func theMiniContentIsClean() {
        let result = MiniContent.compile()
        #expect(result.issues.filter { $0.code != .findingWithoutTree } == [])
        #expect(result.library.profile("demo")?.trees.count == 1)
    }

    func issues(_ result: ContentCompiler.Result, _ code: LintCode) -> [ContentIssue] {
        result.issues.filter { $0.code == code }
    }

    @Test func yamlSyntax() throws {
        let result = MiniContent.compile(["profiles/demo/contacts.yaml": "contacts:\n  - id: ops\n    name: [unclosed\n"])
        let issue = try #require(issues(result, .yamlSyntax).first)
        #expect(issue.location?.file == "Content/profiles/demo/contacts.yaml")
        #expect(issue.location?.line == 4)
        #expect(issue.formatted(.en).contains("YAML syntax error"))
    }

    @Test func unknownKeyWithSuggestion() throws {
        let result = MiniContent.compile(["profiles/demo/trees/broken-key.yaml": MiniContent.tree(replacing: "    wait: reinserted", with: "    wiat: reinserted")])
        let issue = try #require(issues(result, .unknownKey).first)
        #expect(issue.location == SourceLocation(file: "Content/profiles/demo/trees/broken-key.yaml", line: 19, column: 5))
        #expect(issue.message.en.contains("did you mean `wait`"))
    }

    @Test func unquotedCommaInFlowTextIsExplained() throws {
        let result = MiniContent.compile(["profiles/demo/trees/broken-key.yaml": MiniContent.tree(
            replacing: "{zh: 重新插入。, en: Re-insert it.}", with: "{zh: 重新插入。, en: Unplug, then re-insert it.}")])
        let issue = try #require(issues(result, .unknownKey).first)
        #expect(issue.message.en.contains("put the text in quotes"))
    }

    @Test func missingField() throws {
        let result = MiniContent.compile(["profiles/demo/trees/broken-key.yaml": MiniContent.tree(replacing: "    kind: step\n", with: "")])
        let issue = try #require(issues(result, .missingField).first)
        #expect(issue.message.en == "node lacks `kind`")
        #expect(issue.location?.line == 16)
    }

    @Test func duplicateNodeID() throws {
        let result = MiniContent.compile(["profiles/demo/trees/broken-key.yaml": MiniContent.tree(replacing: "  - id: ask\n", with: "  - id: replug\n")])
        let issue = try #require(issues(result, .duplicateID).first)
        #expect(issue.message.en.contains("node `replug` defined twice"))
    }

    @Test func missingTarget() throws {
        let result = MiniContent.compile(["profiles/demo/trees/broken-key.yaml": MiniContent.tree(replacing: "    next: ask\n", with: "    next: aks\n")])
        let issue = try #require(issues(result, .missingTarget).first)
        #expect(issue.location == SourceLocation(file: "Content/profiles/demo/trees/broken-key.yaml", line: 21, column: 11))
        #expect(issue.formatted(.en) == "Content/profiles/demo/trees/broken-key.yaml:21:11: error: UKD005 target `aks` does not exist [missing-target]")
    }

    @Test func missingTreeTarget() throws {
        let result = MiniContent.compile(["profiles/demo/trees/broken-key.yaml": MiniContent.tree(replacing: "    next: escalate\n", with: "    next: tree:lost-key\n")])
        #expect(issues(result, .missingTarget).map(\.message.en) == ["target `tree:lost-key` does not exist"])
        // The escalate node lost its only way in.
        #expect(issues(result, .unreachableNode).map(\.message.en) == ["node `escalate` cannot be reached from start `seen`"])
    }

    @Test func unreachableNode() throws {
        let result = MiniContent.compile(["profiles/demo/trees/broken-key.yaml": MiniContent.tree(replacing: "      - {id: no, next: replug}", with: "      - {id: no, next: ask}")])
        let issue = try #require(issues(result, .unreachableNode).first)
        #expect(issue.message.en == "node `replug` cannot be reached from start `seen`")
        #expect(issue.location?.line == 16)
    }

    @Test func deadEndStepWithoutNext() throws {
        let result = MiniContent.compile(["profiles/demo/trees/broken-key.yaml": MiniContent.tree(replacing: "    next: ask\n", with: "")])
        #expect(issues(result, .deadEnd).contains { $0.message.en == "step node `replug` has no `next`" })
    }

    @Test func deadEndLoopWithoutExit() throws {
        let looping = MiniContent.tree(replacing: "      - {id: no, label: {zh: 没有, en: No}, next: call}", with: "      - {id: no, label: {zh: 没有, en: No}, next: replug}")
            .replacingOccurrences(of: "      - {id: yes, next: works}\n      - {id: no, label", with: "      - {id: yes, next: replug}\n      - {id: no, label")
        let result = MiniContent.compile(["profiles/demo/trees/broken-key.yaml": looping])
        #expect(issues(result, .deadEnd).contains { $0.message.en.contains("from node `replug` every way loops") })
    }

    @Test func remedyWithoutContact() throws {
        let result = MiniContent.compile(["profiles/demo/trees/broken-key.yaml": MiniContent.tree(replacing: "    contacts: [ops]\n    next: escalate", with: "    next: escalate")])
        let issue = try #require(issues(result, .remedyWithoutContact).first)
        #expect(issue.message.en == "remedy node `call` names no contact")
    }

    @Test func unknownContact() throws {
        let result = MiniContent.compile(["profiles/demo/trees/broken-key.yaml": MiniContent.tree(replacing: "    contacts: [ops]\n    source: \"000 §3.7\"", with: "    contacts: [opz]\n    source: \"000 §3.7\"")])
        #expect(issues(result, .unknownContact).map(\.message.en) == ["contact `opz` of node `escalate` does not exist"])
    }

    @Test func missingTranslation() throws {
        let result = MiniContent.compile(["profiles/demo/trees/broken-key.yaml": MiniContent.tree(replacing: "{zh: 好了吗？, en: Fixed?}", with: "{zh: 好了吗？}")])
        let issue = try #require(issues(result, .missingTranslation).first)
        #expect(issue.message.en == "node `ask` text lacks its `en` text")
        let plain = MiniContent.compile(["profiles/demo/trees/broken-key.yaml": MiniContent.tree(replacing: "{zh: 好了吗？, en: Fixed?}", with: "好了吗？")])
        #expect(issues(plain, .missingTranslation).first?.message.en.contains("`en` is missing") == true)
    }

    @Test func unknownFact() throws {
        let result = MiniContent.compile(["profiles/demo/trees/broken-key.yaml": MiniContent.tree(replacing: "fact: token.present", with: "fact: token.plugged")])
        let issue = try #require(issues(result, .unknownFact).first)
        #expect(issue.message.en.hasPrefix("unknown fact `token.plugged`"))
        #expect(issue.location?.line == 10)
    }

    @Test func scenarioDoesNotLoad() throws {
        let layers = [MiniContent.files() + [ContentFile(relativePath: "scenarios/x.yaml", displayPath: "Content/scenarios/x.yaml", text: "a: [")]]
        let result = ContentCompiler.compile(layers: layers) { file, _ in
            let reader = YAMLReader(file: file.displayPath)
            _ = reader.parse(file.text)
            return reader.issues.map { ContentIssue(.scenarioDoesNotLoad, at: $0.location, $0.message) }
        }
        #expect(issues(result, .scenarioDoesNotLoad).first?.location?.file == "Content/scenarios/x.yaml")
        #expect(result.scenarios["x"] != nil)
    }

    @Test func missingOrMalformedSource() throws {
        let result = MiniContent.compile(["profiles/demo/trees/broken-key.yaml": MiniContent.tree(replacing: "\n    source: \"000 §2.3\"", with: "")])
        #expect(issues(result, .missingSource).map(\.message.en) == ["node `works` does not cite its source"])
        let malformed = MiniContent.compile(["profiles/demo/trees/broken-key.yaml": MiniContent.tree(replacing: "\"000 §2.3\"", with: "\"section 2.3\"")])
        #expect(issues(malformed, .missingSource).first?.message.en.contains("must read like") == true)
    }

    @Test func invalidValues() throws {
        let kind = MiniContent.compile(["profiles/demo/trees/broken-key.yaml": MiniContent.tree(replacing: "kind: question", with: "kind: quiz")])
        #expect(issues(kind, .invalidValue).first?.message.en.hasPrefix("unknown node kind `quiz`") == true)
        let check = MiniContent.compile(["profiles/demo/trees/broken-key.yaml": MiniContent.tree(replacing: "fact: token.present", with: "fact: cert.daysLeft")])
        #expect(issues(check, .invalidValue).first?.message.en.contains("is not yes/no") == true)
        let id = MiniContent.compile(["profiles/demo/trees/broken-key.yaml": MiniContent.tree(replacing: "  - id: works", with: "  - id: Works")])
        #expect(!issues(id, .invalidValue).isEmpty)
    }

    @Test func unknownFinding() throws {
        let result = MiniContent.compile(["profiles/demo/trees/broken-key.yaml": MiniContent.tree(replacing: "findings: [no-certificate]", with: "findings: [no-cert]")])
        #expect(issues(result, .unknownFinding).first?.message.en.hasPrefix("unknown finding `no-cert`") == true)
    }

    @Test func findingWithoutTreeIsAWarning() throws {
        let result = MiniContent.compile()
        let warnings = issues(result, .findingWithoutTree)
        #expect(warnings.count == FindingCatalog.all.count - 1)   // the mini tree handles no-certificate
        #expect(warnings.allSatisfy { $0.severity == .warning })
    }

    @Test func unknownProfile() throws {
        let result = MiniContent.compile(overlay: ["profiles/ghost/contacts.yaml": MiniContent.contacts])
        #expect(issues(result, .unknownProfile).first?.message.en.contains("profiles/ghost/profile.yaml") == true)
    }

    @Test func everyCodeHasATest() {
        // Keeps this suite honest when a code is added: list each code tested above.
        let tested: Set<LintCode> = [.yamlSyntax, .unknownKey, .missingField, .duplicateID, .missingTarget, .unreachableNode,
                                     .deadEnd, .remedyWithoutContact, .unknownContact, .missingTranslation, .unknownFact,
                                     .scenarioDoesNotLoad, .missingSource, .invalidValue, .unknownFinding, .findingWithoutTree,
                                     .unknownProfile]
        #expect(tested == Set(LintCode.allCases))
    }

    @Test func overlayReplacesAContactByID() throws {
        let site = """
        contacts:
          - id: ops
            name: {zh: 本院技术科, en: Our IT desk}
            role: {zh: 本院运维, en: Local operations}
            phone: "0851-0000000"
            source: "ukey-doctor: site contact"
        """
        let result = MiniContent.compile(overlay: ["profiles/demo/contacts.yaml": site])
        #expect(result.errors == [])
        let contacts = try #require(result.library.profile("demo")?.contacts)
        #expect(contacts.count == 1)
        #expect(contacts[0].phone == "0851-0000000")
    }
}
