import Foundation
import Testing
@testable import Certificates

@Suite("DER reader")
struct DERTests {
    @Test("Framing: complete, trailing, truncated, malformed")
    func framing() {
        #expect(DER.framing(of: [0x30, 0x02, 0x05, 0x00][...]) == .complete(length: 4, trailing: 0))
        #expect(DER.framing(of: [0x30, 0x02, 0x05, 0x00, 0xAA][...]) == .complete(length: 4, trailing: 1))
        #expect(DER.framing(of: [0x30, 0x82, 0x01, 0x00, 0x00][...]) == .truncated(expected: 260, actual: 5))
        #expect(DER.framing(of: [0x30][...]) == .truncated(expected: nil, actual: 1))
        #expect(DER.framing(of: [0x30, 0x82, 0x01][...]) == .truncated(expected: nil, actual: 3))
        #expect(DER.framing(of: [0x30, 0x80, 0x00, 0x00][...]) == .malformed)            // indefinite length
        #expect(DER.framing(of: [0x30, 0x85, 1, 2, 3, 4, 5][...]) == .malformed)         // 5 length bytes
        #expect(DER.framing(of: [0x1F, 0x01, 0x00][...]) == .malformed)                  // high tag number
        #expect(DER.framing(of: [][...]) == .malformed)
    }

    @Test("Long-form lengths")
    func longForm() throws {
        let content = [UInt8](repeating: 0x41, count: 300)
        let bytes: [UInt8] = [0x13, 0x82, 0x01, 0x2C] + content
        let element = try #require(DER.element(at: bytes[...]))
        #expect(element.content.count == 300)
        #expect(element.encodedLength == 304)
        #expect(DER.strings(in: bytes[...]) == [String(repeating: "A", count: 300)])
    }

    @Test("Strings in nested values, in order")
    func nested() {
        // SEQUENCE { PrintableString "520102", SET { [0] { UTF8String "19851231" } }, IA5String "0018" }
        let value: [UInt8] = [0x30, 0x1C,
                              0x13, 0x06] + Array("520102".utf8) + [
                              0x31, 0x0C, 0xA0, 0x0A, 0x0C, 0x08] + Array("19851231".utf8) + [
                              0x16, 0x04] + Array("0018".utf8)
        #expect(DER.strings(in: value[...]) == ["520102", "19851231", "0018"])
    }

    @Test("Not DER, or DER without text")
    func notDER() {
        #expect(DER.strings(in: [0x30, 0x05, 0x01][...]) == nil)
        #expect(DER.strings(in: [0x02, 0x01, 0x05][...]) == [])                  // INTEGER only
        #expect(DER.strings(in: [0x13, 0x02, 0x41, 0x00][...]) == [])           // control character
        #expect(DER.strings(in: [0x1E, 0x01, 0x41][...]) == [])                 // odd-length BMPString
        #expect(DER.strings(in: [0x0C, 0x02, 0xC3, 0x28][...]) == [])           // invalid UTF-8
    }

    @Test("Nesting deeper than 8 levels is refused, not recursed")
    func depth() {
        var value: [UInt8] = [0x13, 0x01, 0x41]
        for _ in 0..<20 { value = [0x30, UInt8(value.count)] + value }
        #expect(DER.strings(in: value[...]) == nil)
    }

    @Test("T61String is read as Latin-1")
    func t61() {
        #expect(DER.strings(in: [0x14, 0x03, 0x41, 0xE9, 0x42][...]) == ["AéB"])
    }
}

@Suite("Input classification")
struct CertificateInputTests {
    @Test("Empty, too large, PEM, DER, bare base64, unknown")
    func classify() throws {
        #expect(throws: CertificateError.empty) { try CertificateInput.classify([]) }
        #expect(throws: CertificateError.empty) { try CertificateInput.classify(Array("\n \r\n".utf8)) }
        #expect(throws: CertificateError.tooLarge(byteCount: 11, limit: 10)) {
            try CertificateInput.classify([UInt8](repeating: 0x30, count: 11), limit: 10)
        }
        #expect(try CertificateInput.classify(Array("\u{FEFF}junk\n-----BEGIN CERTIFICATE-----\n".utf8)) == .pem)
        #expect(try CertificateInput.classify([0x30, 0x03, 0x02, 0x01, 0x01]) == .der)
        #expect(try CertificateInput.classify(Array("MAMCAQE=\n".utf8)) == .bareBase64(der: [0x30, 0x03, 0x02, 0x01, 0x01]))
        #expect(try CertificateInput.classify(Array("hello".utf8)) == .unknown)
        #expect(try CertificateInput.classify(Array("QUJD".utf8)) == .unknown)   // base64 of "ABC": not DER
    }

    @Test("A certificate block without its END line")
    func unterminated() {
        let begin = "-----BEGIN CERTIFICATE-----\nMIIB\n"
        #expect(CertificateInput.hasUnterminatedCertificateBlock(Array(begin.utf8)))
        #expect(!CertificateInput.hasUnterminatedCertificateBlock(Array((begin + "-----END CERTIFICATE-----\n").utf8)))
        #expect(!CertificateInput.hasUnterminatedCertificateBlock(Array("-----BEGIN PRIVATE KEY-----\n".utf8)))
    }

    @Test("Strict base64: alphabet, padding, length")
    func base64() {
        let samples: [(String, [UInt8]?)] = [
            ("QUJD", Array("ABC".utf8)),
            ("QUI=", Array("AB".utf8)),
            ("QQ==", Array("A".utf8)),
            ("QUI", Array("AB".utf8)),          // unpadded is accepted
            ("Q", nil),                          // impossible length
            ("QU=I", nil),                       // data after padding
            ("QUJD!", nil),
            ("Q===", nil),
            ("", nil),
        ]
        for (text, expected) in samples {
            #expect(CertificateInput.decodeBase64(Array(text.utf8)) == expected, "\(text)")
        }
    }
}

@Suite("Summary rules without OpenSSL")
struct SummaryDerivationTests {
    private func raw(key: RawCertificate.PublicKey = .init(algorithmOID: KnownOID.ecPublicKey,
                                                           curve: ObjectName(name: "SM2", oid: KnownOID.sm2Curve),
                                                           decodedType: "SM2", bits: 256),
                     subject: [NameField] = [],
                     extensions: [RawCertificate.Extension] = []) -> RawCertificate {
        RawCertificate(subjectLine: "CN=x", subjectFields: subject, issuerLine: "CN=ca", issuerFields: [],
                       serialHex: "0a", notBefore: Date(timeIntervalSince1970: 0), notAfter: Date(timeIntervalSince1970: 1),
                       publicKey: key, signatureAlgorithm: ObjectName(name: "SM2-with-SM3", oid: KnownOID.sm2WithSM3),
                       fingerprintSHA256: "ab", isSelfIssued: false, extensions: extensions)
    }

    @Test("Key algorithm names", arguments: [
        (RawCertificate.PublicKey(algorithmOID: KnownOID.ecPublicKey, curve: ObjectName(name: "SM2", oid: KnownOID.sm2Curve)), "SM2"),
        (RawCertificate.PublicKey(algorithmOID: KnownOID.ecPublicKey, decodedType: "SM2"), "SM2"),
        (RawCertificate.PublicKey(algorithmOID: KnownOID.ecPublicKey, curve: ObjectName(name: "prime256v1", oid: KnownOID.prime256v1)), "EC"),
        (RawCertificate.PublicKey(algorithmOID: KnownOID.rsaEncryption), "RSA"),
        (RawCertificate.PublicKey(algorithmOID: KnownOID.rsassaPSS, decodedType: "RSA-PSS"), "RSA"),
        (RawCertificate.PublicKey(algorithmOID: KnownOID.ed25519, decodedType: "ED25519"), "Ed25519"),
        (RawCertificate.PublicKey(algorithmOID: "1.2.840.10040.4.1", algorithmName: "DSA", decodedType: "DSA"), "DSA"),
        (RawCertificate.PublicKey(algorithmOID: "1.2.3.4", algorithmName: nil), "1.2.3.4"),
    ])
    func keyNames(_ key: RawCertificate.PublicKey, _ expected: String) {
        #expect(CertificateSummary(raw: raw(key: key)).keyAlgorithm == expected)
    }

    @Test("key-not-decoded carries OpenSSL's reason")
    func keyWarning() {
        let s = CertificateSummary(raw: raw(key: .init(algorithmOID: "1.2.3.4", decodeError: "decode error")))
        #expect(s.warnings == [CertificateWarning(.keyNotDecoded, "decode error")])
        #expect(s.keyBits == nil)
    }

    @Test("A defined ID extension wins over other arcs and the subject")
    func idPriority() {
        let subject = [NameField(name: "serialNumber", oid: KnownOID.serialNumberAttribute, value: "520102198512310018")]
        let s = CertificateSummary(raw: raw(subject: subject, extensions: [
            .init(oid: "1.2.86.11.7.9", value: [0x13, 0x12] + Array("44030019990101002X".utf8)),
            .init(oid: KnownOID.identifyCode, value: [0x13, 0x12] + Array("110101199003071233".utf8)),
        ]))
        #expect(s.idNumber == "110101199003071233")
        #expect(s.idNumberSource == "ext:1.2.86.11.7.1")
        #expect(s.warnings.isEmpty)
    }

    @Test("Values written without DER are still read (some CAs store plain text)")
    func plainTextExtension() {
        let s = CertificateSummary(raw: raw(extensions: [
            .init(oid: KnownOID.szcaGuizhouIDNumber, value: Array("520102 19851231 0018".utf8)),
        ]))
        #expect(s.idNumber == "520102198512310018")
        #expect(s.extensions.first?.text == "520102 19851231 0018")
    }

    @Test("Owner, organisation and issuer CN come from the first matching attribute")
    func names() {
        var r = raw(subject: [
            NameField(name: "C", oid: "2.5.4.6", value: "CN"),
            NameField(name: "O", oid: "2.5.4.10", value: "中国电信"),
            NameField(name: "CN", oid: "2.5.4.3", value: "电信测试1"),
            NameField(name: "CN", oid: "2.5.4.3", value: "第二个"),
        ])
        r.issuerFields = [NameField(name: "CN", oid: "2.5.4.3", value: "SPP SM2 Operation CA")]
        let s = CertificateSummary(raw: r)
        #expect(s.owner == "电信测试1")
        #expect(s.organization == "中国电信")
        #expect(s.issuerCommonName == "SPP SM2 Operation CA")
        #expect(s.serial == "0A")
        #expect(s.fingerprintSHA256 == "AB")
    }

    @Test("Error reasons are one plain line with a stable code")
    func errorText() {
        let errors: [CertificateError] = [
            .empty, .tooLarge(byteCount: 10_485_760, limit: 1_048_576), .truncated(expected: 900, actual: 50),
            .truncated(expected: nil, actual: 1), .notACertificate(reason: "asn1 encoding routines: wrong tag"),
            .pemWithoutCertificate(labels: ["PRIVATE KEY"]), .pemWithoutCertificate(labels: ["EC PRIVATE KEY"]),
            .pemWithoutCertificate(labels: ["PUBLIC KEY"]), .pemWithoutCertificate(labels: ["PKCS7"]),
            .pemWithoutCertificate(labels: []),
        ]
        #expect(errors.map(\.code) == ["empty", "too-large", "truncated", "truncated", "not-a-certificate",
                                       "pem-without-certificate", "pem-without-certificate", "pem-without-certificate",
                                       "pem-without-certificate", "pem-without-certificate"])
        for error in errors {
            #expect(!error.reason.isEmpty && !error.reason.contains("\n"))
        }
        #expect(CertificateError.pemWithoutCertificate(labels: ["EC PRIVATE KEY"]).reason == "this is a private key, not a certificate")
        #expect(CertificateError.truncated(expected: 900, actual: 50).reason == "the certificate is cut short: 50 of 900 bytes")
    }
}
