import Foundation
import Testing
@testable import Diagnosis
@testable import Guides
@testable import Simulator
@testable import UKeyDoctor

/// Every scenario through the real probe code (simulated PC/SC, real OpenSSL on real DER).
@Suite(.serialized) struct ScenarioProbeTests {
    static let content: ContentCompiler.Result = ContentStore.compile(
        layers: [CLI.repository.appendingPathComponent("Content").path], checkScenario: ScenarioLint.check)

    /// What each scenario must report: finding ids in order of severity.
    static let expected: [String: [String]] = [
        "healthy": [],
        "no-service": ["service-not-running"],
        "no-access": ["service-no-access"],
        "no-reader": ["no-reader"],
        "usb-hid-token": ["usb-token-not-pcsc"],
        "no-certificate": ["no-certificate"],
        "expiring": ["cert-expiring"],
        "expired": ["cert-expired"],
        "expired-too-late": ["cert-too-late"],
        "pin-locked": ["pin-blocked"],
        "expired-locked": ["cert-expired", "pin-blocked"],
        "pin-low": ["pin-low"],
        "two-keys": ["cert-expired", "several-tokens"],
        "mute-card": ["card-mute"],
        "unknown-card": ["unknown-card"],
        "clock-wrong": ["clock-wrong"],
        "corrupt-certificate": ["cert-unreadable"],
        "personal-id": [],
    ]

    static func probe(_ scenario: String, profile: String? = nil) throws -> (ProbeSession, ProbeReport) {
        var options = try ProbeOptions.parse(["--demo", scenario])
        options.profile = profile
        let session = try ProbeSession(content: content, options: options)
        return (session, session.probe())
    }

    @Test func everyScenarioFileIsCovered() {
        #expect(Set(Self.content.scenarios.keys) == Set(Self.expected.keys))
        #expect(Self.content.errors.isEmpty)
    }

    @Test(arguments: expected.keys.sorted())
    func scenarioGivesItsFindings(_ id: String) throws {
        let (session, report) = try Self.probe(id)
        #expect(report.findings.map(\.id) == Self.expected[id], "\(id): \(report.findings.map(\.id))")
        for finding in report.findings {
            #expect(finding.tree != nil, "\(id): finding \(finding.id) leads to no tree")
            #expect(!finding.message.zh.isEmpty && !finding.message.en.isEmpty)
        }
        // The probe never wrote to a card and never spent a PIN try.
        for card in session.simulated?.cards ?? [] {
            #expect(card.writeCommands.isEmpty, "\(id): \(card.writeCommands)")
            #expect(card.verifyWithDataCommands.isEmpty)
            #expect(card.pinTriesUsed == 0)
        }
    }

    @Test func expiredAndLockedSM2Card() throws {
        let (_, report) = try Self.probe("expired-locked")
        let certificate = try #require(report.primaryCertificate)
        #expect(certificate.summary?.keyAlgorithm == "SM2")
        #expect(certificate.summary?.curve?.oid == "1.2.156.10197.1.301")
        #expect(certificate.daysLeft == -5)
        #expect(certificate.renewal?.status == .overdueRenewable)
        #expect(report.profile == ProfileMatch(id: "spp-12309", reason: .recognised))
        #expect(report.primaryCard?.pin == PINReport(triesLeft: 0, blocked: true, known: true))
        #expect(report.findings.map { $0.tree?.tree } == ["renewal", "password-locked"])
        let facts = report.facts
        #expect(facts["cert.expired"] == .bool(true))
        #expect(facts["cert.renewal"] == .string("overdue-renewable"))
        #expect(facts["pin.blocked"] == .bool(true))
        #expect(facts["token.present"] == .bool(true))
    }

    @Test func renewalStatusFollowsTheProfileRulesFromContent() throws {
        // Expired 45 days: too late for 12309 (30 days), still renewable for BJCA (365) and Shandong (300).
        #expect(try Self.probe("expired-too-late").1.primaryCertificate?.renewal?.status == .tooLate)
        #expect(try Self.probe("expired-too-late", profile: "bjca-online").1.primaryCertificate?.renewal?.status == .overdueRenewable)
        #expect(try Self.probe("expired-too-late", profile: "shandong-sydw").1.findings.map(\.id) == ["cert-expired"])
        // 20 days left: due everywhere; MFA opens its window at 180 days.
        #expect(try Self.probe("healthy", profile: "mfa-consular").1.primaryCertificate?.renewal?.status == .notDue)
        #expect(try Self.probe("healthy", profile: "mfa-consular").1.primaryCertificate?.renewal?.windowOpensInDays == 250)
    }

    @Test func findingsLeadToTheProfilesOwnTreesBeforeCommon() throws {
        let (_, guizhou) = try Self.probe("usb-hid-token", profile: "guizhou-prison")
        #expect(guizhou.findings.first?.tree?.description == "guizhou-prison/install-driver#\(Self.content.library.tree("install-driver", in: "guizhou-prison")!.start)")
        let (_, spp) = try Self.probe("usb-hid-token")
        #expect(spp.findings.first?.tree?.profile == "common")
    }

    @Test func probeJSONHasEveryFieldOfTheContract() throws {
        let result = try CLI.run(["probe", "--demo", "expired-locked", "--json", "--lang", "en"])
        #expect(result.exitCode == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((object["service"] as? [String: Any])?["status"] as? String == "running")
        let usb = try #require((object["usb"] as? [[String: Any]])?.first)
        for key in ["vendorId", "productId", "interfaceClass", "model"] { #expect(usb[key] != nil, "usb.\(key)") }
        let reader = try #require((object["readers"] as? [[String: Any]])?.first)
        #expect(reader["name"] is String)
        let card = try #require(reader["card"] as? [String: Any])
        for key in ["state", "atr", "model", "protocol", "applets", "pin", "certificates"] { #expect(card[key] != nil, "card.\(key)") }
        #expect(card["applets"] as? [String] == ["PIV"])
        let pin = try #require(card["pin"] as? [String: Any])
        #expect(pin["triesLeft"] as? Int == 0)
        #expect(pin["blocked"] as? Bool == true)
        let certificate = try #require((card["certificates"] as? [[String: Any]])?.first)
        for key in ["slot", "subject", "owner", "issuer", "serial", "notBefore", "notAfter", "daysLeft", "keyAlgorithm", "renewal"] {
            #expect(certificate[key] != nil, "certificate.\(key)")
        }
        #expect(certificate["keyAlgorithm"] as? String == "SM2")
        #expect((certificate["renewal"] as? [String: Any])?["status"] as? String == "overdue-renewable")
        #expect(object["profile"] as? String == "spp-12309")
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.compactMap { $0["id"] as? String } == ["cert-expired", "pin-blocked"])
        for finding in findings { for key in ["id", "severity", "message", "tree"] { #expect(finding[key] != nil, "finding.\(key)") } }
    }

    @Test func probeTextSaysItInOneScreenful() throws {
        for language in ["zh", "en"] {
            let result = try CLI.run(["probe", "--demo", "expired-locked", "--lang", language])
            let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count <= 24, "\(language): \(lines.count) lines")
            #expect(result.exitCode == 1)
            if language == "zh" {
                #expect(result.stdout.contains("已过期 5 天"))
                #expect(result.stdout.contains("密码：已锁定"))
                #expect(result.stdout.contains("ukey-doctor walk spp-12309/renewal"))
                #expect(result.stdout.contains("ukey-doctor walk spp-12309/password-locked"))
            } else {
                #expect(result.stdout.contains("expired 5 days ago"))
                #expect(result.stdout.contains("PIN: locked"))
            }
        }
    }

    @Test func exitCodesFollowTheContract() throws {
        #expect(try CLI.run(["probe", "--demo", "healthy"]).exitCode == 0)
        #expect(try CLI.run(["probe", "--demo", "expiring"]).exitCode == 0)   // a warning is not an error
        #expect(try CLI.run(["probe", "--demo", "expired"]).exitCode == 1)
        let unknown = try CLI.run(["probe", "--demo", "no-such-scenario"])
        #expect(unknown.exitCode == 2)
        #expect(unknown.stderr.contains("no-such-scenario"))
    }

    @Test func reportMasksPersonalDataUnlessAsked() throws {
        // A certificate carrying an ID number, through the cert command's JSON and the report.
        let masked = try CLI.run(["report", "--demo", "expired-locked", "--format", "json"])
        #expect(masked.stdout.contains("\"verdict\""))
        #expect(masked.stdout.contains("\"trees\""))
        #expect(masked.stdout.contains("\"walk\": \"spp-12309/renewal\""))
        let markdown = try CLI.run(["report", "--demo", "expired-locked", "--lang", "zh"])
        #expect(markdown.stdout.contains("### 联系人"))
        #expect(markdown.stdout.contains("17744432537"))   // support numbers are not personal data
    }

    @Test func idNumbersAreMaskedUnlessAsked() throws {
        let (_, report) = try Self.probe("personal-id")
        #expect(report.profile == ProfileMatch(id: "guizhou-prison", reason: .given))
        #expect(report.primaryCertificate?.summary?.idNumber == "520102198001011235")
        for command in [["probe", "--json"], ["probe"], ["report"], ["report", "--format", "json"]] {
            let masked = try CLI.run(command + ["--demo", "personal-id"])
            #expect(!masked.stdout.contains("520102198001011235"), "\(command) leaks the ID number")
            let shown = try CLI.run(command + ["--demo", "personal-id", "--no-redact"])
            #expect(shown.stdout.contains("520102198001011235") || command == ["report"], "\(command) --no-redact hides it")
        }
        #expect(try CLI.run(["probe", "--demo", "personal-id", "--json"]).stdout.contains("\"idNumber\": \"520102********1235\""))
    }

    @Test func walkWithADemoAnswersChecksByItself() throws {
        let result = try CLI.run(["walk", "spp-12309/no-certificate", "--demo", "healthy", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let path = try #require(object["path"] as? [[String: Any]])
        let first = try #require(path.first)
        #expect(first["auto"] as? Bool == true)   // host.windows answered by the probe
        #expect(first["answer"] as? String == "no")
    }
}
