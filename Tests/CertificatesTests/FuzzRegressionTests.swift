import Foundation
import Testing
@testable import X509OpenSSL

/// Inputs the fuzz targets of Fuzz/ found (scripts/fuzz/run), each with what must hold instead.
@Suite struct CertificateFuzzRegressionTests {
    /// fuzz-scenario: a demo certificate dated thousands of centuries away trapped converting the
    /// date to `time_t`. The factory now refuses a date no certificate can hold with an error.
    @Test(arguments: [1e300, -1e300, .infinity, -.infinity, 1e16])
    func dateNoCertificateCanHoldIsAnError(_ seconds: Double) {
        let spec = TestSupport.spec(.ecP256, notAfter: Date(timeIntervalSince1970: seconds))
        #expect(throws: CertificateFactoryError.self) { try CertificateFactory().makeCertificate(spec) }
    }

    /// The far edge that still works: GeneralizedTime in the year 9999.
    @Test func yearNineThousandStillEncodes() throws {
        let spec = TestSupport.spec(.ecP256, notAfter: TestSupport.date(9999, 12, 31, 23, 59, 59))
        #expect(try CertificateFactory().makeCertificate(spec).count > 100)
    }
}
