// Figures, not tests: how long the real PC/SC path takes, with and without the TCP options in
// ukey-vcard. Run with UKD_BENCH=1 swift test --filter PCSCRigTests/benchmark. Part of the
// rig suite so it never shares the vpcd port with another test.
import Foundation
import PCSC
import SmartCard
import Testing

private func median(_ samples: [Duration]) -> Duration { samples.sorted()[samples.count / 2] }
private func percentile90(_ samples: [Duration]) -> Duration { samples.sorted()[samples.count * 9 / 10] }
private func ms(_ duration: Duration) -> String { String(format: "%.3f ms", Double(duration / .microseconds(1)) / 1000) }

extension PCSCRigTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["UKD_BENCH"] == "1", "UKD_BENCH=1"),
          arguments: [false, true])
    func benchmark(nagle: Bool) throws {
        let label = nagle ? "--nagle (no TCP_NODELAY/QUICKACK)" : "TCP_NODELAY + TCP_QUICKACK"
        _ = try system.listReaders()
        let started = ContinuousClock.now
        let card = try VirtualCardProcess(["--cert", "5FC105=\(Rig.certificatePath)"] + (nagle ? ["--nagle"] : []))
        defer { card.stop() }
        guard try system.waitForCard(in: reader, timeoutMs: 5000) else {
            Issue.record("card not seen")
            return
        }
        let seen = ContinuousClock.now - started
        // ukey-vcard logs when its TCP connection to vpcd is up, in ms since it started.
        let connectedAt = card.log.split(separator: "\n").first { $0.contains("connected to vpcd") }
            .flatMap { Double($0.split(separator: " ").first ?? "") } ?? 0

        let session = try system.connect(reader: reader)
        defer { session.disconnect() }
        _ = try session.transmit(bytes("00A4040005A000000308"))
        let rounds = nagle ? 40 : 400
        var apdu: [Duration] = []
        for _ in 0..<rounds {
            let t = ContinuousClock.now
            _ = try session.transmit(bytes("00200080"))
            apdu.append(ContinuousClock.now - t)
        }
        var sequence: [Duration] = [], selects: [Duration] = [], reads: [Duration] = [], verifies: [Duration] = []
        for _ in 0..<(nagle ? 5 : 50) {
            let t0 = ContinuousClock.now
            _ = try session.transmit(bytes("00A4040005A000000308"))
            let t1 = ContinuousClock.now
            _ = try session.transmitFollowingChain(bytes("00CB3FFF055C035FC10500"))
            let t2 = ContinuousClock.now
            _ = try session.transmit(bytes("00200080"))
            let t3 = ContinuousClock.now
            selects.append(t1 - t0); reads.append(t2 - t1); verifies.append(t3 - t2); sequence.append(t3 - t0)
        }
        print("""
            [bench] \(label)
            [bench]   process start → insertion seen: \(ms(seen)) (ukey-vcard connected to vpcd at \(String(format: "%.1f", connectedAt)) ms → seen \(ms(seen - .microseconds(Int64(connectedAt * 1000)))) after connect)
            [bench]   one APDU (empty VERIFY), \(rounds) rounds: median \(ms(median(apdu))), p90 \(ms(percentile90(apdu)))
            [bench]   SELECT + GET DATA (1+3 APDUs, 874 bytes) + VERIFY: median \(ms(median(sequence))), p90 \(ms(percentile90(sequence)))
            [bench]     of which SELECT \(ms(median(selects))), GET DATA chain \(ms(median(reads))), VERIFY \(ms(median(verifies)))
            """)
    }
}

extension PCSCRigTests {
    /// pcscd polls vpcd readers for presence, so insertion and removal are seen within one
    /// poll period after the fact: a spread, hence several rounds.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["UKD_BENCH"] == "1", "UKD_BENCH=1"))
    func benchmarkInsertionAndRemoval() throws {
        var inserted: [Duration] = [], removed: [Duration] = []
        for _ in 0..<10 {
            _ = try system.listReaders()
            let started = ContinuousClock.now
            let card = try VirtualCardProcess()
            guard try system.waitForCard(in: reader, timeoutMs: 5000) else {
                Issue.record("card not seen")
                return
            }
            let connectedAt = card.log.split(separator: "\n").first { $0.contains("connected to vpcd") }
                .flatMap { Double($0.split(separator: " ").first ?? "") } ?? 0
            inserted.append(ContinuousClock.now - started - .microseconds(Int64(connectedAt * 1000)))
            _ = try system.listReaders()
            let pulled = ContinuousClock.now
            card.process.terminate()
            while try system.waitForChange(timeoutMs: 3000) {
                if try system.listReaders().first(where: { $0.name == reader })?.state == .empty { break }
            }
            removed.append(ContinuousClock.now - pulled)
            card.stop()
        }
        inserted.sort(); removed.sort()
        print("""
            [bench] ukey-vcard connected → insertion seen (10 rounds): min \(ms(inserted[0])), median \(ms(median(inserted))), max \(ms(inserted[9]))
            [bench] ukey-vcard SIGTERM → removal seen (10 rounds): min \(ms(removed[0])), median \(ms(median(removed))), max \(ms(removed[9]))
            """)
    }
}
