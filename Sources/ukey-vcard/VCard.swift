// ukey-vcard: plugs a simulated PIV token into pcscd through vsmartcard's vpcd driver, so the
// real PC/SC path (pcsclite → pcscd → reader driver → card) can be tested without hardware.
import ContentLocation
import Foundation
import Guides
import Simulator
import SmartCard

struct VCardError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

enum VCard {
    static let usage = """
        usage: ukey-vcard [options]
          Serves a simulated PIV card to pcscd through vpcd (vsmartcard-vpcd).
          --port N            vpcd port (default 35963 = "Virtual PCD 00 00"; 35964 = "00 01")
          --host ADDR         vpcd address (default 127.0.0.1)
          --atr HEX           answer to reset (default: YubiKey 5 NFC, 3BFD1300008131FE158073C021C057597562694B657940)
          --cert TAG=FILE     certificate (DER or PEM) for a PIV object; TAG is 5FC105/5FC10A/5FC10B/5FC101
                              or the slot 9A/9C/9D/9E. Repeatable.
          --pin-tries N       PIN tries left, 0-15 (default 3)
          --pin-blocked       PIN blocked (same as --pin-tries 0)
          --no-piv            the card has no PIV applet (SELECT answers 6A82)
          --chunk N           response bytes before 61xx chaining, 1-256; 0 = no chaining (default 256)
          --mute              the card never answers reset: pcscd shows it present but mute
          --die-after N       answer N APDUs, then drop the connection on the next one and exit
          --die-with rst|fin  how --die-after drops it: TCP reset (default) or orderly close
          --log FILE          append every APDU and event to FILE
          --nagle             leave Nagle's algorithm and delayed ACKs on (measurements only)
          --watch-pid PID     stop when process PID ends (test harnesses: no orphaned cards)
          --scenario NAME|FILE  serve the card of a scenario (an id such as expired, or a file) instead of the flags above
          --reader N          which of the scenario's readers to serve (default 0)
          --write-sysfs DIR   write the scenario's USB devices as a sysfs tree under DIR and exit
                              (for `ukey-doctor probe --sysfs DIR`)
          --refuse-socket PATH  act as a pcscd that refuses every client (as polkit does) on PATH
        Stops cleanly on SIGTERM / SIGINT. Exit status: 0 stopped or pulled, 2 bad arguments.
        """

    /// Parses the arguments, serves the card, returns the exit status.
    static func run(arguments: [String]) -> Int32 {
        let configuration: Configuration
        do {
            configuration = try Configuration(arguments: arguments)
        } catch {
            FileHandle.standardError.write(Data("ukey-vcard: \(error.message)\n".utf8))
            return 2
        }
        if configuration.showHelp {
            print(usage)
            return 0
        }
        let log: EventLog
        do {
            log = try EventLog(path: configuration.logPath)
        } catch {
            FileHandle.standardError.write(Data("ukey-vcard: \(error.message)\n".utf8))
            return 2
        }
        installStopHandlers()
        if let path = configuration.refuseSocket {
            return RefusingService.run(path: path)
        }
        let card: SimulatedPIVCard
        do {
            if let scenario = configuration.scenario, let directory = configuration.sysfsDirectory {
                try SysfsWriter.write(ScenarioBuilder.usbScan(scenario).devices, to: directory)
                return 0
            }
            card = try configuration.makeCard()
        } catch {
            FileHandle.standardError.write(Data("ukey-vcard: \(error.message)\n".utf8))
            return 2
        }
        let link = VPCDLink(card: card, options: configuration.link, log: log)
        let outcome = link.run()
        log.note("stopping (\(outcome == .cardPulled ? "card pulled" : "asked to stop")): \(card.summary)")
        return 0
    }

    private static func installStopHandlers() {
        // The handler only sets an atomic flag (async-signal-safe); the link polls it.
        let handler: @convention(c) (Int32) -> Void = { _ in stopRequested.store(true, ordering: .relaxed) }
        signal(SIGTERM, handler)
        signal(SIGINT, handler)
        // A parent may start us with these blocked (a test runner's worker thread does): the
        // mask is inherited across exec, and SIGTERM would then never arrive.
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGTERM)
        sigaddset(&stopSignals, SIGINT)
        sigprocmask(SIG_UNBLOCK, &stopSignals, nil)
        // Writes to a vanished vpcd must come back as errors.
        signal(SIGPIPE, SIG_IGN)
    }
}

/// Everything the flags say.
struct Configuration {
    var link = VPCDLinkOptions()
    var atr = SimulatedPIVCard.yubiKeyATR
    var certificates: [UInt32: [UInt8]] = [:]
    var pinTries = 3
    var pinBlocked = false
    var hasPIV = true
    var chunk = 256
    var mute = false
    var logPath: String?
    var showHelp = false
    var scenario: Scenario?
    var readerIndex = 0
    var sysfsDirectory: String?
    var refuseSocket: String?

    static let slotAliases: [String: UInt32] = [
        "9A": SimulatedPIVCard.Object.authentication,
        "9C": SimulatedPIVCard.Object.signature,
        "9D": SimulatedPIVCard.Object.keyManagement,
        "9E": SimulatedPIVCard.Object.cardAuthentication,
    ]

    init(arguments: [String]) throws(VCardError) {
        var remaining = arguments[...]
        func value(for flag: String) throws(VCardError) -> String {
            guard let next = remaining.popFirst() else { throw VCardError("\(flag) needs a value") }
            return next
        }
        func number(for flag: String, in range: ClosedRange<Int>) throws(VCardError) -> Int {
            let text = try value(for: flag)
            guard let n = Int(text), range.contains(n) else {
                throw VCardError("\(flag) wants a number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
            }
            return n
        }
        while let flag = remaining.popFirst() {
            switch flag {
            case "--port": link.port = UInt16(try number(for: flag, in: 1...65535))
            case "--host": link.host = try value(for: flag)
            case "--atr":
                let text = try value(for: flag)
                guard let bytes = Self.bytes(fromHex: text), (2...33).contains(bytes.count) else {
                    throw VCardError("--atr wants 2 to 33 bytes of hex, got '\(text)'")
                }
                atr = bytes
            case "--cert":
                let (tag, der) = try Self.certificate(from: try value(for: flag))
                certificates[tag] = der
            case "--pin-tries": pinTries = try number(for: flag, in: 0...15)
            case "--pin-blocked": pinBlocked = true
            case "--no-piv": hasPIV = false
            case "--chunk": chunk = try number(for: flag, in: 0...256)
            case "--mute": mute = true
            case "--die-after": link.dieAfter = try number(for: flag, in: 0...Int(Int32.max))
            case "--die-with":
                switch try value(for: flag) {
                case "rst": link.abruptDeath = true
                case "fin": link.abruptDeath = false
                case let other: throw VCardError("--die-with wants rst or fin, got '\(other)'")
                }
            case "--log": logPath = try value(for: flag)
            case "--nagle": link.lowLatency = false
            case "--watch-pid": link.watchedProcess = Int32(try number(for: flag, in: 1...Int(Int32.max)))
            case "--scenario": scenario = try Self.scenario(named: try value(for: flag))
            case "--reader": readerIndex = try number(for: flag, in: 0...15)
            case "--write-sysfs": sysfsDirectory = try value(for: flag)
            case "--refuse-socket": refuseSocket = try value(for: flag)
            case "-h", "--help": showHelp = true
            default: throw VCardError("unknown option '\(flag)' (see --help)")
            }
        }
    }

    func makeCard() throws(VCardError) -> SimulatedPIVCard {
        guard let scenario else {
            return SimulatedPIVCard(atr: atr, certificates: certificates, pinTriesLeft: pinTries, pinBlocked: pinBlocked,
                                    hasPIVApplet: hasPIV, chunkSize: chunk, isMute: mute)
        }
        guard scenario.readers.indices.contains(readerIndex) else {
            throw VCardError("scenario \(scenario.id) has \(scenario.readers.count) reader(s); there is no reader \(readerIndex)")
        }
        guard let card = scenario.readers[readerIndex].card else {
            throw VCardError("reader \(readerIndex) of scenario \(scenario.id) is empty: no card to serve")
        }
        do {
            return try ScenarioBuilder.makeCard(card, now: Date())
        } catch {
            throw VCardError("scenario \(scenario.id): \(error)")
        }
    }

    /// A scenario file, or a scenario's id ("expired") looked up as `ukey-doctor --demo` does:
    /// the site's `scenarios/` (/etc/ukey-doctor) over the shipped ones.
    static func scenario(named argument: String) throws(VCardError) -> Scenario {
        if argument.contains("/") || argument.hasSuffix(".yaml") || FileManager.default.fileExists(atPath: argument) {
            return try scenario(at: argument)
        }
        let folders = [ContentLocation.siteDirectory(), ContentLocation.shippedDirectory()].compactMap { $0 }
            .map { $0 + "/scenarios" }
        for folder in folders where FileManager.default.fileExists(atPath: "\(folder)/\(argument).yaml") {
            return try scenario(at: "\(folder)/\(argument).yaml")
        }
        let known = Set(folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") }
                .map { String($0.dropLast(5)) }
        }).sorted()
        throw VCardError(known.isEmpty
            ? "--scenario: no scenario \(argument) (no scenarios folder found; give a file's path)"
            : "--scenario: no scenario \(argument); known: \(known.joined(separator: ", "))")
    }

    /// A scenario file, checked the way `content lint` checks it.
    static func scenario(at path: String) throws(VCardError) -> Scenario {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw VCardError("--scenario: cannot read \(path)")
        }
        let file = ContentFile(relativePath: "scenarios/" + URL(fileURLWithPath: path).lastPathComponent, displayPath: path, text: text)
        let (scenario, issues) = ScenarioLoader.load(file)
        guard let scenario else {
            throw VCardError(issues.first.map { $0.formatted(.en) } ?? "--scenario: \(path) does not load")
        }
        return scenario
    }

    /// "5FC105=cert.der" or "9a=cert.pem" → (object tag, DER bytes).
    static func certificate(from argument: String) throws(VCardError) -> (UInt32, [UInt8]) {
        guard let equals = argument.firstIndex(of: "=") else {
            throw VCardError("--cert wants TAG=FILE, got '\(argument)'")
        }
        let tagText = argument[..<equals].uppercased()
        let path = String(argument[argument.index(after: equals)...])
        let tag: UInt32
        if let alias = slotAliases[tagText] {
            tag = alias
        } else if let parsed = UInt32(tagText, radix: 16), SimulatedPIVCard.Object.certificateObjects.contains(parsed) {
            tag = parsed
        } else {
            throw VCardError("--cert: '\(tagText)' is not a PIV certificate object (5FC105, 5FC10A, 5FC10B, 5FC101, or 9A/9C/9D/9E)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VCardError("--cert: cannot read \(path)")
        }
        let bytes = [UInt8](data)
        if let text = String(data: data, encoding: .utf8), text.contains("-----BEGIN") {
            guard let der = derFromPEM(text) else { throw VCardError("--cert: \(path) is PEM without a readable certificate") }
            return (tag, der)
        }
        guard bytes.first == 0x30 else { throw VCardError("--cert: \(path) is neither DER (starts with 30) nor PEM") }
        return (tag, bytes)
    }

    static func derFromPEM(_ text: String) -> [UInt8]? {
        guard let begin = text.range(of: "-----BEGIN CERTIFICATE-----"),
              let end = text.range(of: "-----END CERTIFICATE-----", range: begin.upperBound..<text.endIndex)
        else { return nil }
        let body = text[begin.upperBound..<end.lowerBound]
        guard let data = Data(base64Encoded: String(body), options: .ignoreUnknownCharacters), !data.isEmpty else { return nil }
        return [UInt8](data)
    }

    /// Hex with optional spaces or colons ("3B FD 13", "3b:fd:13", "3BFD13").
    static func bytes(fromHex text: String) -> [UInt8]? {
        guard let bytes = Hex.decode(text), !bytes.isEmpty else { return nil }
        return bytes
    }
}
