import Foundation

/// What `CertificateFactory` should make: a real, signed X.509 v3 certificate.
public struct CertificateSpec: Sendable, Equatable {
    public enum KeyAlgorithm: String, Sendable, Equatable, CaseIterable, Codable {
        /// SM2 key (curve 1.2.156.10197.1.301); signatures SM2-with-SM3, distinguishing id 1234567812345678.
        case sm2 = "SM2"
        /// RSA 2048; signatures sha256WithRSAEncryption.
        case rsa2048 = "RSA-2048"
        /// EC on P-256 (prime256v1); signatures ecdsa-with-SHA256.
        case ecP256 = "EC-P256"
    }

    /// How a name attribute's value is written.
    public enum StringEncoding: Sendable, Equatable {
        /// UTF8String (OpenSSL picks PrintableString for C, as the standard wants).
        case utf8
        /// BMPString (UTF-16BE), as older Chinese CAs wrote names.
        case bmp
        /// PrintableString; the value must be ASCII.
        case printable
    }

    public struct Attribute: Sendable, Equatable {
        /// Short name ("CN", "O", "OU", "C", "serialNumber"…) or dotted OID.
        public var field: String
        public var value: String
        public var encoding: StringEncoding

        public init(_ field: String, _ value: String, encoding: StringEncoding = .utf8) {
            self.field = field
            self.value = value
            self.encoding = encoding
        }
    }

    /// How the ID number is laid out inside the extension value.
    public enum IDNumberEncoding: Sendable, Equatable {
        /// `SET { [0] { PrintableString } }`: the bytes a CA client API returned for
        /// 1.2.86.11.7.1 on a real SM2 token ("31 16 a0 14 13 12" + 18 ASCII digits,
        /// quoted in a hospital system's VB6 source found with the search tools).
        case setOfTaggedPrintable
        /// GM/T 0015 IdentifyCode: `[0] EXPLICIT PrintableString` (residenterCardNumber).
        case identifyCode
        /// A bare PrintableString.
        case printableString
        /// A bare UTF8String.
        case utf8String
        /// `SEQUENCE { PrintableString ×3 }` — region, birth date, rest. Not seen on a
        /// token: an assumed layout for the Guizhou keys' "三段数字" (seed 002), used to
        /// test that the reader joins the pieces.
        case threeParts
    }

    public struct IDNumber: Sendable, Equatable {
        public var oid: String
        public var value: String
        public var encoding: IDNumberEncoding

        public init(_ value: String, oid: String = "1.2.86.11.7.1", encoding: IDNumberEncoding = .setOfTaggedPrintable) {
            self.oid = oid
            self.value = value
            self.encoding = encoding
        }
    }

    /// Any other extension, value given as DER (the extnValue contents).
    public struct Extension: Sendable, Equatable {
        public var oid: String
        public var critical: Bool
        public var value: [UInt8]

        public init(oid: String, critical: Bool = false, value: [UInt8]) {
            self.oid = oid
            self.critical = critical
            self.value = value
        }
    }

    public var keyAlgorithm: KeyAlgorithm
    public var subject: [Attribute]
    public var issuer: [Attribute]
    public var notBefore: Date
    public var notAfter: Date
    /// Big-endian serial; nil makes a random positive 16-byte one.
    public var serial: [UInt8]?
    public var idNumber: IDNumber?
    public var extensions: [Extension]
    /// The issuing CA's key; nil uses the same algorithm as the subject.
    public var caKeyAlgorithm: KeyAlgorithm?

    public init(keyAlgorithm: KeyAlgorithm, subject: [Attribute], issuer: [Attribute],
                notBefore: Date, notAfter: Date, serial: [UInt8]? = nil, idNumber: IDNumber? = nil,
                extensions: [Extension] = [], caKeyAlgorithm: KeyAlgorithm? = nil) {
        self.keyAlgorithm = keyAlgorithm
        self.subject = subject
        self.issuer = issuer
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.serial = serial
        self.idNumber = idNumber
        self.extensions = extensions
        self.caKeyAlgorithm = caKeyAlgorithm
    }

    /// The issuer of the 12309 procuratorate keys (seed 000), for demos and tests.
    public static let sppIssuer: [Attribute] = [
        Attribute("C", "CN"), Attribute("O", "SPP"), Attribute("CN", "SPP SM2 Operation CA"),
    ]
}

public enum CertificateFactoryError: Error, Sendable, Equatable {
    case keyGeneration(algorithm: String, reason: String)
    case invalidAttribute(field: String, reason: String)
    case invalidExtension(oid: String, reason: String)
    case signing(reason: String)
    case encoding(reason: String)
}

/// Minimal DER writer for the extension values the factory makes.
enum DERWriter {
    static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        [tag] + length(content.count) + content
    }

    static func length(_ n: Int) -> [UInt8] {
        if n < 0x80 { return [UInt8(n)] }
        var bytes: [UInt8] = []
        var rest = n
        while rest > 0 {
            bytes.insert(UInt8(rest & 0xFF), at: 0)
            rest >>= 8
        }
        return [0x80 | UInt8(bytes.count)] + bytes
    }

    static func printable(_ s: String) -> [UInt8] { tlv(0x13, Array(s.utf8)) }
    static func utf8(_ s: String) -> [UInt8] { tlv(0x0C, Array(s.utf8)) }

    static func idNumberValue(_ id: CertificateSpec.IDNumber) -> [UInt8] {
        switch id.encoding {
        case .setOfTaggedPrintable: return tlv(0x31, tlv(0xA0, printable(id.value)))
        case .identifyCode: return tlv(0xA0, printable(id.value))
        case .printableString: return printable(id.value)
        case .utf8String: return utf8(id.value)
        case .threeParts:
            let chars = Array(id.value)
            let cuts = [0, min(6, chars.count), min(14, chars.count), chars.count]
            let parts = (0..<3).map { String(chars[cuts[$0]..<cuts[$0 + 1]]) }
            return tlv(0x30, parts.flatMap(printable))
        }
    }

    /// basicConstraints CA:TRUE.
    static let caBasicConstraints: [UInt8] = tlv(0x30, [0x01, 0x01, 0xFF])
    /// keyUsage keyCertSign | cRLSign.
    static let caKeyUsage: [UInt8] = [0x03, 0x02, 0x01, 0x06]
    /// keyUsage digitalSignature | nonRepudiation, usual on signing certificates.
    static let leafKeyUsage: [UInt8] = [0x03, 0x02, 0x06, 0xC0]
}
