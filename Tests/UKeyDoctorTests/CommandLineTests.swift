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

    @Test func languageFollowsTheLocaleUnlessGiven() throws {
        let zh = try CLI.run(["search", "产生密钥对失败"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(zh.stdout.contains("下一步：ukey-doctor walk spp-12309/error-1"))
        let allOverrides = try CLI.run(["search", "产生密钥对失败"], environment: ["LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"])
        #expect(allOverrides.stdout.contains("Next: ukey-doctor walk spp-12309/error-1"))
        let flag = try CLI.run(["search", "产生密钥对失败", "--lang", "en"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(flag.stdout.contains("Next:"))
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
            #expect(result.stderr.contains("run `ukey-doctor content lint --content \(overlay)` to see all"))
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
        #expect(result.stdout.contains("（检测自动回答：电脑能看到 UKey = 是，所以选“是”）"))
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

/// `cert FILE` on what users actually export, and on what they export by mistake.
@Suite struct CertCommandTests {
    static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ukd-cert-tests-\(getpid())")

    static func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// A real SM2 certificate made by the openssl command line, expiring in 20 days.
    static func sm2Certificate() throws -> (pem: String, der: String) {
        let key = folder.appendingPathComponent("sm2.key").path, pem = folder.appendingPathComponent("sm2.pem").path
        let der = folder.appendingPathComponent("sm2.der").path
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for arguments in [["genpkey", "-algorithm", "SM2", "-out", key],
                          ["req", "-x509", "-key", key, "-sm3", "-sigopt", "distid:1234567812345678", "-utf8",
                           "-subj", "/C=CN/O=最高人民检察院/CN=SPP SM2 Operation CA", "-days", "20", "-out", pem],
                          ["x509", "-in", pem, "-outform", "DER", "-out", der]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = arguments
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
        }
        return (pem, der)
    }

    @Test func pemAndDERGiveTheSameCertificate() throws {
        let (pem, der) = try Self.sm2Certificate()
        let fromPEM = try CLI.run(["cert", pem, "--json"])
        let fromDER = try CLI.run(["cert", der, "--json"])
        #expect(fromPEM.exitCode == 0, "\(fromPEM.stderr)")
        #expect(fromPEM.stdout == fromDER.stdout)
        #expect(fromPEM.stdout.contains("\"keyAlgorithm\": \"SM2\""))
        #expect(fromPEM.stdout.contains("\"profile\": \"spp-12309\""))   // recognised from the issuer
        #expect(fromPEM.stdout.contains("\"id\": \"cert-expiring\""))
        let text = try CLI.run(["cert", pem, "--lang", "zh"])
        #expect(text.stdout.contains("还剩 19 天") || text.stdout.contains("还剩 20 天"))
    }

    @Test func whatIsNotACertificateGetsOneClearLine() throws {
        let cases: [(String, [UInt8], String)] = [
            ("empty.cer", [], "the file is empty"),
            ("garbage.cer", Array("hello, this is not a certificate".utf8), "not a certificate"),
            ("truncated.der", [0x30, 0x82, 0x03, 0x10, 0x30, 0x82, 0x02], "cut short"),
            ("key.pem", Array("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIB==\n-----END PRIVATE KEY-----\n".utf8), "private key"),
            ("big.bin", Array(repeating: 0x41, count: 10 * 1024 * 1024), "limit"),
        ]
        for (name, bytes, words) in cases {
            let path = try Self.file(name, bytes)
            let result = try CLI.run(["cert", path, "--lang", "en"])
            #expect(result.exitCode == 2, "\(name)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(name): \(result.stderr)")
            #expect(result.stderr.contains(words), "\(name): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        let missing = try CLI.run(["cert", "/nonexistent/cert.pem"])
        #expect(missing.exitCode == 2)
        #expect(missing.stderr.contains("/nonexistent/cert.pem"))
    }
}
