import SmartCard

/// A PIV card for tests, built on ScriptedTransport's responder. It splits long answers into
/// `chunk`-byte parts announced with 61xx (as the vpcd card of platform-findings.md does),
/// can insist on an exact Le with 6Cxx, and answers VERIFY with `pinAnswer`.
final class FakePIVCard {
    var objects: [UInt32: [UInt8]] = [:]
    var chunk = 256
    var pinAnswer: [UInt8] = [0x63, 0xC3]
    var hasPIVApplet = true
    /// Objects for which GET DATA with the wrong Le gets 6Cxx (xx = the exact length).
    var exactLeObjects: Set<UInt32> = []
    let selectResponse = [UInt8](hexList: "61 11 4F 06 00 00 10 00 01 00 79 07 4F 05 A0 00 00 03 08")
    private var pending: [UInt8] = []
    let transport: ScriptedTransport

    init() {
        transport = ScriptedTransport()
        transport.responder = { [unowned self] command in self.respond(command) }
    }

    /// `53 { 70 cert, 71 certInfo, FE }`, the certificate container of SP 800-73-4.
    static func certificateObject(_ certificate: [UInt8], certInfo: UInt8 = 0x00) -> [UInt8] {
        BERTLV.encode(tag: 0x53, value: BERTLV.encode(tag: 0x70, value: certificate)
                      + BERTLV.encode(tag: 0x71, value: [certInfo]) + BERTLV.encode(tag: 0xFE, value: []))
    }

    func respond(_ bytes: [UInt8]) -> [UInt8] {
        guard let command = try? CommandAPDU(bytes: bytes) else { return [0x67, 0x00] }
        switch command.ins {
        case 0xA4:
            guard hasPIVApplet, command.data == PIV.aid else { return [0x6A, 0x82] }
            return send(selectResponse)
        case 0xCB:
            let d = command.data
            guard d.count >= 2, d[0] == 0x5C, d.count == 2 + Int(d[1]) else { return [0x6A, 0x80] }
            let tag = d[2...].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            guard let object = objects[tag] else { return [0x6A, 0x82] }
            if exactLeObjects.contains(tag), object.count < 256, command.le != object.count {
                return [0x6C, UInt8(object.count)]
            }
            return send(object)
        case 0xC0:
            guard !pending.isEmpty else { return [0x69, 0x85] }
            let part = Array(pending.prefix(command.le ?? 256))
            pending.removeFirst(part.count)
            return part + status()
        case 0x20:
            return pinAnswer
        default:
            return [0x6D, 0x00]
        }
    }

    private func send(_ data: [UInt8]) -> [UInt8] {
        let part = Array(data.prefix(chunk))
        pending = Array(data.dropFirst(part.count))
        return part + status()
    }

    private func status() -> [UInt8] {
        if pending.isEmpty { return [0x90, 0x00] }
        return [0x61, UInt8(min(pending.count, 256) & 0xFF)]
    }
}

extension Array where Element == UInt8 {
    init(hexList: String) {
        self = Hex.decode(hexList) ?? []
    }
}

/// A fake certificate body of `count` bytes that starts like DER (30 82 len).
func fakeCertificate(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
    var rng = SeededGenerator(seed: seed)
    let body = randomBytes(count - 4, using: &rng)
    return [0x30, 0x82, UInt8(body.count >> 8), UInt8(body.count & 0xFF)] + body
}
