import Testing
@testable import Guides

@Suite struct WalkSessionTests {
    let library = MiniContent.compile().library

    @Test func asksWhenTheFactIsUnknownAndRemembersThePath() throws {
        let session = try WalkSession(library: library, profileID: "demo", treeID: "broken-key")
        #expect(session.current.node == "seen")
        #expect(session.choices.map(\.id) == ["yes", "no"])
        try session.answer("no")
        #expect(session.node.kind == .step)
        #expect(session.node.wait == .reinserted)
        try session.answer(WalkSession.stepDone)
        try session.answer("no")
        #expect(session.current.node == "call")
        #expect(session.choices.map(\.id) == [WalkSession.notFixed])
        try session.answer(WalkSession.notFixed)
        #expect(session.current.node == "escalate")
        #expect(session.isFinished)
        #expect(session.path.map(\.ref.node) == ["seen", "replug", "ask", "call"])
        #expect(session.path.map(\.answer) == ["no", nil, "no", "not-fixed"])
        #expect(throws: WalkError.finished) { try session.answer("yes") }
    }

    @Test func backReturnsToTheLastAnsweredNode() throws {
        let session = try WalkSession(library: library, profileID: "demo", treeID: "broken-key")
        #expect(!session.back())
        try session.answer("no")
        try session.answer("next")
        #expect(session.back())
        #expect(session.current.node == "replug")
        #expect(session.path.map(\.ref.node) == ["seen"])
        #expect(session.back())
        #expect(session.current.node == "seen")
        #expect(session.path.isEmpty)
    }

    @Test func aKnownFactAnswersTheCheckAndSaysWhatItSaw() throws {
        let session = try WalkSession(library: library, profileID: "demo", treeID: "broken-key",
                                      facts: { ["token.present": .bool(true)] })
        #expect(session.current.node == "works")
        let entry = try #require(session.path.first)
        #expect(entry.auto)
        #expect(entry.answer == "yes")
        #expect(entry.observed == FactObservation(expression: "token.present", fact: "token.present", value: .bool(true), result: true))
        #expect(session.autoAnswered.count == 1)
    }

    @Test func factsAreReadAgainAtEachCheck() throws {
        // A live probe: the key appears after the user re-inserts it.
        var present = false
        let session = try WalkSession(library: library, profileID: "demo", treeID: "broken-key",
                                      facts: { ["token.present": .bool(present)] })
        #expect(session.current.node == "replug")
        present = true
        #expect(session.path.first?.answer == "no")
        try session.answer("next")
        #expect(session.current.node == "ask")   // a question, not a check: still asks
    }

    @Test func wrongAnswersAreRefusedWithTheAllowedOnes() throws {
        let session = try WalkSession(library: library, profileID: "demo", treeID: "broken-key")
        #expect(throws: WalkError.notAnOption(answer: "maybe", allowed: ["yes", "no"])) { try session.answer("maybe") }
        #expect(throws: WalkError.unknownTree("nothing")) { try WalkSession(library: library, profileID: "demo", treeID: "nothing") }
    }

    @Test func factExpressions() throws {
        let facts: Facts = ["cert.daysLeft": .int(-40), "cert.renewal": .string("too-late"), "pin.blocked": .bool(false)]
        func eval(_ text: String) throws -> Bool? { try FactExpression.parse(text).get().evaluate(facts) }
        #expect(try eval("cert.daysLeft < 0") == true)
        #expect(try eval("cert.daysLeft >= -30") == false)
        #expect(try eval("cert.renewal == too-late") == true)
        #expect(try eval("cert.renewal != due") == true)
        #expect(try eval("not pin.blocked") == true)
        #expect(try eval("pin.blocked") == false)
        #expect(try eval("token.present") == nil)
        #expect(FactExpression.parse("cert.renewal == late") == .failure(.typeMismatch("cert.renewal is one of not-due, due, overdue-renewable, too-late")))
        #expect(FactExpression.parse("cert.daysLeft < soon") == .failure(.typeMismatch("cert.daysLeft is a number, not soon")))
        #expect(FactExpression.parse("cert.daysLeft <") == .failure(.malformed("cert.daysLeft <")))
        #expect(FactExpression.parse("no.such") == .failure(.unknownFact("no.such")))
    }

    @Test func targetsParse() {
        #expect(Target.parse("next-step")?.destination == .node("next-step"))
        #expect(Target.parse("tree:lost-or-damaged")?.destination == .tree("lost-or-damaged", node: nil))
        #expect(Target.parse("tree:renewal#verify")?.destination == .tree("renewal", node: "verify"))
        #expect(Target.parse("tree:") == nil)
        #expect(Target.parse("Bad Id") == nil)
        #expect(Target.parse("tree:x#") == nil)
    }
}
