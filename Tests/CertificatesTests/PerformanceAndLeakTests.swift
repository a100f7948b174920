import Foundation
import Glibc
import Testing
import Certificates
@testable import X509OpenSSL

/// Figures, not timed assertions: run alone so "first parse" is the process's first.
///   UKD_PERF=1 swift test --filter PerformanceAndLeakTests
///   UKD_LEAK_LOOP=10000 swift test --filter leakLoop
/// For an exact leak check, build with AddressSanitizer and run the loop alone; LeakSanitizer
/// reports at exit (valgrind 3.19 cannot read Swift 6.3's DWARF 5 and crashes in libdispatch):
///   swift build --build-tests --scratch-path .build-asan --sanitize=address
///   UKD_LEAK_LOOP=10000 ASAN_OPTIONS=detect_leaks=1 \
///     .build-asan/debug/ukey-doctorPackageTests.xctest --testing-library swift-testing --filter leakLoop
/// UKD_LEAK_CANARY=1 leaks 4 KiB on purpose, to see that LeakSanitizer is really watching.
@Suite("Performance figures and leak loop")
struct PerformanceAndLeakTests {
    static var perfEnabled: Bool { ProcessInfo.processInfo.environment["UKD_PERF"] == "1" }
    static var leakIterations: Int? { ProcessInfo.processInfo.environment["UKD_LEAK_LOOP"].flatMap(Int.init) }

    @Test("Parse and factory timings", .enabled(if: perfEnabled))
    func timings() throws {
        // The fixture is parsed before the factory runs, so this really is the first OpenSSL use.
        let fixture = try [UInt8](Data(contentsOf: TestSupport.fixture("sm2-openssl-cli.der")))
        let firstParse = try TestSupport.milliseconds { _ = try X509Reader.summary(of: fixture) }
        let secondParse = try TestSupport.milliseconds { _ = try X509Reader.summary(of: fixture) }
        let factory = CertificateFactory()
        var sm2: [UInt8] = []
        let firstSM2 = try TestSupport.milliseconds { sm2 = try factory.makeCertificate(TestSupport.spec(.sm2)) }
        var steady: [Double] = []
        for _ in 0..<1000 { steady.append(try TestSupport.milliseconds { _ = try X509Reader.summary(of: sm2) }) }
        steady.sort()
        let pem = Array(CertificateFactory.pem(sm2).utf8)
        var pemSteady: [Double] = []
        for _ in 0..<1000 { pemSteady.append(try TestSupport.milliseconds { _ = try X509Reader.summary(of: pem) }) }
        pemSteady.sort()
        print("[x509] first factory SM2 certificate (incl. 2 key generations): \(f(firstSM2)) ms")
        print("[x509] first parse in process: \(f(firstParse)) ms, second: \(f(secondParse)) ms")
        print("[x509] steady DER parse SM2: median \(f(steady[500])) ms, p95 \(f(steady[950])) ms")
        print("[x509] steady PEM parse SM2: median \(f(pemSteady[500])) ms, p95 \(f(pemSteady[950])) ms")

        for algorithm in CertificateSpec.KeyAlgorithm.allCases {
            var first = 0.0
            if algorithm != .sm2 {
                first = try TestSupport.milliseconds { _ = try factory.makeCertificate(TestSupport.spec(algorithm)) }
            }
            let n = 12
            let total = try TestSupport.milliseconds {
                for i in 0..<n { _ = try factory.makeCertificate(TestSupport.spec(algorithm, serial: [UInt8(i + 1)])) }
            }
            print("[x509] factory \(algorithm.rawValue): first \(algorithm == .sm2 ? f(firstSM2) : f(first)) ms, "
                  + "then \(f(total / Double(n))) ms per certificate with cached keys (\(n) made)")
        }
    }

    @Test("Leak loop: parse and fail many times", .enabled(if: leakIterations != nil))
    func leakLoop() throws {
        let iterations = Self.leakIterations ?? 0
        let sm2 = try TestSupport.make(TestSupport.spec(.sm2, idNumber: .init("110101199003071233")))
        let rsaPEM = Array(CertificateFactory.pem(try TestSupport.make(TestSupport.spec(.rsa2048))).utf8)
        let keyPEM = Array(try CertificateFactory.shared.privateKeyPEM(.ecP256).utf8)
        var brokenKey = sm2
        brokenKey[brokenKey.count / 3] ^= 0xFF
        let inputs: [[UInt8]] = [sm2, rsaPEM, keyPEM, Array(sm2.prefix(200)), Array("garbage".utf8), brokenKey]

        let factory = CertificateFactory()
        func round(_ count: Int) {
            for i in 0..<count {
                _ = try? X509Reader.summaries(of: inputs[i % inputs.count])
                // The factory too: one certificate per ten parses, each algorithm in turn, plus its error path.
                if i % 10 == 0 {
                    let algorithm = CertificateSpec.KeyAlgorithm.allCases[(i / 10) % 3]
                    _ = try? factory.makeCertificate(TestSupport.spec(algorithm, idNumber: .init("110101199003071233")))
                    _ = try? factory.makeCertificate(TestSupport.spec(algorithm, subject: [.init("nonsenseField", "x")]))
                }
            }
        }
        round(600)   // warm up: OpenSSL's lazily built tables, error strings
        let before = residentBytes()
        round(iterations)
        let after = residentBytes()
        let growth = after - before
        print("[x509] leak loop: \(iterations) parses (\(inputs.count) input kinds) + \(iterations / 5) factory calls, resident memory grew by \(growth) bytes")
        // Coarse (pages, allocator arenas); LeakSanitizer gives the exact answer. A leaked
        // certificate (≥ 400 bytes) per parse would show as ≥ 4 MB over 10,000 parses.
        // Under AddressSanitizer freed memory sits in quarantine, so RSS means nothing there.
        if ProcessInfo.processInfo.environment["ASAN_OPTIONS"] == nil {
            #expect(growth < 400 * max(iterations, 10_000))
        }
        if ProcessInfo.processInfo.environment["UKD_LEAK_CANARY"] == "1" {
            let canary = UnsafeMutableRawPointer.allocate(byteCount: 4096, alignment: 8)
            canary.storeBytes(of: 0x55, as: UInt8.self)
            print("[x509] leak canary at \(canary)")
        }
    }

    /// Resident set size from /proc/self/statm (second field, in pages).
    private func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let pages = text.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    private func f(_ ms: Double) -> String { String(format: "%.3f", ms) }
}
