import COpenSSL
import Foundation
import Testing
import Certificates
@testable import X509OpenSSL

@Suite("Reader: bad input gives an error value, never a crash")
struct ReaderErrorTests {
    private func error(_ bytes: [UInt8]) -> CertificateError? {
        do {
            _ = try X509Reader.summary(of: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test("Empty and whitespace-only files")
    func empty() {
        #expect(error([]) == .empty)
        #expect(error(Array(" \r\n\t\n".utf8)) == .empty)
        #expect(error([])?.code == "empty")
    }

    @Test("Garbage bytes name OpenSSL's reason")
    func garbage() throws {
        var generator = SeededGenerator(seed: 42)
        let samples: [[UInt8]] = [
            Array("hello, this is not a certificate\n".utf8),
            (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) },
            [0x30, 0x03, 0x02, 0x01, 0x05],            // a valid SEQUENCE that is no certificate
            [0x30, 0x80, 0x00, 0x00],                  // BER indefinite length
            [0xFF, 0xFF, 0xFF, 0xFF],
            [0x00],
        ]
        for sample in samples {
            let failure = try #require(error(sample))
            guard case .notACertificate(let reason) = failure else {
                Issue.record("expected not-a-certificate for \(sample.prefix(8)), got \(failure)")
                continue
            }
            #expect(!reason.isEmpty)
            #expect(failure.code == "not-a-certificate")
            #expect(!failure.reason.contains("\n"))
        }
    }

    @Test("Truncated DER at several cut points", arguments: [1, 2, 3, 4, 5, 50, 200, -2, -1])
    func truncated(cut: Int) throws {
        let der = try TestSupport.make(TestSupport.spec(.sm2))
        let length = cut > 0 ? cut : der.count + cut
        let failure = error(Array(der.prefix(length)))
        let expected: Int? = length >= 4 ? der.count : nil   // "30 82 hh ll": the length is known from 4 bytes on
        #expect(failure == .truncated(expected: expected, actual: length))
        #expect(failure?.reason.contains("cut short") == true)
    }

    @Test("A truncated certificate inside PEM is reported as truncated")
    func truncatedInsidePEM() throws {
        let der = try TestSupport.make(TestSupport.spec(.rsa2048))
        let pem = CertificateFactory.pem(Array(der.prefix(300)))
        #expect(error(Array(pem.utf8)) == .truncated(expected: der.count, actual: 300))
        // Pasted from a chat window and cut off: no END line.
        let full = CertificateFactory.pem(der)
        let cut = Array(full.utf8.prefix(full.utf8.count / 2))
        #expect(error(cut) == .truncated(expected: nil, actual: cut.count))
    }

    @Test("A PEM private key is named as such", arguments: CertificateSpec.KeyAlgorithm.allCases)
    func privateKey(_ algorithm: CertificateSpec.KeyAlgorithm) throws {
        let pem = try CertificateFactory.shared.privateKeyPEM(algorithm)
        let failure = error(Array(pem.utf8))
        #expect(failure == .pemWithoutCertificate(labels: ["PRIVATE KEY"]))
        #expect(failure?.reason == "this is a private key, not a certificate")
        #expect(failure?.code == "pem-without-certificate")
    }

    @Test("Other PEM blocks without a certificate")
    func otherPEM() {
        let request = "-----BEGIN CERTIFICATE REQUEST-----\nMAA=\n-----END CERTIFICATE REQUEST-----\n"
        #expect(error(Array(request.utf8))?.reason == "this is a certificate request, not a certificate")
        let headerOnly = "-----BEGIN CERTIFICATE-----\n"
        #expect(error(Array(headerOnly.utf8)) == .truncated(expected: nil, actual: headerOnly.utf8.count))
    }

    @Test("Corrupt base64 inside a PEM certificate block")
    func corruptBase64() throws {
        let der = try TestSupport.make(TestSupport.spec(.ecP256))
        var lines = CertificateFactory.pem(der).split(separator: "\n").map(String.init)
        lines[2] = String(repeating: "!", count: lines[2].count)
        let failure = error(Array(lines.joined(separator: "\n").utf8))
        guard case .notACertificate(let reason)? = failure else {
            Issue.record("expected not-a-certificate, got \(String(describing: failure))")
            return
        }
        #expect(!reason.isEmpty)
    }

    @Test("10 MB of garbage is refused before parsing, fast")
    func tooLarge() {
        let big = [UInt8](repeating: 0x41, count: 10 * 1024 * 1024)
        var failure: CertificateError?
        let ms = TestSupport.milliseconds { failure = error(big) }
        #expect(failure == .tooLarge(byteCount: big.count, limit: 1 << 20))
        #expect(ms < 1000)
        print("[x509] 10 MB garbage refused in \(String(format: "%.3f", ms)) ms")
    }

    @Test("The limit is 1 MiB exactly")
    func limitBoundary() {
        let atLimit = [UInt8](repeating: 0x41, count: 1 << 20)
        #expect(error(atLimit)?.code == "not-a-certificate")
        #expect(error(atLimit + [0x41])?.code == "too-large")
    }

    @Test("The OpenSSL error queue is empty after every call")
    func errorQueueCleared() throws {
        // Leave an error on this thread's queue, as other OpenSSL users might.
        let junk: [UInt8] = [0x05, 0x00]
        junk.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            #expect(d2i_X509(nil, &cursor, buffer.count) == nil)
        }
        #expect(ERR_peek_error() != 0)
        _ = error(Array("garbage".utf8))
        #expect(ERR_peek_error() == 0)
        _ = error([0x30, 0x03, 0x02, 0x01, 0x05])
        #expect(ERR_peek_error() == 0)
        _ = try X509Reader.summary(of: TestSupport.make(TestSupport.spec(.sm2)))
        #expect(ERR_peek_error() == 0)
        _ = error(Array(try CertificateFactory.shared.privateKeyPEM(.sm2).utf8))
        #expect(ERR_peek_error() == 0)
    }
}

@Suite("Reader: public keys OpenSSL cannot decode")
struct UndecodableKeyTests {
    /// rsaEncryption OID with NULL parameters, as it appears in the SubjectPublicKeyInfo.
    static let rsaEncryption: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00]

    @Test("RSA key under an unknown algorithm OID → summary with key-not-decoded")
    func unknownKeyOID() throws {
        let der = try TestSupport.make(TestSupport.spec(.rsa2048))
        var tweakedOID = Self.rsaEncryption
        tweakedOID[10] = 0x63   // 1.2.840.113549.1.1.99: not an algorithm anyone knows
        let broken = try #require(TestSupport.replacing(Self.rsaEncryption, with: tweakedOID, in: der))
        let summary = try X509Reader.summary(of: broken)
        #expect(summary.hasWarning(.keyNotDecoded))
        #expect(summary.keyAlgorithmOID == "1.2.840.113549.1.1.99")
        #expect(summary.keyAlgorithm == "1.2.840.113549.1.1.99")
        #expect(summary.keyBits == nil)
        #expect(summary.owner == "电信测试1")
        #expect(summary.serial == "1234ABCD")
        let detail = summary.warnings.first { $0.code == .keyNotDecoded }?.detail
        #expect(detail?.isEmpty == false)
    }

    @Test("Curve point not on the curve, SM2 and P-256", arguments: [CertificateSpec.KeyAlgorithm.sm2, .ecP256])
    func pointOffCurve(_ algorithm: CertificateSpec.KeyAlgorithm) throws {
        let der = try TestSupport.make(TestSupport.spec(algorithm))
        // The SubjectPublicKeyInfo BIT STRING: 03 42 00 04 <x:32> <y:32>. Change the last byte of y.
        let marker: [UInt8] = [0x03, 0x42, 0x00, 0x04]
        let start = try #require((0...(der.count - 4)).first { der[$0..<$0 + 4].elementsEqual(marker) })
        var broken = der
        broken[start + 4 + 63] ^= 0x01
        let summary = try X509Reader.summary(of: broken)
        #expect(summary.hasWarning(.keyNotDecoded))
        #expect(summary.keyAlgorithm == (algorithm == .sm2 ? "SM2" : "EC"))
        #expect(summary.curve?.oid == (algorithm == .sm2 ? KnownOID.sm2Curve : KnownOID.prime256v1))
        #expect(summary.keyBits == nil)
    }
}

/// Deterministic generator so a failing garbage sample can be reproduced.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
