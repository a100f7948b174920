// Command and response APDUs (ISO/IEC 7816-3 §12.1, 7816-4 §5.1) and status words.

/// Why a command APDU could not be built or read.
public enum APDUError: Error, Equatable, Sendable {
    case tooShort(Int)                  // fewer than the 4 header bytes
    case dataTooLong(Int)               // more than 65535 data bytes
    case leOutOfRange(Int)              // Ne must be 1...65536
    case inconsistentLength(String)     // body does not match any of the seven ISO cases
    case responseTooShort(Int)          // a response needs at least SW1 SW2
}

/// A command APDU. `le` is Ne, the number of response bytes expected (1...65536),
/// or nil when the command expects none. On the wire 256 is written `00` (short form)
/// and 65536 `00 00` (extended form).
public struct CommandAPDU: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The seven shapes of ISO 7816-3 §12.1.3.
    public enum Case: String, Sendable {
        case case1 = "1"
        case case2Short = "2S", case3Short = "3S", case4Short = "4S"
        case case2Extended = "2E", case3Extended = "3E", case4Extended = "4E"
    }

    public let cla: UInt8
    public let ins: UInt8
    public let p1: UInt8
    public let p2: UInt8
    public let data: [UInt8]
    public let le: Int?
    /// True when this APDU is (or, built by hand, will be) written in extended form.
    public let isExtended: Bool

    /// Builds a command; picks the extended form only when the data or Le needs it
    /// (more than 255 data bytes or Ne above 256), or when `extended` is true.
    public init(cla: UInt8 = 0x00, ins: UInt8, p1: UInt8, p2: UInt8,
                data: [UInt8] = [], le: Int? = nil, extended: Bool = false) throws(APDUError) {
        guard data.count <= 65535 else { throw .dataTooLong(data.count) }
        if let le, !(1...65536).contains(le) { throw .leOutOfRange(le) }
        self.init(unchecked: cla, ins, p1, p2, data, le,
                  extended: extended || data.count > 255 || (le ?? 0) > 256)
    }

    /// For the fixed commands below, whose sizes are known to be in range.
    init(unchecked cla: UInt8, _ ins: UInt8, _ p1: UInt8, _ p2: UInt8,
         _ data: [UInt8], _ le: Int?, extended: Bool = false) {
        self.cla = cla
        self.ins = ins
        self.p1 = p1
        self.p2 = p2
        self.data = data
        self.le = le
        self.isExtended = extended && (!data.isEmpty || le != nil)
    }

    /// Reads an encoded APDU, following the length rules of ISO 7816-3 §12.1.3.
    public init(bytes: [UInt8]) throws(APDUError) {
        guard bytes.count >= 4 else { throw .tooShort(bytes.count) }
        let body = bytes[4...]
        let (cla, ins, p1, p2) = (bytes[0], bytes[1], bytes[2], bytes[3])
        let n = body.count
        let b = body.startIndex
        if n == 0 {
            self.init(unchecked: cla, ins, p1, p2, [], nil)
            return
        }
        if n == 1 {
            let le = body[b] == 0 ? 256 : Int(body[b])
            self.init(unchecked: cla, ins, p1, p2, [], le)
            return
        }
        if body[b] != 0 {
            let lc = Int(body[b])
            if n == 1 + lc {
                self.init(unchecked: cla, ins, p1, p2, Array(body[(b + 1)...]), nil)
                return
            }
            if n == 2 + lc {
                let raw = body[body.endIndex - 1]
                self.init(unchecked: cla, ins, p1, p2, Array(body[(b + 1)..<(b + 1 + lc)]),
                          raw == 0 ? 256 : Int(raw))
                return
            }
            throw .inconsistentLength("short Lc \(lc) with \(n) body bytes")
        }
        // First body byte 00 and more than one byte: extended form, which needs at least 3.
        guard n >= 3 else { throw .inconsistentLength("extended length field of \(n) bytes") }
        if n == 3 {
            let raw = Int(body[b + 1]) << 8 | Int(body[b + 2])
            self.init(unchecked: cla, ins, p1, p2, [], raw == 0 ? 65536 : raw, extended: true)
            return
        }
        let lc = Int(body[b + 1]) << 8 | Int(body[b + 2])
        guard lc > 0 else { throw .inconsistentLength("extended Lc of 0") }
        if n == 3 + lc {
            self.init(unchecked: cla, ins, p1, p2, Array(body[(b + 3)...]), nil, extended: true)
            return
        }
        if n == 5 + lc {
            let raw = Int(body[body.endIndex - 2]) << 8 | Int(body[body.endIndex - 1])
            self.init(unchecked: cla, ins, p1, p2, Array(body[(b + 3)..<(b + 3 + lc)]),
                      raw == 0 ? 65536 : raw, extended: true)
            return
        }
        throw .inconsistentLength("extended Lc \(lc) with \(n) body bytes")
    }

    public var apduCase: Case {
        switch (data.isEmpty, le == nil) {
        case (true, true): .case1
        case (true, false): isExtended ? .case2Extended : .case2Short
        case (false, true): isExtended ? .case3Extended : .case3Short
        case (false, false): isExtended ? .case4Extended : .case4Short
        }
    }

    /// The encoded command.
    public var bytes: [UInt8] {
        var out: [UInt8] = [cla, ins, p1, p2]
        out.reserveCapacity(4 + 3 + data.count + 3)
        if isExtended {
            // The leading 00 appears once, before Lc if there is data, else before Le.
            out.append(0x00)
            if !data.isEmpty {
                out.append(UInt8(data.count >> 8))
                out.append(UInt8(data.count & 0xFF))
                out.append(contentsOf: data)
            }
            if let le {
                let raw = le == 65536 ? 0 : le
                out.append(UInt8(raw >> 8))
                out.append(UInt8(raw & 0xFF))
            }
        } else {
            if !data.isEmpty {
                out.append(UInt8(data.count))
                out.append(contentsOf: data)
            }
            if let le {
                out.append(le == 256 ? 0 : UInt8(le))
            }
        }
        return out
    }

    public var description: String { Hex.encode(bytes) }

    // MARK: The read-only commands the probe uses.

    /// SELECT by DF name (AID), first or only occurrence, FCI requested (P2 00).
    /// AIDs are 5 to 16 bytes (ISO 7816-5); longer input is refused.
    public static func select(aid: [UInt8], le: Int? = nil) throws(APDUError) -> CommandAPDU {
        guard !aid.isEmpty, aid.count <= 16 else { throw .inconsistentLength("AID of \(aid.count) bytes") }
        return try CommandAPDU(cla: 0x00, ins: 0xA4, p1: 0x04, p2: 0x00, data: aid, le: le)
    }

    /// PIV GET DATA: `00 CB 3F FF` with the tag list `5C len tag`, Le 256 (SP 800-73-4 Part 2 §3.1.2).
    public static func getData(tag: UInt32) -> CommandAPDU {
        let tagBytes = BERTLV.tagBytes(tag)
        return CommandAPDU(unchecked: 0x00, 0xCB, 0x3F, 0xFF,
                           [0x5C, UInt8(tagBytes.count)] + tagBytes, 256)
    }

    /// GET RESPONSE for `available` bytes, as announced by SW 61xx (xx = 00 means 256).
    public static func getResponse(available: Int) -> CommandAPDU {
        let le = min(max(available, 1), 256)
        return CommandAPDU(unchecked: 0x00, 0xC0, 0x00, 0x00, [], le)
    }

    /// VERIFY with no data field: asks for the PIN state without presenting a PIN,
    /// so no try is used (SP 800-73-4 Part 2 §3.2.1). `reference` 80 = PIV application PIN.
    public static func verifyStatus(reference: UInt8 = 0x80) -> CommandAPDU {
        CommandAPDU(unchecked: 0x00, 0x20, 0x00, reference, [], nil)
    }

    /// READ BINARY of the current EF at `offset` (15-bit offset form, P1 bit 8 clear).
    public static func readBinary(offset: Int, le: Int = 256) throws(APDUError) -> CommandAPDU {
        guard (0...0x7FFF).contains(offset) else { throw .inconsistentLength("offset \(offset)") }
        return try CommandAPDU(cla: 0x00, ins: 0xB0, p1: UInt8(offset >> 8), p2: UInt8(offset & 0xFF), le: le)
    }

    /// The same command asking for exactly `le` bytes (what a card asks for with 6Cxx).
    public func with(le newLe: Int) throws(APDUError) -> CommandAPDU {
        try CommandAPDU(cla: cla, ins: ins, p1: p1, p2: p2, data: data, le: newLe, extended: isExtended)
    }
}

/// A response APDU: data followed by the two status bytes.
public struct ResponseAPDU: Equatable, Sendable, CustomStringConvertible {
    public let data: [UInt8]
    public let status: StatusWord

    public init(data: [UInt8] = [], status: StatusWord) {
        self.data = data
        self.status = status
    }

    public init(bytes: [UInt8]) throws(APDUError) {
        guard bytes.count >= 2 else { throw .responseTooShort(bytes.count) }
        data = Array(bytes.dropLast(2))
        status = StatusWord(bytes[bytes.count - 2], bytes[bytes.count - 1])
    }

    public var bytes: [UInt8] { data + [status.sw1, status.sw2] }

    public var description: String {
        data.isEmpty ? status.hex : "\(Hex.encode(data)) \(status.hex)"
    }
}

/// SW1 SW2, with a stable code and a short English meaning (ISO 7816-4 §5.1.3, table 5 and 6).
public struct StatusWord: Hashable, Sendable, CustomStringConvertible {
    public let sw1: UInt8
    public let sw2: UInt8

    public init(_ sw1: UInt8, _ sw2: UInt8) {
        self.sw1 = sw1
        self.sw2 = sw2
    }

    public init(_ value: UInt16) {
        self.init(UInt8(value >> 8), UInt8(value & 0xFF))
    }

    public static let success = StatusWord(0x9000)
    public static let fileNotFound = StatusWord(0x6A82)
    public static let authenticationBlocked = StatusWord(0x6983)
    public static let securityNotSatisfied = StatusWord(0x6982)
    public static let insNotSupported = StatusWord(0x6D00)

    public var value: UInt16 { UInt16(sw1) << 8 | UInt16(sw2) }
    /// Four hex digits, e.g. "6A82".
    public var hex: String { Hex.encode([sw1, sw2], separator: "") }
    public var description: String { "\(hex) \(meaning)" }

    public var isSuccess: Bool { sw1 == 0x90 && sw2 == 0x00 }

    /// 61xx: this many response bytes wait for GET RESPONSE (xx = 00 means 256).
    public var bytesAvailable: Int? { sw1 == 0x61 ? (sw2 == 0 ? 256 : Int(sw2)) : nil }

    /// 6Cxx: wrong Le, resend with exactly this Le (xx = 00 means 256).
    public var exactLength: Int? { sw1 == 0x6C ? (sw2 == 0 ? 256 : Int(sw2)) : nil }

    /// 63Cx: verification failed or (for a VERIFY with no data) x tries remain.
    public var triesLeft: Int? { sw1 == 0x63 && sw2 & 0xF0 == 0xC0 ? Int(sw2 & 0x0F) : nil }

    /// A stable id for programs and translations ("ok", "file-not-found", …).
    public var code: String { entry.code }

    /// A short English meaning.
    public var meaning: String { entry.meaning }

    private var entry: (code: String, meaning: String) {
        if let exact = Self.exact[value] { return exact }
        if let n = bytesAvailable { return ("more-data", "\(n) more bytes available (GET RESPONSE)") }
        if let n = exactLength { return ("wrong-le", "Wrong Le; exact length is \(n)") }
        if let n = triesLeft { return ("tries-left", "Verification failed or not done; \(n) tries left") }
        switch sw1 {
        case 0x62: return ("warning-unchanged", "Warning; non-volatile memory unchanged")
        case 0x63: return ("warning-changed", "Warning; non-volatile memory changed")
        case 0x64: return ("execution-error-unchanged", "Execution error; non-volatile memory unchanged")
        case 0x65: return ("execution-error-changed", "Execution error; non-volatile memory changed")
        case 0x66: return ("security-error", "Security-related issue")
        case 0x67: return ("wrong-length", "Wrong length")
        case 0x68: return ("cla-function-unsupported", "Function in CLA not supported")
        case 0x69: return ("not-allowed", "Command not allowed")
        case 0x6A: return ("wrong-parameters", "Wrong parameters P1-P2")
        case 0x6B: return ("wrong-p1p2", "Wrong parameters P1-P2")
        case 0x6D: return ("ins-not-supported", "Instruction code not supported or invalid")
        case 0x6E: return ("cla-not-supported", "Class not supported")
        case 0x6F: return ("no-diagnosis", "No precise diagnosis")
        case 0x90: return ("ok-proprietary", "Success (proprietary SW2)")
        default: return ("unknown", "Unknown status")
        }
    }

    private static let exact: [UInt16: (code: String, meaning: String)] = [
        0x9000: ("ok", "Success"),
        0x6200: ("warning-unchanged", "Warning; no information given"),
        0x6281: ("data-corrupted", "Part of returned data may be corrupted"),
        0x6282: ("end-of-file", "End of file or record reached before reading Le bytes"),
        0x6283: ("file-invalidated", "Selected file deactivated"),
        0x6284: ("bad-fci", "File control information not formatted per ISO 7816-4"),
        0x6300: ("verification-failed", "Verification failed"),
        0x6581: ("memory-failure", "Memory failure"),
        0x6700: ("wrong-length", "Wrong length (Lc or Le)"),
        0x6881: ("channel-unsupported", "Logical channel not supported"),
        0x6882: ("sm-unsupported", "Secure messaging not supported"),
        0x6900: ("not-allowed", "Command not allowed"),
        0x6981: ("incompatible-file", "Command incompatible with file structure"),
        0x6982: ("security-not-satisfied", "Security status not satisfied (PIN not verified)"),
        0x6983: ("auth-blocked", "Authentication method blocked (PIN locked)"),
        0x6984: ("reference-data-unusable", "Reference data not usable"),
        0x6985: ("conditions-not-satisfied", "Conditions of use not satisfied"),
        0x6986: ("no-current-ef", "Command not allowed (no current EF)"),
        0x6987: ("sm-missing", "Expected secure messaging data objects missing"),
        0x6988: ("sm-incorrect", "Incorrect secure messaging data objects"),
        0x6A80: ("wrong-data", "Incorrect parameters in the data field"),
        0x6A81: ("function-not-supported", "Function not supported"),
        0x6A82: ("file-not-found", "File or application not found"),
        0x6A83: ("record-not-found", "Record not found"),
        0x6A84: ("no-memory", "Not enough memory space in the file"),
        0x6A86: ("incorrect-p1p2", "Incorrect parameters P1-P2"),
        0x6A88: ("data-not-found", "Referenced data or reference data not found"),
        0x6B00: ("wrong-p1p2", "Wrong parameters P1-P2"),
        0x6D00: ("ins-not-supported", "Instruction code not supported or invalid"),
        0x6E00: ("cla-not-supported", "Class not supported"),
        0x6F00: ("no-diagnosis", "No precise diagnosis"),
    ]
}
