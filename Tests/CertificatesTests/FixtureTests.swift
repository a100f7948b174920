import Foundation
import Testing
import Certificates
import X509OpenSSL

@Suite("A certificate made outside our factory")
struct FixtureTests {
    @Test("sm2-openssl-cli.der reads as openssl printed it (see Fixtures/README.md)")
    func opensslMadeSM2() throws {
        let der = try [UInt8](Data(contentsOf: TestSupport.fixture("sm2-openssl-cli.der")))
        let summary = try X509Reader.summary(of: der)
        #expect(summary.subject == "CN=电信测试1,O=绵阳市涪城区人民检察院,C=CN")
        #expect(summary.issuer == summary.subject)
        #expect(summary.isSelfIssued)
        #expect(summary.serial == "0A1B2C3D")
        #expect(summary.notBefore == TestSupport.date(2026, 11, 21, 4, 47, 47))
        #expect(summary.notAfter == TestSupport.date(2036, 11, 18, 4, 47, 47))
        #expect(summary.fingerprintSHA256 == "A5FA810696D3C90AC394FB0E61C41A29DBF088A7991DF292299591D22E41D2CF")
        #expect(summary.keyAlgorithm == "SM2")
        #expect(summary.curve?.oid == KnownOID.sm2Curve)
        #expect(summary.signatureAlgorithm.oid == KnownOID.sm2WithSM3)
        #expect(summary.warnings.isEmpty)
        // A self-issued certificate dated in the future says nothing about the clock.
        #expect(ClockCheck.check(now: TestSupport.date(2026, 1, 1), certificates: [summary]).isEmpty)
    }
}
