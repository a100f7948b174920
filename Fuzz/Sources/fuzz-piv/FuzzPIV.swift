// The whole probe of one card whose every answer comes from the input: ATR decoding and naming,
// SELECT / GET DATA / VERIFY through the allowlist with 61xx / 6Cxx chaining, the PIV containers,
// certificates through OpenSSL, then findings and facts. The card may also fail at any point
// (pulled out, reset, mute). Property: the allowlist let nothing but read-only commands through.
import Diagnosis
import Foundation
import FuzzSupport
import Guides
import SmartCard

/// One reader with one card that answers from a script.
final class ScriptedSystem: SmartCardSystem {
    let atr: [UInt8]
    var steps: ArraySlice<PIVScript.Step>
    var sent: [[UInt8]] = []

    init(atr: [UInt8], steps: [PIVScript.Step]) {
        self.atr = atr
        self.steps = steps[...]
    }

    func listReaders() throws(SmartCardError) -> [ReaderSnapshot] {
        [ReaderSnapshot(name: "Fuzz Reader 00 00", state: .present, atr: atr)]
    }

    func connect(reader: String) throws(SmartCardError) -> any CardSession { ScriptedSession(system: self) }

    func waitForChange(timeoutMs: Int) throws(SmartCardError) -> Bool { false }
}

final class ScriptedSession: CardSession {
    let system: ScriptedSystem
    init(system: ScriptedSystem) { self.system = system }
    var atr: [UInt8] { system.atr }
    let activeProtocol = "T=1"

    func transmit(_ command: [UInt8]) throws(SmartCardError) -> [UInt8] {
        system.sent.append(command)
        switch system.steps.popFirst() {
        case .answer(let bytes): return bytes
        case .failure(let error): throw error
        case nil: return [0x6A, 0x82]
        }
    }

    func disconnect() {}
}

let library = ShippedContent.library

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPIV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let (atr, steps) = PIVScript.decode(fuzzInput(data, size))
    let system = ScriptedSystem(atr: atr, steps: steps)
    let environment = probeEnvironment(system: system)
    let report = Prober.run(environment, library: library)
    consume(report.findings)
    let facts = report.facts
    consume(facts)

    // Walk the first finding's tree with the probe's facts answering the checks.
    if let start = report.findings.first?.tree, let walk = try? WalkSession(library: library, start: start, facts: { facts }) {
        consume(walk.path)
    }

    for command in system.sent {
        require(SafetyPolicy.isAllowed(command), "a refused command reached the card: \(Hex.encode(command))")
        if command.count >= 2, command[1] == 0x20 { require(command.count == 4, "VERIFY with a body reached the card") }
    }
    return 0
}
