// The safety allowlist: the probe may only read. Every command is checked before it can
// reach a card; anything not on the list is refused here and never transmitted.
// Only short APDUs with CLA 00 pass (no chaining, no secure messaging, basic channel).

/// The read-only commands the probe may send.
public enum AllowedCommand: String, CaseIterable, Sendable {
    /// 00 A4 04 00|0C + AID: SELECT by DF name.
    case selectByAID = "select-aid"
    /// 00 CB 3F FF + 5C tag list: GET DATA (PIV).
    case getData = "get-data"
    /// 00 C0 00 00 Le: GET RESPONSE.
    case getResponse = "get-response"
    /// 00 B0 P1 P2 Le: READ BINARY.
    case readBinary = "read-binary"
    /// 00 20 00 80|81 with no data field and no Le: asks for the PIN state, uses no try.
    case verifyStatus = "verify-status"
}

/// Why a command was refused. `rule` is stable; it is what `SmartCardError.refused` carries.
public struct SafetyRefusal: Error, Equatable, Sendable {
    public let rule: String
    public let command: [UInt8]
}

public enum SafetyPolicy {
    /// Stable names of the refusal rules.
    public enum Rule {
        public static let malformed = "malformed-apdu"
        public static let extendedLength = "extended-length"
        public static let classNotAllowed = "class-not-allowed"
        public static let instructionNotAllowed = "instruction-not-allowed"
        public static let selectNotByAID = "select-not-by-aid"
        public static let selectWithoutAID = "select-without-aid"
        public static let getDataParameters = "get-data-parameters"
        public static let getDataTagList = "get-data-tag-list"
        public static let getResponseParameters = "get-response-parameters"
        public static let readBinaryWithData = "read-binary-with-data"
        public static let verifyWithData = "verify-with-data"
        public static let verifyWithLe = "verify-with-le"
        public static let verifyReference = "verify-reference"
    }

    /// Which allowed command this is, or the rule that refuses it.
    public static func check(_ bytes: [UInt8]) -> Result<AllowedCommand, SafetyRefusal> {
        func refuse(_ rule: String) -> Result<AllowedCommand, SafetyRefusal> {
            .failure(SafetyRefusal(rule: rule, command: bytes))
        }
        // VERIFY is judged on its raw bytes first: only the 4-byte case-1 form is harmless,
        // and a body that does not even parse must not slip through as "malformed" only.
        if bytes.count >= 2, bytes[1] == 0x20 {
            guard bytes[0] == 0x00 else { return refuse(Rule.classNotAllowed) }
            guard bytes.count >= 4 else { return refuse(Rule.malformed) }
            guard bytes[2] == 0x00, bytes[3] == 0x80 || bytes[3] == 0x81 else { return refuse(Rule.verifyReference) }
            if bytes.count == 4 { return .success(.verifyStatus) }
            if let parsed = try? CommandAPDU(bytes: bytes), parsed.data.isEmpty { return refuse(Rule.verifyWithLe) }
            return refuse(Rule.verifyWithData)
        }
        let command: CommandAPDU
        do {
            command = try CommandAPDU(bytes: bytes)
        } catch {
            return refuse(Rule.malformed)
        }
        // CLA 00 only: interindustry, no chaining, no secure messaging, basic channel.
        guard command.cla == 0x00 else { return refuse(Rule.classNotAllowed) }
        // The probe never needs extended lengths; short form keeps the rules simple to check.
        guard !command.isExtended else { return refuse(Rule.extendedLength) }
        switch command.ins {
        case 0xA4:
            guard command.p1 == 0x04, command.p2 == 0x00 || command.p2 == 0x0C else { return refuse(Rule.selectNotByAID) }
            guard (1...16).contains(command.data.count) else { return refuse(Rule.selectWithoutAID) }
            return .success(.selectByAID)
        case 0xCB:
            guard command.p1 == 0x3F, command.p2 == 0xFF else { return refuse(Rule.getDataParameters) }
            // Exactly one tag list: 5C, length 1-3, the tag.
            let d = command.data
            guard d.count >= 3, d[0] == 0x5C, (1...3).contains(Int(d[1])), d.count == 2 + Int(d[1]) else {
                return refuse(Rule.getDataTagList)
            }
            return .success(.getData)
        case 0xC0:
            guard command.p1 == 0x00, command.p2 == 0x00, command.data.isEmpty, command.le != nil else {
                return refuse(Rule.getResponseParameters)
            }
            return .success(.getResponse)
        case 0xB0:
            guard command.data.isEmpty else { return refuse(Rule.readBinaryWithData) }
            return .success(.readBinary)
        default:
            return refuse(Rule.instructionNotAllowed)
        }
    }

    public static func isAllowed(_ bytes: [UInt8]) -> Bool {
        if case .success = check(bytes) { return true }
        return false
    }
}

/// Wraps any transport; refuses every command outside the allowlist with `.refused(rule)`.
public final class SafeTransport: CardTransport {
    public let inner: any CardTransport
    /// Commands refused so far, with the rule that refused each.
    public private(set) var refusals: [SafetyRefusal] = []

    public init(_ inner: any CardTransport) {
        self.inner = inner
    }

    public func transmit(_ command: [UInt8]) throws(SmartCardError) -> [UInt8] {
        switch SafetyPolicy.check(command) {
        case .success:
            return try inner.transmit(command)
        case .failure(let refusal):
            refusals.append(refusal)
            throw .refused(refusal.rule)
        }
    }
}
