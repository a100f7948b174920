import Testing
@testable import Guides

/// Inputs the fuzz targets of Fuzz/ found (scripts/fuzz/run), each with what must hold instead.
@Suite struct FuzzRegressionTests {
    /// fuzz-content: anchors that each repeat the one before twice. Yams expands every alias and
    /// hashes whole nodes, so thirty such lines made `content lint` hang (2^30 nodes). Now the text
    /// is refused with a YAML error at the alias where the expansion passes the budget.
    @Test(.timeLimit(.minutes(1))) func aliasBombIsRefusedWhereItExplodes() throws {
        var text = "a0: &a0 [x, x]\n"
        for level in 1...30 { text += "a\(level): &a\(level) [*a\(level - 1), *a\(level - 1)]\n" }
        let result = MiniContent.compile(["profiles/demo/contacts.yaml": text])
        let issue = try #require(result.issues.first { $0.code == .yamlSyntax })
        #expect(issue.location?.file == "Content/profiles/demo/contacts.yaml")
        // a(n) stands for 2^(n+1) + 1 nodes: the total passes 100,000 at a14, on line 15.
        #expect(issue.location?.line == 15)
        #expect(issue.formatted(.en).contains("aliases (*…) expand to more than 100000 nodes"))
        #expect(issue.formatted(.zh).contains("别名"))
    }

    /// The budget counts what an alias stands for, so ordinary anchors stay cheap and accepted.
    @Test func modestAliasesAreCountedNotRefused() {
        let text = "a: &shared {zh: 甲, en: A}\nb: *shared\n"
        #expect(AliasBudget.firstAliasPastLimit(in: text) == nil)
        #expect(AliasBudget.firstAliasPastLimit(in: "a: &s [1, 2, 3]\nb: [*s, *s]\n", limit: 8)?.line == 2)
        #expect(AliasBudget.firstAliasPastLimit(in: "no anchors: here\n", limit: 0) == nil)
    }
}
