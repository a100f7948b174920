// The simulated card on its own: no pcscd involved.
import Foundation
import Simulator
import Testing

@Suite struct SimulatedPIVCardTests {
    let certificate = Rig.certificate
    static let selectPIV = bytes("00A4040009A00000030800001000")
    static let verifyEmpty = bytes("00200080")
    static let getAuthCert = bytes("00CB3FFF055C035FC10500")

    func card(chunk: Int = 256, tries: Int = 3, blocked: Bool = false, pin: [UInt8]? = nil, piv: Bool = true, mute: Bool = false) -> SimulatedPIVCard {
        SimulatedPIVCard(certificates: [SimulatedPIVCard.Object.authentication: certificate],
                         pinTriesLeft: tries, pinBlocked: blocked, pin: pin, hasPIVApplet: piv, chunkSize: chunk, isMute: mute)
    }

    /// Sends a command and follows 61xx like a client would.
    func exchange(_ card: SimulatedPIVCard, _ command: [UInt8]) -> (data: [UInt8], sw: String) {
        var data: [UInt8] = []
        var response = card.respond(to: command)
        while response.count >= 2, response[response.count - 2] == 0x61 {
            data += response.dropLast(2)
            response = card.respond(to: [0x00, 0xC0, 0x00, 0x00, response[response.count - 1]])
        }
        guard response.count >= 2 else { return (data, "") }
        return (data + response.dropLast(2), hexString(Array(response.suffix(2))))
    }

    @Test func fixtureCertificateIsTheSizeTheChainingTestsNeed() {
        #expect(certificate.count > 800 && certificate.first == 0x30)
    }

    @Test func powerOnGivesTheATRAndMuteCardsStaySilent() {
        #expect(card().powerOn() == SimulatedPIVCard.yubiKeyATR)
        let mute = card(mute: true)
        #expect(mute.powerOn() == [])
        #expect(mute.respond(to: Self.selectPIV) == [])
        #expect(mute.commandCount == 1)
    }

    @Test func selectAnswersWithTheApplicationPropertyTemplate() {
        let piv = card()
        let (data, sw) = exchange(piv, Self.selectPIV)
        #expect(sw == "9000")
        // As YubiKeys answer: 61 11 { 4F 06 PIX, 79 07 { 4F 05 RID } }
        #expect(hexString(data) == "61114F0600001000010079074F05A000000308")
        // The bare RID selects too; a foreign AID does not.
        #expect(exchange(piv, bytes("00A4040005A000000308")).sw == "9000")
        #expect(exchange(piv, bytes("00A4040007A0000000031010")).sw == "6A82")
        #expect(exchange(piv, bytes("00A40000023F00")).sw == "6A86")
    }

    @Test func cardWithoutPIVAppletRefusesSelectAndPIVCommands() {
        let bare = card(piv: false)
        #expect(exchange(bare, Self.selectPIV).sw == "6A82")
        #expect(exchange(bare, Self.getAuthCert).sw == "6D00")
        #expect(exchange(bare, Self.verifyEmpty).sw == "6D00")
    }

    @Test(arguments: [0, 1, 100, 255, 256])
    func getDataReturnsTheCertificateObjectThroughChaining(chunk: Int) throws {
        let piv = card(chunk: chunk)
        _ = exchange(piv, Self.selectPIV)
        let before = piv.commandCount
        let (object, sw) = exchange(piv, Self.getAuthCert)
        #expect(sw == "9000")
        // 53 82 LLLL { 70 82 LLLL <DER>, 71 01 00, FE 00 }
        let inner = [0x70, 0x82, UInt8(certificate.count >> 8), UInt8(certificate.count & 0xFF)] + certificate + [0x71, 0x01, 0x00, 0xFE, 0x00]
        let expected = [0x53, 0x82, UInt8(inner.count >> 8), UInt8(inner.count & 0xFF)] + inner
        #expect(object == expected)
        let apdus = piv.commandCount - before
        let perResponse = chunk == 0 ? expected.count : chunk
        #expect(apdus == (expected.count + perResponse - 1) / perResponse)
    }

    @Test func chainAnnouncesRemainingBytesAndHonoursLe() {
        let piv = card(chunk: 256)
        _ = exchange(piv, Self.selectPIV)
        let first = piv.respond(to: Self.getAuthCert)
        #expect(first.count == 258)
        #expect(Array(first.suffix(2)) == [0x61, 0x00]) // 00: 256 or more still to come
        let small = piv.respond(to: bytes("00C0000010"))
        #expect(small.count == 16 + 2)
        #expect(small[small.count - 2] == 0x61)
    }

    @Test func anotherCommandAbandonsAPendingChain() {
        let piv = card(chunk: 128)
        _ = exchange(piv, Self.selectPIV)
        #expect(piv.respond(to: Self.getAuthCert).suffix(2).first == 0x61)
        _ = exchange(piv, Self.verifyEmpty)
        #expect(exchange(piv, bytes("00C0000000")).sw == "6985")
    }

    @Test func getDataErrors() {
        let piv = card()
        _ = exchange(piv, Self.selectPIV)
        #expect(exchange(piv, bytes("00CB3FFF055C035FC10A00")).sw == "6A82") // signature slot empty
        #expect(exchange(piv, bytes("00CB3FFF045C035FC1")).sw == "6A80")     // tag list cut short
        #expect(exchange(piv, bytes("00CB0000055C035FC10500")).sw == "6A86") // wrong P1 P2
        #expect(exchange(piv, bytes("00C0000000")).sw == "6985")             // nothing pending
    }

    @Test func emptyVerifyReportsTriesWithoutSpendingOne() {
        let piv = card(tries: 3)
        _ = exchange(piv, Self.selectPIV)
        for _ in 0..<5 { #expect(exchange(piv, Self.verifyEmpty).sw == "63C3") }
        // With Le present (yubico-piv-tool sends 00 20 00 80 00) it is still the empty form.
        #expect(exchange(piv, bytes("0020008000")).sw == "63C3")
        #expect(piv.pinTriesLeft == 3 && piv.pinTriesUsed == 0 && piv.verifyWithDataCommands.isEmpty)
        let blocked = card(blocked: true)
        _ = exchange(blocked, Self.selectPIV)
        #expect(exchange(blocked, Self.verifyEmpty).sw == "6983")
        #expect(blocked.isPINBlocked)
    }

    @Test func verifyWithAPINCostsATryLikeARealCard() {
        let piv = card(tries: 2)
        _ = exchange(piv, Self.selectPIV)
        let wrong = bytes("002000800831323334FFFFFFFF")
        #expect(exchange(piv, wrong).sw == "63C1")
        #expect(exchange(piv, Self.verifyEmpty).sw == "63C1")
        #expect(exchange(piv, wrong).sw == "6983")
        #expect(exchange(piv, wrong).sw == "6983") // blocked: no further decrement
        #expect(piv.pinTriesUsed == 2)
        #expect(piv.verifyWithDataCommands.count == 3)
        #expect(piv.isPINBlocked)
    }

    @Test func correctPINVerifiesUntilReset() {
        let pin = bytes("313233343536FFFF")
        let piv = card(tries: 3, pin: pin)
        _ = exchange(piv, Self.selectPIV)
        #expect(exchange(piv, bytes("0020008008") + pin).sw == "9000")
        #expect(exchange(piv, Self.verifyEmpty).sw == "9000")
        #expect(exchange(piv, bytes("0020FF80")).sw == "9000") // drop verification (P1 FF)
        #expect(exchange(piv, Self.verifyEmpty).sw == "63C3")
        _ = exchange(piv, bytes("0020008008") + pin)
        piv.reset()
        _ = exchange(piv, Self.selectPIV)
        #expect(exchange(piv, Self.verifyEmpty).sw == "63C3")
        #expect(piv.pinTriesUsed == 0)
    }

    @Test(arguments: [
        "00DB3FFF0A5C035FC1055303700100",  // PUT DATA
        "0047009A05AC03800111",            // GENERATE ASYMMETRIC KEY PAIR
        "002400801031323334FFFFFFFF3132333435FFFFFF", // CHANGE REFERENCE DATA
        "002C00801031323334353637383132333435FFFFFF", // RESET RETRY COUNTER
        "00FB000000",                      // Yubico RESET
        "00FE079A00",                      // Yubico IMPORT KEY
        "00D6000002AABB",                  // UPDATE BINARY
    ])
    func writesAreRecordedAndRefused(_ command: String) {
        let piv = card()
        _ = exchange(piv, Self.selectPIV)
        let response = piv.respond(to: bytes(command))
        #expect(hexString(response) == "6982")
        #expect(piv.writeCommands == [bytes(command)])
        // Nothing changed: the certificate is still there, the PIN counter untouched.
        #expect(exchange(piv, Self.getAuthCert).sw == "9000")
        #expect(piv.pinTriesLeft == 3)
    }

    @Test func unknownInstructionsMalformedAPDUsAndCounting() {
        let piv = card()
        #expect(exchange(piv, bytes("00120000")).sw == "6D00")
        #expect(exchange(piv, bytes("00A404")).sw == "6700")          // under 4 bytes
        #expect(exchange(piv, bytes("00A4040009A000")).sw == "6700")   // Lc says 9, 1 byte follows
        #expect(exchange(piv, bytes("80CA9F7F00")).sw == "6E00")       // proprietary class
        #expect(exchange(piv, Self.getAuthCert).sw == "6D00")          // PIV not selected yet
        #expect(piv.commandCount == 5)
        #expect(piv.writeCommands.isEmpty)
    }

    @Test func resetAndPowerCycleDeselectTheApplet() {
        let piv = card()
        _ = exchange(piv, Self.selectPIV)
        piv.reset()
        #expect(exchange(piv, Self.getAuthCert).sw == "6D00")
        _ = exchange(piv, Self.selectPIV)
        piv.powerOff()
        #expect(piv.powerOn() == SimulatedPIVCard.yubiKeyATR)
        #expect(exchange(piv, Self.getAuthCert).sw == "6D00")
    }

    @Test func extendedLengthCommandsParse() {
        let piv = card(chunk: 0)
        // Extended SELECT: 00 Lc(2) data Le(2)
        #expect(exchange(piv, bytes("00A40400000005A0000003080000")).sw == "9000")
        let (object, sw) = exchange(piv, bytes("00CB3FFF0000055C035FC1050000"))
        #expect(sw == "9000")
        #expect(object.count == certificate.count + 13)
    }

    @Test func garbageNeverTraps() {
        // Deterministic pseudo-random APDUs (xorshift), aimed at every parser branch.
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 { seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; return seed }
        let piv = card(chunk: 37)
        for round in 0..<20_000 {
            let length = Int(next() % 300)
            var apdu = (0..<length).map { _ in UInt8(truncatingIfNeeded: next()) }
            if round % 3 == 0, apdu.count >= 2 { apdu[0] = 0x00; apdu[1] = [0xA4, 0xCB, 0xC0, 0x20][Int(next() % 4)] }
            if round % 50 == 0 { _ = piv.respond(to: Self.selectPIV) }
            let response = piv.respond(to: apdu)
            #expect(response.count >= 2)
        }
        // Whatever arrived, the retry counter only moved by tries actually spent.
        #expect(piv.pinTriesLeft + piv.pinTriesUsed == 3)
        #expect(piv.commandCount == 20_000 + 400)
    }
}
