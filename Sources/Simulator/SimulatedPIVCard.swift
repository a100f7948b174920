// A PIV card model in pure Swift: what the in-process demo and the virtual token (ukey-vcard)
// both serve. It answers the read-only commands the probe uses like a real PIV card would
// (SP 800-73-4 Part 2, as implemented by YubiKey-class tokens), and it keeps count of
// everything it received, so tests can prove that a probe never wrote to the card and never
// spent a PIN try. Deliberately self-contained (no APDU/TLV helpers from SmartCard): it is
// the card, not a client of the card, and must not share a bug with the code under test.

/// A simulated PIV card. Not thread-safe: like a physical card, one reader talks to it.
public final class SimulatedPIVCard {

    /// PIV data object tags of the four certificate objects (SP 800-73-4 Part 1, Table 3).
    public enum Object {
        public static let authentication: UInt32 = 0x5FC105     // slot 9A
        public static let signature: UInt32 = 0x5FC10A          // slot 9C
        public static let keyManagement: UInt32 = 0x5FC10B      // slot 9D
        public static let cardAuthentication: UInt32 = 0x5FC101 // slot 9E
        public static let certificateObjects: [UInt32] = [authentication, signature, keyManagement, cardAuthentication]
    }

    /// Full PIV AID; SELECT accepts it or any prefix of at least the 5-byte RID, like real cards.
    public static let pivAID: [UInt8] = [0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00]

    /// ATR of a YubiKey 5 NFC (PKI interface), as listed in /usr/share/pcsc/smartcard_list.txt
    /// ("3B FD 13 00 00 81 31 FE 15 80 73 C0 21 C0 57 59 75 62 69 4B 65 79 40"). Its TCK is correct.
    public static let yubiKeyATR: [UInt8] = [
        0x3B, 0xFD, 0x13, 0x00, 0x00, 0x81, 0x31, 0xFE, 0x15, 0x80, 0x73, 0xC0,
        0x21, 0xC0, 0x57, 0x59, 0x75, 0x62, 0x69, 0x4B, 0x65, 0x79, 0x40,
    ]

    /// Instructions that change a card (ISO 7816-4, SP 800-73-4, Yubico PIV extensions).
    /// Receiving any of them is recorded in `writeCommands`; the card refuses them with 6982.
    public static let writeInstructions: Set<UInt8> = [
        0x0E, // ERASE BINARY
        0x24, // CHANGE REFERENCE DATA (change PIN/PUK)
        0x2C, // RESET RETRY COUNTER (unblock PIN)
        0x44, // ACTIVATE FILE
        0x47, // GENERATE ASYMMETRIC KEY PAIR
        0xD0, // WRITE BINARY
        0xD6, // UPDATE BINARY
        0xDA, // PUT DATA (odd form)
        0xDB, // PUT DATA
        0xDC, // UPDATE RECORD
        0xE0, // CREATE FILE
        0xE2, // APPEND RECORD
        0xE4, // DELETE FILE
        0xE6, // TERMINATE DF
        0xFA, // Yubico SET PIN RETRIES
        0xFB, // Yubico RESET (wipes the applet)
        0xFE, // Yubico IMPORT ASYMMETRIC KEY
        0xFF, // Yubico SET MANAGEMENT KEY
    ]

    // Configuration (fixed for the card's lifetime, like a physical token).
    public let atr: [UInt8]
    public let certificates: [UInt32: [UInt8]]
    public let hasPIVApplet: Bool
    /// Bytes per response before the card switches to 61xx chaining; 0 answers in one piece.
    public let chunkSize: Int
    /// A mute card gives no ATR and answers nothing: the reader sees it but cannot power it.
    public let isMute: Bool
    private let pin: [UInt8]?

    // Persistent card state.
    public private(set) var pinTriesLeft: Int
    public var isPINBlocked: Bool { pinTriesLeft == 0 }

    // Volatile state: lost at power off and reset.
    private var pivSelected = false
    private var pinVerified = false
    private var pendingResponse: [UInt8] = []

    // What the card has seen: the evidence tests use.
    /// Every command APDU received, in order (including malformed ones).
    public private(set) var receivedCommands: [[UInt8]] = []
    /// Commands whose instruction would change the card (see `writeInstructions`).
    public private(set) var writeCommands: [[UInt8]] = []
    /// VERIFY commands that carried a PIN (each one costs a try on a real card unless correct).
    public private(set) var verifyWithDataCommands: [[UInt8]] = []
    /// PIN tries consumed since the card was made.
    public private(set) var pinTriesUsed = 0
    public private(set) var powerOnCount = 0
    public var commandCount: Int { receivedCommands.count }

    /// - Parameters:
    ///   - certificates: DER certificates keyed by PIV object tag (`Object.authentication`, ...).
    ///   - pinTriesLeft: retry counter; clamped to 0...15 (the 63Cx nibble). 0 means blocked.
    ///   - pinBlocked: shorthand for `pinTriesLeft: 0`.
    ///   - pin: the PIN a VERIFY with data must carry (8 bytes, FF-padded); nil: every PIN is wrong.
    ///   - chunkSize: 1...256 chains responses with 61xx; 0 sends them whole (extended length).
    public init(
        atr: [UInt8] = SimulatedPIVCard.yubiKeyATR,
        certificates: [UInt32: [UInt8]] = [:],
        pinTriesLeft: Int = 3,
        pinBlocked: Bool = false,
        pin: [UInt8]? = nil,
        hasPIVApplet: Bool = true,
        chunkSize: Int = 256,
        isMute: Bool = false
    ) {
        self.atr = atr
        self.certificates = certificates
        self.pinTriesLeft = pinBlocked ? 0 : min(max(pinTriesLeft, 0), 15)
        self.pin = pin
        self.hasPIVApplet = hasPIVApplet
        self.chunkSize = min(max(chunkSize, 0), 256)
        self.isMute = isMute
    }

    /// Powers the card up and returns its ATR; a mute card returns [] (no answer to reset).
    public func powerOn() -> [UInt8] {
        clearVolatileState()
        if isMute { return [] }
        powerOnCount += 1
        return atr
    }

    /// Warm reset: the selected application, PIN verification and pending data are lost.
    public func reset() {
        clearVolatileState()
    }

    public func powerOff() {
        clearVolatileState()
    }

    /// Answers one command APDU with response data followed by SW1 SW2. A mute card returns [].
    public func respond(to apdu: [UInt8]) -> [UInt8] {
        receivedCommands.append(apdu)
        if isMute { return [] }
        guard let command = ParsedCommand(apdu) else { return StatusWord.wrongLength }

        if Self.writeInstructions.contains(command.ins) {
            writeCommands.append(apdu)
        }
        // Any command other than GET RESPONSE abandons a pending chained response.
        if command.ins != 0xC0 { pendingResponse = [] }
        if command.cla & 0xF0 != 0x00 && command.cla & 0xF0 != 0x10 { return StatusWord.classNotSupported }

        switch command.ins {
        case 0xA4: return select(command)
        case 0xC0: return getResponse(command)
        case 0xCB: return pivSelected ? getData(command) : StatusWord.insNotSupported
        case 0x20: return pivSelected ? verify(command, apdu: apdu) : StatusWord.insNotSupported
        case let ins where Self.writeInstructions.contains(ins):
            // Refused like a card that has not seen the management key or PIN: nothing changes.
            return pivSelected ? StatusWord.securityStatusNotSatisfied : StatusWord.insNotSupported
        default:
            return StatusWord.insNotSupported
        }
    }

    // MARK: - Commands

    private func select(_ command: ParsedCommand) -> [UInt8] {
        guard command.p1 == 0x04 else { return StatusWord.incorrectP1P2 }
        let aid = command.data
        let isPIV = aid.count >= 5 && aid.count <= Self.pivAID.count && Array(Self.pivAID.prefix(aid.count)) == aid
        guard isPIV, hasPIVApplet else {
            // ISO 7816-4: a failed SELECT leaves the current selection as it was.
            return StatusWord.fileNotFound
        }
        pivSelected = true
        pinVerified = false
        // Application property template as YubiKeys send it:
        // 61 11 { 4F 06 <PIX 00 00 10 00 01 00>, 79 07 { 4F 05 <RID A0 00 00 03 08> } }
        let template = tlv(0x61, tlv(0x4F, Array(Self.pivAID[5...])) + tlv(0x79, tlv(0x4F, Array(Self.pivAID[..<5]))))
        return send(template)
    }

    private func getData(_ command: ParsedCommand) -> [UInt8] {
        guard command.p1 == 0x3F, command.p2 == 0xFF else { return StatusWord.incorrectP1P2 }
        // Data field: 5C <len> <tag>; PIV tags here are 3 bytes.
        let data = command.data
        guard data.count >= 3, data.count <= 5, data[0] == 0x5C, Int(data[1]) == data.count - 2 else {
            return StatusWord.wrongData
        }
        let tag = data[2...].reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
        guard let certificate = certificates[tag] else { return StatusWord.fileNotFound }
        // Certificate object (SP 800-73-4 Part 1, Appendix A):
        // 53 { 70 <DER>, 71 01 00 (CertInfo: not compressed), FE 00 (error detection code) }
        let object = tlv(0x53, tlv(0x70, certificate) + tlv(0x71, [0x00]) + tlv(0xFE, []))
        return send(object)
    }

    private func getResponse(_ command: ParsedCommand) -> [UInt8] {
        guard command.p1 == 0x00, command.p2 == 0x00 else { return StatusWord.incorrectP1P2 }
        guard !pendingResponse.isEmpty else { return StatusWord.conditionsNotSatisfied }
        let limit = command.le ?? 256
        return nextChunk(limit: min(limit, chunkSize == 0 ? pendingResponse.count : chunkSize))
    }

    private func verify(_ command: ParsedCommand, apdu: [UInt8]) -> [UInt8] {
        // P1 FF: reset the verification status (SP 800-73-4 Part 2, 3.2.1); no try involved.
        if command.p1 == 0xFF {
            guard command.data.isEmpty else { return StatusWord.wrongData }
            pinVerified = false
            return StatusWord.success
        }
        guard command.p1 == 0x00 else { return StatusWord.incorrectP1P2 }
        guard command.p2 == 0x80 || command.p2 == 0x00 else { return StatusWord.referenceNotFound }

        if command.data.isEmpty {
            // The safe probe: reports the state and never costs a try.
            if isPINBlocked { return StatusWord.authenticationBlocked }
            if pinVerified { return StatusWord.success }
            return retriesLeft()
        }

        // A PIN was presented: this is what a probe must never do.
        verifyWithDataCommands.append(apdu)
        if isPINBlocked { return StatusWord.authenticationBlocked }
        if let pin, pin == command.data {
            pinVerified = true
            return StatusWord.success
        }
        pinTriesLeft -= 1
        pinTriesUsed += 1
        pinVerified = false
        return isPINBlocked ? StatusWord.authenticationBlocked : retriesLeft()
    }

    // MARK: - Response chaining

    private func send(_ data: [UInt8]) -> [UInt8] {
        if chunkSize == 0 || data.count <= chunkSize {
            return data + StatusWord.success
        }
        pendingResponse = data
        return nextChunk(limit: chunkSize)
    }

    /// Takes up to `limit` pending bytes; 61xx says how many remain (xx = 00 means 256 or more).
    private func nextChunk(limit: Int) -> [UInt8] {
        let count = min(limit, pendingResponse.count)
        let chunk = Array(pendingResponse.prefix(count))
        pendingResponse.removeFirst(count)
        if pendingResponse.isEmpty { return chunk + StatusWord.success }
        return chunk + [0x61, UInt8(truncatingIfNeeded: min(pendingResponse.count, 256))]
    }

    private func retriesLeft() -> [UInt8] {
        [0x63, 0xC0 | UInt8(pinTriesLeft)]
    }

    private func clearVolatileState() {
        pivSelected = false
        pinVerified = false
        pendingResponse = []
    }
}

// MARK: - Private helpers

private enum StatusWord {
    static let success: [UInt8] = [0x90, 0x00]
    static let wrongLength: [UInt8] = [0x67, 0x00]
    static let securityStatusNotSatisfied: [UInt8] = [0x69, 0x82]
    static let authenticationBlocked: [UInt8] = [0x69, 0x83]
    static let conditionsNotSatisfied: [UInt8] = [0x69, 0x85]
    static let wrongData: [UInt8] = [0x6A, 0x80]
    static let fileNotFound: [UInt8] = [0x6A, 0x82]
    static let incorrectP1P2: [UInt8] = [0x6A, 0x86]
    static let referenceNotFound: [UInt8] = [0x6A, 0x88]
    static let insNotSupported: [UInt8] = [0x6D, 0x00]
    static let classNotSupported: [UInt8] = [0x6E, 0x00]
}

/// A command APDU split into header, data and Le (ISO 7816-3 cases 1-4, short and extended).
private struct ParsedCommand {
    let cla: UInt8, ins: UInt8, p1: UInt8, p2: UInt8
    let data: [UInt8]
    /// Expected response length; nil when absent. 0 in a short Le means 256.
    let le: Int?

    init?(_ apdu: [UInt8]) {
        guard apdu.count >= 4 else { return nil }
        cla = apdu[0]; ins = apdu[1]; p1 = apdu[2]; p2 = apdu[3]
        let body = Array(apdu[4...])
        switch body.count {
        case 0:
            data = []; le = nil
        case 1:
            data = []; le = body[0] == 0 ? 256 : Int(body[0])
        default:
            if body[0] != 0 {
                // Short: Lc data [Le]
                let lc = Int(body[0])
                if body.count == 1 + lc {
                    data = Array(body[1...]); le = nil
                } else if body.count == 2 + lc {
                    data = Array(body[1...lc]); le = body[lc + 1] == 0 ? 256 : Int(body[lc + 1])
                } else {
                    return nil
                }
            } else {
                // Extended: 00 Lc1 Lc2 data [Le1 Le2], or 00 Le1 Le2 alone.
                guard body.count >= 3 else { return nil }
                let n = Int(body[1]) << 8 | Int(body[2])
                if body.count == 3 {
                    data = []; le = n == 0 ? 65536 : n
                } else if n > 0 && body.count == 3 + n {
                    data = Array(body[3...]); le = nil
                } else if n > 0 && body.count == 5 + n {
                    data = Array(body[3..<(3 + n)])
                    let e = Int(body[3 + n]) << 8 | Int(body[4 + n])
                    le = e == 0 ? 65536 : e
                } else {
                    return nil
                }
            }
        }
    }
}

/// BER-TLV with a one-byte tag and definite length (the card only builds tags below 0x100).
private func tlv(_ tag: UInt8, _ value: [UInt8]) -> [UInt8] {
    let count = value.count
    let length: [UInt8]
    switch count {
    case ..<0x80: length = [UInt8(count)]
    case ..<0x100: length = [0x81, UInt8(count)]
    case ..<0x10000: length = [0x82, UInt8(truncatingIfNeeded: count >> 8), UInt8(truncatingIfNeeded: count)]
    default: length = [0x83, UInt8(truncatingIfNeeded: count >> 16), UInt8(truncatingIfNeeded: count >> 8), UInt8(truncatingIfNeeded: count)]
    }
    return [tag] + length + value
}
