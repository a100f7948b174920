// The contract between the probe and whatever carries APDUs: pcsclite (module PCSC),
// the in-process simulator (module Simulator), or a scripted transport in tests.

/// What can go wrong talking to the PC/SC service, a reader or a card, in domain terms.
/// `code` is a stable id; the application turns it into a zh/en sentence.
public enum SmartCardError: Error, Equatable, Sendable {
    case noService                 // pcscd is not running (SCARD_E_NO_SERVICE)
    case noAccess                  // pcscd refused us (SCARD_E_NO_ACCESS, polkit on remote sessions)
    case noReaders                 // no reader is attached
    case unknownReader(String)     // the reader went away between listing and use
    case noCard                    // reader empty (SCARD_E_NO_SMARTCARD)
    case cardRemoved               // pulled mid-session (SCARD_W_REMOVED_CARD)
    case cardReset                 // someone else reset it (SCARD_W_RESET_CARD)
    case cardMute                  // the card does not answer (SCARD_W_UNRESPONSIVE_CARD)
    case cardInUse                 // opened exclusively by another program (SCARD_E_SHARING_VIOLATION)
    case notTransacted             // the exchange broke off (SCARD_E_NOT_TRANSACTED)
    case protocolMismatch          // SCARD_E_PROTO_MISMATCH
    case timeout
    case refused(String)           // our allowlist refused to send this command (name of the rule)
    case malformedResponse(String) // the card answered something we cannot read
    case other(code: UInt32, text: String)

    public var code: String {
        switch self {
        case .noService: "no-service"
        case .noAccess: "no-access"
        case .noReaders: "no-readers"
        case .unknownReader: "unknown-reader"
        case .noCard: "no-card"
        case .cardRemoved: "card-removed"
        case .cardReset: "card-reset"
        case .cardMute: "card-mute"
        case .cardInUse: "card-in-use"
        case .notTransacted: "not-transacted"
        case .protocolMismatch: "protocol-mismatch"
        case .timeout: "timeout"
        case .refused: "refused"
        case .malformedResponse: "malformed-response"
        case .other: "other"
        }
    }
}

/// Carries one command APDU to a card and returns the raw response (data followed by SW1 SW2).
public protocol CardTransport: AnyObject {
    func transmit(_ command: [UInt8]) throws(SmartCardError) -> [UInt8]
}

/// A connected card: its transport plus what the reader told us when we connected.
public protocol CardSession: CardTransport {
    var atr: [UInt8] { get }
    /// "T=0", "T=1" or "RAW".
    var activeProtocol: String { get }
    func disconnect()
}

/// What a reader reports without connecting.
public struct ReaderSnapshot: Equatable, Sendable {
    public enum CardState: String, Sendable {
        case empty, present, mute, inUse = "in-use", unavailable
    }
    public var name: String
    public var state: CardState
    public var atr: [UInt8]

    public init(name: String, state: CardState, atr: [UInt8] = []) {
        self.name = name
        self.state = state
        self.atr = atr
    }
}

/// The PC/SC service as the probe sees it. Implemented over pcsclite and by the simulator.
public protocol SmartCardSystem: AnyObject {
    /// Every reader and its card state. Throws `.noService` / `.noAccess`; no readers is `[]`.
    func listReaders() throws(SmartCardError) -> [ReaderSnapshot]
    /// Shared-mode connection to the card in `reader`.
    func connect(reader: String) throws(SmartCardError) -> any CardSession
    /// Blocks up to `timeoutMs` for a reader or card change; true when something changed.
    func waitForChange(timeoutMs: Int) throws(SmartCardError) -> Bool
}
