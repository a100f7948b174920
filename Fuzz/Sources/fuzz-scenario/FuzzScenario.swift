// A demo scenario file (Content/scenarios, or a site's own): loaded, and when it loads, built
// into simulated tokens (certificates made by OpenSSL) and probed as `--demo` does.
import Diagnosis
import Foundation
import FuzzSupport
import Guides
import Simulator
import SmartCard

let library = ShippedContent.library

/// The value of a top-level `id:` line, when it can be a file name.
func declaredID(_ text: String) -> String? {
    for line in text.split(separator: "\n") where line.hasPrefix("id:") {
        let value = line.dropFirst(3).trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'"))
        return value.isEmpty || value.contains("/") ? nil : value
    }
    return nil
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: fuzzInput(data, size), as: UTF8.self)
    // A scenario's id must match its file name: name the file after the id the text gives.
    let file = "scenarios/\(declaredID(text) ?? "fuzzed").yaml"
    let (loaded, issues) = ScenarioLoader.load(ContentFile(relativePath: file, displayPath: "fuzz/" + file, text: text))
    for issue in issues { consume(issue.formatted(.en)) }
    guard let scenario = loaded else { return 0 }
    guard let built = try? ScenarioBuilder.build(scenario, now: fuzzNow) else { return 0 }
    let environment = probeEnvironment(system: built.system, usb: built.usb,
                                       host: built.host ?? HostInfo(domesticOS: true, osName: "Fuzz"))
    let report = Prober.run(environment, library: library, profile: scenario.profile.flatMap { library.profile($0)?.id })
    consume(report.findings)
    consume(report.facts)
    // The probe only reads: no simulated card saw a write or lost a PIN try.
    for card in built.system.cards {
        require(card.writeCommands.isEmpty, "a write reached a simulated card")
        require(card.pinTriesUsed == 0, "the probe used a PIN try")
    }
    return 0
}
