import Foundation
import Testing
@testable import Guides
@testable import Simulator

/// Each scenario, served for real — its cards plugged into vpcd readers of a pcscd of its own, its
/// USB devices written as a sysfs tree — gives the same findings and JSON as `--demo`.
/// Runs in private namespaces (scripts/rig/isolated), so it never meets the shared rig's readers.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["UKD_SKIP_RIG"] != "1", "UKD_SKIP_RIG=1"))
struct RigEquivalenceTests {
    static let scenarios = ScenarioProbeTests.expected.keys.sorted()

    @Test(arguments: scenarios)
    func servedScenarioMatchesTheDemo(_ id: String) throws {
        let file = CLI.repository.appendingPathComponent("Content/scenarios/\(id).yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let scenario = try #require(ScenarioLoader.load(ContentFile(relativePath: "scenarios/\(id).yaml", displayPath: file.path, text: text)).scenario)

        let demo = try CLI.run(["probe", "--demo", id, "--json", "--lang", "en"])
        let served = try Self.probeServed(scenario, file: file.path)
        #expect(served.exitCode == demo.exitCode, "\(id): exit \(served.exitCode) vs \(demo.exitCode); \(served.stderr)")
        let demoJSON = try Self.normalized(demo.stdout, scenario: scenario, served: false)
        let servedJSON = try Self.normalized(served.stdout, scenario: scenario, served: true)
        #expect(servedJSON == demoJSON, "\(id): served through pcscd differs from --demo\n--- demo\n\(demoJSON)\n--- served\n\(servedJSON)")
    }

    /// `ukey-doctor probe --json` against the scenario served the way a real token would be.
    static func probeServed(_ scenario: Scenario, file: String) throws -> CLIResult {
        let bin = CLI.buildDirectory.path
        let sysfs = FileManager.default.temporaryDirectory.appendingPathComponent("ukd-sysfs-\(scenario.id)-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: sysfs) }
        try CLI.run(["--scenario", file, "--write-sysfs", sysfs], binary: "ukey-vcard")
        var probe = ["\(bin)/ukey-doctor", "probe", "--json", "--lang", "en", "--sysfs", sysfs]
        if let profile = scenario.profile { probe += ["--fallback-profile", profile] }
        let probeLine = probe.map(shellQuote).joined(separator: " ")

        switch scenario.service {
        case .notRunning:
            return try shell("PCSCLITE_CSOCK_NAME=/run/ukd-no-such-pcscd.comm \(probeLine)")
        case .noAccess:
            let socket = "/tmp/ukd-refusing-\(getpid()).comm"
            return try shell("""
                \(shellQuote("\(bin)/ukey-vcard")) --refuse-socket \(socket) & refuser=$!
                for i in $(seq 1 50); do [ -S \(socket) ] && break; sleep 0.05; done
                PCSCLITE_CSOCK_NAME=\(socket) \(probeLine); status=$?
                kill $refuser; wait $refuser 2>/dev/null; exit $status
                """)
        case .running:
            let cards = scenario.readers.enumerated().filter { $0.element.card != nil }
            if scenario.readers.isEmpty {
                return try shell("\(shellQuote(CLI.repository.path))/scripts/rig/isolated --no-readers -- \(probeLine)")
            }
            var script = "cards=\"\"\n"
            for (index, _) in cards {
                script += "\(shellQuote("\(bin)/ukey-vcard")) --scenario \(shellQuote(file)) --reader \(index) --port \(35963 + index) --watch-pid $$ 2>/dev/null &\n"
                script += "cards=\"$cards $!\"\n"
            }
            // pcscd polls vpcd's readers about every 0.4 s: wait until every card shows.
            script += """
                for i in $(seq 1 80); do
                  seen=$(\(probeLine) | grep -c '"card": {' || true)
                  [ "$seen" -ge \(cards.count) ] && break
                  sleep 0.1
                done
                \(probeLine); status=$?
                kill $cards 2>/dev/null; wait $cards 2>/dev/null; exit $status
                """
            let scriptPath = FileManager.default.temporaryDirectory.appendingPathComponent("ukd-serve-\(scenario.id)-\(getpid()).sh").path
            try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: scriptPath) }
            return try shell("\(shellQuote(CLI.repository.path))/scripts/rig/isolated -- sh \(shellQuote(scriptPath))")
        }
    }

    static func shell(_ command: String) throws -> CLIResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C.UTF-8"
        environment["UKEY_DOCTOR_SITE"] = "/nonexistent"
        process.environment = environment
        process.currentDirectoryURL = CLI.repository
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIResult(exitCode: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                         stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func shellQuote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// The JSON without what differs by nature between two runs (time, duration, the random key
    /// behind each fingerprint) and with vpcd's reader names mapped to the scenario's. vpcd always
    /// offers two readers; the extra empty one of a one-reader scenario is left out.
    static func normalized(_ text: String, scenario: Scenario, served: Bool) throws -> String {
        guard var object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw CocoaError(.coderReadCorrupt)
        }
        object["probedAt"] = nil
        object["durationMs"] = nil
        var names: [String: String] = [:]
        var readers = (object["readers"] as? [[String: Any]]) ?? []
        if served {
            readers = readers.enumerated().filter { index, reader in index < scenario.readers.count || !(reader["card"] is NSNull) }.map(\.element)
            for (index, var reader) in readers.enumerated() where index < scenario.readers.count {
                names[reader["name"] as? String ?? ""] = scenario.readers[index].name
                reader["name"] = scenario.readers[index].name
                readers[index] = reader
            }
        }
        object["readers"] = readers.map { reader -> [String: Any] in
            var reader = reader
            if var card = reader["card"] as? [String: Any] {
                card["certificates"] = (card["certificates"] as? [[String: Any]])?.map { certificate in
                    var certificate = certificate
                    certificate["fingerprintSHA256"] = nil
                    return certificate
                }
                reader["card"] = card
            }
            return reader
        }
        var rendered = String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted]), as: UTF8.self)
        for (rig, scenarioName) in names { rendered = rendered.replacingOccurrences(of: rig, with: scenarioName) }
        return rendered
    }
}

/// What goes wrong with a real pcscd: a key pulled mid-probe, an ATR that breaks the rules.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["UKD_SKIP_RIG"] != "1", "UKD_SKIP_RIG=1"))
struct RigFaultTests {
    static func served(_ vcardArguments: String) throws -> CLIResult {
        let bin = CLI.buildDirectory.path
        let script = """
            \(RigEquivalenceTests.shellQuote("\(bin)/ukey-vcard")) \(vcardArguments) --watch-pid $$ 2>/dev/null & card=$!
            for i in $(seq 1 40); do
              \(RigEquivalenceTests.shellQuote("\(bin)/ukey-doctor")) probe --json | grep -q '"card": {' && break
              sleep 0.1
            done
            \(RigEquivalenceTests.shellQuote("\(bin)/ukey-doctor")) probe --json --lang en; status=$?
            kill $card 2>/dev/null; wait $card 2>/dev/null; exit $status
            """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ukd-fault-\(getpid()).sh").path
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try RigEquivalenceTests.shell("\(RigEquivalenceTests.shellQuote(CLI.repository.path))/scripts/rig/isolated -- sh \(RigEquivalenceTests.shellQuote(path))")
    }

    /// The card answers N commands, then its link drops (a key pulled out mid-read): the probe
    /// reports it and claims nothing about what it could not read. The probe-wait loop above
    /// costs the card commands too, so N counts from the last probe's start only loosely.
    @Test(arguments: [1, 3, 5])
    func keyPulledMidProbe(_ afterCommands: Int) throws {
        let scenario = CLI.repository.appendingPathComponent("Content/scenarios/expired-locked.yaml").path
        // Serve a card that survives the readiness probes (8 APDUs each) and dies inside the final one.
        let result = try Self.served("--scenario \(RigEquivalenceTests.shellQuote(scenario)) --die-after \(8 + afterCommands)")
        #expect(result.exitCode == 1, "exit \(result.exitCode): \(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = (object["findings"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        #expect(findings.contains("probe-interrupted"), "\(findings)")
        #expect(!findings.contains("no-certificate"))
    }

    @Test func malformedATRIsReportedNotFatal() throws {
        let result = try Self.served("--atr '3B FF 13 00'")
        #expect(result.exitCode == 1)
        let card = try #require(((try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["readers"] as? [[String: Any]])?.first?["card"] as? [String: Any])
        #expect(card["atr"] as? String == "3B FF 13 00")
        #expect(card["atrWellFormed"] as? Bool == false)
    }
}
