import Foundation
import Testing
import Certificates
@testable import X509OpenSSL

@Suite("Certificate factory")
struct FactoryTests {
    private func publicPoint(_ der: [UInt8]) -> ArraySlice<UInt8>? {
        let marker: [UInt8] = [0x03, 0x42, 0x00, 0x04]   // BIT STRING of an uncompressed 256-bit point
        guard let start = (0...(der.count - 4)).first(where: { der[$0..<$0 + 4].elementsEqual(marker) }) else { return nil }
        return der[(start + 4)..<(start + 4 + 64)]
    }

    @Test("Keys are made once per algorithm and factory", arguments: [CertificateSpec.KeyAlgorithm.sm2, .ecP256])
    func keyCache(_ algorithm: CertificateSpec.KeyAlgorithm) throws {
        let factory = CertificateFactory()
        let a = try factory.makeCertificate(TestSupport.spec(algorithm, serial: [1]))
        let b = try factory.makeCertificate(TestSupport.spec(algorithm, serial: [2]))
        let other = try CertificateFactory().makeCertificate(TestSupport.spec(algorithm, serial: [3]))
        #expect(publicPoint(a) != nil)
        #expect(publicPoint(a) == publicPoint(b))
        #expect(publicPoint(a) != publicPoint(other))
        #expect(a != b)
    }

    @Test("Bad requests give errors, not traps")
    func errors() throws {
        let factory = CertificateFactory()
        var spec = TestSupport.spec(.ecP256, subject: [.init("nonsenseField", "x")])
        #expect(throws: CertificateFactoryError.self) { try factory.makeCertificate(spec) }

        spec = TestSupport.spec(.ecP256, subject: [.init("CN", "张三", encoding: .printable)])
        #expect(throws: CertificateFactoryError.invalidAttribute(field: "CN", reason: "PrintableString must be ASCII")) {
            try factory.makeCertificate(spec)
        }

        spec = TestSupport.spec(.ecP256, serial: [UInt8](repeating: 1, count: 21))
        #expect(throws: CertificateFactoryError.encoding(reason: "serial must be 1 to 20 bytes")) {
            try factory.makeCertificate(spec)
        }

        spec = TestSupport.spec(.ecP256)
        spec.extensions = [.init(oid: "not.an.oid", value: [0x05, 0x00])]
        do {
            _ = try factory.makeCertificate(spec)
            Issue.record("expected an error for a bad OID")
        } catch {
            guard case .invalidExtension(let oid, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(oid == "not.an.oid")
        }
    }

    @Test("Leaf certificates carry keyUsage; extra extensions keep their criticality")
    func extensions() throws {
        var spec = TestSupport.spec(.sm2, idNumber: .init("520102198512310018", oid: KnownOID.szcaGuizhouIDNumber))
        spec.extensions = [.init(oid: "1.2.3.4.5", critical: true, value: DERWriter.utf8("测试"))]
        let summary = try X509Reader.summary(of: TestSupport.make(spec))
        #expect(summary.extensions.map(\.oid) == ["2.5.29.15", "1.2.3.4.5", KnownOID.szcaGuizhouIDNumber])
        #expect(summary.extensions.map(\.critical) == [true, true, false])
        #expect(summary.extensions[1].text == "测试")
        #expect(summary.idNumber == "520102198512310018")
    }

    @Test("PEM wrapping has 64-character lines and round-trips")
    func pem() throws {
        let der = try TestSupport.make(TestSupport.spec(.rsa2048))
        let pem = CertificateFactory.pem(der)
        let lines = pem.split(separator: "\n")
        #expect(lines.first == "-----BEGIN CERTIFICATE-----")
        #expect(lines.last == "-----END CERTIFICATE-----")
        #expect(lines.dropFirst().dropLast().dropLast().allSatisfy { $0.count == 64 })
        #expect(try X509Reader.summary(of: Array(pem.utf8)).fingerprintSHA256
            == X509Reader.summary(of: der).fingerprintSHA256)
    }

    @Test("Making certificates from several tasks at once is safe")
    func concurrent() async throws {
        let factory = CertificateFactory()
        let serials = try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<24 {
                group.addTask {
                    let algorithm = CertificateSpec.KeyAlgorithm.allCases[i % 3]
                    let der = try factory.makeCertificate(TestSupport.spec(algorithm, serial: [UInt8(i + 1)]))
                    return try X509Reader.summary(of: der).serial
                }
            }
            var all: [String] = []
            for try await serial in group { all.append(serial) }
            return all
        }
        #expect(Set(serials).count == 24)
    }
}
