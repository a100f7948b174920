import Testing
import SmartCard

@Suite struct PIVReaderTests {
    @Test func fullProbeWithChainedCertificate() throws {
        let card = FakePIVCard()
        let cert = fakeCertificate(900)
        card.objects[0x5FC105] = FakePIVCard.certificateObject(cert)
        // 53 82 03 8D { 70 82 03 84 <900>, 71 01 00, FE 00 } = 913 bytes: 256+256+256+145.
        #expect(card.objects[0x5FC105]?.count == 913)
        let report = PIVReader(transport: card.transport).probe()

        guard case .present(let applet) = report.applet else {
            Issue.record("applet not present: \(report.applet)")
            return
        }
        #expect(applet.applicationIdentifier == h("00 00 10 00 01 00"))
        #expect(report.slots.map(\.slot) == [.authentication, .signature, .keyManagement, .cardAuthentication])
        let auth = try #require(report.slots[0].read.value)
        #expect(auth.certificate == cert)
        #expect(auth.certInfo == 0x00)
        #expect(!auth.isCompressed)
        #expect(report.slots[1].read == .empty)
        #expect(report.slots[2].read == .empty)
        #expect(report.slots[3].read == .empty)
        #expect(report.chuid == .empty)
        #expect(report.pin == .triesLeft(3))
        #expect(report.certificates.count == 1)

        // SELECT, GET DATA 9A + 3 GET RESPONSE, GET DATA 9C 9D 9E, GET DATA CHUID, VERIFY.
        let sent = card.transport.sent
        #expect(report.apduCount == 10)
        #expect(sent.count == 10)
        #expect(sent[0] == h("00 A4 04 00 05 A0 00 00 03 08"))
        #expect(sent[1] == h("00 CB 3F FF 05 5C 03 5F C1 05 00"))
        #expect(sent[2] == h("00 C0 00 00 00"))
        #expect(sent[3] == h("00 C0 00 00 00"))
        #expect(sent[4] == h("00 C0 00 00 91"))     // 913 - 768 = 145 = 0x91
        #expect(sent[5] == h("00 CB 3F FF 05 5C 03 5F C1 0A 00"))
        #expect(sent[6] == h("00 CB 3F FF 05 5C 03 5F C1 0B 00"))
        #expect(sent[7] == h("00 CB 3F FF 05 5C 03 5F C1 01 00"))
        #expect(sent[8] == h("00 CB 3F FF 05 5C 03 5F C1 02 00"))
        #expect(sent[9] == h("00 20 00 80"))
        #expect(report.exchanges.map(\.command) == sent)
        #expect(report.bytesSent == sent.reduce(0) { $0 + $1.count })
        #expect(report.bytesReceived == report.exchanges.reduce(0) { $0 + ($1.response?.count ?? 0) })
    }

    @Test func sixCxxResendsWithTheExactLe() {
        let card = FakePIVCard()
        let chuid = BERTLV.encode(tag: 0x53, value: BERTLV.encode(tag: 0x30, value: [UInt8](repeating: 0xD4, count: 25))
                                  + BERTLV.encode(tag: 0x34, value: [UInt8](repeating: 0x11, count: 16))
                                  + BERTLV.encode(tag: 0x35, value: Array("20301231".utf8)))
        card.objects[0x5FC102] = chuid
        card.exactLeObjects = [0x5FC102]
        let reader = PIVReader(transport: card.transport,
                               options: PIVReadOptions(slots: [], readCHUID: true, checkPIN: false))
        let report = reader.probe()
        let value = report.chuid.value
        #expect(value?.guid == [UInt8](repeating: 0x11, count: 16))
        #expect(value?.fascn?.count == 25)
        #expect(value?.expiration == "20301231")
        let sent = card.transport.sent
        #expect(sent.count == 3)
        #expect(sent[1] == h("00 CB 3F FF 05 5C 03 5F C1 02 00"))
        #expect(sent[2] == h("00 CB 3F FF 05 5C 03 5F C1 02") + [UInt8(chuid.count)])
        #expect(report.pin == .notChecked)
    }

    @Test func compressedCertificateIsReportedNotInflated() throws {
        let card = FakePIVCard()
        let gzip = h("1F 8B 08 00") + [UInt8](repeating: 0x42, count: 300)
        card.objects[0x5FC10A] = FakePIVCard.certificateObject(gzip, certInfo: 0x01)
        let report = PIVReader(transport: card.transport).probe()
        let signature = try #require(report.slots.first { $0.slot == .signature }?.read.value)
        #expect(signature.isCompressed)
        #expect(signature.certInfo == 0x01)
        #expect(signature.certificate == gzip)
    }

    @Test(arguments: [
        ([0x63, 0xC3], PINState.triesLeft(3)),
        ([0x63, 0xC0], PINState.triesLeft(0)),
        ([0x69, 0x83], PINState.blocked),
        ([0x90, 0x00], PINState.verified),
        ([0x6A, 0x88], PINState.unknown(StatusWord(0x6A88))),
    ] as [([UInt8], PINState)])
    func pinStates(answer: [UInt8], expected: PINState) {
        let card = FakePIVCard()
        card.pinAnswer = answer
        let report = PIVReader(transport: card.transport, options: PIVReadOptions(slots: [], readCHUID: false)).probe()
        #expect(report.pin == expected)
        #expect(card.transport.sent.last == h("00 20 00 80"))
    }

    @Test func absentAppletStopsAfterSelect() {
        let card = FakePIVCard()
        card.hasPIVApplet = false
        let report = PIVReader(transport: card.transport).probe()
        #expect(report.applet == .absent(.fileNotFound))
        #expect(report.apduCount == 1)
        #expect(report.pin == .notChecked)           // never a VERIFY to a card that is not PIV
        #expect(report.slots.allSatisfy { $0.read == .notRead })
    }

    @Test func cardStatusOtherThanNotFound() {
        let card = FakePIVCard()
        card.transport.on(CommandAPDU.getData(tag: 0x5FC105).bytes, reply: [0x69, 0x82])
        let report = PIVReader(transport: card.transport, options: PIVReadOptions(slots: [.authentication])).probe()
        #expect(report.slots[0].read == .cardStatus(.securityNotSatisfied))
        #expect(report.pin == .triesLeft(3))
    }

    @Test func transportFailureMidChainEndsTheProbe() {
        let card = FakePIVCard()
        card.objects[0x5FC105] = FakePIVCard.certificateObject(fakeCertificate(900))
        card.transport.failure = (after: 3, error: .notTransacted)   // SELECT, GET DATA, 1 GET RESPONSE
        let report = PIVReader(transport: card.transport).probe()
        #expect(report.slots[0].read == .failed(.notTransacted))
        #expect(report.slots.dropFirst().allSatisfy { $0.read == .notRead })
        #expect(report.chuid == .notRead)
        #expect(report.pin == .notChecked)
        #expect(report.apduCount == 4)
    }

    @Test func transportFailureOnSelect() {
        let card = FakePIVCard()
        card.transport.failure = (after: 0, error: .cardRemoved)
        let report = PIVReader(transport: card.transport).probe()
        #expect(report.applet == .failed(.cardRemoved))
    }

    @Test func malformedAnswersAreValuesNotCrashes() {
        let card = FakePIVCard()
        card.objects[0x5FC105] = h("53 05 70 10 01 02")              // 70 claims 16 bytes
        card.objects[0x5FC10A] = h("7F 49 01 00")                    // no 53 container
        card.objects[0x5FC10B] = h("53 00")                          // empty container
        card.objects[0x5FC101] = h("53 82 01")                       // truncated length
        card.transport.on(CommandAPDU.getData(tag: PIV.chuidTag).bytes, reply: [0x90])  // 1-byte answer
        let report = PIVReader(transport: card.transport).probe()
        if case .malformed = report.slots[0].read {} else { Issue.record("9A: \(report.slots[0].read)") }
        if case .malformed = report.slots[1].read {} else { Issue.record("9C: \(report.slots[1].read)") }
        #expect(report.slots[2].read == .empty)
        if case .malformed = report.slots[3].read {} else { Issue.record("9E: \(report.slots[3].read)") }
        if case .failed(.malformedResponse) = report.chuid {} else { Issue.record("CHUID: \(report.chuid)") }
        // A malformed answer does not end the probe: the PIN state is still read.
        #expect(report.pin == .triesLeft(3))
    }

    @Test func endlessChainIsCutOff() {
        let card = ScriptedTransport(responder: { command in
            if command.starts(with: [0x00, 0xA4]) { return [0x90, 0x00] }
            return [UInt8](repeating: 0xAA, count: 256) + [0x61, 0x00]  // always "more"
        })
        let report = PIVReader(transport: card, options: PIVReadOptions(slots: [.authentication], readCHUID: false,
                                                                         checkPIN: true)).probe()
        if case .failed(.malformedResponse) = report.slots[0].read {} else { Issue.record("\(report.slots[0].read)") }
        #expect(report.apduCount <= 1 + 1 + 64 + 1)
    }

    @Test func writeCommandsNeverReachTheCard() throws {
        let card = FakePIVCard()
        let reader = PIVReader(transport: card.transport)
        // PUT DATA and a VERIFY with a PIN, through the reader's own send.
        let putData = try CommandAPDU(ins: 0xDB, p1: 0x3F, p2: 0xFF, data: h("5C 03 5F C1 05 53 00"))
        #expect(throws: SmartCardError.refused("instruction-not-allowed")) { try reader.send(putData) }
        let verifyPIN = try CommandAPDU(ins: 0x20, p1: 0x00, p2: 0x80, data: Array("123456\u{FF}\u{FF}".utf8.prefix(8)))
        #expect(throws: SmartCardError.refused("verify-with-data")) { try reader.send(verifyPIN) }
        #expect(card.transport.sent.isEmpty)
        #expect(reader.apduCount == 0)
    }
}
