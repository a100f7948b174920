// Reading a PIV applet (NIST SP 800-73-4): SELECT, GET DATA for the certificate objects and
// the CHUID, and the PIN state by VERIFY with no data. Everything goes through SafeTransport,
// so nothing but the read-only allowlist can reach the card.

/// The four PIV key slots that hold X.509 certificates (SP 800-73-4 Part 1, table 3).
public enum PIVSlot: String, CaseIterable, Sendable {
    case authentication = "9A"
    case signature = "9C"
    case keyManagement = "9D"
    case cardAuthentication = "9E"

    /// The data object holding the slot's certificate.
    public var objectTag: UInt32 {
        switch self {
        case .authentication: 0x5FC105
        case .signature: 0x5FC10A
        case .keyManagement: 0x5FC10B
        case .cardAuthentication: 0x5FC101
        }
    }

    public var name: String {
        switch self {
        case .authentication: "PIV Authentication"
        case .signature: "Digital Signature"
        case .keyManagement: "Key Management"
        case .cardAuthentication: "Card Authentication"
        }
    }
}

public enum PIV {
    /// The PIV application identifier, truncated form (SP 800-73-4 Part 1 §2.2).
    public static let aid: [UInt8] = [0xA0, 0x00, 0x00, 0x03, 0x08]
    public static let chuidTag: UInt32 = 0x5FC102
    /// VERIFY key reference of the PIV application PIN.
    public static let applicationPINReference: UInt8 = 0x80
}

/// A certificate as stored in a slot. When `isCompressed`, `certificate` holds gzip data
/// (not decompressed here), not DER.
public struct PIVCertificate: Equatable, Sendable {
    public let slot: PIVSlot
    public let certificate: [UInt8]
    /// The CertInfo byte (tag 71) when present.
    public let certInfo: UInt8?
    /// CertInfo bit 0 says gzip (SP 800-73-4 Part 1 table 10); gzip magic 1F 8B is taken as proof too.
    public var isCompressed: Bool {
        (certInfo.map { $0 & 0x01 != 0 } ?? false) || certificate.starts(with: [0x1F, 0x8B])
    }
}

/// The Card Holder Unique Identifier object, with the fields tools usually show.
public struct PIVCHUID: Equatable, Sendable {
    /// The content of the 53 container.
    public let raw: [UInt8]
    public var fascn: [UInt8]? { field(0x30) }
    public var guid: [UInt8]? { field(0x34) }
    /// Expiration date, "YYYYMMDD" in ASCII.
    public var expiration: String? { field(0x35).map { String(decoding: $0, as: UTF8.self) } }

    private func field(_ tag: UInt32) -> [UInt8]? {
        (try? BERTLV.parse(raw, recursive: false))?.first { $0.tag == tag }?.value
    }
}

/// The outcome of reading one data object.
public enum PIVRead<Value: Equatable & Sendable>: Equatable, Sendable {
    case value(Value)
    /// The card has no such object (6A82) or an empty container: an empty slot, not an error.
    case empty
    /// The card answered with another status (e.g. 6982, security status not satisfied).
    case cardStatus(StatusWord)
    /// The card answered 9000 with data we cannot read.
    case malformed(String)
    /// The transport failed during this read.
    case failed(SmartCardError)
    /// Not read: an earlier transport failure ended the probe, or the applet is absent.
    case notRead

    public var value: Value? {
        if case .value(let v) = self { return v }
        return nil
    }
}

public enum PINState: Equatable, Sendable {
    case triesLeft(Int)            // 63Cx
    case blocked                   // 6983
    case verified                  // 9000: already verified in this session
    case unknown(StatusWord)       // any other answer
    case notChecked                // not asked (option off, applet absent, earlier failure)
    case failed(SmartCardError)    // the transport failed
}

public enum PIVAppletState: Equatable, Sendable {
    case present(PIVApplet)
    case absent(StatusWord)        // SELECT answered e.g. 6A82: no PIV applet
    case failed(SmartCardError)
}

/// What SELECT returned: the application property template (tag 61), read where possible.
public struct PIVApplet: Equatable, Sendable {
    public let selectResponse: [UInt8]
    public var applicationIdentifier: [UInt8]? { template?.child(0x4F)?.value }
    public var label: String? { template?.child(0x50).map { String(decoding: $0.value, as: UTF8.self) } }
    private var template: TLV? {
        (try? BERTLV.parse(selectResponse))?.first { $0.tag == 0x61 }
    }
}

public struct PIVSlotResult: Equatable, Sendable {
    public let slot: PIVSlot
    public let read: PIVRead<PIVCertificate>
}

public struct PIVReport: Equatable, Sendable {
    public var applet: PIVAppletState
    public var slots: [PIVSlotResult]
    public var chuid: PIVRead<PIVCHUID>
    public var pin: PINState
    /// APDUs that reached the card (GET RESPONSE and 6Cxx resends included).
    public var apduCount: Int
    public var bytesSent: Int
    public var bytesReceived: Int
    /// Every exchange with the card, in order.
    public var exchanges: [RecordingTransport.Exchange]

    public var certificates: [PIVCertificate] { slots.compactMap { $0.read.value } }
}

public struct PIVReadOptions: Sendable {
    public var slots: [PIVSlot] = PIVSlot.allCases
    public var readCHUID = true
    /// VERIFY with no data (no PIN sent, no try used). Only ever sent after the PIV SELECT succeeded.
    public var checkPIN = true
    /// Ends a response chain that does not stop (a broken or hostile card).
    public var maxGetResponseRounds = 64

    public init(slots: [PIVSlot] = PIVSlot.allCases, readCHUID: Bool = true, checkPIN: Bool = true) {
        self.slots = slots
        self.readCHUID = readCHUID
        self.checkPIN = checkPIN
    }
}

/// Reads a PIV applet over any transport. The transport is always wrapped in `SafeTransport`.
public final class PIVReader {
    private let recorder: RecordingTransport
    private let safe: SafeTransport
    public let options: PIVReadOptions

    public init(transport: any CardTransport, options: PIVReadOptions = PIVReadOptions()) {
        // The recorder sits inside the allowlist, so it counts only what reached the card.
        recorder = RecordingTransport(transport)
        safe = SafeTransport(recorder)
        self.options = options
    }

    public var apduCount: Int { recorder.commandCount }
    public var exchanges: [RecordingTransport.Exchange] { recorder.exchanges }

    /// Runs the whole read. Never throws: every step records its result or error.
    public func probe() -> PIVReport {
        let notRead = options.slots.map { PIVSlotResult(slot: $0, read: .notRead) }
        var report = PIVReport(applet: .failed(.notTransacted), slots: notRead,
                               chuid: .notRead, pin: .notChecked,
                               apduCount: 0, bytesSent: 0, bytesReceived: 0, exchanges: [])
        func finish() -> PIVReport {
            report.apduCount = recorder.commandCount
            report.bytesSent = recorder.bytesSent
            report.bytesReceived = recorder.bytesReceived
            report.exchanges = recorder.exchanges
            return report
        }

        do {
            let response = try select()
            guard response.status.isSuccess else {
                report.applet = .absent(response.status)
                return finish()
            }
            report.applet = .present(PIVApplet(selectResponse: response.data))
        } catch {
            report.applet = .failed(error)
            return finish()
        }

        var broken: SmartCardError? = nil
        for (n, slot) in options.slots.enumerated() {
            if broken != nil { break }
            let read = readObject(slot.objectTag) { (content) -> PIVRead<PIVCertificate> in
                Self.certificate(from: content, slot: slot)
            }
            if case .failed(let error) = read, Self.endsProbe(error) { broken = error }
            report.slots[n] = PIVSlotResult(slot: slot, read: read)
        }
        if options.readCHUID && broken == nil {
            report.chuid = readObject(PIV.chuidTag) { .value(PIVCHUID(raw: $0)) }
            if case .failed(let error) = report.chuid, Self.endsProbe(error) { broken = error }
        }
        if options.checkPIN && broken == nil {
            do {
                report.pin = try pinState()
            } catch {
                report.pin = .failed(error)
            }
        }
        return finish()
    }

    /// A card that answered oddly may still answer the next read; a dead transport will not.
    static func endsProbe(_ error: SmartCardError) -> Bool {
        if case .malformedResponse = error { return false }
        return true
    }

    /// SELECT the PIV applet (response chaining followed).
    public func select() throws(SmartCardError) -> ResponseAPDU {
        let command: CommandAPDU
        do {
            command = try CommandAPDU.select(aid: PIV.aid)
        } catch {
            throw .malformedResponse("cannot build SELECT: \(error)")
        }
        return try send(command)
    }

    /// GET DATA for one object, response chaining followed; the data is the whole answer.
    public func getData(tag: UInt32) throws(SmartCardError) -> ResponseAPDU {
        try send(.getData(tag: tag))
    }

    /// The PIN state by VERIFY with no data field: 63Cx, 6983, 9000, or something else.
    public func pinState(reference: UInt8 = PIV.applicationPINReference) throws(SmartCardError) -> PINState {
        let response = try exchange(.verifyStatus(reference: reference))
        if let tries = response.status.triesLeft { return .triesLeft(tries) }
        switch response.status.value {
        case 0x6983: return .blocked
        case 0x9000: return .verified
        default: return .unknown(response.status)
        }
    }

    /// Sends a command and follows the card: 6Cxx -> resend with Le = xx; 61xx -> GET RESPONSE
    /// until the last part. Returns all data with the final status word.
    public func send(_ command: CommandAPDU) throws(SmartCardError) -> ResponseAPDU {
        var response = try exchange(command)
        var data = response.data
        var rounds = 0
        while let available = response.status.bytesAvailable {
            rounds += 1
            guard rounds <= options.maxGetResponseRounds else {
                throw .malformedResponse("response chaining did not end after \(options.maxGetResponseRounds) GET RESPONSE")
            }
            response = try exchange(.getResponse(available: available))
            data += response.data
        }
        return ResponseAPDU(data: data, status: response.status)
    }

    /// One command; a 6Cxx answer is followed by one resend with the exact Le.
    private func exchange(_ command: CommandAPDU) throws(SmartCardError) -> ResponseAPDU {
        var response = try transmit(command)
        if let exact = response.status.exactLength {
            let resend: CommandAPDU
            do {
                resend = try command.with(le: exact)
            } catch {
                throw .malformedResponse("cannot resend with Le \(exact): \(error)")
            }
            response = try transmit(resend)
        }
        return response
    }

    private func transmit(_ command: CommandAPDU) throws(SmartCardError) -> ResponseAPDU {
        let bytes = try safe.transmit(command.bytes)
        do {
            return try ResponseAPDU(bytes: bytes)
        } catch {
            throw .malformedResponse("response of \(bytes.count) byte(s), SW1 SW2 missing")
        }
    }

    /// GET DATA and unwrap the 53 container; `decode` turns its content into the value.
    private func readObject<Value>(_ tag: UInt32, _ decode: ([UInt8]) -> PIVRead<Value>) -> PIVRead<Value> {
        let response: ResponseAPDU
        do {
            response = try getData(tag: tag)
        } catch {
            return .failed(error)
        }
        if response.status == .fileNotFound { return .empty }
        guard response.status.isSuccess else { return .cardStatus(response.status) }
        if response.data.isEmpty { return .empty }
        let objects: [TLV]
        do {
            objects = try BERTLV.parse(response.data, recursive: false)
        } catch {
            return .malformed("object \(Hex.encode(BERTLV.tagBytes(tag), separator: "")): \(error)")
        }
        guard let container = objects.first(where: { $0.tag == 0x53 }) else {
            return .malformed("object \(Hex.encode(BERTLV.tagBytes(tag), separator: "")): no 53 container")
        }
        if container.value.isEmpty { return .empty }
        return decode(container.value)
    }

    /// 53 content -> `70 certificate, 71 CertInfo, FE LRC` (SP 800-73-4 Part 1 appendix A).
    static func certificate(from content: [UInt8], slot: PIVSlot) -> PIVRead<PIVCertificate> {
        let fields: [TLV]
        do {
            fields = try BERTLV.parse(content, recursive: false)
        } catch {
            return .malformed("slot \(slot.rawValue) certificate container: \(error)")
        }
        guard let cert = fields.first(where: { $0.tag == 0x70 }), !cert.value.isEmpty else { return .empty }
        let info = fields.first { $0.tag == 0x71 }?.value.first
        return .value(PIVCertificate(slot: slot, certificate: cert.value, certInfo: info))
    }
}
