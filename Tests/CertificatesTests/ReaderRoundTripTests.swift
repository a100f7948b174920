import Foundation
import Testing
import Certificates
@testable import X509OpenSSL

@Suite("Factory → reader round trip")
struct ReaderRoundTripTests {
    @Test("SM2 certificate with Chinese names reads back exactly")
    func sm2() throws {
        let der = try TestSupport.make(TestSupport.spec(.sm2))
        let summary = try X509Reader.summary(of: der)
        #expect(summary.subject == "CN=电信测试1,OU=检察院,O=绵阳市涪城区人民检察院,C=CN")
        #expect(summary.subjectFields.map(\.name) == ["C", "O", "OU", "CN"])
        #expect(summary.subjectFields.map(\.oid) == ["2.5.4.6", "2.5.4.10", "2.5.4.11", "2.5.4.3"])
        #expect(summary.owner == "电信测试1")
        #expect(summary.organization == "绵阳市涪城区人民检察院")
        #expect(summary.issuer == "CN=SPP SM2 Operation CA,O=SPP,C=CN")
        #expect(summary.issuerCommonName == "SPP SM2 Operation CA")
        #expect(summary.serial == "1234ABCD")
        #expect(summary.notBefore == TestSupport.date(2025, 3, 1, 8, 30))
        #expect(summary.notAfter == TestSupport.date(2027, 3, 1, 8, 29, 59))
        #expect(summary.version == 3)
        #expect(summary.keyAlgorithm == "SM2")
        #expect(summary.keyAlgorithmOID == KnownOID.ecPublicKey)
        #expect(summary.keyBits == 256)
        #expect(summary.curve == ObjectName(name: "SM2", oid: "1.2.156.10197.1.301"))
        #expect(summary.signatureAlgorithm == ObjectName(name: "SM2-with-SM3", oid: "1.2.156.10197.1.501"))
        #expect(summary.fingerprintSHA256.count == 64)
        #expect(!summary.isSelfIssued)
        #expect(summary.warnings.isEmpty)
        #expect(summary.idNumber == nil)
        #expect(summary.subjectFields.first { $0.name == "CN" }?.encoding == "UTF8STRING")
    }

    @Test("RSA-2048 certificate", arguments: [CertificateSpec.KeyAlgorithm.rsa2048])
    func rsa(_ algorithm: CertificateSpec.KeyAlgorithm) throws {
        let der = try TestSupport.make(TestSupport.spec(algorithm, subject: [.init("C", "CN"), .init("O", "中国电信"),
                                                                            .init("CN", "电信测试1")]))
        let summary = try X509Reader.summary(of: der)
        #expect(summary.subject == "CN=电信测试1,O=中国电信,C=CN")
        #expect(summary.keyAlgorithm == "RSA")
        #expect(summary.keyAlgorithmOID == KnownOID.rsaEncryption)
        #expect(summary.keyBits == 2048)
        #expect(summary.curve == nil)
        #expect(summary.signatureAlgorithm == ObjectName(name: "sha256WithRSAEncryption", oid: "1.2.840.113549.1.1.11"))
        #expect(summary.warnings.isEmpty)
    }

    @Test("EC P-256 certificate")
    func ec() throws {
        let der = try TestSupport.make(TestSupport.spec(.ecP256))
        let summary = try X509Reader.summary(of: der)
        #expect(summary.keyAlgorithm == "EC")
        #expect(summary.keyBits == 256)
        #expect(summary.curve == ObjectName(name: "prime256v1", oid: KnownOID.prime256v1))
        #expect(summary.signatureAlgorithm.oid == "1.2.840.10045.4.3.2")
        #expect(summary.owner == "电信测试1")
    }

    @Test("An SM2 CA may sign an RSA holder key (mixed chains exist during migrations)")
    func mixedChain() throws {
        var spec = TestSupport.spec(.rsa2048)
        spec.caKeyAlgorithm = .sm2
        let summary = try X509Reader.summary(of: TestSupport.make(spec))
        #expect(summary.keyAlgorithm == "RSA")
        #expect(summary.signatureAlgorithm.name == "SM2-with-SM3")
    }

    @Test("BMPString names (older CAs) come back as UTF-8")
    func bmpNames() throws {
        let subject: [CertificateSpec.Attribute] = [.init("C", "CN"), .init("O", "贵州省监狱管理局", encoding: .bmp),
                                                    .init("CN", "张三", encoding: .bmp)]
        let summary = try X509Reader.summary(of: TestSupport.make(TestSupport.spec(.sm2, subject: subject)))
        #expect(summary.owner == "张三")
        #expect(summary.organization == "贵州省监狱管理局")
        #expect(summary.subject == "CN=张三,O=贵州省监狱管理局,C=CN")
        #expect(summary.subjectFields.last?.encoding == "BMPSTRING")
    }

    @Test("Unknown subject attributes keep their OID", arguments: ["2.5.4.5", "1.2.156.10260.4.1.1"])
    func unknownAttribute(_ oid: String) throws {
        let subject: [CertificateSpec.Attribute] = [.init("C", "CN"), .init(oid, "ABC123"), .init("CN", "李四")]
        let summary = try X509Reader.summary(of: TestSupport.make(TestSupport.spec(.ecP256, subject: subject)))
        let field = try #require(summary.subjectFields.first { $0.oid == oid })
        #expect(field.value == "ABC123")
        #expect(field.name == (oid == "2.5.4.5" ? "serialNumber" : oid))
    }

    @Test("PEM, bare base64 and several PEM blocks")
    func pemForms() throws {
        let first = try TestSupport.make(TestSupport.spec(.sm2, serial: [0x01]))
        let second = try TestSupport.make(TestSupport.spec(.rsa2048, serial: [0x02]))
        let keyPEM = try CertificateFactory.shared.privateKeyPEM(.ecP256)
        let pem = "Bag Attributes\n    friendlyName: 证书\n" + keyPEM + CertificateFactory.pem(first) + CertificateFactory.pem(second)
        let one = try X509Reader.summary(of: Array(pem.utf8))
        #expect(one.serial == "01")
        #expect(one.hasWarning(.severalCertificates))
        let all = try X509Reader.summaries(of: Array(pem.utf8))
        #expect(all.map(\.serial) == ["01", "02"])
        #expect(all.map(\.keyAlgorithm) == ["SM2", "RSA"])
        #expect(all.allSatisfy { !$0.hasWarning(.severalCertificates) })

        let bare = Data(first).base64EncodedString(options: .lineLength64Characters)
        let fromBare = try X509Reader.summary(of: Array(bare.utf8))
        #expect(fromBare.serial == "01")
        #expect(fromBare.hasWarning(.bareBase64))
        #expect(fromBare.fingerprintSHA256 == one.fingerprintSHA256)
    }

    @Test("Concatenated DER certificates and trailing bytes")
    func concatenatedDER() throws {
        let first = try TestSupport.make(TestSupport.spec(.ecP256, serial: [0x0A]))
        let second = try TestSupport.make(TestSupport.spec(.ecP256, serial: [0x0B]))
        #expect(try X509Reader.summaries(of: first + second).map(\.serial) == ["0A", "0B"])
        #expect(try X509Reader.summary(of: first + second).hasWarning(.severalCertificates))
        let trailing = try X509Reader.summary(of: first + [0x00, 0x00, 0x0A])
        #expect(trailing.serial == "0A")
        #expect(trailing.hasWarning(.trailingData))
    }

    @Test("Dates after 2049 (GeneralizedTime) and before 1970")
    func extremeDates() throws {
        let spec = TestSupport.spec(.ecP256, notBefore: TestSupport.date(1969, 12, 31, 23, 59, 59),
                                    notAfter: TestSupport.date(2099, 12, 31, 23, 59, 59))
        let summary = try X509Reader.summary(of: TestSupport.make(spec))
        #expect(summary.notBefore == TestSupport.date(1969, 12, 31, 23, 59, 59))
        #expect(summary.notAfter == TestSupport.date(2099, 12, 31, 23, 59, 59))
    }

    @Test("Long serials, leading zero nibble, random serials")
    func serials() throws {
        let long: [UInt8] = [0x0F] + Array(repeating: 0xEE, count: 19)
        #expect(try X509Reader.summary(of: TestSupport.make(TestSupport.spec(.ecP256, serial: long))).serial
            == "0F" + String(repeating: "EE", count: 19))
        let random = try X509Reader.summary(of: TestSupport.make(TestSupport.spec(.ecP256, serial: nil))).serial
        #expect(random.count == 32)
    }

    @Test("The summary survives JSON encoding")
    func codable() throws {
        let summary = try X509Reader.summary(of: TestSupport.make(TestSupport.spec(.sm2,
            idNumber: .init("110101199003071233"))))
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let back = try decoder.decode(CertificateSummary.self, from: encoder.encode(summary))
        #expect(back == summary)
    }
}
