import ArgumentParser
import Diagnosis
import Foundation
import Guides
import Simulator

/// Options of the commands that look at a token.
struct ProbeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Probe a simulated token instead of the real one (see `ukey-doctor probe --list-demos`).", valueName: "SCENARIO"))
    var demo: String?

    @Option(help: "Use this profile's rules instead of recognising it from the certificate.")
    var profile: String?

    @Flag(help: "Show personal data (ID numbers, phone numbers) unmasked.")
    var noRedact = false

    /// Where the live probe reads USB devices (the rig writes a scenario's there).
    @Option(help: .hidden)
    var sysfs: String?

    /// The profile to fall back on when no issuer is recognised, as a scenario's own profile is in --demo
    /// (the rig uses it to probe a served scenario exactly as --demo does).
    @Option(help: .hidden)
    var fallbackProfile: String?
}

/// Content plus a way to probe: live or a scenario. Probing again re-reads the token.
final class ProbeSession {
    let content: ContentCompiler.Result
    private(set) var environment: ProbeEnvironment
    let profileID: String?
    /// The simulated PC/SC service in demo mode (a trainer can pull and insert the key).
    let simulated: SimulatedSystem?
    let scenario: Scenario?

    init(content: ContentCompiler.Result, options: ProbeOptions, now: @escaping () -> Date = Date.init) throws(CommandFailure) {
        self.content = content
        let library = content.library
        if let requested = options.profile {
            guard library.profile(requested) != nil else {
                throw CommandFailure(.usage, Strings.unknownProfile(requested, known: library.profiles.map(\.id)))
            }
        }
        // --profile wins; otherwise the certificate's issuer decides, and the site's default profile
        // (or a demo scenario's own) only applies when the issuer is not recognised.
        profileID = options.profile
        if let demo = options.demo {
            let scenario = try Self.scenario(demo, in: content)
            let built: ScenarioBuilder.Built
            do {
                built = try ScenarioBuilder.build(scenario, now: now())
            } catch {
                throw CommandFailure(.usage, Strings.scenarioBuildFailed(demo, "\(error)"))
            }
            self.scenario = scenario
            simulated = built.system
            environment = ProbeEnvironment(
                system: built.system, scanUSB: { built.usb }, parseCertificate: ProbeSource.parseCertificate,
                nameATR: ProbeSource.nameATR, usbNaming: ProbeSource.usbNaming,
                host: built.host ?? ProbeSource.host(), now: now, releaseDate: ProbeSource.releaseDate)
            environment.fallbackProfile = scenario.profile ?? library.site?.defaultProfile
        } else {
            scenario = nil
            simulated = nil
            environment = ProbeSource.live(sysfsRoot: options.sysfs)
            environment.now = now
            environment.fallbackProfile = options.fallbackProfile ?? library.site?.defaultProfile
        }
    }

    static func scenario(_ id: String, in content: ContentCompiler.Result) throws(CommandFailure) -> Scenario {
        guard let file = content.scenarios[id] else {
            throw CommandFailure(.usage, Strings.unknownScenario(id, known: content.scenarios.keys.sorted()))
        }
        let (scenario, issues) = ScenarioLoader.load(file)
        guard let scenario, issues.isEmpty else {
            throw CommandFailure(.usage, LocalizedText(zh: issues.first?.formatted(.zh) ?? id, en: issues.first?.formatted(.en) ?? id))
        }
        if let profile = scenario.profile, content.library.profile(profile) == nil {
            throw CommandFailure(.usage, Strings.unknownProfile(profile, known: content.library.profiles.map(\.id)))
        }
        return scenario
    }

    func probe() -> ProbeReport {
        Prober.run(environment, library: content.library, profile: profileID)
    }
}
