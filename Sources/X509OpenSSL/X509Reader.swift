import Certificates
import COpenSSL
import Foundation

/// Reads certificates with OpenSSL 3 (SM2 included) into `CertificateSummary`.
/// Accepts DER, PEM (any number of blocks, other blocks skipped) and bare base64.
public enum X509Reader {
    /// The first certificate in `bytes`.
    public static func summary(of bytes: [UInt8]) throws(CertificateError) -> CertificateSummary {
        guard let first = try read(bytes, all: false).first else { throw .notACertificate(reason: "no certificate found") }
        return first
    }

    /// Every certificate in `bytes`, in file order.
    public static func summaries(of bytes: [UInt8]) throws(CertificateError) -> [CertificateSummary] {
        try read(bytes, all: true)
    }

    // MARK: - Input forms

    private static let certificateLabels: Set<String> = ["CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"]

    private static func read(_ bytes: [UInt8], all: Bool) throws(CertificateError) -> [CertificateSummary] {
        let input = try CertificateInput.classify(bytes)
        OpenSSLErrors.clear()
        defer { OpenSSLErrors.drain() }
        switch input {
        case .pem:
            return try readPEM(bytes, all: all)
        case .der, .unknown:
            return try readDER(bytes[...], all: all, extraWarnings: [])
        case .bareBase64(let der):
            return try readDER(der[...], all: all, extraWarnings: [CertificateWarning(.bareBase64)])
        }
    }

    /// One or more DER certificates laid end to end (some tools concatenate a chain).
    private static func readDER(_ bytes: ArraySlice<UInt8>, all: Bool,
                                extraWarnings: [CertificateWarning]) throws(CertificateError) -> [CertificateSummary] {
        var results: [CertificateSummary] = []
        var rest = bytes
        while !rest.isEmpty {
            let isFirst = results.isEmpty
            // Only a SEQUENCE can be a certificate; for anything else a length check
            // would report "truncated" for random bytes, so OpenSSL gets to say why.
            let framing: DER.Framing = rest.first == 0x30 ? DER.framing(of: rest) : .malformed
            switch framing {
            case .truncated(let expected, let actual):
                if isFirst { throw .truncated(expected: expected, actual: actual) }
                results[0].warnings.append(CertificateWarning(.trailingData, "\(rest.count) bytes"))
                return results
            case .complete(let length, _):
                guard let x509 = decode(rest.prefix(length)) else {
                    let reason = OpenSSLErrors.drain() ?? "unknown reason"
                    if isFirst { throw .notACertificate(reason: reason) }
                    results[0].warnings.append(CertificateWarning(.trailingData, "\(rest.count) bytes"))
                    return results
                }
                if !isFirst && !all {
                    results[0].warnings.append(CertificateWarning(.severalCertificates))
                    return results
                }
                results.append(summarize(x509, warnings: extraWarnings))
                rest = rest.dropFirst(length)
            case .malformed:
                // Not DER framing (indefinite BER length, garbage): let OpenSSL say why.
                if isFirst, let x509 = decode(rest) {
                    return [summarize(x509, warnings: extraWarnings)]
                }
                let reason = OpenSSLErrors.drain() ?? "unknown reason"
                if isFirst { throw .notACertificate(reason: reason) }
                results[0].warnings.append(CertificateWarning(.trailingData, "\(rest.count) bytes"))
                return results
            }
        }
        return results
    }

    private static func readPEM(_ bytes: [UInt8], all: Bool) throws(CertificateError) -> [CertificateSummary] {
        var labels: [String] = []
        var certificates: [(label: String, der: [UInt8])] = []
        var blockError: String?
        bytes.withUnsafeBytes { raw in
            guard let bio = OwnedBIO.reading(raw) else { return }
            while true {
                var name: UnsafeMutablePointer<CChar>?
                var header: UnsafeMutablePointer<CChar>?
                var data: UnsafeMutablePointer<UInt8>?
                var length = 0
                let ok = PEM_read_bio(bio.pointer, &name, &header, &data, &length)
                defer { co_free_pem_parts(name, header, data) }
                guard ok == 1, let name else {
                    // "no start line" is the normal end of the file; anything else is a broken block.
                    let code = ERR_peek_last_error()
                    if ERR_GET_REASON(code) != PEM_R_NO_START_LINE { blockError = OpenSSLErrors.describe(code) }
                    OpenSSLErrors.drain()
                    return
                }
                let label = String(cString: name)
                labels.append(label)
                if certificateLabels.contains(label), let data, length > 0 {
                    certificates.append((label, Array(UnsafeBufferPointer(start: data, count: length))))
                }
            }
        }
        guard !certificates.isEmpty else {
            // A certificate pasted from a chat window often loses its END line.
            if blockError != nil, CertificateInput.hasUnterminatedCertificateBlock(bytes) {
                throw .truncated(expected: nil, actual: bytes.count)
            }
            if let blockError { throw .notACertificate(reason: blockError) }
            throw .pemWithoutCertificate(labels: labels)
        }
        var results: [CertificateSummary] = []
        for (index, block) in certificates.enumerated() {
            if index > 0 && !all {
                results[0].warnings.append(CertificateWarning(.severalCertificates, "\(certificates.count) certificates"))
                break
            }
            guard var summary = try readDER(block.der[...], all: false, extraWarnings: []).first else { continue }
            // A TRUSTED CERTIFICATE carries OpenSSL's trust settings after the certificate: not trailing junk.
            if block.label == "TRUSTED CERTIFICATE" { summary.warnings.removeAll { $0.code == .trailingData } }
            results.append(summary)
        }
        return results
    }

    private static func decode(_ der: ArraySlice<UInt8>) -> OwnedX509? {
        der.withUnsafeBufferPointer { buffer -> OwnedX509? in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            guard let x509 = d2i_X509(nil, &cursor, buffer.count) else { return nil }
            return OwnedX509(x509)
        }
    }

    // MARK: - Fields

    private static func summarize(_ certificate: OwnedX509, warnings: [CertificateWarning]) -> CertificateSummary {
        let x = certificate.pointer
        var warnings = warnings
        let subjectName = X509_get_subject_name(x)
        let issuerName = X509_get_issuer_name(x)
        let subject = nameFields(subjectName, warnings: &warnings)
        let issuer = nameFields(issuerName, warnings: &warnings)
        let raw = RawCertificate(
            subjectLine: nameLine(subjectName),
            subjectFields: subject,
            issuerLine: nameLine(issuerName),
            issuerFields: issuer,
            serialHex: serialHex(x),
            notBefore: date(X509_get0_notBefore(x)),
            notAfter: date(X509_get0_notAfter(x)),
            version: Int(X509_get_version(x)) + 1,
            publicKey: publicKey(x),
            signatureAlgorithm: signatureAlgorithm(x),
            fingerprintSHA256: fingerprint(x),
            isSelfIssued: X509_NAME_cmp(subjectName, issuerName) == 0,
            extensions: extensions(x),
            warnings: warnings)
        OpenSSLErrors.drain()
        return CertificateSummary(raw: raw)
    }

    /// RFC 2253 one-liner with UTF-8 kept as is (platform-findings §3).
    static func nameLine(_ name: OpaquePointer?) -> String {
        guard let name, let bio = OwnedBIO.memory() else { return "" }
        guard X509_NAME_print_ex(bio.pointer, name, 0, co_XN_FLAG_RFC2253_UTF8()) >= 0 else { return "" }
        return String(decoding: bio.contents, as: UTF8.self)
    }

    static func nameFields(_ name: OpaquePointer?, warnings: inout [CertificateWarning]) -> [NameField] {
        guard let name else { return [] }
        var fields: [NameField] = []
        for index in 0..<X509_NAME_entry_count(name) {
            guard let entry = X509_NAME_get_entry(name, index) else { continue }
            let object = X509_NAME_ENTRY_get_object(entry)
            let oid = OpenSSLText.oid(object)
            let data = X509_NAME_ENTRY_get_data(entry)
            let encoding = data.flatMap { ASN1_tag2str(ASN1_STRING_type($0)) }.map { String(cString: $0) }
            var value: String
            var utf8: UnsafeMutablePointer<UInt8>?
            let length = ASN1_STRING_to_UTF8(&utf8, data)
            if length >= 0, let utf8 {
                value = String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)
                co_OPENSSL_free(utf8)
            } else {
                value = asn1Bytes(data).map { String(format: "%02X", $0) }.joined()
                warnings.append(CertificateWarning(.nameNotUTF8, oid))
                OpenSSLErrors.drain()
            }
            fields.append(NameField(name: OpenSSLText.shortName(object) ?? oid, oid: oid, value: value, encoding: encoding))
        }
        return fields
    }

    /// Upper-case hex, two digits per byte, as `openssl x509 -serial` prints it.
    static func serialHex(_ x: OpaquePointer) -> String {
        guard let serial = X509_get0_serialNumber(x), let bn = ASN1_INTEGER_to_BN(serial, nil) else { return "" }
        defer { BN_free(bn) }
        guard let hex = OpenSSLText.consume(BN_bn2hex(bn)) else { return "" }
        return hex == "0" ? "00" : hex.uppercased()
    }

    static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date {
        var parts = tm()
        guard let time, ASN1_TIME_to_tm(time, &parts) == 1 else { return Date(timeIntervalSince1970: 0) }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    static func publicKey(_ x: OpaquePointer) -> RawCertificate.PublicKey {
        var algorithm: OpaquePointer?
        var parameters: UnsafeMutablePointer<X509_ALGOR>?
        var key = RawCertificate.PublicKey(algorithmOID: "")
        if let spki = X509_get_X509_PUBKEY(x), X509_PUBKEY_get0_param(&algorithm, nil, nil, &parameters, spki) == 1 {
            key.algorithmOID = OpenSSLText.oid(algorithm)
            key.algorithmName = OpenSSLText.shortName(algorithm)
            var type: Int32 = 0
            var value: UnsafeRawPointer?
            X509_ALGOR_get0(nil, &type, &value, parameters)
            if type == V_ASN1_OBJECT, let value {
                let curve = OpaquePointer(value)
                key.curve = ObjectName(name: OpenSSLText.shortName(curve) ?? OpenSSLText.oid(curve),
                                       oid: OpenSSLText.oid(curve))
            }
        }
        OpenSSLErrors.clear()
        if let pkey = X509_get0_pubkey(x) {
            key.decodedType = EVP_PKEY_get0_type_name(pkey).map { String(cString: $0) }
            let bits = EVP_PKEY_get_bits(pkey)
            key.bits = bits > 0 ? Int(bits) : nil
            if key.decodedType == nil { key.decodedType = key.algorithmName ?? key.algorithmOID }
        } else {
            key.decodeError = OpenSSLErrors.drain() ?? "OpenSSL cannot decode this public key"
        }
        return key
    }

    static func signatureAlgorithm(_ x: OpaquePointer) -> ObjectName {
        var algorithm: UnsafePointer<X509_ALGOR>?
        X509_get0_signature(nil, &algorithm, x)
        var object: OpaquePointer?
        X509_ALGOR_get0(&object, nil, nil, algorithm)
        let oid = OpenSSLText.oid(object)
        return ObjectName(name: OpenSSLText.longName(object) ?? oid, oid: oid)
    }

    static func fingerprint(_ x: OpaquePointer) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(x, EVP_sha256(), &digest, &length) == 1 else { return "" }
        return digest.prefix(Int(length)).map { String(format: "%02X", $0) }.joined()
    }

    static func extensions(_ x: OpaquePointer) -> [RawCertificate.Extension] {
        var result: [RawCertificate.Extension] = []
        for index in 0..<X509_get_ext_count(x) {
            guard let ext = X509_get_ext(x, index) else { continue }
            let object = X509_EXTENSION_get_object(ext)
            result.append(RawCertificate.Extension(
                oid: OpenSSLText.oid(object),
                name: OpenSSLText.shortName(object),
                critical: X509_EXTENSION_get_critical(ext) == 1,
                value: asn1Bytes(X509_EXTENSION_get_data(ext))))
        }
        return result
    }

    static func asn1Bytes(_ string: UnsafePointer<ASN1_STRING>?) -> [UInt8] {
        guard let string, let data = ASN1_STRING_get0_data(string) else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(string))))
    }
}
