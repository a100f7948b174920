import Diagnosis
import Foundation
import Guides
import Simulator
import TerminalUI

/// The assistant's whole state. Key handlers change it; screens only read it to draw (htop-style:
/// every frame renders the full state). No terminal I/O here, so tests drive it directly.
final class AppModel {
    enum LoopAction { case `continue`, quit }

    let content: ContentCompiler.Result
    var library: ContentLibrary { content.library }
    var language: Language
    /// --profile; nil lets the probe recognise it (falling back on the site's default profile).
    let requestedProfile: String?
    let now: () -> Date
    /// Where `r` writes reports.
    let reportDirectory: String

    private(set) var prober: ProbeSession
    private(set) var report: ProbeReport
    private(set) var probedAt: Date
    /// Insertions and removals seen since start, for steps that wait for them.
    private(set) var tokenEvents: [TokenEvent] = []
    /// Every answer given in every walk, for the report.
    var walked: [WalkEntry] = []

    var screens: [Screen]
    var overlay: Overlay?
    /// A one-line message in the footer until the next key.
    var notice: String?

    enum TokenEvent: Equatable { case inserted, removed }

    init(content: ContentCompiler.Result, options: ProbeOptions, language: Language, now: @escaping () -> Date = Date.init,
         reportDirectory: String) throws(CommandFailure) {
        self.content = content
        self.language = language
        self.now = now
        self.reportDirectory = reportDirectory
        requestedProfile = options.profile
        prober = try ProbeSession(content: content, options: options, now: now)
        report = prober.probe()
        probedAt = now()
        screens = []
        screens = [HomeScreen()]
    }

    /// Picked on screen (`p`), overriding everything else.
    var chosenProfile: String?

    /// The profile screens talk about: picked, given, else recognised by the probe, else none.
    var profileID: String? { chosenProfile ?? requestedProfile ?? report.profile?.id }
    var profile: Profile? { profileID.flatMap { library.profile($0) } }
    var isDemo: Bool { prober.scenario != nil }
    var scenarioTitle: LocalizedText? { prober.scenario?.title }
    var top: Screen { screens[screens.count - 1] }

    func t(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

    // MARK: Token

    var tokenPresent: Bool { report.facts["token.present"] == .bool(true) }

    /// Probes again and records insertions and removals. Returns true when something changed.
    @discardableResult
    func reprobe() -> Bool {
        let before = tokenPresent
        let oldFindings = report.findings.map(\.id)
        report = prober.probe()
        probedAt = now()
        if before != tokenPresent { tokenEvents.append(tokenPresent ? .inserted : .removed) }
        return before != tokenPresent || oldFindings != report.findings.map(\.id)
    }

    /// Facts for a walk: read fresh from the token each time a check is reached.
    func freshFacts() -> Facts {
        reprobe()
        return report.facts
    }

    private var lastFullProbe = Date.distantPast

    /// Called every tick (~200 ms): a card event re-probes at once; a full probe every 2 s also
    /// catches what PC/SC does not announce (a USB token, the service starting).
    func tick() {
        let changed: Bool
        do {
            changed = try prober.environment.system.waitForChange(timeoutMs: 0)
        } catch {
            // pcscd died (or refuses us): show it now, not at the next full probe up to 2 s later.
            // Once the report says so, the 2 s probe is enough to see it come back.
            changed = report.service.status == .running
        }
        if changed || now().timeIntervalSince(lastFullProbe) >= 2 {
            lastFullProbe = now()
            reprobe()
        }
    }

    /// Switches the simulated token (trainers: `d`).
    func switchScenario(_ id: String) {
        var options = ProbeOptions()
        options.demo = id
        options.profile = requestedProfile
        guard let next = try? ProbeSession(content: content, options: options, now: now) else { return }
        let before = tokenPresent
        prober = next
        report = prober.probe()
        if before != tokenPresent { tokenEvents.append(tokenPresent ? .inserted : .removed) }
        notice = t("已切换演示：", "Demo switched: ") + (next.scenario?.title[language] ?? id)
    }

    /// Trainers: pull the simulated key out, or put it back (`u`).
    func toggleSimulatedKey() {
        guard let system = prober.simulated else { return }
        if tokenPresent { system.pull() } else { system.insert() }
        reprobe()
        notice = tokenPresent ? t("演示：已插入 UKey", "Demo: UKey inserted") : t("演示：已拔出 UKey", "Demo: UKey pulled out")
    }

    // MARK: Navigation

    func push(_ screen: Screen) { screens.append(screen) }

    func back() {
        if screens.count > 1 { screens.removeLast() }
    }

    func home() { screens = [screens[0]] }

    /// Opens a tree's walk.
    func open(tree: Tree) {
        guard let session = try? WalkSession(library: library, start: tree.startRef, facts: { [weak self] in self?.freshFacts() ?? [:] }) else { return }
        push(WalkScreen(session: session))
    }

    // MARK: Report

    /// Writes the report with the path walked so far; returns the file's path.
    func writeReport() -> Result<(path: String, summary: [String]), CommandFailure> {
        reprobe()
        var builder = SupportReport(report: report, library: library, language: language, redact: true, walked: walked,
                                    demo: prober.scenario)
        builder.walked = walked + ((top as? WalkScreen)?.session.path ?? [])
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let path = (reportDirectory as NSString).appendingPathComponent("ukey-doctor-report-\(formatter.string(from: now())).md")
        do {
            try builder.markdown().write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            return .failure(CommandFailure(.usage, .init(zh: "报告无法写入 \(path)", en: "cannot write the report to \(path)")))
        }
        return .success((path, builder.spokenSummary))
    }

    // MARK: Keys

    func handle(_ key: Key) -> LoopAction {
        notice = nil
        if case .resize = key { return .continue }
        if let overlay {
            if overlay.handle(key, self) == .close { self.overlay = nil }
            return .continue
        }
        if top.handle(key, self) { return .continue }
        switch key {
        case .character("q"), .ctrl("c"):
            return .quit
        case .character("h"):
            home()
        case .escape, .character("b"), .backspace:
            back()
        case .character("/"):
            push(SearchScreen())
        case .character("c"):
            if !(top is ContactsScreen) { push(ContactsScreen()) }
        case .character("?"), .function(1):
            overlay = HelpOverlay()
        case .character("r"):
            switch writeReport() {
            case .success(let written): overlay = ReportOverlay(path: written.path, summary: written.summary)
            case .failure(let failure): notice = failure.message[language]
            }
        case .character("l"):
            language = language.other
        case .character("p"):
            overlay = ProfilePickerOverlay(app: self)
        case .character("d") where isDemo:
            overlay = DemoPickerOverlay(app: self)
        case .character("u") where isDemo:
            toggleSimulatedKey()
        default:
            break
        }
        return .continue
    }
}

/// One full screen of the assistant.
protocol Screen: AnyObject {
    /// Draws the body (between the header and the key bar).
    func render(_ canvas: inout Canvas, _ app: AppModel)
    /// Handles a key; false leaves it to the global keys.
    func handle(_ key: Key, _ app: AppModel) -> Bool
    /// The key hints for the bottom bar.
    func hints(_ app: AppModel) -> [(key: String, label: String)]
    /// The trail shown at the top.
    func crumbs(_ app: AppModel) -> [String]
}

/// Something drawn over the current screen (help, report written, demo picker).
protocol Overlay: AnyObject {
    func render(_ canvas: inout Canvas, _ app: AppModel)
    func handle(_ key: Key, _ app: AppModel) -> OverlayResult
}

enum OverlayResult { case stay, close }
