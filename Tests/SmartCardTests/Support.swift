import Testing
import SmartCard

/// Hex in tests; bad hex is a test failure, not a crash.
func h(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [UInt8] {
    guard let bytes = Hex.decode(text) else {
        Issue.record("not hex: \(text)", sourceLocation: sourceLocation)
        return []
    }
    return bytes
}

enum TestPaths {
    /// Tests/SmartCardTests/Fixtures, found from this file's path (no SwiftPM resources).
    static let fixtures: String = {
        let file = #filePath
        let dir = file.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return dir + "/Fixtures"
    }()

    /// The system list from pcsc-tools, when installed.
    static let smartcardList = "/usr/share/pcsc/smartcard_list.txt"
}

/// A small deterministic generator (SplitMix64) so property tests are repeatable.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func randomBytes(_ count: Int, using rng: inout SeededGenerator) -> [UInt8] {
    (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
}
