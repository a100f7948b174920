// BER-TLV as cards answer it, plus the APDU readers and the safety allowlist that guards every
// command. Properties: parse → encode reaches a fixed point; an APDU re-encodes to its bytes;
// the allowlist never lets through anything but the five read-only commands.
import FuzzSupport
import SmartCard

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTLV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)

    if let objects = try? BERTLV.parse(bytes) {
        let encoded = objects.flatMap { BERTLV.encode($0) }
        // Padding and long-form lengths vanish on the first encoding; after that nothing changes.
        do {
            let again = try BERTLV.parse(encoded)
            require(again.flatMap { BERTLV.encode($0) } == encoded, "encode(parse(x)) is a fixed point")
        } catch {
            require(false, "re-parsing what we encoded failed: \(error)")
        }
        consume(BERTLV.find(path: [0x61, 0x4F], in: objects))
        consume(objects.map(\.tagHex))
    }
    consume(try? BERTLV.parse(bytes, recursive: false))
    consume(try? BERTLV.parse(bytes, maxDepth: 3))

    if let command = try? CommandAPDU(bytes: bytes) {
        require(command.bytes == bytes, "APDU re-encodes to its bytes")
        consume(command.apduCase)
    }
    if let response = try? ResponseAPDU(bytes: bytes) {
        require(response.bytes == bytes, "response re-encodes to its bytes")
        consume(response.status.description)
    }

    // The allowlist: what passes is one of the read-only commands, and VERIFY only without data.
    if case .success(let allowed) = SafetyPolicy.check(bytes) {
        require(bytes.count >= 4 && bytes[0] == 0x00, "allowed command with CLA \(bytes.first ?? 0)")
        let ins = bytes[1]
        switch allowed {
        case .selectByAID: require(ins == 0xA4, "select with INS \(ins)")
        case .getData: require(ins == 0xCB, "get data with INS \(ins)")
        case .getResponse: require(ins == 0xC0, "get response with INS \(ins)")
        case .readBinary: require(ins == 0xB0, "read binary with INS \(ins)")
        case .verifyStatus: require(ins == 0x20 && bytes.count == 4, "VERIFY with a body passed: \(Hex.encode(bytes))")
        }
    }
    return 0
}
