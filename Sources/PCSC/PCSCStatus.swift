// pcsclite return codes → domain errors. Pure except for pcsc_stringify_error, which only
// formats text. Codes are compared as UInt32 so the table also holds where LONG is 32-bit.
import CPCSCLite
import SmartCard

/// Every SCARD_E_*/SCARD_F_*/SCARD_P_*/SCARD_W_* code of pcsc-lite 1.9.9 (pcsclite.h),
/// its name, and what it means for the probe.
public enum PCSCStatus {
    public static let success: UInt32 = 0

    public struct Entry: Sendable {
        public let code: UInt32
        public let name: String
        /// nil: no domain meaning of its own; reported as `.other(code:text:)`.
        let meaning: Meaning?
    }

    enum Meaning: Sendable {
        case noService, noAccess, noReaders, unknownReader, noCard, cardRemoved, cardReset
        case cardMute, cardInUse, notTransacted, protocolMismatch, timeout
    }

    public static let table: [Entry] = [
        Entry(code: 0x8010_0001, name: "SCARD_F_INTERNAL_ERROR", meaning: nil),
        Entry(code: 0x8010_0002, name: "SCARD_E_CANCELLED", meaning: nil),
        Entry(code: 0x8010_0003, name: "SCARD_E_INVALID_HANDLE", meaning: nil),
        Entry(code: 0x8010_0004, name: "SCARD_E_INVALID_PARAMETER", meaning: nil),
        Entry(code: 0x8010_0005, name: "SCARD_E_INVALID_TARGET", meaning: nil),
        Entry(code: 0x8010_0006, name: "SCARD_E_NO_MEMORY", meaning: nil),
        Entry(code: 0x8010_0007, name: "SCARD_F_WAITED_TOO_LONG", meaning: .timeout),
        Entry(code: 0x8010_0008, name: "SCARD_E_INSUFFICIENT_BUFFER", meaning: nil),
        // Also raised when a reader disappears between listing and use.
        Entry(code: 0x8010_0009, name: "SCARD_E_UNKNOWN_READER", meaning: .unknownReader),
        Entry(code: 0x8010_000A, name: "SCARD_E_TIMEOUT", meaning: .timeout),
        Entry(code: 0x8010_000B, name: "SCARD_E_SHARING_VIOLATION", meaning: .cardInUse),
        Entry(code: 0x8010_000C, name: "SCARD_E_NO_SMARTCARD", meaning: .noCard),
        Entry(code: 0x8010_000D, name: "SCARD_E_UNKNOWN_CARD", meaning: nil),
        Entry(code: 0x8010_000E, name: "SCARD_E_CANT_DISPOSE", meaning: nil),
        Entry(code: 0x8010_000F, name: "SCARD_E_PROTO_MISMATCH", meaning: .protocolMismatch),
        Entry(code: 0x8010_0010, name: "SCARD_E_NOT_READY", meaning: nil),
        Entry(code: 0x8010_0011, name: "SCARD_E_INVALID_VALUE", meaning: nil),
        Entry(code: 0x8010_0012, name: "SCARD_E_SYSTEM_CANCELLED", meaning: nil),
        Entry(code: 0x8010_0013, name: "SCARD_F_COMM_ERROR", meaning: nil),
        Entry(code: 0x8010_0014, name: "SCARD_F_UNKNOWN_ERROR", meaning: nil),
        Entry(code: 0x8010_0015, name: "SCARD_E_INVALID_ATR", meaning: nil),
        // The socket to the card died before pcscd noticed the removal (platform-findings §2).
        Entry(code: 0x8010_0016, name: "SCARD_E_NOT_TRANSACTED", meaning: .notTransacted),
        // The reader was unplugged while in use.
        Entry(code: 0x8010_0017, name: "SCARD_E_READER_UNAVAILABLE", meaning: .unknownReader),
        // pcscd is shutting down.
        Entry(code: 0x8010_0018, name: "SCARD_P_SHUTDOWN", meaning: .noService),
        Entry(code: 0x8010_0019, name: "SCARD_E_PCI_TOO_SMALL", meaning: nil),
        Entry(code: 0x8010_001A, name: "SCARD_E_READER_UNSUPPORTED", meaning: nil),
        Entry(code: 0x8010_001B, name: "SCARD_E_DUPLICATE_READER", meaning: nil),
        Entry(code: 0x8010_001C, name: "SCARD_E_CARD_UNSUPPORTED", meaning: nil),
        Entry(code: 0x8010_001D, name: "SCARD_E_NO_SERVICE", meaning: .noService),
        Entry(code: 0x8010_001E, name: "SCARD_E_SERVICE_STOPPED", meaning: .noService),
        // pcsclite gives SCARD_E_UNEXPECTED and SCARD_E_UNSUPPORTED_FEATURE the same value.
        Entry(code: 0x8010_001F, name: "SCARD_E_UNSUPPORTED_FEATURE", meaning: nil),
        Entry(code: 0x8010_0020, name: "SCARD_E_ICC_INSTALLATION", meaning: nil),
        Entry(code: 0x8010_0021, name: "SCARD_E_ICC_CREATEORDER", meaning: nil),
        // Windows' value for SCARD_E_UNSUPPORTED_FEATURE; pcsclite keeps it commented out.
        Entry(code: 0x8010_0022, name: "SCARD_E_UNSUPPORTED_FEATURE (Windows)", meaning: nil),
        Entry(code: 0x8010_0023, name: "SCARD_E_DIR_NOT_FOUND", meaning: nil),
        Entry(code: 0x8010_0024, name: "SCARD_E_FILE_NOT_FOUND", meaning: nil),
        Entry(code: 0x8010_0025, name: "SCARD_E_NO_DIR", meaning: nil),
        Entry(code: 0x8010_0026, name: "SCARD_E_NO_FILE", meaning: nil),
        Entry(code: 0x8010_0027, name: "SCARD_E_NO_ACCESS", meaning: .noAccess),
        Entry(code: 0x8010_0028, name: "SCARD_E_WRITE_TOO_MANY", meaning: nil),
        Entry(code: 0x8010_0029, name: "SCARD_E_BAD_SEEK", meaning: nil),
        Entry(code: 0x8010_002A, name: "SCARD_E_INVALID_CHV", meaning: nil),
        Entry(code: 0x8010_002B, name: "SCARD_E_UNKNOWN_RES_MNG", meaning: nil),
        Entry(code: 0x8010_002C, name: "SCARD_E_NO_SUCH_CERTIFICATE", meaning: nil),
        Entry(code: 0x8010_002D, name: "SCARD_E_CERTIFICATE_UNAVAILABLE", meaning: nil),
        Entry(code: 0x8010_002E, name: "SCARD_E_NO_READERS_AVAILABLE", meaning: .noReaders),
        // A communication error with the card; the exchange is lost.
        Entry(code: 0x8010_002F, name: "SCARD_E_COMM_DATA_LOST", meaning: .notTransacted),
        Entry(code: 0x8010_0030, name: "SCARD_E_NO_KEY_CONTAINER", meaning: nil),
        Entry(code: 0x8010_0031, name: "SCARD_E_SERVER_TOO_BUSY", meaning: nil),
        // The reader cannot talk to the card because of its ATR: for the user, a mute card.
        Entry(code: 0x8010_0065, name: "SCARD_W_UNSUPPORTED_CARD", meaning: .cardMute),
        Entry(code: 0x8010_0066, name: "SCARD_W_UNRESPONSIVE_CARD", meaning: .cardMute),
        // pcscd answers SCardConnect with this when the card is present but did not power
        // up ("Card Not Powered"): a mute card (verified with ukey-vcard --mute).
        Entry(code: 0x8010_0067, name: "SCARD_W_UNPOWERED_CARD", meaning: .cardMute),
        Entry(code: 0x8010_0068, name: "SCARD_W_RESET_CARD", meaning: .cardReset),
        Entry(code: 0x8010_0069, name: "SCARD_W_REMOVED_CARD", meaning: .cardRemoved),
        // pcsclite 1.9.9's client reports this when pcscd resets the connection during the
        // handshake: pcscd refuses a client polkit does not authorize by closing its socket
        // without reading the first message. Measured against a socket that does exactly
        // that: always "Access denied." (a close before the client wrote gives NO_SERVICE;
        // one after reading it, F_COMM_ERROR).
        Entry(code: 0x8010_006A, name: "SCARD_W_SECURITY_VIOLATION", meaning: .noAccess),
        Entry(code: 0x8010_006B, name: "SCARD_W_WRONG_CHV", meaning: nil),
        Entry(code: 0x8010_006C, name: "SCARD_W_CHV_BLOCKED", meaning: nil),
        Entry(code: 0x8010_006D, name: "SCARD_W_EOF", meaning: nil),
        Entry(code: 0x8010_006E, name: "SCARD_W_CANCELLED_BY_USER", meaning: nil),
        Entry(code: 0x8010_006F, name: "SCARD_W_CARD_NOT_AUTHENTICATED", meaning: nil),
    ]

    private static let byCode: [UInt32: Entry] = Dictionary(table.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })

    /// The symbolic name of a pcsclite code, e.g. "SCARD_E_NO_SERVICE"; nil when unknown.
    public static func name(of code: UInt32) -> String? {
        code == success ? "SCARD_S_SUCCESS" : byCode[code]?.name
    }

    /// pcsclite's own sentence for a code ("Service not available.").
    public static func text(of code: UInt32) -> String {
        guard let cText = pcsc_stringify_error(LONG(truncatingIfNeeded: Int64(code))) else {
            return "0x" + String(code, radix: 16, uppercase: true)
        }
        return String(cString: cText)
    }

    /// The domain error for a pcsclite return code; nil for SCARD_S_SUCCESS.
    /// - Parameter reader: the reader involved, for `.unknownReader`.
    public static func error(for code: UInt32, reader: String? = nil) -> SmartCardError? {
        if code == success { return nil }
        guard let entry = byCode[code] else {
            return .other(code: code, text: text(of: code))
        }
        switch entry.meaning {
        case .noService: return .noService
        case .noAccess: return .noAccess
        case .noReaders: return .noReaders
        case .unknownReader: return .unknownReader(reader ?? "")
        case .noCard: return .noCard
        case .cardRemoved: return .cardRemoved
        case .cardReset: return .cardReset
        case .cardMute: return .cardMute
        case .cardInUse: return .cardInUse
        case .notTransacted: return .notTransacted
        case .protocolMismatch: return .protocolMismatch
        case .timeout: return .timeout
        case nil: return .other(code: code, text: "\(entry.name): \(text(of: code))")
        }
    }

    /// The return code of a pcsclite call as UInt32, whatever the width of LONG.
    static func code(_ rv: LONG) -> UInt32 { UInt32(truncatingIfNeeded: rv) }

    // Codes the adapter itself branches on.
    static let cancelled: UInt32 = 0x8010_0002
    static let invalidHandle: UInt32 = 0x8010_0003
    static let invalidParameter: UInt32 = 0x8010_0004
    static let insufficientBuffer: UInt32 = 0x8010_0008
    static let unknownReader: UInt32 = 0x8010_0009
    static let timeout: UInt32 = 0x8010_000A
    static let noSmartcard: UInt32 = 0x8010_000C
    static let protoMismatch: UInt32 = 0x8010_000F
    static let commError: UInt32 = 0x8010_0013
    static let notTransacted: UInt32 = 0x8010_0016
    static let readerUnavailable: UInt32 = 0x8010_0017
    static let shutdown: UInt32 = 0x8010_0018
    static let noService: UInt32 = 0x8010_001D
    static let serviceStopped: UInt32 = 0x8010_001E
    static let noReadersAvailable: UInt32 = 0x8010_002E
    static let commDataLost: UInt32 = 0x8010_002F
    static let unpoweredCard: UInt32 = 0x8010_0067
    static let resetCard: UInt32 = 0x8010_0068
    static let removedCard: UInt32 = 0x8010_0069

    /// Codes after which the context is useless: pcscd went away (or restarted, and no longer
    /// knows our context). The next call establishes a new one.
    static func meansContextLost(_ code: UInt32) -> Bool {
        [noService, serviceStopped, shutdown, commError, invalidHandle].contains(code)
    }

    /// Codes after which a card handle is useless. platform-findings §2: the clean recovery is
    /// SCardDisconnect, wait for PRESENT, then a fresh SCardConnect (SCardReconnect after
    /// re-insertion gave SCARD_E_PROTO_MISMATCH on the next transmit).
    static func meansCardLost(_ code: UInt32) -> Bool {
        [notTransacted, removedCard, resetCard, unpoweredCard, noSmartcard, protoMismatch,
         commDataLost, invalidHandle, readerUnavailable, unknownReader].contains(code)
            || meansContextLost(code)
    }
}
