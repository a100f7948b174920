import Foundation
import Testing

/// The command-line contract, through the real binary: output, exit codes, one-line errors.
@Suite struct CommandLineTests {
    @Test func versionAndHelpExitZero() throws {
        let version = try CLI.run(["--version"])
        #expect(version.exitCode == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
        let help = try CLI.run(["walk", "--help"])
        #expect(help.exitCode == 0)
        #expect(help.stdout.contains("--answers"))
    }

    @Test func badArgumentsExitTwoWithOneLine() throws {
        for arguments in [["walk", "--no-such-flag"], ["frobnicate"], ["walk", "key-not-seen", "--lang", "fr"]] {
            let result = try CLI.run(arguments)
            #expect(result.exitCode == 2, "\(arguments)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("ukey-doctor: "))
        }
    }

    @Test func shippedContentLintsClean() throws {
        let result = try CLI.run(["content", "lint"])
        #expect(result.exitCode == 0, "\(result.stdout)")
        #expect(result.stdout.hasPrefix("0 error(s), 0 warning(s)"))
    }

    @Test func brokenOverlayStopsEveryCommandWithItsFirstError() throws {
        let overlay = CLI.fixtures.appendingPathComponent("broken-overlay").path
        for arguments in [["search", "clock"], ["walk", "clock-wrong"], ["contacts"]] {
            let result = try CLI.run(arguments + ["--content", overlay])
            #expect(result.exitCode == 2)
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(result.stderr)")
            #expect(result.stderr.contains("Tests/UKeyDoctorTests/Fixtures/broken-overlay/profiles/common/contacts.yaml:4:1: error: UKD001"))
            #expect(result.stderr.contains("run `ukey-doctor content lint` to see all"))
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func lintListsEveryProblemOfABrokenOverlay() throws {
        let overlay = CLI.fixtures.appendingPathComponent("broken-overlay").path
        let result = try CLI.run(["content", "lint", "--content", overlay])
        #expect(result.exitCode == 1)
        // The issues, not the summary line: its counts grow with the shipped content.
        let issues = result.stdout.split(separator: "\n").filter { $0.hasPrefix("Tests/") }.joined(separator: "\n")
        Golden.check("lint-broken-overlay.txt", issues + "\n")
        #expect(result.stdout.contains("7 error(s), 0 warning(s)"))
        let json = try CLI.run(["content", "lint", "--content", overlay, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let codes = (object?["issues"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
        #expect(Set(codes ?? []) == ["UKD001", "UKD002", "UKD005", "UKD006", "UKD007", "UKD010"])
    }

    @Test func siteOverlayReplacesTheITDeskAndSetsTheDefaultProfile() throws {
        let overlay = CLI.fixtures.appendingPathComponent("site-overlay").path
        let result = try CLI.run(["walk", "key-not-seen", "--answers", "no,no", "--content", overlay, "--lang", "zh"])
        #expect(result.exitCode == 0)
        #expect(result.stdout.contains("市检察院技术处 — 本院技术支持"))
        #expect(result.stdout.contains("电话：0851-12345678"))
        let contacts = try CLI.run(["contacts", "--json", "--content", overlay])
        #expect(contacts.stdout.contains("\"profile\": \"common\""))
        #expect(!contacts.stdout.contains("\"profile\": \"spp-12309\""))   // the site's default profile only
    }

    @Test func walkWithAnswersAsJSON() throws {
        let result = try CLI.run(["walk", "common/key-not-seen", "--answers", "no,no", "--json", "--lang", "en"])
        #expect(result.exitCode == 0)
        Golden.check("walk-key-not-seen-no-no.json", result.stdout)
    }

    @Test func walkStopsAtTheQuestionWhereAnswersRunOut() throws {
        let result = try CLI.run(["walk", "common/service-no-access", "--json", "--lang", "en"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let end = try #require(object["end"] as? [String: Any])
        #expect(end["node"] as? String == "local-session")
        #expect((end["options"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["yes", "no"])
        #expect(object["finished"] as? Bool == false)
    }

    @Test func walkAutoAnswersChecksFromFacts() throws {
        let result = try CLI.run(["walk", "common/key-not-seen", "--fact", "token.present=true", "--lang", "zh"])
        #expect(result.stdout.contains("（检测自动回答：电脑能看到 UKey = true，所以选“是”）"))
        #expect(result.stdout.contains("【完成】"))
    }

    @Test func wrongAnswerNamesTheNodeAndTheChoices() throws {
        let result = try CLI.run(["walk", "common/service-no-access", "--answers", "maybe", "--lang", "en"])
        #expect(result.exitCode == 2)
        #expect(result.stderr == "ukey-doctor: answer “maybe” at node local-session is not valid; expected one of: yes, no\n")
    }

    @Test func lineByLineWalkReadsAnswersFromStdin() throws {
        // Not a terminal, so this runs the --answers path; the line walk itself is tested in tmux.
        let result = try CLI.run(["walk", "common/clock-wrong", "--answers", "yes", "--lang", "en"])
        #expect(result.stdout.contains("【done】"))
    }

    @Test func graphFormats() throws {
        let dot = try CLI.run(["content", "graph", "common/unknown-card", "--lang", "en"])
        #expect(dot.exitCode == 0)
        Golden.check("graph-unknown-card.dot", dot.stdout)
        let mermaid = try CLI.run(["content", "graph", "common/unknown-card", "--format", "mermaid", "--lang", "en"])
        Golden.check("graph-unknown-card.mmd", mermaid.stdout)
    }

    @Test func searchFindsCommonTreesInBothLanguages() throws {
        let zh = try CLI.run(["search", "--json", "智能卡服务没有运行"])
        #expect(zh.stdout.contains("\"tree\": \"service-not-running\""))
        let en = try CLI.run(["search", "--json", "Service not available"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(en.stdout.utf8)) as? [String: Any])
        let first = (object["results"] as? [[String: Any]])?.first
        #expect(first?["tree"] as? String == "service-not-running")
        let nothing = try CLI.run(["search", "qqqqzzzz"])
        #expect(nothing.exitCode == 1)
    }
}
