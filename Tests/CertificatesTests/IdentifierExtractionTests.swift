import Foundation
import Testing
import Certificates
@testable import X509OpenSSL

@Suite("ID number and organisation code from real certificates")
struct IdentifierExtractionTests {
    private func summary(idNumber: CertificateSpec.IDNumber? = nil,
                         subject: [CertificateSpec.Attribute]? = nil,
                         extensions: [CertificateSpec.Extension] = []) throws -> CertificateSummary {
        var spec = TestSupport.spec(.sm2, subject: subject, idNumber: idNumber)
        spec.extensions = extensions
        return try X509Reader.summary(of: TestSupport.make(spec))
    }

    static let encodings: [CertificateSpec.IDNumberEncoding] = [
        .setOfTaggedPrintable, .identifyCode, .printableString, .utf8String, .threeParts,
    ]

    @Test("1.2.86.11.7.1 in every layout seen or assumed", arguments: encodings)
    func identifyCode(_ encoding: CertificateSpec.IDNumberEncoding) throws {
        let s = try summary(idNumber: .init("110101199003071233", encoding: encoding))
        #expect(s.idNumber == "110101199003071233")
        #expect(s.idNumberSource == "ext:1.2.86.11.7.1")
        #expect(s.warnings.isEmpty)
        let ext = try #require(s.extensions.first { $0.oid == "1.2.86.11.7.1" })
        #expect(ext.name == "IdentifyCode")
        #expect(!ext.critical)
    }

    @Test("The byte layout observed on a real token is reproduced exactly")
    func observedLayout() throws {
        // "31 16 a0 14 13 12" + 18 ASCII digits, as quoted for 1.2.86.11.7.1.
        let s = try summary(idNumber: .init("432503198601126210"))
        let ext = try #require(s.extensions.first { $0.oid == "1.2.86.11.7.1" })
        #expect(ext.valueHex.hasPrefix("3116A0141312"))
        #expect(ext.valueHex.count == (6 + 18) * 2)
    }

    @Test("Guizhou prison keys: 1.2.86.11.7.7550207, three pieces joined")
    func guizhou() throws {
        let s = try summary(idNumber: .init("520102198512310018", oid: KnownOID.szcaGuizhouIDNumber, encoding: .threeParts))
        #expect(s.idNumber == "520102198512310018")
        #expect(s.idNumberSource == "ext:1.2.86.11.7.7550207")
        #expect(s.extensions.first { $0.oid == KnownOID.szcaGuizhouIDNumber }?.text == "520102 19851231 0018")
        #expect(s.warnings.isEmpty)
    }

    @Test("A wrong check digit is reported, not hidden")
    func invalidCheckDigit() throws {
        // The digits quoted in the VB6 source end in 5; GB 11643 wants 0.
        let s = try summary(idNumber: .init("432503198601126215"))
        #expect(s.idNumber == "432503198601126215")
        #expect(s.hasWarning(.idNumberInvalid))
    }

    @Test("Lower-case x is normalised")
    func lowerX() throws {
        let s = try summary(idNumber: .init("44030019990101002x", encoding: .printableString))
        #expect(s.idNumber == "44030019990101002X")
        #expect(!s.hasWarning(.idNumberInvalid))
    }

    @Test("Unknown 1.2.86.11.7.x arcs: taken only when the check digit is right")
    func unknownArc() throws {
        let valid = try summary(idNumber: .init("11010520000229003X",
                                                oid: "1.2.86.11.7.9", encoding: .printableString))
        #expect(valid.idNumber == "11010520000229003X")
        #expect(valid.idNumberSource == "ext:1.2.86.11.7.9")
        #expect(valid.hasWarning(.idNumberUnknownArc))

        let other = try summary(idNumber: .init("JJ0012345", oid: "1.2.86.11.7.9", encoding: .printableString))
        #expect(other.idNumber == nil)
        #expect(other.warnings.isEmpty)
        #expect(other.extensions.first { $0.oid == "1.2.86.11.7.9" }?.text == "JJ0012345")

        // The insurance number arc may hold an ID-shaped number, but it is not the holder's ID.
        let insurance = try summary(idNumber: .init("110101199003071233", oid: KnownOID.insuranceNumber,
                                                    encoding: .printableString))
        #expect(insurance.idNumber == nil)
    }

    @Test("An ID extension without text is a warning")
    func undecodable() throws {
        let s = try summary(extensions: [.init(oid: KnownOID.identifyCode, value: [0x30, 0x05, 0x01, 0xFF])])
        #expect(s.idNumber == nil)
        #expect(s.hasWarning(.extensionUndecodable))
        #expect(s.extensions.first { $0.oid == KnownOID.identifyCode }?.valueHex == "300501FF")
    }

    @Test("Organisation code from 1.2.86.11.7.3")
    func orgCodeExtension() throws {
        let s = try summary(extensions: [.init(oid: KnownOID.organizationCode, value: DERWriter.printable("10001174-3"))])
        #expect(s.orgCode == "10001174-3")
        #expect(s.orgCodeSource == "ext:1.2.86.11.7.3")
    }

    @Test("Unified social credit code in an SZCA arc (1.2.86.11.7.7550205)")
    func usccInSZCAArc() throws {
        let s = try summary(extensions: [.init(oid: "1.2.86.11.7.7550205", value: DERWriter.utf8("91440300349714137M"))])
        #expect(s.orgCode == "91440300349714137M")
        #expect(s.orgCodeSource == "ext:1.2.86.11.7.7550205")
        #expect(s.idNumber == nil)
    }

    @Test("Codes in the subject: serialNumber and OU, check digit required")
    func orgCodeSubject() throws {
        let base: [CertificateSpec.Attribute] = [.init("C", "CN"), .init("O", "某某单位")]
        let uscc = try summary(subject: base + [.init("serialNumber", "91440300349714137M"), .init("CN", "王五")])
        #expect(uscc.orgCode == "91440300349714137M")
        #expect(uscc.orgCodeSource == "subject:2.5.4.5")

        let ou = try summary(subject: base + [.init("OU", "MA5G4K3Y-4"), .init("CN", "王五")])
        #expect(ou.orgCode == "MA5G4K3Y-4")
        #expect(ou.orgCodeSource == "subject:2.5.4.11")

        let wrong = try summary(subject: base + [.init("OU", "MA5G4K3Y-5"), .init("CN", "王五")])
        #expect(wrong.orgCode == nil)
        #expect(wrong.subjectValue("OU") == "MA5G4K3Y-5")

        let id = try summary(subject: base + [.init("serialNumber", "110101199003071233"), .init("CN", "王五")])
        #expect(id.idNumber == "110101199003071233")
        #expect(id.idNumberSource == "subject:2.5.4.5")
        #expect(id.orgCode == nil)
    }

    @Test("Extension text: OCTET STRING holding DER, implicit tags, BMPString")
    func extensionText() throws {
        let bmp: [UInt8] = [0x1E, 0x04, 0x5F, 0x20, 0x4E, 0x09]   // BMPString "张三"
        let s = try summary(extensions: [
            .init(oid: "1.2.86.11.7.1.8", value: DERWriter.tlv(0x04, DERWriter.printable("ABC"))),
            .init(oid: "1.2.156.112562.2.1.1.4", value: DERWriter.tlv(0x80, Array("XYZ".utf8))),
            .init(oid: "2.16.156.112548", value: bmp),
        ])
        #expect(s.extensions.first { $0.oid == "1.2.86.11.7.1.8" }?.text == "ABC")
        #expect(s.extensions.first { $0.oid == "1.2.156.112562.2.1.1.4" }?.text == "XYZ")
        #expect(s.extensions.first { $0.oid == "2.16.156.112548" }?.text == "张三")
        #expect(s.idNumber == nil)
    }
}
