import Certificates
import Diagnosis
import Foundation
import Guides
import SmartCard
import Testing
import TerminalUI
import USBDevices

// The fault list of issue 5. Each test asserts what the user sees (a finding, or one clear line),
// that the terminal is as it was, and the exit code of the contract (0 fine, 1 problems found,
// 2 could not run; 128+N after signal N).
//
// Covered elsewhere, not repeated here:
// - a 10 MB garbage "certificate" file: CertCommandTests.whatIsNotACertificateGetsOneClearLine
//   (exit 2, one line on stderr naming the size limit, nothing on stdout);
// - a key pulled at any point of a probe: RigFaultTests.keyPulledMidProbe. The test below
//   places the drop exactly inside the certificate's GET DATA / GET RESPONSE chain.
// - SIGTERM / SIGINT / SIGHUP / crashes of the terminal layer on a pty:
//   TerminalRestoreTests (CursesBackend); here the whole assistant, mid-walk, in tmux.

/// A pane of our own tmux server, with the command's exit status and terminal modes recorded.
struct RecordedPane {
    let pane: TmuxEndToEndTests.Pane

    init(width: Int = 80, height: Int = 24) throws {
        pane = try TmuxEndToEndTests.Pane(width: width, height: height)
    }

    /// Runs `command` at the prompt: the stty settings are saved before and after, and its own
    /// exit status is printed as EXIT=n once it ends (not the status of the stty after it).
    func launch(_ command: String) throws {
        try pane.run("stty -g > before; echo READY-\(pane.socket.suffix(6))")
        try pane.run("\(command); status=$?; stty -g > after; echo EX\"\"IT=$status")
    }

    /// The assistant from the build folder on the shipped content, with `environment` before it.
    func launchAssistant(_ arguments: String, environment: String = "") throws {
        try launch("\(environment) UKEY_DOCTOR_CONTENT=\(TmuxEndToEndTests.content) \(TmuxEndToEndTests.binary) \(arguments)")
    }

    /// The screen once it stopped changing: a capture can fall in the middle of a frame's update.
    func settledScreen() throws -> String {
        var last = try pane.screen()
        for _ in 0..<40 {
            Thread.sleep(forTimeInterval: 0.05)
            let now = try pane.screen()
            if now == last { return now }
            last = now
        }
        return last
    }

    /// A tmux format about the pane (`#{cursor_flag}`, `#{pane_pid}` …).
    func query(_ format: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tmux")
        process.arguments = ["-L", pane.socket, "display-message", "-p", "-t", "e2e", format]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Waits for EXIT=n and checks the terminal: modes as before, cursor shown, the normal screen.
    @discardableResult
    func expectExit(_ code: Int32, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        let screen = try pane.waitFor("EXIT=", sourceLocation: sourceLocation)
        #expect(screen.contains("EXIT=\(code)\n") || screen.hasSuffix("EXIT=\(code)"), "exit status: \(screen)", sourceLocation: sourceLocation)
        let before = try? String(contentsOfFile: pane.folder + "/before", encoding: .utf8)
        let after = try? String(contentsOfFile: pane.folder + "/after", encoding: .utf8)
        #expect(before != nil && before == after, "stty settings changed: \(before ?? "-") → \(after ?? "-")", sourceLocation: sourceLocation)
        #expect(try query("#{cursor_flag}") == "1", "the cursor was left hidden", sourceLocation: sourceLocation)
        #expect(try query("#{alternate_on}") == "0", "the alternate screen was left on", sourceLocation: sourceLocation)
        return screen
    }

    /// The process the pane's shell is running now (the command launched).
    func foregroundChild() throws -> pid_t? {
        guard let shell = Int32(try query("#{pane_pid}")) else { return nil }
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").first.flatMap { Int32($0) }
    }
}

/// Faults in a terminal: signals mid-walk, a 20×5 window, a non-UTF-8 locale, broken content.
@Suite(.serialized) struct TerminalFaultTests {
    @Test(arguments: [(SIGTERM, Int32(143)), (SIGHUP, Int32(129))])
    func signalDuringAWalkRestoresTheTerminal(signal: Int32, status: Int32) throws {
        let pane = try RecordedPane()
        try pane.launchAssistant("--demo expired --lang en")
        try pane.pane.waitFor("Findings (1)")
        try pane.pane.press("Enter")                      // the finding opens its walk
        try pane.pane.waitFor("Is it the red UKey?")
        #expect(try pane.query("#{alternate_on}") == "1")
        let pid = try #require(try pane.foregroundChild())
        #expect(kill(pid, signal) == 0)
        let screen = try pane.expectExit(status)
        // xterm: the shell's screen is back, the walk's last frame is not left behind.
        #expect(screen.contains("READY-\(pane.pane.socket.suffix(6))"))
        #expect(!screen.contains("Is it the red UKey?"))
    }

    @Test func tinyTerminalShowsTooSmallAndRecovers() throws {
        let pane = try RecordedPane(width: 20, height: 5)
        try pane.launchAssistant("--demo expired --lang en")
        try pane.pane.waitFor("Terminal too small")
        let tiny = try pane.settledScreen()
        // The whole message, wrapped to 20 columns.
        #expect(tiny.contains("need 60×16, now 20×5"))
        #expect(tiny.contains("or press q to quit"))
        // Keys that would change a screen nobody can see are ignored.
        try pane.pane.press("Down")
        try pane.pane.press("Enter")
        Thread.sleep(forTimeInterval: 0.3)
        try pane.pane.tmux(["resize-window", "-t", "e2e", "-x", "80", "-y", "24"])
        try pane.pane.waitFor("Findings (1)")
        let grown = try pane.settledScreen()
        #expect(!grown.contains("Terminal too small"))
        #expect(!grown.contains("Is it the red UKey?"), "Enter on the too-small screen opened a walk")
        try pane.pane.tmux(["resize-window", "-t", "e2e", "-x", "20", "-y", "5"])
        try pane.pane.waitFor("Terminal too small")
        try pane.pane.press("q")
        try pane.expectExit(0)
    }

    /// A private zh_CN.GBK locale built with localedef (glibc's `locales` sources, which
    /// scripts/setup installs), so the test does not depend on what this machine has generated.
    static let gbkLocales: String? = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ukd-locales-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/localedef")
        process.arguments = ["-i", "zh_CN", "-f", "GBK", folder + "/zh_CN.GBK"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        return FileManager.default.fileExists(atPath: folder + "/zh_CN.GBK") ? folder : nil
    }()

    /// C, a GB18030 locale that is not installed (setlocale fails), and a GBK one that is
    /// (setlocale succeeds with a non-UTF-8 codeset): (LANG, extra environment, language expected).
    static func locales() throws -> [(lang: String, environment: [String: String], chinese: Bool)] {
        let gbk = try #require(gbkLocales, "localedef -i zh_CN -f GBK failed: install `locales` (scripts/setup)")
        return [("C", [:], false), ("zh_CN.GB18030", [:], true), ("zh_CN.GBK", ["LOCPATH": gbk], true)]
    }

    @Test func nonUTF8LocaleCommandLine() throws {
        for (lang, extra, chinese) in try Self.locales() {
            let environment = extra.merging(["LANG": lang], uniquingKeysWith: { $1 })
            let probe = try CLI.run(["probe", "--demo", "expired"], environment: environment)
            #expect(probe.exitCode == 1, "\(lang): \(probe.stderr)")
            #expect(probe.stderr.isEmpty, "\(lang): \(probe.stderr)")
            // UTF-8 whatever the locale says: no byte failed to decode, and the owner's name is intact.
            #expect(!probe.stdout.contains("\u{FFFD}"), "\(lang): output is not UTF-8")
            #expect(probe.stdout.contains("示例市人民检察院"), "\(lang): \(probe.stdout)")
            #expect(probe.stdout.contains(chinese ? "证书已过期" : "expired"), "\(lang) picks \(chinese ? "zh" : "en"): \(probe.stdout)")

            let search = try CLI.run(["search", "产生密钥对失败"], environment: environment)
            #expect(search.exitCode == 0, "\(lang): \(search.stderr)")
            #expect(search.stdout.contains(chinese ? "报错“产生密钥对失败”" : "Error “产生密钥对失败”"), "\(lang): \(search.stdout)")
            #expect(!search.stdout.contains("\u{FFFD}"))

            let lint = try CLI.run(["content", "lint"], environment: environment)
            #expect(lint.exitCode == 0, "\(lang): \(lint.stdout)")
        }
    }

    /// Chinese typed in a GBK terminal reaches us as GBK bytes: not decodable as UTF-8, so the
    /// search finds nothing — exit 1 and a UTF-8 "nothing found", never a crash.
    @Test func gbkEncodedArgumentIsNotACrash() throws {
        let gbk = try #require(Self.gbkLocales, "localedef failed: install `locales` (scripts/setup)")
        let binary = RigEquivalenceTests.shellQuote(CLI.binary().path)
        let result = try RigEquivalenceTests.shell(
            "LOCPATH=\(gbk) LANG=zh_CN.GBK \(binary) search \"$(printf '产生密钥对失败' | iconv -f UTF-8 -t GBK)\"")
        #expect(result.exitCode == 1, "\(result.stderr)")
        #expect(result.stdout.contains("没有找到"), "\(result.stdout)")
        #expect(result.stderr.isEmpty)
    }

    @Test func nonUTF8LocaleAssistantShowsChinese() throws {
        for (lang, extra, chinese) in try Self.locales() {
            let pane = try RecordedPane()
            let environment = (extra.map { "\($0.key)=\($0.value)" } + ["LANG=\(lang)"]).joined(separator: " ")
            try pane.launchAssistant("--demo expired", environment: environment)
            try pane.pane.waitFor(chinese ? "检测发现 (1)" : "Findings (1)")
            let screen = try pane.settledScreen()
            // ncurses draws UTF-8 (LC_CTYPE fell back to C.UTF-8): no ~A-style bytes, and every
            // Chinese character takes two columns, so each box line ends on column 80.
            #expect(screen.contains("示例市人民检察院"), "\(lang):\n\(screen)")
            #expect(!screen.contains("\u{FFFD}") && !screen.contains("~"), "\(lang):\n\(screen)")
            let boxLines = screen.split(separator: "\n").filter { $0.hasPrefix("|") || $0.hasPrefix("│") }
            #expect(!boxLines.isEmpty)
            for line in boxLines {
                #expect(TextWidth.width(of: line) == 80 && (line.hasSuffix("|") || line.hasSuffix("│")), "\(lang): \(line)")
            }
            try pane.pane.press("q")
            try pane.expectExit(0)
        }
    }

    // MARK: Broken content

    static let everyLintError = CLI.fixtures.appendingPathComponent("every-lint-error").path

    /// The first error of the overlay as `file:line:col`, from `content lint --json`.
    static func firstError() throws -> String {
        let json = try CLI.run(["content", "lint", "--content", everyLintError, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let issues = try #require(object["issues"] as? [[String: Any]])
        let first = try #require(issues.first { $0["severity"] as? String == "error" })
        return "\(first["file"] ?? "?"):\(first["line"] ?? "?"):\(first["column"] ?? "?")"
    }

    @Test func lintListsEveryCodeOfTheOverlay() throws {
        let result = try CLI.run(["content", "lint", "--content", Self.everyLintError, "--lang", "en"])
        #expect(result.exitCode == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let issueLines = lines.dropLast()
        // Every line but the summary is file:line:col: severity: code message [name].
        let shape = /^[^:]+\.yaml:\d+:\d+: (error|warning): (UKD\d{3}) .+ \[[a-z-]+\]$/
        var codes: Set<String> = []
        for line in issueLines {
            guard let match = line.wholeMatch(of: shape) else {
                Issue.record("not file:line:col: \(line)")
                continue
            }
            codes.insert(String(match.output.2))
        }
        #expect(codes == Set(LintCode.allCases.map(\.rawValue)), "missing: \(Set(LintCode.allCases.map(\.rawValue)).subtracting(codes).sorted())")
        // The overlay's own issues, in order (the shipped profiles' UKD016 lines move with their files).
        Golden.check("lint-every-error.txt", issueLines.filter { $0.hasPrefix("Tests/") }.joined(separator: "\n") + "\n")
        let json = try CLI.run(["content", "lint", "--content", Self.everyLintError, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let jsonCodes = (object["issues"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
        #expect(Set(jsonCodes) == codes)
        #expect(object["errors"] as? Int == jsonCodes.count - ((object["warnings"] as? Int) ?? 0))
    }

    @Test func everyOtherCommandStopsAtTheFirstError() throws {
        let first = try Self.firstError()
        #expect(first.hasPrefix("Tests/UKeyDoctorTests/Fixtures/every-lint-error/"))
        let commands: [[String]] = [
            ["search", "clock"], ["walk", "clock-wrong"], ["walk", "--list"], ["probe"], ["probe", "--demo", "healthy"],
            ["probe", "--demo", "broken"], ["contacts"], ["report"], ["report", "--format", "json"],
            ["cert", "/nonexistent/cert.pem"], ["content", "graph", "clock-wrong"], [],
        ]
        for arguments in commands {
            let result = try CLI.run(arguments + ["--content", Self.everyLintError, "--lang", "en"])
            #expect(result.exitCode == 2, "\(arguments): exit \(result.exitCode)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("ukey-doctor: \(first): error: "), "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("content lint --content \(Self.everyLintError)"), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout)")
        }
    }

    /// The assistant reads its content before it opens the terminal: on a real terminal it
    /// writes one line and not a single escape sequence.
    @Test func assistantWithBrokenContentLeavesTheTerminalAlone() throws {
        let first = try Self.firstError()
        let pane = try RecordedPane()
        let transcript = pane.pane.folder + "/typescript"
        // script(1) gives the assistant a terminal and records every byte it writes to it.
        try pane.launch("script -qfec \"UKEY_DOCTOR_CONTENT=\(TmuxEndToEndTests.content) \(TmuxEndToEndTests.binary) --content \(Self.everyLintError) --lang en\" \(transcript)")
        let screen = try pane.expectExit(2)
        // The pane's shell runs elsewhere, so the path is absolute there; the line wraps at 80.
        let relative = try #require(first.range(of: "every-lint-error/")).lowerBound
        #expect(screen.replacingOccurrences(of: "\n", with: "").contains(String(first[relative...]) + ": error: UKD"), "\(screen)")
        let bytes = try String(contentsOfFile: transcript, encoding: .utf8)
        let written = bytes.split(separator: "\n").filter { !$0.hasPrefix("Script ") }.joined(separator: "\n")
        #expect(!written.contains("\u{1B}"), "escape sequences sent: \(written.debugDescription)")
        #expect(written.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1, "\(written)")
    }
}

/// Faults of the PC/SC service and the token under the running assistant, each in a pcscd of
/// its own (scripts/rig/isolated --control: the test kills and restarts that pcscd).
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["UKD_SKIP_RIG"] != "1", "UKD_SKIP_RIG=1"))
struct ServiceFaultTests {
    /// The isolated rig's control pipe, written from outside its namespaces.
    struct RigControl {
        let fifo: String

        init(in folder: String) { fifo = folder + "/rig-control" }

        /// Sends one word and waits until the rig has carried it out (its line in FIFO.log).
        func send(_ word: String, acknowledgedAs ack: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
            let before = acknowledgements().count
            let deadline = Date().addingTimeInterval(10)
            var descriptor: Int32 = -1
            // Non-blocking: fails (ENXIO) until the rig's loop has the pipe open for reading.
            while descriptor < 0, Date() < deadline {
                descriptor = open(fifo, O_WRONLY | O_NONBLOCK)
                if descriptor < 0 { Thread.sleep(forTimeInterval: 0.05) }
            }
            guard descriptor >= 0 else {
                Issue.record("the rig's control pipe \(fifo) never opened", sourceLocation: sourceLocation)
                return
            }
            let line = Array((word + "\n").utf8)
            _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            close(descriptor)
            while Date() < deadline {
                let acks = acknowledgements()
                if acks.count > before, acks.last == ack { return }
                Thread.sleep(forTimeInterval: 0.02)
            }
            Issue.record("the rig never answered \(word) with \(ack): \(acknowledgements())", sourceLocation: sourceLocation)
        }

        func acknowledgements() -> [String] {
            ((try? String(contentsOfFile: fifo + ".log", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
    }

    /// The assistant beside a virtual token with the expired scenario, in a pcscd the test controls.
    static func launch(_ pane: RecordedPane) throws -> RigControl {
        let control = RigControl(in: pane.pane.folder)
        try pane.launch(TmuxEndToEndTests.isolatedAssistant(rigOptions: "--control \(control.fifo)") { "\($0) --watch-pid $$ 2>/dev/null" })
        try pane.pane.waitFor("expired 10 days ago")
        return control
    }

    @Test func pcscdKilledAndRestartedWhileTheAssistantRuns() throws {
        let pane = try RecordedPane(width: 100, height: 30)
        let control = try Self.launch(pane)

        try control.send("kill", acknowledgedAs: "killed")
        let killedAt = Date()
        try pane.pane.waitFor("The smart-card service pcscd is not running", seconds: 5)
        let noticed = Date().timeIntervalSince(killedAt)
        let down = try pane.settledScreen()
        #expect(noticed < 2, "the dead service took \(noticed) s to show")
        #expect(down.contains("smart-card service not running"))     // the token panel
        #expect(!down.contains("expired 10 days ago"), "the key is still shown after pcscd died:\n\(down)")

        try control.send("start", acknowledgedAs: "started")
        let startedAt = Date()
        try pane.pane.waitFor("expired 10 days ago", seconds: 8)
        let recovered = Date().timeIntervalSince(startedAt)
        let back = try pane.settledScreen()
        #expect(recovered < 4, "the key took \(recovered) s to come back")
        print("pcscd killed: shown after \(String(format: "%.2f", noticed)) s; restarted: the key back after \(String(format: "%.2f", recovered)) s")
        #expect(back.contains("Virtual PCD 00 00"))
        #expect(!back.contains("not running"))
        try pane.pane.press("q")
        try pane.expectExit(0)
    }

    /// vpcd's readers live as long as their pcscd: a pcscd that comes back without them is a
    /// reader unplugged (with the key in it) while the assistant runs.
    @Test func readerRemovedWhileTheAssistantRuns() throws {
        let pane = try RecordedPane(width: 100, height: 30)
        let control = try Self.launch(pane)

        try control.send("kill", acknowledgedAs: "killed")
        try control.send("start-no-readers", acknowledgedAs: "started-no-readers")
        try pane.pane.waitFor("No card reader or UKey is seen", seconds: 6)
        let gone = try pane.settledScreen()
        #expect(gone.contains("no UKey seen"))                         // the token panel
        #expect(!gone.contains("Virtual PCD 00 00"))
        #expect(!gone.contains("expired 10 days ago"))

        // The reader comes back with the key in it.
        try control.send("kill", acknowledgedAs: "killed")
        try control.send("start", acknowledgedAs: "started")
        try pane.pane.waitFor("expired 10 days ago", seconds: 8)
        try pane.pane.press("q")
        try pane.expectExit(0)
    }
}

/// The token's link drops in the middle of reading the certificate (GET DATA answered with
/// 61xx, the GET RESPONSE that should fetch the rest never answered).
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["UKD_SKIP_RIG"] != "1", "UKD_SKIP_RIG=1"))
struct TokenFaultTests {
    static let rsaCertificate = CLI.repository.appendingPathComponent("Tests/PCSCTests/Fixtures/piv-auth-rsa2048.der").path

    /// (card flags, APDUs answered before the drop, how it drops). The probe sends SELECT, then
    /// GET DATA 5FC105 (answered 61xx), then GET RESPONSE until 9000: with the scenario's 256-byte
    /// chunks the 2nd answered APDU ends at the first GET RESPONSE; with 100-byte chunks of the
    /// RSA certificate (861 bytes) the 5th ends at the 4th GET RESPONSE of 9.
    static let cases: [(card: String, answered: Int, dieWith: String)] = [
        ("--scenario \(CLI.repository.path)/Content/scenarios/expired-locked.yaml", 2, "rst"),
        ("--cert 9A=\(rsaCertificate) --chunk 100", 5, "rst"),
        ("--cert 9A=\(rsaCertificate) --chunk 100", 5, "fin"),
    ]

    @Test(arguments: cases.indices)
    func linkDropsInsideTheCertificatesGetResponseChain(_ index: Int) throws {
        let (card, answered, dieWith) = Self.cases[index]
        let bin = CLI.buildDirectory.path
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("ukd-getdata-\(getpid())-\(index).log").path
        try? FileManager.default.removeItem(atPath: log)
        defer { try? FileManager.default.removeItem(atPath: log) }
        // Wait until pcscd has powered the card up (its log says so) without sending it an APDU,
        // so the count of answered APDUs is exactly the probe's.
        let script = """
            \(bin)/ukey-vcard \(card) --die-after \(answered) --die-with \(dieWith) --log \(log) --watch-pid $$ 2>/dev/null & card=$!
            for i in $(seq 1 60); do grep -q 'power on' \(log) 2>/dev/null && break; sleep 0.05; done
            \(bin)/ukey-doctor probe --lang en; status=$?
            kill $card 2>/dev/null; wait $card 2>/dev/null; exit $status
            """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ukd-getdata-\(getpid())-\(index).sh").path
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try RigEquivalenceTests.shell("\(CLI.repository.path)/scripts/rig/isolated -- sh \(path)")

        // Where the link dropped, from the card's own log.
        let apdus = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").filter { $0.contains("apdu >") }
        #expect(apdus.count == answered + 1, "\(apdus)")
        #expect(apdus.last?.contains("> 00C00000") == true && apdus.last?.contains("not answered") == true,
                "the drop was not at a GET RESPONSE: \(apdus.last ?? "none")")
        #expect(apdus.contains { $0.contains("> 00CB3FFF055C035FC10500 <") && $0.range(of: #"61[0-9A-F]{2}$"#, options: .regularExpression) != nil },
                "no chained GET DATA of the certificate: \(apdus)")

        // What the user sees: the probe was interrupted, and nothing claimed about the unread rest.
        #expect(result.exitCode == 1, "exit \(result.exitCode): \(result.stderr)")
        #expect(result.stdout.contains("The UKey was pulled out or the link broke during the probe"), "\(result.stdout)")
        #expect(result.stdout.contains("walk common/key-not-seen"), "\(result.stdout)")
        #expect(!result.stdout.contains("holds no certificate"))
        #expect(result.stdout.contains("Certificates: not read"), "\(result.stdout)")
        #expect(!result.stdout.contains("Certificates: none"))
        #expect(!result.stdout.contains("unreadable"), "a half-read certificate was parsed: \(result.stdout)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }
}

/// The hidden `probe --repeat N` behind scripts/leaks/probe-cycles: the usual report once, the
/// memory figures on stderr.
@Suite struct ProbeCyclesHarnessTests {
    @Test func repeatPrintsTheReportOnceAndTheFiguresOnStderr() throws {
        let result = try CLI.run(["probe", "--demo", "expired", "--json", "--repeat", "5"])
        #expect(result.exitCode == 1)                 // the expired certificate, as without --repeat
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect((object?["findings"] as? [[String: Any]])?.first?["id"] as? String == "cert-expired")
        let figures = /^probe-cycles cycles=5 rss-kb-start=\d+ rss-kb-after-first=\d+ rss-kb-end=\d+ growth-kb=-?\d+ fds-after-first=\d+ fds-end=\d+\n$/
        #expect(result.stderr.wholeMatch(of: figures) != nil, "\(result.stderr)")
    }
}

/// A key the probe sees but cannot talk to must never come out as "nothing wrong" (found by
/// scripts/leaks/sanitize: a card swapped just before the probe gave SCARD_E_PROTO_MISMATCH at
/// SCardConnect, and the probe said "✓ Nothing wrong found", exit 0).
@Suite struct UnreachableCardTests {
    /// One reader holding a card (YubiKey 5 ATR) whose connection fails with `error`.
    final class RefusingSystem: SmartCardSystem {
        let error: SmartCardError
        init(_ error: SmartCardError) { self.error = error }
        func listReaders() throws(SmartCardError) -> [ReaderSnapshot] {
            [ReaderSnapshot(name: "Virtual PCD 00 00", state: .present,
                            atr: [0x3B, 0xFD, 0x13, 0x00, 0x00, 0x81, 0x31, 0xFE, 0x15, 0x80, 0x73, 0xC0, 0x21, 0xC0, 0x57, 0x59, 0x75, 0x62, 0x69, 0x4B, 0x65, 0x79, 0x40])]
        }
        func connect(reader: String) throws(SmartCardError) -> any CardSession { throw error }
        func waitForChange(timeoutMs: Int) throws(SmartCardError) -> Bool { false }
    }

    @Test(arguments: [SmartCardError.protocolMismatch, .timeout, .other(code: 0x8010_0001, text: "internal error")])
    func cardThatCannotBeReachedIsAFinding(_ error: SmartCardError) throws {
        let environment = ProbeEnvironment(
            system: RefusingSystem(error), scanUSB: { USBScanResult(root: "/nonexistent", devices: []) },
            parseCertificate: { _ in .failure(.empty) }, nameATR: { _ in nil }, usbNaming: { _ in USBDeviceNaming() },
            host: HostInfo(domesticOS: false, osName: "Debian"), releaseDate: Date(timeIntervalSince1970: 0))
        let report = Prober.run(environment, library: ScenarioProbeTests.content.library)
        #expect(report.findings.map(\.id) == ["probe-interrupted"], "\(error): \(report.findings.map(\.id))")
        #expect(report.findings.first?.severity == .error)
    }
}
