// The PC/SC test rig as the tests see it: pcscd (started by scripts/rig/start), vpcd's
// virtual readers, and ukey-vcard processes that plug a simulated card into one of them.
import Foundation
import PCSC
import SmartCard
import Testing

enum Rig {
    /// UKD_SKIP_RIG=1 turns the rig tests off (machines without pcscd). Anything else runs
    /// them, and they fail loudly when the rig is missing instead of skipping in silence.
    static let skipped = ProcessInfo.processInfo.environment["UKD_SKIP_RIG"] == "1"

    /// vpcd port the tests use; Debian's /etc/reader.conf.d/vpcd maps 35963 to reader
    /// "Virtual PCD 00 00" and 35964 to "Virtual PCD 00 01". UKD_VPCD_PORT=35964 moves the
    /// tests to the second reader when someone else uses the first.
    static let port: Int = Int(ProcessInfo.processInfo.environment["UKD_VPCD_PORT"] ?? "") ?? 35963
    static var reader: String { port == 35964 ? "Virtual PCD 00 01" : "Virtual PCD 00 00" }
    static let bothReaders = ["Virtual PCD 00 00", "Virtual PCD 00 01"]

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let certificatePath = fixtures.appendingPathComponent("piv-auth-rsa2048.der").path
    static var certificate: [UInt8] { (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: certificatePath)))) ?? [] }

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// Fails the calling test with instructions unless pcscd runs with the vpcd readers and
    /// ukey-vcard is built. Leaves the test's reader empty (no other card plugged in).
    static func require() throws {
        let howTo = "run scripts/rig/install, then scripts/rig/start (or set UKD_SKIP_RIG=1 to skip the rig tests)"
        guard FileManager.default.fileExists(atPath: "/run/pcscd/pcscd.comm") else {
            throw fail("pcscd is not running (no /run/pcscd/pcscd.comm): \(howTo)")
        }
        let readers: [ReaderSnapshot]
        do {
            readers = try PCSCSystem().listReaders()
        } catch {
            throw fail("pcscd does not answer (\(error)): \(howTo)")
        }
        guard let mine = readers.first(where: { $0.name == reader }) else {
            throw fail("pcscd lists no '\(reader)' reader (vsmartcard-vpcd missing?): \(howTo)")
        }
        _ = try vcardBinary()
        // A card from the previous test may still be on its way out (pcscd polls every ~0.4 s).
        if mine.state != .empty { waitUntilEmpty(reader, seconds: 2) }
        if let state = try? PCSCSystem().listReaders().first(where: { $0.name == reader })?.state, state != .empty {
            throw fail("'\(reader)' already holds a card: another ukey-vcard (or vicc) is connected to port \(port). "
                       + "Stop it, or set UKD_VPCD_PORT=35964 to use the other reader.")
        }
    }

    private static func fail(_ message: String) -> Missing {
        Missing(description: message)
    }

    /// ukey-vcard from the same build as this test bundle (SwiftPM puts both in one folder),
    /// or UKD_VCARD_BIN.
    static func vcardBinary() throws -> URL {
        if let explicit = ProcessInfo.processInfo.environment["UKD_VCARD_BIN"] {
            return URL(fileURLWithPath: explicit)
        }
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        // On Linux the test runner is <build>/<name>PackageTests.xctest; on Darwin it is inside a bundle.
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("ukey-vcard")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            if folder.lastPathComponent == ".build" { break }
            folder = folder.deletingLastPathComponent()
        }
        throw fail("ukey-vcard is not built next to \(testBinary.path): run `swift build` (or `swift build --product ukey-vcard`) first")
    }
}

/// One ukey-vcard process: a card inserted in the rig's reader until stopped.
final class VirtualCardProcess {
    let process = Process()
    let logPath: String
    private let stderrPath: String
    private let folder: URL

    /// Starts ukey-vcard with `arguments` (port and log added here). Does not wait for pcscd
    /// to notice the card: use `PCSCSystem.waitForCard`.
    init(_ arguments: [String] = [], port: Int = Rig.port) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ukd-vcard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        logPath = folder.appendingPathComponent("apdu.log").path
        stderrPath = folder.appendingPathComponent("stderr.txt").path
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = try Rig.vcardBinary()
        // --watch-pid: should this test process die, the card leaves the reader by itself.
        process.arguments = ["--port", String(port), "--log", logPath,
                             "--watch-pid", String(ProcessInfo.processInfo.processIdentifier)] + arguments
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        // A test that failed half-way still leaves the reader empty for the next one.
        if process.isRunning { stop() }
        // UKD_KEEP_LOGS=1 keeps the card's APDU log for a look after the run.
        if ProcessInfo.processInfo.environment["UKD_KEEP_LOGS"] != "1" {
            try? FileManager.default.removeItem(at: folder)
        }
    }

    /// SIGTERM (SIGKILL if it does not end within 3 s, so a test can never hang here), then
    /// wait until pcscd reports the reader empty again so the next test starts from a clean
    /// reader. Returns the exit status; the --die-after and SIGTERM paths both give 0.
    @discardableResult
    func stop(reader: String = Rig.reader) -> Int32 {
        if process.isRunning { process.terminate() }
        if !waitForExit(seconds: 3) {
            Issue.record("ukey-vcard ignored SIGTERM; killed")
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        waitUntilEmpty(reader)
        return process.terminationStatus
    }

    /// Waits for the process to end by itself (after --die-after), up to `seconds`.
    func waitForExit(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        return !process.isRunning
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// The command APDUs the card received, in hex, from its log.
    var receivedAPDUs: [String] {
        log.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "apdu > ") else { return nil }
            return String(line[range.upperBound...].prefix { $0 != " " })
        }
    }

    /// The final "stopping (...): apdus=... writes=..." line, as a dictionary.
    var summary: [String: Int] {
        guard let line = log.split(separator: "\n").last(where: { $0.contains("stopping (") }),
              let colon = line.range(of: "): ") else { return [:] }
        var values: [String: Int] = [:]
        for pair in line[colon.upperBound...].split(separator: " ") {
            let parts = pair.split(separator: "=")
            if parts.count == 2, let n = Int(parts[1]) { values[String(parts[0])] = n }
        }
        return values
    }
}

/// Polls pcscd until `reader` is empty (pcscd notices a vanished vpcd card within ~0.3 s).
func waitUntilEmpty(_ reader: String, seconds: Double = 5) {
    let system = PCSCSystem()
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if let state = try? system.listReaders().first(where: { $0.name == reader })?.state, state == .empty {
            return
        }
        usleep(20_000)
    }
}

extension CardTransport {
    /// Sends `command` and follows 61xx with GET RESPONSE, as a PIV client must.
    /// Returns the reassembled data and the final status word.
    func transmitFollowingChain(_ command: [UInt8], maxRounds: Int = 64) throws(SmartCardError) -> (data: [UInt8], sw: UInt16) {
        var data: [UInt8] = []
        var response = try transmit(command)
        for _ in 0..<maxRounds {
            guard response.count >= 2 else { throw .malformedResponse("short") }
            let sw1 = response[response.count - 2], sw2 = response[response.count - 1]
            data += response.dropLast(2)
            if sw1 != 0x61 { return (data, UInt16(sw1) << 8 | UInt16(sw2)) }
            response = try transmit([0x00, 0xC0, 0x00, 0x00, sw2])
        }
        throw .malformedResponse("endless 61xx chain")
    }
}

func bytes(_ hex: String) -> [UInt8] {
    let digits = hex.filter { !$0.isWhitespace }
    guard digits.count % 2 == 0 else {
        Issue.record("odd-length hex literal in a test: \(hex)")
        return []
    }
    var result: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        guard let byte = UInt8(digits[index..<next], radix: 16) else {
            Issue.record("bad hex literal in a test: \(hex)")
            return []
        }
        result.append(byte)
        index = next
    }
    return result
}

func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02X", $0) }.joined()
}
