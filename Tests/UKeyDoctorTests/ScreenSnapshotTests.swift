import CursesBackend
import Foundation
import Testing
import TerminalUI
@testable import Guides
@testable import UKeyDoctor

/// Every screen of the assistant through real ncurses (headless, onto /dev/null, read back),
/// at 80×24 and 160×48, in Chinese and English, against golden files (UKD_RECORD=1 re-records).
@Suite(.serialized) struct ScreenSnapshotTests {
    /// A fixed clock: the scenario's dates are relative to it, so the screens are the same every day.
    static let now = Date(timeIntervalSince1970: 1_795_262_400)   // 2026-11-21 12:00 UTC
    static let reportFolder = FileManager.default.temporaryDirectory.appendingPathComponent("ukd-snapshot-reports").path

    static func app(_ scenario: String, _ language: Language, profile: String? = nil) throws -> AppModel {
        var options = try ProbeOptions.parse(["--demo", scenario])
        options.profile = profile
        try? FileManager.default.createDirectory(atPath: reportFolder, withIntermediateDirectories: true)
        return try AppModel(content: ScenarioProbeTests.content, options: options, language: language, now: { now },
                            reportDirectory: reportFolder)
    }

    static let sizes = [Size(width: 80, height: 24), Size(width: 160, height: 48)]

    /// Renders the app through ncurses at each size and checks the text against the golden file.
    static func check(_ app: AppModel, _ name: String, sizes: [Size] = sizes, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        for size in sizes {
            var canvas = Canvas(size: size)
            Chrome.render(app, into: &canvas)
            #expect(canvas.layoutProblems() == [], "\(name) \(size)", sourceLocation: sourceLocation)
            let screen = try HeadlessScreen(width: size.width, height: size.height)
            defer { screen.close() }
            screen.draw(canvas)
            let lines = screen.lines()
            for (row, line) in lines.enumerated() {
                #expect(TextWidth.width(of: line) <= size.width, "\(name) \(size) row \(row) is wider than the terminal", sourceLocation: sourceLocation)
                // A row that starts a box's left border ends with its right border, in the last column,
                // whatever Chinese text sits between.
                if let first = line.first, "│┌└├".contains(first) {
                    let trimmed = line.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
                    #expect(TextWidth.width(of: trimmed) == size.width && "│┐┘┤".contains(trimmed.last ?? " "),
                            "\(name) \(size) row \(row): the right border is not in column \(size.width)", sourceLocation: sourceLocation)
                }
            }
            Golden.check("../Snapshots/\(name)-\(app.language.rawValue)-\(size.width)x\(size.height).txt",
                         lines.joined(separator: "\n") + "\n", sourceLocation: sourceLocation)
        }
    }

    static func tree(_ app: AppModel, _ profile: String, _ id: String) throws -> Tree {
        try #require(app.library.profile(profile)?.tree(id))
    }

    @Test(arguments: Language.allCases)
    func home(_ language: Language) throws {
        try Self.check(try Self.app("expired", language), "home-expired")
        try Self.check(try Self.app("expired-locked", language), "home-expired-locked")
        try Self.check(try Self.app("no-service", language), "home-no-service")
        try Self.check(try Self.app("usb-hid-token", language), "home-usb-hid-token")
        try Self.check(try Self.app("healthy", language), "home-healthy")
    }

    @Test(arguments: Language.allCases)
    func walkScreens(_ language: Language) throws {
        let app = try Self.app("expired", language)
        _ = app.handle(.enter)                       // the finding → the renewal tree
        try Self.check(app, "walk-question")
        _ = app.handle(.character("1"))              // red key → checks answered by the probe → a step
        try Self.check(app, "walk-auto-answered-step")
        _ = app.handle(.character(" "))
        _ = app.handle(.character(" "))
        try Self.check(app, "walk-checklist-ticked", sizes: [Self.sizes[0]])

        let remedy = try Self.app("expired", language)
        remedy.open(tree: try Self.tree(remedy, "spp-12309", "error-1"))
        try Self.check(remedy, "walk-remedy-error-1")

        // A step that waits for the key to be pulled and put back: the demo's `u` does it.
        let waiting = try Self.app("healthy", language)
        waiting.open(tree: try Self.tree(waiting, "common", "key-not-seen"))
        try Self.check(waiting, "walk-wait-step")
        _ = waiting.handle(.character("u"))
        _ = waiting.handle(.character("u"))
        try Self.check(waiting, "walk-wait-step-seen", sizes: [Self.sizes[0]])
        _ = waiting.handle(.enter)                  // the probe sees the key: done
        try Self.check(waiting, "walk-done")

        let escalate = try Self.app("no-reader", language)
        escalate.open(tree: try Self.tree(escalate, "common", "key-not-seen"))
        _ = escalate.handle(.enter)                 // re-plugged: still nothing → restart
        _ = escalate.handle(.enter)                 // restarted: still nothing → ask IT
        try Self.check(escalate, "walk-escalate-key-not-seen")
    }

    @Test(arguments: Language.allCases)
    func contactsSearchAndOverlays(_ language: Language) throws {
        let app = try Self.app("expired", language)
        _ = app.handle(.character("c"))
        try Self.check(app, "contacts")
        _ = app.handle(.character("h"))
        _ = app.handle(.character("/"))
        try Self.check(app, "search-empty")
        for character in "产生密钥对失败" { _ = app.handle(.character(character)) }
        try Self.check(app, "search-results")
        _ = app.handle(.escape)
        _ = app.handle(.character("?"))
        try Self.check(app, "help")
        _ = app.handle(.character("x"))
        _ = app.handle(.character("d"))
        try Self.check(app, "demo-picker")
        _ = app.handle(.escape)
        _ = app.handle(.character("p"))
        try Self.check(app, "profile-picker")
    }

    @Test(arguments: Language.allCases)
    func reportOverlayAndTooSmall(_ language: Language) throws {
        let app = try Self.app("expired-locked", language)
        _ = app.handle(.character("r"))
        try Self.check(app, "report-written")
        _ = app.handle(.character("x"))
        try Self.check(app, "too-small", sizes: [Size(width: 40, height: 10), Size(width: 20, height: 5)])
    }

    @Test func unrecognisedProfileListsTheGuides() throws {
        let app = try Self.app("unknown-card", .zh)
        #expect(app.profile?.id == "spp-12309")   // the scenario's own profile
        let plain = try Self.app("no-reader", .en)
        try Self.check(plain, "home-no-reader")
    }
}

/// Mouse clicks where the terminal sends them: a click on a row opens it, a click on an answer takes it.
@Suite struct MouseTests {
    @Test func clickOpensAProblemAndTakesAnAnswer() throws {
        let app = try ScreenSnapshotTests.app("expired", .en)
        var canvas = Canvas(width: 80, height: 24)
        Chrome.render(app, into: &canvas)
        let home = try #require(app.top as? HomeScreen)
        let findings = app.report.findings.count
        let row = try #require(home.list.rowRects.first { $0.index == findings })   // the first problem: renewal
        _ = app.handle(.mouse(x: row.rect.x + 5, y: row.rect.y, kind: .click(button: 1)))
        let walk = try #require(app.top as? WalkScreen)
        #expect(walk.session.tree.id == "renewal")

        canvas = Canvas(width: 80, height: 24)
        Chrome.render(app, into: &canvas)
        let answer = try #require(walk.options.rowRects.first { $0.index == 0 })
        // The row is where the screen shows the answer's label.
        #expect(canvas.lines()[answer.rect.y].contains("1 Yes, the red UKey"))
        _ = app.handle(.mouse(x: 10, y: answer.rect.y, kind: .click(button: 1)))
        #expect(walk.session.path.first?.answer == "yes")
    }

    @Test func wheelScrollsTheProblemsList() throws {
        let app = try ScreenSnapshotTests.app("healthy", .zh)
        var canvas = Canvas(width: 80, height: 24)
        Chrome.render(app, into: &canvas)
        let home = try #require(app.top as? HomeScreen)
        _ = app.handle(.mouse(x: 10, y: 15, kind: .scrollDown))
        #expect(home.list.selection == 3)
        _ = app.handle(.mouse(x: 10, y: 15, kind: .scrollUp))
        #expect(home.list.selection == 0)
    }
}
