import Foundation

/// What an X.509 adapter reads out of a certificate, before any interpretation.
/// `CertificateSummary(raw:)` turns it into a summary with pure rules, so those
/// rules are tested without OpenSSL.
public struct RawCertificate: Sendable, Equatable {
    public struct PublicKey: Sendable, Equatable {
        /// SubjectPublicKeyInfo algorithm OID.
        public var algorithmOID: String
        /// OpenSSL's short name for that OID, when it has one.
        public var algorithmName: String?
        /// The namedCurve parameter of an EC key.
        public var curve: ObjectName?
        /// OpenSSL's key type name ("RSA", "EC", "SM2", "ED25519") when the key decoded.
        public var decodedType: String?
        public var bits: Int?
        /// Why the key did not decode (OpenSSL's reason), when it did not.
        public var decodeError: String?

        public init(algorithmOID: String, algorithmName: String? = nil, curve: ObjectName? = nil,
                    decodedType: String? = nil, bits: Int? = nil, decodeError: String? = nil) {
            self.algorithmOID = algorithmOID
            self.algorithmName = algorithmName
            self.curve = curve
            self.decodedType = decodedType
            self.bits = bits
            self.decodeError = decodeError
        }
    }

    public struct Extension: Sendable, Equatable {
        public var oid: String
        public var name: String?
        public var critical: Bool
        /// extnValue: the contents of the OCTET STRING.
        public var value: [UInt8]

        public init(oid: String, name: String? = nil, critical: Bool = false, value: [UInt8]) {
            self.oid = oid
            self.name = name
            self.critical = critical
            self.value = value
        }
    }

    public var subjectLine: String
    public var subjectFields: [NameField]
    public var issuerLine: String
    public var issuerFields: [NameField]
    public var serialHex: String
    public var notBefore: Date
    public var notAfter: Date
    public var version: Int
    public var publicKey: PublicKey
    public var signatureAlgorithm: ObjectName
    public var fingerprintSHA256: String
    public var isSelfIssued: Bool
    public var extensions: [Extension]
    /// Warnings the adapter already knows (trailing data, several certificates, name conversion).
    public var warnings: [CertificateWarning]

    public init(subjectLine: String, subjectFields: [NameField], issuerLine: String, issuerFields: [NameField],
                serialHex: String, notBefore: Date, notAfter: Date, version: Int = 3,
                publicKey: PublicKey, signatureAlgorithm: ObjectName, fingerprintSHA256: String,
                isSelfIssued: Bool, extensions: [Extension] = [], warnings: [CertificateWarning] = []) {
        self.subjectLine = subjectLine
        self.subjectFields = subjectFields
        self.issuerLine = issuerLine
        self.issuerFields = issuerFields
        self.serialHex = serialHex
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.version = version
        self.publicKey = publicKey
        self.signatureAlgorithm = signatureAlgorithm
        self.fingerprintSHA256 = fingerprintSHA256
        self.isSelfIssued = isSelfIssued
        self.extensions = extensions
        self.warnings = warnings
    }
}

extension CertificateSummary {
    /// Interprets raw fields: names the key algorithm, finds the holder's ID number
    /// and the organisation code, and records what looked wrong as warnings.
    public init(raw: RawCertificate) {
        var warnings = raw.warnings
        let key = raw.publicKey
        if key.decodedType == nil {
            warnings.append(CertificateWarning(.keyNotDecoded, key.decodeError))
        }

        var extensions: [ExtensionField] = []
        var extensionTexts: [String: [String]] = [:]
        for ext in raw.extensions {
            let strings = DER.strings(in: ext.value[...]) ?? DER.text(ext.value[...]).map { [$0] }
            if let strings { extensionTexts[ext.oid] = strings }
            extensions.append(ExtensionField(
                oid: ext.oid,
                name: ext.name ?? KnownOID.extensionNames[ext.oid],
                critical: ext.critical,
                valueHex: Hex.upper(ext.value),
                text: strings.flatMap { $0.isEmpty ? nil : $0.joined(separator: " ") }))
        }

        let id = IdentifierSearch.idNumber(extensions: raw.extensions, texts: extensionTexts, subject: raw.subjectFields)
        warnings += id.warnings
        let org = IdentifierSearch.orgCode(extensions: raw.extensions, texts: extensionTexts, subject: raw.subjectFields)
        warnings += org.warnings

        self.init(
            subject: raw.subjectLine,
            subjectFields: raw.subjectFields,
            owner: raw.subjectFields.first { $0.oid == KnownOID.commonName }?.value,
            organization: raw.subjectFields.first { $0.oid == KnownOID.organization }?.value,
            issuer: raw.issuerLine,
            issuerFields: raw.issuerFields,
            issuerCommonName: raw.issuerFields.first { $0.oid == KnownOID.commonName }?.value,
            serial: raw.serialHex.uppercased(),
            notBefore: raw.notBefore,
            notAfter: raw.notAfter,
            version: raw.version,
            keyAlgorithm: Self.keyAlgorithmName(key),
            keyAlgorithmOID: key.algorithmOID,
            keyBits: key.bits,
            curve: key.curve,
            signatureAlgorithm: raw.signatureAlgorithm,
            fingerprintSHA256: raw.fingerprintSHA256.uppercased(),
            isSelfIssued: raw.isSelfIssued,
            idNumber: id.value,
            idNumberSource: id.source,
            orgCode: org.value,
            orgCodeSource: org.source,
            extensions: extensions,
            warnings: warnings)
    }

    /// "SM2" for any key on the SM2 curve (OpenSSL 3 reports such keys as id-ecPublicKey
    /// and, when decoded, as type "SM2"); then RSA / EC / Ed25519; then whatever OpenSSL calls it.
    static func keyAlgorithmName(_ key: RawCertificate.PublicKey) -> String {
        if key.curve?.oid == KnownOID.sm2Curve || key.decodedType == "SM2" { return "SM2" }
        switch key.algorithmOID {
        case KnownOID.rsaEncryption, KnownOID.rsassaPSS: return "RSA"
        case KnownOID.ecPublicKey: return "EC"
        case KnownOID.ed25519: return "Ed25519"
        case KnownOID.ed448: return "Ed448"
        default: return key.decodedType ?? key.algorithmName ?? key.algorithmOID
        }
    }
}

/// Finds the holder's ID number and the organisation code. Definite sources
/// (extensions defined to hold them) win; after them come values that only count
/// when they pass the standard's check digit (unknown 1.2.86.11.7.x arcs, subject
/// serialNumber / OU), so a random number is never taken for an identity.
enum IdentifierSearch {
    struct Found {
        var value: String?
        var source: String?
        var warnings: [CertificateWarning] = []
    }

    static func idNumber(extensions: [RawCertificate.Extension], texts: [String: [String]], subject: [NameField]) -> Found {
        for oid in KnownOID.idNumberExtensions {
            guard extensions.contains(where: { $0.oid == oid }) else { continue }
            guard let candidate = texts[oid].map(compactIDText), !candidate.isEmpty else {
                return Found(warnings: [CertificateWarning(.extensionUndecodable, oid)])
            }
            var found = Found(value: candidate, source: "ext:\(oid)")
            if !ChineseIdentifiers.isValidIDNumber(candidate) {
                found.warnings.append(CertificateWarning(.idNumberInvalid, "ext:\(oid)"))
            }
            return found
        }
        // Other deployments use other arcs under 1.2.86.11.7 (SZCA numbers its own 755xxxx).
        for ext in extensions where KnownOID.oid(ext.oid, isUnder: KnownOID.chineseEGovArc)
            && !KnownOID.nonIDExtensions.contains(ext.oid) {
            if let candidate = texts[ext.oid].map(compactIDText), candidate.count == 18,
               ChineseIdentifiers.isValidIDNumber(candidate) {
                return Found(value: candidate, source: "ext:\(ext.oid)",
                             warnings: [CertificateWarning(.idNumberUnknownArc, ext.oid)])
            }
        }
        if let field = subject.first(where: { $0.oid == KnownOID.serialNumberAttribute
            && $0.value.count == 18 && ChineseIdentifiers.isValidIDNumber($0.value) }) {
            return Found(value: field.value.uppercased(), source: "subject:\(field.oid)")
        }
        return Found()
    }

    static func orgCode(extensions: [RawCertificate.Extension], texts: [String: [String]], subject: [NameField]) -> Found {
        for oid in KnownOID.orgCodeExtensions {
            guard extensions.contains(where: { $0.oid == oid }) else { continue }
            guard let value = texts[oid]?.joined().trimmingCharacters(in: .whitespaces), !value.isEmpty else {
                return Found(warnings: [CertificateWarning(.extensionUndecodable, oid)])
            }
            return Found(value: value, source: "ext:\(oid)")
        }
        // Codes whose meaning is less certain count only when the check character is right.
        for ext in extensions where (KnownOID.oid(ext.oid, isUnder: KnownOID.chineseEGovArc)
            || ext.oid == KnownOID.gmUnifiedSocialCreditCode) && !KnownOID.idNumberExtensions.contains(ext.oid) {
            if let value = texts[ext.oid]?.joined().trimmingCharacters(in: .whitespaces), isOrgCode(value) {
                return Found(value: value, source: "ext:\(ext.oid)")
            }
        }
        let attributes = [KnownOID.serialNumberAttribute, KnownOID.organizationalUnit, KnownOID.organizationIdentifier]
        for oid in attributes {
            if let field = subject.first(where: { $0.oid == oid && isOrgCode($0.value) }) {
                return Found(value: field.value, source: "subject:\(oid)")
            }
        }
        return Found()
    }

    /// A valid USCC or organisation code that is not also a valid ID number
    /// (an 18-digit ID passes the USCC check by chance about once in 31).
    static func isOrgCode(_ value: String) -> Bool {
        if ChineseIdentifiers.isValidIDNumber(value) { return false }
        return ChineseIdentifiers.isValidUnifiedSocialCreditCode(value) || ChineseIdentifiers.isValidOrganizationCode(value)
    }

    /// Joins the pieces (the Guizhou keys hold region + birth date + check digits)
    /// and drops separators a CA may have put between them.
    static func compactIDText(_ pieces: [String]) -> String {
        String(pieces.joined().filter { !$0.isWhitespace && $0 != "-" }).uppercased()
    }
}

enum Hex {
    static func upper(_ bytes: some Collection<UInt8>) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
