// A connected card over pcsclite.
import CPCSCLite
import SmartCard

/// A shared-mode connection to the card in one reader.
///
/// When the card goes away mid-session (pulled, reset by someone else, pcscd gone), the
/// failing call throws the matching error and the session lets go of its handle at once;
/// later calls throw the same error. `reconnect(timeoutMs:)` waits for a card and connects
/// afresh, which is the recovery that worked cleanly on pcsclite 1.9.9 (platform-findings §2).
/// Not thread-safe: one probe drives one session.
public final class PCSCCardSession: CardSession {
    public let reader: String
    public private(set) var atr: [UInt8]
    public private(set) var activeProtocol: String

    private let system: PCSCSystem
    private var handle: SCARDHANDLE?
    private var protocolValue: DWORD
    /// Why the handle was given up, when the card or the service went away.
    private var lostBecause: SmartCardError?

    init(system: PCSCSystem, reader: String, connection: PCSCSystem.Connection) {
        self.system = system
        self.reader = reader
        self.handle = connection.handle
        self.protocolValue = connection.protocolValue
        self.atr = connection.atr
        self.activeProtocol = Self.protocolName(connection.protocolValue)
    }

    deinit {
        if let handle { _ = SCardDisconnect(handle, DWORD(SCARD_LEAVE_CARD)) }
    }

    /// True while the session holds a usable card handle.
    public var isConnected: Bool { handle != nil }

    public func transmit(_ command: [UInt8]) throws(SmartCardError) -> [UInt8] {
        guard let handle else {
            throw lostBecause ?? .other(code: PCSCStatus.invalidHandle, text: "the session is disconnected")
        }
        // Under 4 bytes is no APDU; through vpcd a 1-byte one would even pass as a power command.
        guard command.count >= 4 else {
            throw .other(code: PCSCStatus.invalidParameter, text: "a command APDU has at least 4 bytes, got \(command.count)")
        }
        guard let pci = Self.protocolControlInfo(protocolValue) else {
            throw .protocolMismatch
        }
        var response = [UInt8](repeating: 0, count: Int(cp_MAX_BUFFER_SIZE_EXTENDED()))
        var responseLength = DWORD(response.count)
        let rv = SCardTransmit(handle, pci, command, DWORD(command.count), nil, &response, &responseLength)
        let code = PCSCStatus.code(rv)
        if code != PCSCStatus.success {
            let error = PCSCStatus.error(for: code, reader: reader) ?? .other(code: code, text: "")
            if PCSCStatus.meansCardLost(code) { letGo(because: error, code: code) }
            throw error
        }
        let length = Int(min(responseLength, DWORD(response.count)))
        if length == 0 {
            // No card answers nothing: the link to it broke. vpcd reports a card that vanished
            // after reading the command (orderly close) as a successful empty answer.
            letGo(because: .notTransacted, code: PCSCStatus.notTransacted)
            throw .notTransacted
        }
        guard length >= 2 else {
            throw .malformedResponse("the card answered \(length) byte, without a status word")
        }
        return Array(response.prefix(length))
    }

    public func disconnect() {
        if let handle { _ = SCardDisconnect(handle, DWORD(SCARD_LEAVE_CARD)) }
        handle = nil
    }

    /// Gives up the current handle, waits up to `timeoutMs` for a responsive card in the same
    /// reader, and connects to it afresh (new ATR and protocol). Throws `.timeout` when no card
    /// came; the session then stays disconnected.
    public func reconnect(timeoutMs: Int) throws(SmartCardError) {
        disconnect()
        guard try system.waitForCard(in: reader, timeoutMs: timeoutMs) else {
            throw .timeout
        }
        let fresh = try system.openSession(reader: reader)
        // Take over the new handle; the temporary session must not disconnect it.
        guard let newHandle = fresh.handle else { throw fresh.lostBecause ?? .noCard }
        fresh.handle = nil
        handle = newHandle
        protocolValue = fresh.protocolValue
        atr = fresh.atr
        activeProtocol = fresh.activeProtocol
        lostBecause = nil
    }

    private func letGo(because error: SmartCardError, code: UInt32) {
        disconnect()
        lostBecause = error
        if PCSCStatus.meansContextLost(code) { system.serviceLost() }
    }

    static func protocolName(_ value: DWORD) -> String {
        switch value {
        case DWORD(SCARD_PROTOCOL_T0): "T=0"
        case DWORD(SCARD_PROTOCOL_T1): "T=1"
        case DWORD(SCARD_PROTOCOL_RAW): "RAW"
        default: "unknown"
        }
    }

    private static func protocolControlInfo(_ value: DWORD) -> UnsafePointer<SCARD_IO_REQUEST>? {
        switch value {
        case DWORD(SCARD_PROTOCOL_T0): cp_SCARD_PCI_T0()
        case DWORD(SCARD_PROTOCOL_T1): cp_SCARD_PCI_T1()
        case DWORD(SCARD_PROTOCOL_RAW): cp_SCARD_PCI_RAW()
        default: nil
        }
    }
}
