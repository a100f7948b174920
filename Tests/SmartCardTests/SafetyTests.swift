import Testing
import SmartCard

/// The allowlist restated independently of SafetyPolicy, straight from the rule:
/// short APDUs with CLA 00 only; SELECT by AID (04 00|0C, AID 1-16 bytes); GET DATA 3F FF with
/// one 5C tag list; GET RESPONSE 00 00 with Le and no data; READ BINARY with no data;
/// VERIFY 00 80|81 as exactly four bytes.
func oracleAllows(_ b: [UInt8]) -> Bool {
    guard b.count >= 4, b[0] == 0x00 else { return false }
    let ins = b[1], p1 = b[2], p2 = b[3]
    let body = Array(b[4...])
    if ins == 0x20 { return b.count == 4 && p1 == 0x00 && (p2 == 0x80 || p2 == 0x81) }
    var data: [UInt8] = []
    var hasLe = false
    switch body.count {
    case 0: break
    case 1: hasLe = true
    default:
        let lc = Int(body[0])
        if lc == 0 { return false }                           // extended form
        if body.count == 1 + lc { data = Array(body[1...]) }
        else if body.count == 2 + lc { data = Array(body[1...lc]); hasLe = true }
        else { return false }
    }
    switch ins {
    case 0xA4: return p1 == 0x04 && (p2 == 0x00 || p2 == 0x0C) && (1...16).contains(data.count)
    case 0xCB:
        return p1 == 0x3F && p2 == 0xFF && data.count >= 3 && data[0] == 0x5C
            && (1...3).contains(Int(data[1])) && data.count == 2 + Int(data[1])
    case 0xC0: return p1 == 0 && p2 == 0 && data.isEmpty && hasLe
    case 0xB0: return data.isEmpty
    default: return false
    }
}

/// Counts what reaches the card behind a SafeTransport.
private func guarded() -> (SafeTransport, ScriptedTransport) {
    let card = ScriptedTransport(fallback: [0x90, 0x00])
    return (SafeTransport(card), card)
}

@Suite struct SafetyAllowlistTests {
    static let allowedINS: Set<UInt8> = [0xA4, 0xCB, 0xC0, 0xB0, 0x20]

    /// Every instruction byte, in several shapes: only the five listed ever pass.
    @Test func everyOtherInstructionIsRefused() {
        let (safe, card) = guarded()
        var passed: Set<UInt8> = []
        for ins in UInt8.min...UInt8.max {
            let shapes: [[UInt8]] = [
                [0x00, ins, 0x00, 0x00],
                [0x00, ins, 0x00, 0x80],
                [0x00, ins, 0x00, 0x00, 0x00],
                [0x00, ins, 0x3F, 0xFF, 0x05, 0x5C, 0x03, 0x5F, 0xC1, 0x05, 0x00],
                [0x00, ins, 0x04, 0x00, 0x05, 0xA0, 0x00, 0x00, 0x03, 0x08],
                [0x00, ins, 0x00, 0x80, 0x08, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0xFF, 0xFF],
            ]
            for shape in shapes {
                do {
                    _ = try safe.transmit(shape)
                    passed.insert(ins)
                    #expect(Self.allowedINS.contains(ins), "INS \(Hex.byte(ins)) passed: \(Hex.encode(shape))")
                } catch {
                    if !Self.allowedINS.contains(ins) {
                        #expect(error == .refused("instruction-not-allowed"))
                    }
                }
            }
        }
        #expect(passed == Self.allowedINS)
        #expect(card.sent.allSatisfy(oracleAllows))
    }

    /// Every CLA but 00 is refused, for each allowed command.
    @Test func everyOtherClassIsRefused() {
        let allowed: [[UInt8]] = [
            h("00 A4 04 00 05 A0 00 00 03 08"), h("00 CB 3F FF 05 5C 03 5F C1 05 00"),
            h("00 C0 00 00 00"), h("00 B0 00 00 00"), h("00 20 00 80"),
        ]
        let (safe, card) = guarded()
        for command in allowed {
            #expect(SafetyPolicy.isAllowed(command))
            for cla in UInt8(1)...UInt8.max {
                var c = command
                c[0] = cla
                #expect(throws: SmartCardError.refused("class-not-allowed")) { try safe.transmit(c) }
            }
        }
        #expect(card.sent.isEmpty)
    }

    /// All 65536 P1 P2 values for each allowed instruction, judged against the oracle.
    @Test func everyP1P2() {
        let templates: [[UInt8]] = [
            h("00 A4 00 00 05 A0 00 00 03 08"), h("00 CB 00 00 05 5C 03 5F C1 05 00"),
            h("00 C0 00 00 00"), h("00 B0 00 00 00"), h("00 20 00 00"),
        ]
        for template in templates {
            var allowedCount = 0
            for p1p2 in 0...0xFFFF {
                var c = template
                c[2] = UInt8(p1p2 >> 8)
                c[3] = UInt8(p1p2 & 0xFF)
                let allowed = SafetyPolicy.isAllowed(c)
                if allowed != oracleAllows(c) {
                    Issue.record("disagree on \(Hex.encode(c))")
                    break
                }
                if allowed { allowedCount += 1 }
            }
            switch template[1] {
            case 0xA4: #expect(allowedCount == 2)          // 04 00, 04 0C
            case 0xCB: #expect(allowedCount == 1)          // 3F FF
            case 0xC0: #expect(allowedCount == 1)          // 00 00
            case 0xB0: #expect(allowedCount == 65536)      // any offset or SFI
            case 0x20: #expect(allowedCount == 2)          // 00 80, 00 81
            default: Issue.record("unexpected template")
            }
        }
    }

    /// A VERIFY carrying anything after the header never reaches the card.
    @Test func verifyWithAnyDataIsRefused() {
        var rng = SeededGenerator(seed: 99)
        let (safe, card) = guarded()
        for length in 1...255 {
            let pin = randomBytes(length, using: &rng)
            for p2: UInt8 in [0x80, 0x81] {
                let short = [0x00, 0x20, 0x00, p2, UInt8(length)] + pin
                #expect(throws: SmartCardError.refused("verify-with-data")) { try safe.transmit(short) }
                let withLe = short + [0x00]
                #expect(throws: SmartCardError.refused("verify-with-data")) { try safe.transmit(withLe) }
                let extended = [0x00, 0x20, 0x00, p2, 0x00, 0x00, UInt8(length)] + pin
                #expect(throws: SmartCardError.refused("verify-with-data")) { try safe.transmit(extended) }
            }
        }
        // Odd shapes: an Le byte only, a lone Lc, garbage after the header.
        #expect(throws: SmartCardError.refused("verify-with-le")) { try safe.transmit(h("00 20 00 80 00")) }
        #expect(throws: SmartCardError.refused("verify-with-le")) { try safe.transmit(h("00 20 00 80 08")) }
        #expect(throws: SmartCardError.refused("verify-with-data")) { try safe.transmit(h("00 20 00 80 08 31 32")) }
        #expect(throws: SmartCardError.refused("verify-reference")) { try safe.transmit(h("00 20 00 00")) }
        #expect(throws: SmartCardError.refused("class-not-allowed")) { try safe.transmit(h("80 20 00 80")) }
        #expect(throws: SmartCardError.refused("malformed-apdu")) { try safe.transmit(h("00 20 00")) }
        #expect(card.sent.isEmpty)
        #expect(safe.refusals.count == 255 * 2 * 3 + 6)
    }

    @Test func namedRefusals() {
        let cases: [(String, String)] = [
            ("00 A4 00 00 02 3F 00", "select-not-by-aid"),
            ("00 A4 04 00", "select-without-aid"),
            ("00 A4 04 00 11 A0 00 00 00 03 08 00 00 10 00 01 00 00 00 00 00 00", "select-without-aid"),
            ("00 CB 3F FE 05 5C 03 5F C1 05 00", "get-data-parameters"),
            ("00 CB 3F FF 05 53 03 5F C1 05 00", "get-data-tag-list"),
            ("00 CB 3F FF 00", "get-data-tag-list"),
            ("00 C0 00 01 00", "get-response-parameters"),
            ("00 C0 00 00", "get-response-parameters"),
            ("00 B0 00 00 01 00", "read-binary-with-data"),
            ("00 B0 00 00 00 00 10", "extended-length"),
            ("00 D6 00 00 01 00", "instruction-not-allowed"),     // UPDATE BINARY
            ("00 DA 3F FF 01 00", "instruction-not-allowed"),     // PUT DATA
            ("00 2C 00 80 00", "instruction-not-allowed"),        // RESET RETRY COUNTER
            ("00 24 00 80 10 31 31 31 31 31 31 FF FF 32 32 32 32 32 32 FF FF", "instruction-not-allowed"), // CHANGE
            ("00 47 00 9A 00", "instruction-not-allowed"),        // GENERATE ASYMMETRIC KEY PAIR
            ("00 87 07 9A 00", "instruction-not-allowed"),        // GENERAL AUTHENTICATE
            ("00 E4 00 00 02 3F 00", "instruction-not-allowed"),  // DELETE FILE
            ("00 A4 04 00 05 A0 00", "malformed-apdu"),
            ("00", "malformed-apdu"),
            ("", "malformed-apdu"),
        ]
        for (hex, rule) in cases {
            let bytes = Hex.decode(hex) ?? []
            switch SafetyPolicy.check(bytes) {
            case .success(let allowed): Issue.record("\(hex) allowed as \(allowed)")
            case .failure(let refusal): #expect(refusal.rule == rule, "\(hex)")
            }
        }
    }

    @Test func allowedCommandsAreNamed() throws {
        let cases: [(String, AllowedCommand)] = [
            ("00 A4 04 00 05 A0 00 00 03 08", .selectByAID), ("00 A4 04 0C 05 A0 00 00 03 08 00", .selectByAID),
            ("00 CB 3F FF 05 5C 03 5F C1 05 00", .getData), ("00 CB 3F FF 03 5C 01 7E", .getData),
            ("00 C0 00 00 91", .getResponse), ("00 B0 81 00 00", .readBinary), ("00 B0 00 10", .readBinary),
            ("00 20 00 80", .verifyStatus), ("00 20 00 81", .verifyStatus),
        ]
        for (hex, expected) in cases {
            #expect(try SafetyPolicy.check(Hex.decode(hex) ?? []).get() == expected, "\(hex)")
        }
    }

    /// Random APDUs, biased toward the interesting bytes: the policy agrees with the oracle,
    /// and SafeTransport forwards exactly what the oracle allows.
    @Test func randomCommandsAgreeWithTheOracle() {
        var rng = SeededGenerator(seed: 2024)
        let (safe, card) = guarded()
        var expectedForwarded = 0
        let interestingINS: [UInt8] = [0xA4, 0xCB, 0xC0, 0xB0, 0x20, 0x21, 0xCA, 0xDA, 0xDB, 0xD6, 0x24, 0x2C, 0x47, 0x87]
        for _ in 0..<100_000 {
            var c: [UInt8] = [
                Bool.random(using: &rng) ? 0x00 : UInt8.random(in: 0...255, using: &rng),
                Bool.random(using: &rng) ? (interestingINS.randomElement(using: &rng) ?? 0) : UInt8.random(in: 0...255, using: &rng),
                [0x00, 0x04, 0x3F, UInt8.random(in: 0...255, using: &rng)].randomElement(using: &rng) ?? 0,
                [0x00, 0x0C, 0x80, 0x81, 0xFF, UInt8.random(in: 0...255, using: &rng)].randomElement(using: &rng) ?? 0,
            ]
            switch Int.random(in: 0...5, using: &rng) {
            case 0: break
            case 1: c.append(UInt8.random(in: 0...255, using: &rng))
            case 2:
                let data = Bool.random(using: &rng) ? [0x5C, 0x03, 0x5F, 0xC1, 0x05] : randomBytes(Int.random(in: 1...20, using: &rng), using: &rng)
                c += [UInt8(data.count)] + data
                if Bool.random(using: &rng) { c.append(0x00) }
            case 3: c += randomBytes(Int.random(in: 1...8, using: &rng), using: &rng)
            case 4: c += [0x00] + randomBytes(Int.random(in: 2...6, using: &rng), using: &rng)
            default: c = Array(c.prefix(Int.random(in: 0...4, using: &rng)))
            }
            let expected = oracleAllows(c)
            #expect(SafetyPolicy.isAllowed(c) == expected, "\(Hex.encode(c))")
            if expected { expectedForwarded += 1 }
            _ = try? safe.transmit(c)
        }
        #expect(card.sent.count == expectedForwarded)
        #expect(card.sent.allSatisfy(oracleAllows))
        #expect(expectedForwarded > 100)            // the generator does reach allowed commands
    }

    /// A full PIV probe through a recording scripted card: only allowlisted commands were sent,
    /// and never a VERIFY with data.
    @Test func fullPIVProbeStaysInsideTheList() {
        let card = FakePIVCard()
        card.objects[0x5FC105] = FakePIVCard.certificateObject(fakeCertificate(900, seed: 5))
        card.objects[0x5FC10A] = FakePIVCard.certificateObject(fakeCertificate(1200, seed: 6))
        card.objects[0x5FC102] = h("53 04 34 02 11 22")
        card.exactLeObjects = [0x5FC102]
        let recorder = RecordingTransport(card.transport)
        let report = PIVReader(transport: recorder).probe()
        #expect(report.certificates.count == 2)
        #expect(recorder.commandCount == card.transport.sent.count)
        #expect(recorder.commandCount == report.apduCount)
        for command in card.transport.sent {
            #expect(oracleAllows(command), "\(Hex.encode(command))")
            #expect(SafetyPolicy.isAllowed(command))
            if command.count > 1 && command[1] == 0x20 { #expect(command.count == 4, "VERIFY with data: \(Hex.encode(command))") }
        }
        #expect(card.transport.sent.contains(h("00 20 00 80")))
    }
}

@Suite struct TestTransportTests {
    @Test func scriptedRepliesInTurnThenRepeatsTheLast() throws {
        let card = ScriptedTransport()
        card.on([0x01], replies: [[0x61, 0x01], [0x90, 0x00]])
        #expect(try card.transmit([0x01]) == [0x61, 0x01])
        #expect(try card.transmit([0x01]) == [0x90, 0x00])
        #expect(try card.transmit([0x01]) == [0x90, 0x00])
        #expect(try card.transmit([0x02]) == [0x6D, 0x00])
        #expect(card.on(hex: "00 A4", reply: "90 00"))
        #expect(!card.on(hex: "zz", reply: "90 00"))
        #expect(card.sent == [[0x01], [0x01], [0x01], [0x02]])
    }

    @Test func recordingCounts() throws {
        let card = ScriptedTransport(fallback: [0x90, 0x00])
        card.failure = (after: 2, error: .cardRemoved)
        let recorder = RecordingTransport(card)
        _ = try recorder.transmit([1, 2, 3, 4])
        _ = try recorder.transmit([1, 2, 3, 4, 5])
        #expect(throws: SmartCardError.cardRemoved) { try recorder.transmit([9, 9, 9, 9]) }
        #expect(recorder.commandCount == 3)
        #expect(recorder.bytesSent == 13)
        #expect(recorder.bytesReceived == 4)
        #expect(recorder.exchanges.last?.error == .cardRemoved)
        recorder.reset()
        #expect(recorder.commandCount == 0 && recorder.exchanges.isEmpty)
    }
}
