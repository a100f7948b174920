import Foundation

/// One attribute of a distinguished name, in the order it appears in the DER
/// (most significant first: C, O, …, CN for a typical Chinese certificate).
public struct NameField: Codable, Sendable, Equatable, Hashable {
    /// OpenSSL's short name ("CN", "O", "serialNumber"), or the dotted OID when OpenSSL has none.
    public var name: String
    /// Dotted OID, always present, so unknown attributes are never lost.
    public var oid: String
    /// The value converted to UTF-8 (BMPString and UTF8String alike).
    public var value: String
    /// ASN.1 string type as found ("UTF8String", "BMPString", "PrintableString", …).
    public var encoding: String?

    public init(name: String, oid: String, value: String, encoding: String? = nil) {
        self.name = name
        self.oid = oid
        self.value = value
        self.encoding = encoding
    }
}

/// An algorithm, curve or other object: a display name and its OID.
public struct ObjectName: Codable, Sendable, Equatable, Hashable {
    public var name: String
    public var oid: String

    public init(name: String, oid: String) {
        self.name = name
        self.oid = oid
    }
}

/// A certificate extension kept raw, with the text found inside it when there is any.
public struct ExtensionField: Codable, Sendable, Equatable, Hashable {
    public var oid: String
    /// OpenSSL's or our own name for the OID, when known.
    public var name: String?
    public var critical: Bool
    /// extnValue (the contents of the OCTET STRING) as upper-case hex.
    public var valueHex: String
    /// The strings found in the value (DER strings, or the bytes themselves when
    /// they are plain text), joined by a space; nil when there is no text.
    public var text: String?

    public init(oid: String, name: String? = nil, critical: Bool, valueHex: String, text: String? = nil) {
        self.oid = oid
        self.name = name
        self.critical = critical
        self.valueHex = valueHex
        self.text = text
    }
}

/// Something odd about a certificate that did not stop us from reading it.
public struct CertificateWarning: Codable, Sendable, Equatable, Hashable {
    /// Stable codes: tools and tests match on these, never on `detail`.
    public enum Code: String, Codable, Sendable, CaseIterable {
        /// OpenSSL could not decode the public key (unknown algorithm, point not on the curve…).
        case keyNotDecoded = "key-not-decoded"
        /// An ID number was found but its length, date or check digit is wrong.
        case idNumberInvalid = "id-number-invalid"
        /// The ID number came from an arc we do not know; it passed the check digit.
        case idNumberUnknownArc = "id-number-unknown-arc"
        /// An extension we look into for an ID number or org code held no readable text.
        case extensionUndecodable = "extension-undecodable"
        /// A name attribute could not be converted to UTF-8; its value is shown as hex.
        case nameNotUTF8 = "name-not-utf8"
        /// Bytes follow the certificate in a DER file.
        case trailingData = "trailing-data"
        /// The input held more than one certificate; the summary is of the first.
        case severalCertificates = "several-certificates"
        /// The data was base64 without PEM armour (some vendor tools export .cer like this).
        case bareBase64 = "bare-base64"
    }

    public var code: Code
    public var detail: String?

    public init(_ code: Code, _ detail: String? = nil) {
        self.code = code
        self.detail = detail
    }
}

/// Everything the doctor needs to know about one certificate, independent of the
/// current time (see `daysLeft(now:)` and `RenewalWindow` for time-dependent views).
public struct CertificateSummary: Codable, Sendable, Equatable {
    /// Subject on one line, RFC 2253 order (CN first) with UTF-8 left unescaped,
    /// exactly as OpenSSL prints it with `XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB`.
    public var subject: String
    /// Subject attributes in DER order (C first), the reverse of `subject`.
    public var subjectFields: [NameField]
    /// The holder: the subject's first CN.
    public var owner: String?
    /// The subject's first O.
    public var organization: String?
    /// Issuer on one line, same format as `subject`.
    public var issuer: String
    public var issuerFields: [NameField]
    public var issuerCommonName: String?
    /// Serial number in upper-case hex, as `openssl x509 -serial` prints it.
    public var serial: String
    public var notBefore: Date
    public var notAfter: Date
    /// X.509 version as written (1, 2 or 3).
    public var version: Int
    /// "SM2", "RSA", "EC", "Ed25519", or OpenSSL's name / the OID for anything else.
    public var keyAlgorithm: String
    /// The SubjectPublicKeyInfo algorithm OID (id-ecPublicKey for SM2 keys too).
    public var keyAlgorithmOID: String
    /// Key size in bits; nil when the key could not be decoded.
    public var keyBits: Int?
    /// Named curve of an EC/SM2 key.
    public var curve: ObjectName?
    public var signatureAlgorithm: ObjectName
    /// SHA-256 of the DER encoding, upper-case hex without separators.
    public var fingerprintSHA256: String
    /// True when subject and issuer are the same name (a root or a self-made certificate).
    public var isSelfIssued: Bool
    /// Holder's ID number (公民身份号码) when the certificate carries one.
    public var idNumber: String?
    /// Where `idNumber` came from: "ext:<oid>" or "subject:<oid>".
    public var idNumberSource: String?
    /// Organisation code (组织机构代码) or unified social credit code (统一社会信用代码).
    public var orgCode: String?
    /// Where `orgCode` came from: "ext:<oid>" or "subject:<oid>".
    public var orgCodeSource: String?
    /// Every extension, raw, in certificate order.
    public var extensions: [ExtensionField]
    public var warnings: [CertificateWarning]

    public init(
        subject: String, subjectFields: [NameField], owner: String?, organization: String?,
        issuer: String, issuerFields: [NameField], issuerCommonName: String?,
        serial: String, notBefore: Date, notAfter: Date, version: Int,
        keyAlgorithm: String, keyAlgorithmOID: String, keyBits: Int?, curve: ObjectName?,
        signatureAlgorithm: ObjectName, fingerprintSHA256: String, isSelfIssued: Bool,
        idNumber: String?, idNumberSource: String?, orgCode: String?, orgCodeSource: String?,
        extensions: [ExtensionField], warnings: [CertificateWarning]
    ) {
        self.subject = subject
        self.subjectFields = subjectFields
        self.owner = owner
        self.organization = organization
        self.issuer = issuer
        self.issuerFields = issuerFields
        self.issuerCommonName = issuerCommonName
        self.serial = serial
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.version = version
        self.keyAlgorithm = keyAlgorithm
        self.keyAlgorithmOID = keyAlgorithmOID
        self.keyBits = keyBits
        self.curve = curve
        self.signatureAlgorithm = signatureAlgorithm
        self.fingerprintSHA256 = fingerprintSHA256
        self.isSelfIssued = isSelfIssued
        self.idNumber = idNumber
        self.idNumberSource = idNumberSource
        self.orgCode = orgCode
        self.orgCodeSource = orgCodeSource
        self.extensions = extensions
        self.warnings = warnings
    }

    public func hasWarning(_ code: CertificateWarning.Code) -> Bool {
        warnings.contains { $0.code == code }
    }

    /// First value of a subject attribute, by short name or dotted OID.
    public func subjectValue(_ nameOrOID: String) -> String? {
        subjectFields.first { $0.name == nameOrOID || $0.oid == nameOrOID }?.value
    }
}
