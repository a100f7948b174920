import Testing
import SmartCard

// Expected values are read off the ISO/IEC 7816-3 tables by hand (Fi/Di table 7 and 8,
// §8.2-8.3 for the interface bytes) and ISO/IEC 7816-4 §8.1.1 for the historical bytes.

@Suite struct ATRKnownDecodingTests {
    /// The virtual YubiKey-like card of platform-findings.md (pcscd negotiated T=1 with it).
    @Test func yubiKeyLike() throws {
        let atr = ATR(hex: "3B FD 13 00 00 81 31 FE 15 80 73 C0 21 C0 57 59 75 62 69 4B 65 79 40")
        #expect(atr.convention == .direct)
        #expect(atr.t0 == 0xFD)
        #expect(atr.declaredHistoricalCount == 13)
        #expect(atr.interfaceBytes.map(\.name) == ["TA1", "TB1", "TC1", "TD1", "TD2", "TA3", "TB3"])
        // TA1 = 13: FI 1 -> Fi 372, f(max) 5 MHz; DI 3 -> Di 4.
        #expect(atr.parameters.fi == 372)
        #expect(atr.parameters.di == 4)
        #expect(atr.parameters.fmaxMHz == 5)
        #expect(atr.parameters.cyclesPerETU == 93)
        #expect(atr.parameters.extraGuardTime == 0)
        // TD1 = 81 -> T=1, TD2 follows; TD2 = 31 -> T=1, TA3 and TB3 follow.
        #expect(atr.protocols == [1])
        #expect(atr.interfaceByte(.a, 3)?.scope == .protocolT(1))
        #expect(atr.parameters.ifsc == 254)
        #expect(atr.parameters.blockWaitingInteger == 1)
        #expect(atr.parameters.characterWaitingInteger == 5)
        #expect(atr.parameters.errorDetection == .lrc)
        #expect(atr.historicalBytes == h("80 73 C0 21 C0 57 59 75 62 69 4B 65 79"))
        #expect(atr.historical.format == .compactTLV)
        #expect(atr.historical.objects.map(\.tag) == [0x7, 0x5])
        #expect(atr.historical.objects[1].value == Array("YubiKey".utf8))
        #expect(atr.tckRequired)
        #expect(atr.tck == 0x40)
        #expect(atr.tckState == .correct)
        #expect(atr.issues.isEmpty)
        let text = atr.descriptionLines
        #expect(text.contains("  TA(1) = 13 --> Fi=372, Di=4, 93 cycles/ETU"))
        #expect(text.contains("    43010 bits/s at 4 MHz, fMax for Fi = 5 MHz => 53763 bits/s"))
        #expect(text.contains("  TB(3) = 15 --> Block Waiting Integer: 1 - Character Waiting Integer: 5"))
        #expect(text.contains("+ TCK = 40 (correct checksum)"))
        #expect(text.contains("      Card issuer data: 59 75 62 69 4B 65 79 (\"YubiKey\")"))
    }

    /// A T=0 bank card (smartcard_list.txt: "Yandex money world card (Bank)").
    @Test func bankCardT0() {
        let atr = ATR(hex: "3B 6D 00 00 80 31 80 65 49 53 01 00 01 83 07 90 00")
        // T0 = 6D: TB1 and TC1 follow, K = 13. No TD1, so T=0 only and no TCK.
        #expect(atr.interfaceBytes.map(\.name) == ["TB1", "TC1"])
        #expect(atr.interfaceByte(.b, 1)?.meaning.first == "VPP is not electrically connected")
        #expect(atr.parameters.fi == 372 && atr.parameters.di == 1)   // defaults, no TA1
        #expect(atr.protocols == [0])
        #expect(!atr.tckRequired)
        #expect(atr.tck == nil && atr.tckState == .absent)
        #expect(atr.issues.isEmpty)
        // Category 80; 31 = card service data (1 byte), 65 = pre-issuing data (5), 83 = status (3).
        let hb = atr.historical
        #expect(hb.format == .compactTLV)
        #expect(hb.objects.map(\.tag) == [0x3, 0x6, 0x8])
        #expect(hb.objects[0].value == [0x80])
        #expect(hb.objects[1].value == h("49 53 01 00 01"))
        #expect(hb.lifeCycleStatus == 0x07)
        #expect(hb.status == .success)
        let text = atr.descriptionLines
        #expect(text.contains("        - Application selection: by full DF name"))
        #expect(text.contains("      LCS (life card cycle): 07 (Operational state (activated))"))
    }

    /// Inverse convention (TS = 3F), a GSM SIM (smartcard_list.txt: "Nokia SIM Ph2 16K Ver2.0").
    @Test func inverseConvention() {
        let atr = ATR(hex: "3F 2F 00 80 69 AF 03 07 01 59 00 00 0A 0E 83 3E 9F 16")
        #expect(atr.convention == .inverse)
        // T0 = 2F: TB1 only, K = 15.
        #expect(atr.interfaceBytes.map(\.name) == ["TB1"])
        #expect(atr.declaredHistoricalCount == 15)
        #expect(atr.protocols == [0])
        #expect(atr.tckState == .absent)
        #expect(atr.historical.format == .compactTLV)
        // 69: pre-issuing data, 9 bytes; 83: status indicator LCS 3E (proprietary), SW 9F16.
        #expect(atr.historical.objects.map(\.tag) == [0x6, 0x8])
        #expect(atr.historical.lifeCycleStatus == 0x3E)
        #expect(atr.historical.status == StatusWord(0x9F16))
        #expect(atr.issues.isEmpty)
        #expect(atr.descriptionLines.contains("+ TS = 3F --> Inverse Convention"))
    }

    /// Feitian ePass2003 (smartcard_list.txt: "Feitian ePass2003 (PKI)").
    @Test func feitianEPass2003() {
        let atr = ATR(hex: "3B 9F 95 81 31 FE 9F 00 66 46 53 05 10 04 31 71 DF 00 00 39 00 00 1F")
        #expect(atr.interfaceBytes.map(\.name) == ["TA1", "TD1", "TD2", "TA3", "TB3"])
        // TA1 = 95: FI 9 -> Fi 512, f(max) 5 MHz; DI 5 -> Di 16; 32 cycles per ETU.
        #expect(atr.parameters.fi == 512)
        #expect(atr.parameters.di == 16)
        #expect(atr.parameters.fmaxMHz == 5)
        #expect(atr.parameters.cyclesPerETU == 32)
        #expect(atr.protocols == [1])
        #expect(atr.parameters.ifsc == 254)
        #expect(atr.parameters.blockWaitingInteger == 9)
        #expect(atr.parameters.characterWaitingInteger == 15)
        #expect(atr.declaredHistoricalCount == 15)
        // Category 00: compact-TLV then the mandatory status indicator 39 00 00.
        let hb = atr.historical
        #expect(hb.format == .compactTLVWithStatus)
        #expect(hb.objects.first?.tag == 0x6)
        #expect(hb.objects.first?.value == h("46 53 05 10 04 31"))
        #expect(hb.objects.dropFirst().first?.tag == 0x7)
        #expect(hb.objects.dropFirst().first?.value == [0xDF])
        #expect(hb.lifeCycleStatus == 0x39)
        #expect(hb.status == StatusWord(0x0000))
        #expect(atr.tckState == .correct)
        #expect(atr.isWellFormed)
        let text = atr.descriptionLines
        #expect(text.contains("    125000 bits/s at 4 MHz, fMax for Fi = 5 MHz => 156250 bits/s"))
        #expect(text.contains("      LCS (life card cycle): 39 (Proprietary)"))
    }

    /// Longmai mToken CryptoID (smartcard_list.txt line 8861): the token names itself in the
    /// pre-issuing data, which the description shows as text.
    @Test func longmaiMToken() {
        let atr = ATR(hex: "3B 9F 11 81 31 FE 9F 00 6A 6D 54 6F 6B 65 6E 2D 46 00 00 81 90 00 79")
        // TA1 = 11: Fi 372, Di 1 (the defaults, stated).
        #expect(atr.parameters.fi == 372 && atr.parameters.di == 1 && atr.parameters.cyclesPerETU == 372)
        #expect(atr.protocols == [1])
        #expect(atr.historical.format == .compactTLVWithStatus)
        // 6A: pre-issuing data, 10 bytes; then LCS 81 and SW 9000.
        #expect(atr.historical.objects.map(\.tag) == [0x6])
        #expect(atr.historical.objects.first?.value == h("6D 54 6F 6B 65 6E 2D 46 00 00"))
        #expect(atr.historical.lifeCycleStatus == 0x81)
        #expect(atr.historical.status == .success)
        #expect(atr.tckState == .correct)
        #expect(atr.descriptionLines.contains("      Data: 6D 54 6F 6B 65 6E 2D 46 00 00 (\"mToken-F\")"))
    }

    /// Global bytes after T=15 (a constructed ATR; ISO 7816-3 §8.3).
    @Test func globalBytesAfterT15() {
        // T0=80 (TD1), TD1=80 (TD2, T=0), TD2=1F (TA3, T=15), TA3=C3: clock stop no preference,
        // classes A and B. No historical bytes; T=15 indicated, so TCK is required.
        var bytes = h("3B 80 80 1F C3")
        let xor = bytes.dropFirst().reduce(0, ^)
        bytes.append(xor)
        let atr = ATR(bytes: bytes)
        #expect(atr.protocols == [0])
        #expect(atr.tckRequired)
        #expect(atr.tckState == .correct)
        #expect(atr.parameters.clockStop == .noPreference)
        #expect(atr.parameters.classes == [.a, .b])
        #expect(atr.interfaceByte(.a, 3)?.scope == .global)
        #expect(atr.issues.isEmpty)
    }

    @Test func specificModeAndWorkWaitingTime() {
        // A constructed ATR. T0 = 90 -> TA1, TD1; TA1 = 18 (Fi 372, Di 12); TD1 = 50 -> TA2, TC2, T=0;
        // TA2 = 80: unable to change, parameters from interface bytes, T=0; TC2 = 0A: WI = 10.
        let atr = ATR(hex: "3B 90 18 50 80 0A")
        #expect(atr.parameters.di == 12)
        #expect(atr.parameters.cyclesPerETU == 31)
        #expect(atr.parameters.specificMode == ATR.SpecificMode(protocolType: 0, canChange: false, implicitParameters: false))
        #expect(atr.parameters.waitingIntegerT0 == 10)
        #expect(atr.interfaceByte(.c, 2)?.scope == .protocolT(0))
        #expect(atr.protocols == [0])
        #expect(!atr.tckRequired && atr.tckState == .absent)
        #expect(atr.issues.isEmpty)
    }
}

@Suite struct ATRGarbageTests {
    @Test func empty() {
        let atr = ATR(bytes: [])
        #expect(atr.issues.map(\.code) == ["empty"])
        #expect(!atr.isWellFormed)
        #expect(atr.descriptionLines.count >= 2)
    }

    @Test func onlyTS() {
        let atr = ATR(bytes: [0x3B])
        #expect(atr.issues.map(\.code) == ["too-short"])
        #expect(atr.convention == .direct)
    }

    @Test func wrongTSStillDecodesTheRest() {
        let atr = ATR(hex: "3C 6D 00 00 80 31 80 65 49 53 01 00 01 83 07 90 00")
        #expect(atr.issues.map(\.code) == ["bad-ts"])
        #expect(atr.convention == nil)
        #expect(atr.historical.objects.count == 3)
        #expect(atr.descriptionLines.contains("+ TS = 3C --> UNDEFINED"))
    }

    @Test func truncatedInterfaceBytes() {
        // YubiKey-like ATR cut inside TB3.
        let atr = ATR(hex: "3B FD 13 00 00 81 31 FE")
        #expect(atr.issues.map(\.code) == ["truncated-interface-bytes"])
        #expect(atr.issues.first?.message.contains("TB3") == true)
        #expect(atr.interfaceBytes.count == 6)
        #expect(atr.historicalBytes.isEmpty)
        #expect(atr.tckState == .missing)
        #expect(atr.descriptionLines.contains("+ Historical bytes: none"))
    }

    @Test func missingHistoricalBytes() {
        // T=0 card announcing 13 historical bytes, 4 present.
        let atr = ATR(hex: "3B 6D 00 00 80 31 80 65")
        #expect(atr.issues.map(\.code).contains("truncated-historical-bytes"))
        #expect(atr.historicalBytes == h("80 31 80 65"))
        #expect(atr.historical.issues.map(\.code) == ["historical-tlv-truncated"])
    }

    @Test func missingTCK() {
        let atr = ATR(hex: "3B FD 13 00 00 81 31 FE 15 80 73 C0 21 C0 57 59 75 62 69 4B 65 79")
        #expect(atr.issues.map(\.code) == ["missing-tck"])
        #expect(atr.tckState == .missing)
    }

    @Test func badTCK() {
        let atr = ATR(hex: "3B FD 13 00 00 81 31 FE 15 80 73 C0 21 C0 57 59 75 62 69 4B 65 79 41")
        #expect(atr.issues.map(\.code) == ["bad-tck"])
        #expect(atr.tckState == .wrong(expected: 0x40))
        #expect(atr.descriptionLines.contains("+ TCK = 41 WRONG CHECKSUM, expected 40"))
    }

    @Test func extraBytesAndUnexpectedTCK() {
        let extra = ATR(hex: "3B FD 13 00 00 81 31 FE 15 80 73 C0 21 C0 57 59 75 62 69 4B 65 79 40 AA BB")
        #expect(extra.issues.map(\.code) == ["extra-bytes"])
        #expect(extra.extraBytes == [0xAA, 0xBB])
        #expect(extra.tckState == .correct)
        let t0 = ATR(hex: "3B 02 14 50 46")   // only T=0, one byte too many (a correct TCK)
        #expect(t0.issues.map(\.code) == ["unexpected-tck"])
    }

    @Test func reservedValuesAreFlagged() {
        let atr = ATR(hex: "3B 90 70 00")      // TA1 = 70: Fi index 7 is RFU; Di 0 is RFU
        #expect(atr.parameters.fi == nil && atr.parameters.di == nil)
        #expect(atr.issues.map(\.code).contains("rfu-ta1"))
        let td1t15 = ATR(hex: "3B 80 0F 0F")
        #expect(td1t15.issues.map(\.code).contains("td1-t15"))
    }

    @Test func randomBytesNeverTrap() {
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<20000 {
            var bytes = randomBytes(Int.random(in: 0...40, using: &rng), using: &rng)
            if !bytes.isEmpty && Bool.random(using: &rng) { bytes[0] = 0x3B }
            let atr = ATR(bytes: bytes)
            #expect(!atr.descriptionLines.isEmpty)
            #expect(atr.interfaceBytes.count + atr.historicalBytes.count + (atr.tck == nil ? 0 : 1)
                    + atr.extraBytes.count <= max(bytes.count - 2, 0))
        }
    }
}

/// Every ATR in the system's smartcard_list.txt, wildcards filled with 0, decodes without trapping.
@Suite struct SmartcardListDecodeTests {
    @Test(.enabled(if: ATRListSupport.listIsInstalled))
    func everyListedATRDecodes() throws {
        let catalog = try ATRCatalog.load(path: TestPaths.smartcardList)
        #expect(catalog.count > 1000)
        var wellFormed = 0
        for entry in catalog.entries {
            let bytes = try #require(ATRListSupport.concreteBytes(for: entry.pattern.text),
                                     "line \(entry.line): \(entry.pattern.text)")
            let atr = ATR(bytes: bytes)
            #expect(atr.bytes == bytes)
            #expect(atr.descriptionLines.first == "ATR: " + Hex.encode(bytes))
            if atr.isWellFormed { wellFormed += 1 }
        }
        // Most listed ATRs are sound; the list also holds memory cards and typos, hence not all.
        #expect(wellFormed > catalog.count / 2)
    }
}

enum ATRListSupport {
    static let listIsInstalled: Bool = (try? ATRCatalog.load(path: TestPaths.smartcardList)) != nil

    /// A concrete ATR for a pattern: `.` -> 0, a bracket set -> its first member, `.*` -> one byte 00.
    static func concreteBytes(for pattern: String) -> [UInt8]? {
        var chars = Array(pattern)
        var out: [Character] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            var produced: Character
            if c == "[" {
                guard let close = chars[(i + 1)...].firstIndex(of: "]") else { return nil }
                produced = chars[i + 1]
                i = close + 1
            } else {
                produced = c == "." ? "0" : c
                i += 1
            }
            if i < chars.count, chars[i] == "*" {
                // ".*" stands for any run of bytes: one byte 00 is a fair instance.
                if produced == "." || c == "." { out.append(contentsOf: " 00 ") }
                i += 1
                continue
            }
            out.append(produced)
        }
        chars = out
        return Hex.decode(String(chars))
    }
}
