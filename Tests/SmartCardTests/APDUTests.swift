import Testing
import SmartCard

@Suite struct HexTests {
    @Test func decodesTheUsualSpellings() {
        #expect(Hex.decode("3B FD 13") == [0x3B, 0xFD, 0x13])
        #expect(Hex.decode("3b:fd:13") == [0x3B, 0xFD, 0x13])
        #expect(Hex.decode("3BFD13") == [0x3B, 0xFD, 0x13])
        #expect(Hex.decode("") == [])
    }

    @Test func refusesWhatIsNotHex() {
        #expect(Hex.decode("3B F") == nil)
        #expect(Hex.decode("3G") == nil)
        #expect(Hex.decode("3 B") == nil)
        #expect(Hex.decode("..") == nil)
    }

    @Test func encodesUpperCase() {
        #expect(Hex.encode([0x00, 0xab, 0x7F]) == "00 AB 7F")
        #expect(Hex.encode([0x00, 0xab], separator: "") == "00AB")
        #expect(Hex.encode([UInt8]()) == "")
    }
}

@Suite struct CommandAPDUTests {
    // Expected encodings written from ISO 7816-3 §12.1.3, not from the encoder.
    @Test func shortCases() throws {
        #expect(try CommandAPDU(ins: 0x20, p1: 0x00, p2: 0x80).bytes == h("00 20 00 80"))
        #expect(try CommandAPDU(ins: 0xC0, p1: 0, p2: 0, le: 256).bytes == h("00 C0 00 00 00"))
        #expect(try CommandAPDU(ins: 0xC0, p1: 0, p2: 0, le: 0x1A).bytes == h("00 C0 00 00 1A"))
        #expect(try CommandAPDU(ins: 0xA4, p1: 4, p2: 0, data: h("A0 00 00 03 08")).bytes
                == h("00 A4 04 00 05 A0 00 00 03 08"))
        #expect(try CommandAPDU(ins: 0xA4, p1: 4, p2: 0, data: h("A0 00 00 03 08"), le: 256).bytes
                == h("00 A4 04 00 05 A0 00 00 03 08 00"))
    }

    @Test func extendedCases() throws {
        let le = try CommandAPDU(ins: 0xB0, p1: 0, p2: 0, le: 65536)
        #expect(le.bytes == h("00 B0 00 00 00 00 00"))
        #expect(le.apduCase == .case2Extended)
        let data = [UInt8](repeating: 0xAB, count: 300)
        let c3 = try CommandAPDU(ins: 0xDB, p1: 0x3F, p2: 0xFF, data: data)
        #expect(Array(c3.bytes.prefix(7)) == h("00 DB 3F FF 00 01 2C"))
        #expect(c3.bytes.count == 7 + 300)
        #expect(c3.apduCase == .case3Extended)
        let c4 = try CommandAPDU(ins: 0xCB, p1: 0x3F, p2: 0xFF, data: h("5C 03 5F C1 05"), le: 1000)
        #expect(c4.bytes == h("00 CB 3F FF 00 00 05 5C 03 5F C1 05 03 E8"))
        let forced = try CommandAPDU(ins: 0xC0, p1: 0, p2: 0, le: 10, extended: true)
        #expect(forced.bytes == h("00 C0 00 00 00 00 0A"))
    }

    @Test func refusesOutOfRangeValues() {
        #expect(throws: APDUError.leOutOfRange(0)) { try CommandAPDU(ins: 0xB0, p1: 0, p2: 0, le: 0) }
        #expect(throws: APDUError.leOutOfRange(65537)) { try CommandAPDU(ins: 0xB0, p1: 0, p2: 0, le: 65537) }
        #expect(throws: APDUError.dataTooLong(65536)) {
            try CommandAPDU(ins: 0xD6, p1: 0, p2: 0, data: [UInt8](repeating: 0, count: 65536))
        }
        #expect(throws: APDUError.self) { try CommandAPDU.select(aid: []) }
        #expect(throws: APDUError.self) { try CommandAPDU.select(aid: [UInt8](repeating: 1, count: 17)) }
    }

    @Test func parsesEveryCase() throws {
        let c1 = try CommandAPDU(bytes: h("00 20 00 80"))
        #expect(c1.apduCase == .case1 && c1.data.isEmpty && c1.le == nil)
        let c2 = try CommandAPDU(bytes: h("00 C0 00 00 00"))
        #expect(c2.apduCase == .case2Short && c2.le == 256)
        let c3 = try CommandAPDU(bytes: h("00 A4 04 00 05 A0 00 00 03 08"))
        #expect(c3.apduCase == .case3Short && c3.data == PIV.aid && c3.le == nil)
        let c4 = try CommandAPDU(bytes: h("00 CB 3F FF 05 5C 03 5F C1 05 00"))
        #expect(c4.apduCase == .case4Short && c4.data == h("5C 03 5F C1 05") && c4.le == 256)
        let e2 = try CommandAPDU(bytes: h("00 B0 00 00 00 00 00"))
        #expect(e2.apduCase == .case2Extended && e2.le == 65536)
        let e3 = try CommandAPDU(bytes: h("00 DA 00 00 00 00 02 AA BB"))
        #expect(e3.apduCase == .case3Extended && e3.data == [0xAA, 0xBB])
        let e4 = try CommandAPDU(bytes: h("00 CB 3F FF 00 00 01 5C 01 00"))
        #expect(e4.apduCase == .case4Extended && e4.data == [0x5C] && e4.le == 256)
    }

    @Test func refusesInconsistentLengths() {
        #expect(throws: APDUError.tooShort(3)) { try CommandAPDU(bytes: h("00 A4 04")) }
        #expect(throws: APDUError.self) { try CommandAPDU(bytes: h("00 A4 04 00 05 A0 00")) }          // Lc 5, 2 bytes
        #expect(throws: APDUError.self) { try CommandAPDU(bytes: h("00 A4 04 00 02 A0 00 00 00")) }    // one byte too many
        #expect(throws: APDUError.self) { try CommandAPDU(bytes: h("00 A4 04 00 00 00 00 01")) }       // extended Lc 0
        #expect(throws: APDUError.self) { try CommandAPDU(bytes: h("00 A4 04 00 00 00 05 A0")) }       // extended, short data
    }

    @Test func roundTripsRandomCommands() throws {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<2000 {
            let dataCount = [0, 1, 5, 255, 256, 300].randomElement(using: &rng) ?? 0
            let le: Int? = [nil, 1, 255, 256, 257, 65536].randomElement(using: &rng) ?? nil
            let command = try CommandAPDU(cla: UInt8.random(in: 0...255, using: &rng), ins: 0xB0,
                                          p1: UInt8.random(in: 0...255, using: &rng), p2: 1,
                                          data: randomBytes(dataCount, using: &rng), le: le)
            let parsed = try CommandAPDU(bytes: command.bytes)
            #expect(parsed == command)
        }
    }

    @Test func parsingGarbageNeverTraps() {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<5000 {
            let bytes = randomBytes(Int.random(in: 0...12, using: &rng), using: &rng)
            if let parsed = try? CommandAPDU(bytes: bytes) {
                #expect(parsed.bytes == bytes)   // what parses re-encodes to the same bytes
            }
        }
    }

    @Test func builders() throws {
        #expect(CommandAPDU.getData(tag: 0x5FC105).bytes == h("00 CB 3F FF 05 5C 03 5F C1 05 00"))
        #expect(CommandAPDU.getResponse(available: 256).bytes == h("00 C0 00 00 00"))
        #expect(CommandAPDU.getResponse(available: 0x1A).bytes == h("00 C0 00 00 1A"))
        #expect(CommandAPDU.verifyStatus().bytes == h("00 20 00 80"))
        #expect(try CommandAPDU.select(aid: PIV.aid).bytes == h("00 A4 04 00 05 A0 00 00 03 08"))
        #expect(try CommandAPDU.readBinary(offset: 0x0102, le: 0x10).bytes == h("00 B0 01 02 10"))
        #expect(try CommandAPDU.getData(tag: 0x5FC105).with(le: 0x20).bytes == h("00 CB 3F FF 05 5C 03 5F C1 05 20"))
    }
}

@Suite struct ResponseAndStatusTests {
    @Test func splitsDataAndStatus() throws {
        let r = try ResponseAPDU(bytes: h("01 02 90 00"))
        #expect(r.data == [1, 2] && r.status == .success && r.status.isSuccess)
        #expect(r.bytes == h("01 02 90 00"))
        #expect(throws: APDUError.responseTooShort(1)) { try ResponseAPDU(bytes: [0x90]) }
        #expect(throws: APDUError.responseTooShort(0)) { try ResponseAPDU(bytes: []) }
    }

    @Test(arguments: [
        (0x9000, "ok"), (0x6983, "auth-blocked"), (0x6982, "security-not-satisfied"),
        (0x6A80, "wrong-data"), (0x6A81, "function-not-supported"), (0x6A82, "file-not-found"),
        (0x6A86, "incorrect-p1p2"), (0x6B00, "wrong-p1p2"), (0x6D00, "ins-not-supported"),
        (0x6E00, "cla-not-supported"), (0x6700, "wrong-length"), (0x6F00, "no-diagnosis"),
        (0x6110, "more-data"), (0x6C20, "wrong-le"), (0x63C2, "tries-left"), (0x6300, "verification-failed"),
        (0x1234, "unknown"),
    ] as [(UInt16, String)])
    func stableCodes(value: UInt16, code: String) {
        let sw = StatusWord(value)
        #expect(sw.code == code)
        #expect(!sw.meaning.isEmpty)
    }

    @Test func parameterisedMeanings() {
        #expect(StatusWord(0x6100).bytesAvailable == 256)
        #expect(StatusWord(0x6110).bytesAvailable == 16)
        #expect(StatusWord(0x6C00).exactLength == 256)
        #expect(StatusWord(0x6C1A).exactLength == 26)
        #expect(StatusWord(0x63C0).triesLeft == 0)
        #expect(StatusWord(0x63C3).triesLeft == 3)
        #expect(StatusWord(0x6300).triesLeft == nil)
        #expect(StatusWord(0x9000).bytesAvailable == nil)
        #expect(StatusWord(0x63C3).meaning.contains("3 tries left"))
        #expect(StatusWord(0x6A82).hex == "6A82")
    }
}
