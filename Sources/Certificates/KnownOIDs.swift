/// Object identifiers the doctor looks for, with where each meaning comes from.
public enum KnownOID {
    // Public key and curve.
    public static let rsaEncryption = "1.2.840.113549.1.1.1"
    public static let rsassaPSS = "1.2.840.113549.1.1.10"
    public static let ecPublicKey = "1.2.840.10045.2.1"
    public static let ed25519 = "1.3.101.112"
    public static let ed448 = "1.3.101.113"
    /// SM2 curve, GM/T 0006; seed 002 ("证书 OID 标准: 1.2.156.10197.1.301").
    public static let sm2Curve = "1.2.156.10197.1.301"
    /// SM2 signature with SM3 digest, GM/T 0006.
    public static let sm2WithSM3 = "1.2.156.10197.1.501"
    public static let prime256v1 = "1.2.840.10045.3.1.7"

    // Subject attributes that may hold an organisation code or ID number.
    public static let commonName = "2.5.4.3"
    public static let serialNumberAttribute = "2.5.4.5"
    public static let organization = "2.5.4.10"
    public static let organizationalUnit = "2.5.4.11"
    public static let organizationIdentifier = "2.5.4.97"

    /// Arc of the Chinese e-government certificate extensions
    /// ("中国信息安全标委会证书扩展域"). The numbers below are named the same way in
    /// several CA SDKs found with the search tools (a certificate-decoder header
    /// listing 1.2.86.11.7.1–5, a GDCA web SDK's OID table, a Java CA policy class
    /// naming IdentifyCode / InsuranceNumber / OrganizationCode / ICRegistrationNumber
    /// / TaxationNumber).
    public static let chineseEGovArc = "1.2.86.11.7"
    /// 个人身份证号码 (IdentifyCode).
    public static let identifyCode = "1.2.86.11.7.1"
    /// 个人社会保险号 (InsuranceNumber).
    public static let insuranceNumber = "1.2.86.11.7.2"
    /// 企业组织机构代码 (OrganizationCode).
    public static let organizationCode = "1.2.86.11.7.3"
    /// 企业工商注册号 (ICRegistrationNumber); one SDK labels it 统一社会信用代码 instead.
    public static let icRegistrationNumber = "1.2.86.11.7.4"
    /// 企业税号 (TaxationNumber).
    public static let taxationNumber = "1.2.86.11.7.5"
    /// SZCA private arc used for the holder's ID number on the Guizhou prison keys:
    /// seed 002, FAQ 3 ("1.2.86.11.7.7550207 这个字段中三段数字(行政区划+年月日+校验码)").
    public static let szcaGuizhouIDNumber = "1.2.86.11.7.7550207"
    /// GDCA 统一社会信用代码 (from the GDCA web SDK's OID table).
    public static let gdcaUnifiedSocialCreditCode = "1.2.86.11.7.7550243.1"
    /// GM/T 0015 个人身份标识码 (IdentifyCode) for SM2 certificates; a CA SDK's
    /// comments list 1.2.156.10260.4.1.1 as 身份证号 for SM2 where RSA uses 1.2.86.11.7.1.
    public static let gmIdentifyCode = "1.2.156.10260.4.1.1"
    /// GM/T 0015 企业组织机构代码 (sources disagree: one SDK calls it 工商登记证).
    public static let gmOrganizationCode = "1.2.156.10260.4.1.3"
    /// GM/T 0015 arc member that one SDK labels 统一社会信用代码.
    public static let gmUnifiedSocialCreditCode = "1.2.156.10260.4.1.4"

    /// Extensions that carry an ID number by definition.
    public static let idNumberExtensions: [String] = [identifyCode, szcaGuizhouIDNumber, gmIdentifyCode]
    /// Extensions that carry an organisation code by definition.
    public static let orgCodeExtensions: [String] = [organizationCode, gmOrganizationCode, gdcaUnifiedSocialCreditCode]
    /// Extensions under the e-government arcs that hold something else; never read as an ID number.
    public static let nonIDExtensions: Set<String> = [insuranceNumber, organizationCode, icRegistrationNumber, taxationNumber,
                                                      gmOrganizationCode, gmUnifiedSocialCreditCode, gdcaUnifiedSocialCreditCode]

    /// Our names for the Chinese extensions (OpenSSL knows none of them).
    public static let extensionNames: [String: String] = [
        identifyCode: "IdentifyCode",
        insuranceNumber: "InsuranceNumber",
        organizationCode: "OrganizationCode",
        icRegistrationNumber: "ICRegistrationNumber",
        taxationNumber: "TaxationNumber",
        szcaGuizhouIDNumber: "SZCA ID number",
        gdcaUnifiedSocialCreditCode: "GDCA UnifiedSocialCreditCode",
        gmIdentifyCode: "GM IdentifyCode",
        gmOrganizationCode: "GM OrganizationCode",
        gmUnifiedSocialCreditCode: "GM 1.2.156.10260.4.1.4",
    ]

    /// True when `oid` is `arc` itself or lies below it.
    public static func oid(_ oid: String, isUnder arc: String) -> Bool {
        oid == arc || oid.hasPrefix(arc + ".")
    }
}
