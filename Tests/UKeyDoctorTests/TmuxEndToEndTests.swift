import Foundation
import Testing

/// The assistant in a real terminal (tmux): keys in, the screen as the user sees it out.
@Suite(.serialized) struct TmuxEndToEndTests {
    /// A tmux server of our own with one 80×24 pane running a plain shell.
    final class Pane {
        let socket = "ukd-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let folder: String

        init(width: Int = 80, height: Int = 24) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent(socket).path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            // Started through system(): the tmux server it forks would inherit the descriptor
            // Foundation's Process watches, and waitUntilExit would wait for the server forever.
            let shell = "env -i HOME=\(folder) PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=xterm-256color UKEY_DOCTOR_SITE=/nonexistent PS1='$ ' bash --norc --noprofile"
            let command = "tmux -L \(socket) new-session -d -s e2e -x \(width) -y \(height) -c \(folder) \"\(shell)\" </dev/null >/dev/null 2>&1"
            guard system(command) == 0 else { throw CocoaError(.executableLoad) }
            // Wait for the shell's prompt before typing.
            let deadline = Date().addingTimeInterval(5)
            while Date() < deadline, !(try screen()).contains("$") { Thread.sleep(forTimeInterval: 0.05) }
        }

        deinit {
            _ = try? tmux(["kill-server"])
            try? FileManager.default.removeItem(atPath: folder)
        }

        @discardableResult
        func tmux(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/tmux")
            process.arguments = ["-L", socket] + arguments
            process.standardError = FileHandle.nullDevice
            // The server that new-session starts would inherit a pipe and keep it open forever.
            guard arguments.first == "capture-pane" else {
                process.standardOutput = FileHandle.nullDevice
                let err = Pipe()
                process.standardError = err
                try process.run()
                process.waitUntilExit()
                if process.terminationStatus != 0 {
                    print("tmux \(arguments.prefix(3)): \(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))")
                }
                return ""
            }
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }

        func type(_ text: String) throws { try tmux(["send-keys", "-t", "e2e", "-l", text]) }
        func press(_ keys: String...) throws { try tmux(["send-keys", "-t", "e2e"] + keys) }
        func screen() throws -> String { try tmux(["capture-pane", "-t", "e2e", "-p"]) }

        /// Waits until the screen shows `text` (the UI redraws within a frame of a key).
        @discardableResult
        func waitFor(_ text: String, seconds: Double = 8, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
            let deadline = Date().addingTimeInterval(seconds)
            var last = ""
            while Date() < deadline {
                last = try screen()
                if last.contains(text) { return last }
                Thread.sleep(forTimeInterval: 0.05)
            }
            Issue.record("the screen never showed “\(text)”:\n\(last)", sourceLocation: sourceLocation)
            return last
        }

        func run(_ command: String) throws {
            try type(command)
            try press("Enter")
        }
    }

    static let binary = CLI.binary().path
    static let content = CLI.repository.appendingPathComponent("Content").path

    /// The assistant (English, 12309's rules) in a pcscd of its own (scripts/rig/isolated, with
    /// `rigOptions`), beside the card `card` starts in the background; `card` is handed the command
    /// of a ukey-vcard serving the expired scenario.
    static func isolatedAssistant(rigOptions: String = "", card: (String) -> String) -> String {
        let vcard = CLI.binary("ukey-vcard").path
        let scenario = CLI.repository.appendingPathComponent("Content/scenarios/expired.yaml").path
        let isolated = CLI.repository.appendingPathComponent("scripts/rig/isolated").path
        let inner = card("\(vcard) --scenario \(scenario)") + " & "
            + "UKEY_DOCTOR_CONTENT=\(content) \(binary) --lang en --fallback-profile spp-12309"
        return "\(isolated) \(rigOptions) -- sh -c '\(inner)'"
    }

    func launch(_ pane: Pane, _ arguments: String, term: String = "xterm-256color") throws {
        try pane.run("stty -g > before; echo READY-\(pane.socket.suffix(6))")
        try pane.run("TERM=\(term) UKEY_DOCTOR_CONTENT=\(Self.content) \(Self.binary) \(arguments); status=$?; stty -g > after; echo EX\"\"IT=$status")
    }

    @Test func fromAnExpiredDemoToTheRenewalSteps() throws {
        let pane = try Pane()
        try launch(pane, "--demo expired --lang zh")
        try pane.waitFor("检测发现 (1)")
        try pane.waitFor("已过期 10 天")
        try pane.press("Enter")                       // the finding leads to the renewal tree
        try pane.waitFor("要延期的是红色 UKey 吗")
        try pane.press("1")
        let screen = try pane.waitFor("延期前请先了解以下几点")
        #expect(screen.contains("检测已回答"))          // the probe answered "expired more than 30 days?"
        #expect(screen.contains("[ ] 1)"))
        try pane.press("Space")
        try pane.waitFor("[x] 1)")
        try pane.press("q")
        try pane.waitFor("EXIT=0")
    }

    @Test func searchingTheErrorLeadsToTheRemedyAndTheContactCard() throws {
        let pane = try Pane()
        try launch(pane, "--demo healthy --lang zh")
        try pane.waitFor("常见问题")
        try pane.press("/")
        try pane.waitFor("输入看到的报错文字")
        try pane.type("产生密钥对失败")
        try pane.waitFor("报错“产生密钥对失败”")
        try pane.press("Enter")
        try pane.waitFor("UKey 已损坏，无法延期")
        for _ in 0..<3 { try pane.press("Enter"); Thread.sleep(forTimeInterval: 0.15) }
        try pane.waitFor("你知道本院的组织机构代码")
        try pane.press("1")
        try pane.waitFor("损坏了还是丢失了")
        try pane.press("1")
        let remedy = try pane.waitFor("巩婧")
        #expect(remedy.contains("巩婧"))
        #expect(remedy.contains("18101237927"))
        try pane.press("c")
        let cards = try pane.waitFor("负责")
        #expect(cards.contains("朱岩"))
        #expect(cards.contains("17744432537"))
        try pane.press("q")
        try pane.waitFor("EXIT=0")
    }

    @Test func resizeToTinyAndBack() throws {
        let pane = try Pane()
        try launch(pane, "--demo expired --lang en")
        try pane.waitFor("Findings (1)")
        try pane.tmux(["resize-window", "-t", "e2e", "-x", "30", "-y", "8"])
        try pane.waitFor("Terminal too small")
        try pane.tmux(["resize-window", "-t", "e2e", "-x", "80", "-y", "24"])
        let back = try pane.waitFor("Findings (1)")
        #expect(!back.contains("Terminal too small"))
        try pane.press("q")
        try pane.waitFor("EXIT=0")
    }

    @Test func quittingLeavesTheTerminalAsItWas() throws {
        for (term, quit) in [("xterm-256color", "q"), ("linux", "C-c"), ("vt100", "q")] {
            let pane = try Pane()
            try launch(pane, "--demo healthy --lang en", term: term)
            let screen = try pane.waitFor("Problems")
            if term == "vt100" { #expect(screen.contains("+-"), "vt100 draws ASCII boxes") }
            try pane.press(quit)
            let after = try pane.waitFor("EXIT=")
            if term == "xterm-256color" {
                #expect(after.contains("READY-\(pane.socket.suffix(6))"), "\(term): the shell's screen came back")
            } else {
                // No alternate screen: the screen is left clean, not with the last frame on it.
                #expect(!after.contains("Problems"), "\(term): the last frame stayed behind:\n\(after)")
            }
            let before = try String(contentsOfFile: pane.folder + "/before", encoding: .utf8)
            let restored = try String(contentsOfFile: pane.folder + "/after", encoding: .utf8)
            #expect(before == restored, "\(term): stty settings changed")
            // q quits with 0; Ctrl-C is SIGINT (130), or the key itself when it arrives as one (0).
            #expect(after.contains("EXIT=0") || (quit == "C-c" && after.contains("EXIT=130")), "\(term): \(after)")
        }
    }

    /// `walk` on a terminal without --answers asks line by line (for terminals where the full UI cannot run).
    @Test func lineByLineWalk() throws {
        let pane = try Pane()
        try pane.run("UKEY_DOCTOR_CONTENT=\(Self.content) \(Self.binary) walk common/service-no-access --lang en; echo EX\"\"IT=$?")
        try pane.waitFor("Choose a number (b back, q quit)>")
        try pane.type("1")
        try pane.press("Enter")
        let remedy = try pane.waitFor("【remedy】")
        #expect(remedy.contains("polkit"))
        try pane.type("b")
        try pane.press("Enter")
        try pane.waitFor("【question】Not allowed to use the smart-card service")
        try pane.type("q")
        try pane.press("Enter")
        try pane.waitFor("EXIT=0")
    }

    @Test func languageSwitchesLive() throws {
        let pane = try Pane()
        try launch(pane, "--demo expired --lang zh")
        try pane.waitFor("检测发现")
        try pane.press("l")
        try pane.waitFor("Findings (1)")
        try pane.press("d")
        try pane.waitFor("Demo scenario")
        try pane.press("Escape")
        try pane.press("q")
        try pane.waitFor("EXIT=0")
    }
}

/// The home screen follows a real key through pcscd: plugged in, it appears; pulled, it goes.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["UKD_SKIP_RIG"] != "1", "UKD_SKIP_RIG=1"))
struct TmuxLiveTokenTests {
    @Test func tokenPanelFollowsInsertAndRemove() throws {
        let pane = try TmuxEndToEndTests.Pane(width: 100, height: 30)
        // A card plugged in 2 s after the assistant starts, pulled out 4 s later, in a pcscd of its own.
        let assistant = TmuxEndToEndTests.isolatedAssistant { "(sleep 2; timeout 4 \($0) 2>/dev/null)" }
        try pane.run("\(assistant); echo EX\"\"IT=$?")
        try pane.waitFor("reader empty")
        let started = Date()
        let inserted = try pane.waitFor("expired 10 days ago", seconds: 6)
        #expect(inserted.contains("Virtual PCD 00 00"))
        let appeared = Date().timeIntervalSince(started)
        #expect(appeared < 2 + 1.2, "the insertion took \(appeared) s to show")
        try pane.waitFor("reader empty", seconds: 8)
        let removed = Date().timeIntervalSince(started) - 6
        #expect(removed < 1.2, "the removal took \(removed) s to show")
        try pane.press("q")
        try pane.waitFor("EXIT=0")
    }
}
