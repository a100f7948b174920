// The real PC/SC path: PCSCSystem → pcsclite → pcscd → vpcd → ukey-vcard → SimulatedPIVCard.
// Needs scripts/rig/install and scripts/rig/start; fails with that advice when the rig is
// missing (UKD_SKIP_RIG=1 turns the suite off). Serialized: there is one vpcd port per reader.
import CPCSCLite
import Foundation
import PCSC
import Simulator
import SmartCard
import Testing

private let selectPIV = bytes("00A4040005A000000308")
private let getAuthCertificate = bytes("00CB3FFF055C035FC10500")
private let verifyEmpty = bytes("00200080")

/// Extracts the DER from a PIV certificate object (53 { 70 DER, 71, FE }); test-only parsing.
private func certificateDER(fromObject object: [UInt8]) -> [UInt8]? {
    func lengthAt(_ i: Int, in b: [UInt8]) -> (length: Int, headerEnd: Int)? {
        guard i < b.count else { return nil }
        switch b[i] {
        case ..<0x80: return (Int(b[i]), i + 1)
        case 0x81 where i + 1 < b.count: return (Int(b[i + 1]), i + 2)
        case 0x82 where i + 2 < b.count: return (Int(b[i + 1]) << 8 | Int(b[i + 2]), i + 3)
        default: return nil
        }
    }
    guard object.first == 0x53, let outer = lengthAt(1, in: object),
          outer.headerEnd < object.count, object[outer.headerEnd] == 0x70,
          let inner = lengthAt(outer.headerEnd + 1, in: object),
          inner.headerEnd + inner.length <= object.count else { return nil }
    return Array(object[inner.headerEnd..<(inner.headerEnd + inner.length)])
}

@Suite(.serialized, .enabled(if: !Rig.skipped, "UKD_SKIP_RIG=1"))
final class PCSCRigTests {
    let system = PCSCSystem()
    let reader = Rig.reader

    init() throws {
        try Rig.require()
    }

    /// Starts a card and waits until pcscd has powered it (PRESENT, or MUTE for --mute).
    func insert(_ arguments: [String] = [], expectMute: Bool = false) throws -> VirtualCardProcess {
        let card = try VirtualCardProcess(["--cert", "5FC105=\(Rig.certificatePath)"] + arguments)
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            let state = try system.listReaders().first { $0.name == reader }?.state
            if state == .present || (expectMute && state == .mute) { return card }
            _ = try system.waitForChange(timeoutMs: 500)
        }
        card.stop()
        throw Rig.Missing(description: "pcscd did not see the ukey-vcard card within 5 s; stderr: \(card.stderr)")
    }

    @Test func listsBothVirtualReaders() throws {
        let readers = try system.listReaders()
        let names = readers.map(\.name)
        for name in Rig.bothReaders { #expect(names.contains(name)) }
        #expect(readers.first { $0.name == reader }?.state == .empty)
        #expect(readers.first { $0.name == reader }?.atr == [])
    }

    @Test func waitForChangeSeesInsertionAndRemovalWithinASecond() throws {
        _ = try system.listReaders() // baseline: empty reader
        let started = ContinuousClock.now
        let card = try VirtualCardProcess()
        var inserted: Duration?
        while ContinuousClock.now - started < .seconds(3) {
            if try system.waitForChange(timeoutMs: 3000),
               try system.listReaders().first(where: { $0.name == reader })?.state == .present {
                inserted = ContinuousClock.now - started
                break
            }
        }
        let insertion = try #require(inserted, "insertion not seen within 3 s")
        print("[measure] ukey-vcard start → insertion seen by waitForChange: \(insertion)")
        #expect(insertion < .milliseconds(1500))

        let pulled = ContinuousClock.now
        card.process.terminate()
        var removed: Duration?
        while ContinuousClock.now - pulled < .seconds(3) {
            if try system.waitForChange(timeoutMs: 3000),
               try system.listReaders().first(where: { $0.name == reader })?.state == .empty {
                removed = ContinuousClock.now - pulled
                break
            }
        }
        let removal = try #require(removed, "removal not seen within 3 s")
        print("[measure] ukey-vcard SIGTERM → removal seen by waitForChange: \(removal)")
        #expect(removal < .milliseconds(1500))
        #expect(card.stop() == 0)
    }

    @Test func waitForChangeTimesOutWhenNothingHappens() throws {
        // First wait without a listing before it: takes its own baseline, no spurious change
        // (this also checks the PnP entry's reader count, which would otherwise fire at once).
        #expect(try PCSCSystem().waitForChange(timeoutMs: 200) == false)
        _ = try system.listReaders()
        let started = ContinuousClock.now
        #expect(try system.waitForChange(timeoutMs: 300) == false)
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(250) && waited < .milliseconds(2000))
    }

    /// Runs `wait` on a thread of its own, calls cancelWait() 300 ms later, and returns what the
    /// wait returned and how long it took. A thread, not a task: other tests' blocking waits can
    /// hold every thread of the cooperative pool, and a wait that only starts after cancelWait()
    /// is not cancelled (it ran its full 10 s under load).
    func cancelled(_ wait: @escaping @Sendable () -> Bool) -> (result: Bool?, elapsed: Duration) {
        final class Outcome: @unchecked Sendable { var result: Bool? }
        let outcome = Outcome()
        let finished = DispatchSemaphore(value: 0)
        let started = ContinuousClock.now
        Thread {
            outcome.result = wait()
            finished.signal()
        }.start()
        Thread.sleep(forTimeInterval: 0.3)
        system.cancelWait()
        _ = finished.wait(timeout: .now() + 15)
        return (outcome.result, ContinuousClock.now - started)
    }

    @Test func cancelWaitInterruptsABlockedWait() throws {
        _ = try system.listReaders()
        let system = self.system
        let change = cancelled { (try? system.waitForChange(timeoutMs: 10_000)) ?? true }
        #expect(change.result == false)
        #expect(change.elapsed < .seconds(5))

        // waitForCard shares the waiting context and gives up the same way.
        let card = cancelled { (try? system.waitForCard(in: Rig.reader, timeoutMs: 10_000)) ?? true }
        #expect(card.result == false)
        #expect(card.elapsed < .seconds(5))
    }

    @Test func connectGivesATRAndProtocol() throws {
        let card = try insert()
        defer { card.stop() }
        let snapshot = try #require(try system.listReaders().first { $0.name == reader })
        #expect(snapshot.state == .present)
        #expect(snapshot.atr == SimulatedPIVCard.yubiKeyATR)

        let session = try system.connect(reader: reader)
        defer { session.disconnect() }
        #expect(session.atr == SimulatedPIVCard.yubiKeyATR)
        // vpcd answers for T=1 (it sets RecvPci->Protocol = 1); the YubiKey ATR offers T=1.
        #expect(session.activeProtocol == "T=1")
    }

    @Test func customATRIsReported() throws {
        // "ePass2003 (PKI)" in /usr/share/pcsc/smartcard_list.txt.
        let atr = "3B9F958131FE9F006646530510043171DF000000000026"
        let card = try insert(["--atr", atr])
        defer { card.stop() }
        let session = try system.connect(reader: reader)
        #expect(hexString(session.atr) == atr)
    }

    @Test func selectAndGetDataReadTheCertificateThroughChaining() throws {
        let card = try insert(["--chunk", "256"])
        defer { card.stop() }
        let session = try system.connect(reader: reader)
        let (template, selectSW) = try session.transmitFollowingChain(selectPIV)
        #expect(selectSW == 0x9000)
        #expect(hexString(template) == "61114F0600001000010079074F05A000000308")

        let (object, sw) = try session.transmitFollowingChain(getAuthCertificate)
        #expect(sw == 0x9000)
        #expect(object.count == Rig.certificate.count + 13)
        #expect(certificateDER(fromObject: object) == Rig.certificate)
        // One GET DATA and three GET RESPONSEs for an 874-byte object in 256-byte pieces.
        let apdus = card.receivedAPDUs
        #expect(apdus.filter { $0.hasPrefix("00C00000") }.count == 3)

        let (_, absentSW) = try session.transmitFollowingChain(bytes("00CB3FFF055C035FC10A00"))
        #expect(absentSW == 0x6A82)
    }

    @Test func wholeResponseWithoutChainingFitsTheExtendedBuffer() throws {
        let card = try insert(["--chunk", "0"])
        defer { card.stop() }
        let session = try system.connect(reader: reader)
        _ = try session.transmit(selectPIV)
        let response = try session.transmit(getAuthCertificate)
        #expect(response.count == Rig.certificate.count + 13 + 2)
        #expect(Array(response.suffix(2)) == [0x90, 0x00])
    }

    @Test(arguments: [
        (["--pin-tries", "3"], 0x63C3),
        (["--pin-tries", "1"], 0x63C1),
        (["--pin-blocked"], 0x6983),
    ] as [([String], UInt16)])
    func emptyVerifyReadsTheRetryCounterWithoutUsingATry(arguments: [String], expected: UInt16) throws {
        let card = try insert(arguments)
        let session = try system.connect(reader: reader)
        _ = try session.transmit(selectPIV)
        for _ in 0..<3 {
            let response = try session.transmit(verifyEmpty)
            #expect(response == [UInt8(expected >> 8), UInt8(expected & 0xFF)])
        }
        session.disconnect()
        card.stop()
        // The card's own account, written when it stopped: no try spent, nothing written.
        let summary = card.summary
        #expect(summary["pinTriesUsed"] == 0)
        #expect(summary["verifyWithPIN"] == 0)
        #expect(summary["writes"] == 0)
        #expect(summary["apdus"] == 4)
    }

    @Test func cardWithoutPIVApplet() throws {
        let card = try insert(["--no-piv"])
        defer { card.stop() }
        let session = try system.connect(reader: reader)
        #expect(try session.transmit(selectPIV) == [0x6A, 0x82])
    }

    @Test func muteCardIsListedMuteAndConnectFails() throws {
        let card = try insert(["--mute"], expectMute: true)
        defer { card.stop() }
        let snapshot = try #require(try system.listReaders().first { $0.name == reader })
        #expect(snapshot.state == .mute)
        #expect(throws: SmartCardError.cardMute) { _ = try system.connect(reader: reader) }
    }

    @Test func connectToAnEmptyReaderOrAnUnknownOne() throws {
        #expect(throws: SmartCardError.noCard) { _ = try system.connect(reader: reader) }
        #expect(throws: SmartCardError.unknownReader("No Such Reader 00 00")) {
            _ = try system.connect(reader: "No Such Reader 00 00")
        }
    }

    @Test func exclusiveUseByAnotherProgramIsInUse() throws {
        let card = try insert()
        defer { card.stop() }
        // Another program takes the card exclusively, straight through pcsclite.
        var context: SCARDCONTEXT = 0
        try #require(SCardEstablishContext(DWORD(SCARD_SCOPE_SYSTEM), nil, nil, &context) == SCARD_S_SUCCESS)
        defer { SCardReleaseContext(context) }
        var handle: SCARDHANDLE = 0
        var proto: DWORD = 0
        try #require(SCardConnect(context, reader, DWORD(SCARD_SHARE_EXCLUSIVE), DWORD(SCARD_PROTOCOL_T1), &handle, &proto) == SCARD_S_SUCCESS)
        #expect(try system.listReaders().first { $0.name == reader }?.state == .inUse)
        #expect(throws: SmartCardError.cardInUse) { _ = try system.connect(reader: reader) }
        SCardDisconnect(handle, DWORD(SCARD_LEAVE_CARD))
        // Our own shared session does not make the card look "in use".
        let session = try system.connect(reader: reader)
        #expect(try system.listReaders().first { $0.name == reader }?.state == .present)
        session.disconnect()
    }

    @Test func malformedCommandsAreErrorsNotCrashes() throws {
        let card = try insert()
        defer { card.stop() }
        let session = try system.connect(reader: reader)
        for short in [[], [0x00], [0x00, 0xA4, 0x04]] as [[UInt8]] {
            #expect(throws: SmartCardError.self) { _ = try session.transmit(short) }
        }
        // Still usable afterwards.
        #expect(try session.transmit(selectPIV).suffix(2) == [0x90, 0x00])
        #expect(card.receivedAPDUs.count == 1)
    }

    /// rst: the link breaks with a TCP reset (pcscd: SCARD_E_NOT_TRANSACTED); fin: an orderly
    /// close, which vpcd passes on as a successful empty answer.
    @Test(arguments: ["rst", "fin"])
    func cardPulledMidChainIsAnErrorThenReinsertionRecovers(dieWith: String) throws {
        // SELECT, GET DATA, one GET RESPONSE answered; the card vanishes on the next one.
        let first = try insert(["--die-after", "3", "--die-with", dieWith])
        let session = try system.openSession(reader: reader)
        _ = try session.transmit(selectPIV)
        let thrown = #expect(throws: SmartCardError.self) {
            _ = try session.transmitFollowingChain(getAuthCertificate)
        }
        let error = try #require(thrown)
        #expect([SmartCardError.notTransacted, .cardRemoved, .noCard].contains(error), "got \(error)")
        #expect(!session.isConnected)
        // The dead session keeps failing cleanly.
        #expect(throws: error) { _ = try session.transmit(selectPIV) }
        #expect(first.waitForExit(seconds: 5))
        #expect(first.log.contains("not answered: pulling the card"))
        waitUntilEmpty(reader)
        #expect(throws: SmartCardError.timeout) { try session.reconnect(timeoutMs: 300) }

        // Re-insertion: the same session reconnects and reads the whole certificate.
        let second = try VirtualCardProcess(["--cert", "5FC105=\(Rig.certificatePath)"])
        defer { second.stop() }
        let started = ContinuousClock.now
        try session.reconnect(timeoutMs: 5000)
        print("[measure] reconnect after re-insertion: \(ContinuousClock.now - started)")
        #expect(session.isConnected)
        #expect(session.atr == SimulatedPIVCard.yubiKeyATR)
        _ = try session.transmit(selectPIV)
        let (object, sw) = try session.transmitFollowingChain(getAuthCertificate)
        #expect(sw == 0x9000)
        #expect(certificateDER(fromObject: object) == Rig.certificate)
        session.disconnect()
    }

    @Test func cardPulledBetweenCommandsIsRemoved() throws {
        let card = try insert()
        let session = try system.connect(reader: reader)
        _ = try session.transmit(selectPIV)
        card.stop() // waits until pcscd reports the reader empty
        let thrown = #expect(throws: SmartCardError.self) { _ = try session.transmit(verifyEmpty) }
        let error = try #require(thrown)
        #expect([SmartCardError.cardRemoved, .notTransacted, .noCard].contains(error), "got \(error)")
    }

    /// pcscd dies while a card session is open, then comes back: errors, no crash, and the
    /// same session reconnects. The "pcscd" here is a relay to the real one (in a child
    /// process, through PCSCLITE_CSOCK_NAME) so the shared daemon keeps running.
    @Test func serviceDyingMidSessionThenComingBack() async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            let service = UnixSocketProxy(path: privateSocketFolder() + "/pcscd.comm", mode: .relay(to: realSocket))
            pointPCSCLite(at: service.path)
            do { try service.start() } catch { requireInChild(false, "\(error)") }
            let system = PCSCSystem()
            let card: VirtualCardProcess
            do { card = try VirtualCardProcess(["--cert", "5FC105=\(Rig.certificatePath)"]) } catch {
                requireInChild(false, "ukey-vcard: \(error)")
                return
            }
            let present = (try? system.waitForCard(in: Rig.reader, timeoutMs: 5000)) ?? false
            requireInChild(present, "card not seen through the relay")
            guard let session = try? system.openSession(reader: Rig.reader) else {
                requireInChild(false, "connect through the relay failed")
                return
            }
            requireInChild((try? session.transmit(selectPIV))?.suffix(2) == [0x90, 0x00], "SELECT before the service died")

            service.stop()
            let transmitError = errorOf { try session.transmit(verifyEmpty) }
            requireInChild(transmitError == .noService || transmitError == .notTransacted,
                           "transmit with the service gone: \(String(describing: transmitError))")
            requireInChild(!session.isConnected, "the session should have let go of its handle")
            requireInChild(errorOf { try system.listReaders() } == .noService, "listReaders with the service gone")

            do { try service.start() } catch { requireInChild(false, "\(error)") }
            do { try session.reconnect(timeoutMs: 5000) } catch { requireInChild(false, "reconnect after the service came back: \(error)") }
            _ = try? session.transmit(selectPIV)
            let (certificate, sw) = (try? session.transmitFollowingChain(getAuthCertificate)) ?? ([], 0)
            requireInChild(sw == 0x9000 && certificateDER(fromObject: certificate) == Rig.certificate,
                           "certificate after recovery: sw \(String(sw, radix: 16)), \(certificate.count) bytes")
            session.disconnect()
            card.stop()
            service.stop()
        }
        reportChildFailures(result)
    }

    @Test func fullSequenceTiming() throws {
        let card = try insert()
        defer { card.stop() }
        var samples: [Duration] = []
        for _ in 0..<10 {
            let started = ContinuousClock.now
            let fresh = PCSCSystem()
            _ = try fresh.listReaders()
            let session = try fresh.connect(reader: reader)
            _ = try session.transmit(selectPIV)
            let (object, _) = try session.transmitFollowingChain(getAuthCertificate)
            _ = try session.transmit(verifyEmpty)
            session.disconnect()
            samples.append(ContinuousClock.now - started)
            #expect(object.count == Rig.certificate.count + 13)
        }
        samples.sort()
        print("[measure] context+list+connect+SELECT+GET DATA(4 APDUs)+VERIFY: median \(samples[samples.count / 2]), min \(samples[0]), max \(samples[samples.count - 1])")
        // Nagle/delayed-ACK stalls would cost ~40 ms per APDU, 6 APDUs here.
        #expect(samples[samples.count / 2] < .milliseconds(60))
    }
}
