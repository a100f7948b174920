import COpenSSL
import Foundation
import Synchronization

/// Makes real, signed certificates at run time for the simulator and the tests.
/// Keys are generated once per (role, algorithm) and kept for the life of the
/// process, so a dozen certificates cost one RSA key generation, not twelve.
public final class CertificateFactory: Sendable {
    public static let shared = CertificateFactory()

    /// SM2 distinguishing identifier: the GM/T 0009 default, which is what OpenSSL's
    /// `-sigopt distid:1234567812345678` sets and what verifiers assume.
    public static let sm2DistinguishingID = Array("1234567812345678".utf8)

    private enum Role: Hashable, Sendable { case subject, authority }
    private struct KeyID: Hashable, Sendable {
        var role: Role
        var algorithm: CertificateSpec.KeyAlgorithm
    }

    private let keys = Mutex<[KeyID: OwnedPKey]>([:])

    public init() {}

    /// A certificate for `spec.subject`, signed by the CA key for `spec.issuer`, as DER.
    public func makeCertificate(_ spec: CertificateSpec) throws(CertificateFactoryError) -> [UInt8] {
        OpenSSLErrors.clear()
        defer { OpenSSLErrors.drain() }
        let subjectKey = try key(.subject, spec.keyAlgorithm)
        let caAlgorithm = spec.caKeyAlgorithm ?? spec.keyAlgorithm
        let caKey = try key(.authority, caAlgorithm)
        var extensions = spec.extensions
        if !extensions.contains(where: { $0.oid == "2.5.29.15" }) {
            extensions.insert(.init(oid: "2.5.29.15", critical: true, value: DERWriter.leafKeyUsage), at: 0)
        }
        if let id = spec.idNumber {
            extensions.append(.init(oid: id.oid, value: DERWriter.idNumberValue(id)))
        }
        return try build(subject: spec.subject, issuer: spec.issuer, publicKey: subjectKey, signingKey: caKey,
                         signingAlgorithm: caAlgorithm, notBefore: spec.notBefore, notAfter: spec.notAfter,
                         serial: spec.serial, extensions: extensions)
    }

    /// The self-signed certificate of the CA key that signs `makeCertificate`'s
    /// certificates for `keyAlgorithm`, so a chain can be verified.
    public func makeCACertificate(name: [CertificateSpec.Attribute], keyAlgorithm: CertificateSpec.KeyAlgorithm,
                                  notBefore: Date, notAfter: Date) throws(CertificateFactoryError) -> [UInt8] {
        OpenSSLErrors.clear()
        defer { OpenSSLErrors.drain() }
        let caKey = try key(.authority, keyAlgorithm)
        return try build(subject: name, issuer: name, publicKey: caKey, signingKey: caKey,
                         signingAlgorithm: keyAlgorithm, notBefore: notBefore, notAfter: notAfter, serial: nil,
                         extensions: [.init(oid: "2.5.29.19", critical: true, value: DERWriter.caBasicConstraints),
                                      .init(oid: "2.5.29.15", critical: true, value: DERWriter.caKeyUsage)])
    }

    /// The subject private key for `algorithm` as PKCS#8 PEM (for tests that need a
    /// key file, and for the simulator's "wrong file" cases). Never a token's key.
    public func privateKeyPEM(_ algorithm: CertificateSpec.KeyAlgorithm) throws(CertificateFactoryError) -> String {
        OpenSSLErrors.clear()
        defer { OpenSSLErrors.drain() }
        let pkey = try key(.subject, algorithm)
        guard let bio = OwnedBIO.memory(),
              PEM_write_bio_PrivateKey(bio.pointer, pkey.pointer, nil, nil, 0, nil, nil) == 1 else {
            throw .encoding(reason: OpenSSLErrors.drain() ?? "PEM_write_bio_PrivateKey failed")
        }
        return String(decoding: bio.contents, as: UTF8.self)
    }

    /// DER wrapped as a PEM "CERTIFICATE" block with 64-character lines.
    public static func pem(_ der: [UInt8], label: String = "CERTIFICATE") -> String {
        let base64 = Data(der).base64EncodedString()
        var lines: [Substring] = []
        var rest = base64[...]
        while !rest.isEmpty {
            lines.append(rest.prefix(64))
            rest = rest.dropFirst(64)
        }
        return "-----BEGIN \(label)-----\n" + lines.joined(separator: "\n") + "\n-----END \(label)-----\n"
    }

    // MARK: - Keys

    private func key(_ role: Role, _ algorithm: CertificateSpec.KeyAlgorithm) throws(CertificateFactoryError) -> OwnedPKey {
        let id = KeyID(role: role, algorithm: algorithm)
        let result: Result<OwnedPKey, CertificateFactoryError> = keys.withLock { cache in
            if let cached = cache[id] { return .success(cached) }
            do throws(CertificateFactoryError) {
                let fresh = try Self.generateKey(algorithm)
                cache[id] = fresh
                return .success(fresh)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func generateKey(_ algorithm: CertificateSpec.KeyAlgorithm) throws(CertificateFactoryError) -> OwnedPKey {
        // SM2 must be generated as key type "SM2": an "EC" key on the SM2 curve cannot
        // sign with SM3 in OpenSSL 3.0 (platform-findings §3, `req -newkey ec … -sm3` fails).
        let typeName = switch algorithm {
        case .sm2: "SM2"
        case .rsa2048: "RSA"
        case .ecP256: "EC"
        }
        let fail = { (step: String) -> CertificateFactoryError in
            .keyGeneration(algorithm: algorithm.rawValue, reason: OpenSSLErrors.drain() ?? step)
        }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, typeName, nil) else { throw fail("EVP_PKEY_CTX_new_from_name") }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else { throw fail("EVP_PKEY_keygen_init") }
        switch algorithm {
        case .rsa2048:
            guard EVP_PKEY_CTX_set_rsa_keygen_bits(context, 2048) == 1 else { throw fail("set_rsa_keygen_bits") }
        case .ecP256:
            guard EVP_PKEY_CTX_set_group_name(context, "P-256") == 1 else { throw fail("set_group_name") }
        case .sm2:
            break
        }
        var pkey: OpaquePointer?
        guard EVP_PKEY_generate(context, &pkey) == 1, let pkey else { throw fail("EVP_PKEY_generate") }
        return OwnedPKey(pkey)
    }

    // MARK: - Building

    private func build(subject: [CertificateSpec.Attribute], issuer: [CertificateSpec.Attribute],
                       publicKey: OwnedPKey, signingKey: OwnedPKey, signingAlgorithm: CertificateSpec.KeyAlgorithm,
                       notBefore: Date, notAfter: Date, serial: [UInt8]?,
                       extensions: [CertificateSpec.Extension]) throws(CertificateFactoryError) -> [UInt8] {
        guard let raw = X509_new() else { throw .encoding(reason: "X509_new failed") }
        let certificate = OwnedX509(raw)
        let x = certificate.pointer
        guard X509_set_version(x, 2) == 1 else { throw .encoding(reason: "X509_set_version failed") }
        try setSerial(x, serial ?? Self.randomSerial())
        try setTime(X509_set1_notBefore, x, notBefore)
        try setTime(X509_set1_notAfter, x, notAfter)
        try setName(X509_set_subject_name, x, subject)
        try setName(X509_set_issuer_name, x, issuer)
        guard X509_set_pubkey(x, publicKey.pointer) == 1 else {
            throw .encoding(reason: OpenSSLErrors.drain() ?? "X509_set_pubkey failed")
        }
        for ext in extensions { try addExtension(x, ext) }
        try sign(x, with: signingKey, algorithm: signingAlgorithm)
        return try encode(x)
    }

    private static func randomSerial() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[0] = (bytes[0] & 0x7F) | 0x10   // positive, and always 16 bytes long
        return bytes
    }

    private func setSerial(_ x: OpaquePointer, _ serial: [UInt8]) throws(CertificateFactoryError) {
        guard !serial.isEmpty, serial.count <= 20 else { throw .encoding(reason: "serial must be 1 to 20 bytes") }
        guard let bn = BN_bin2bn(serial, Int32(serial.count), nil) else { throw .encoding(reason: "BN_bin2bn failed") }
        defer { BN_free(bn) }
        guard let integer = BN_to_ASN1_INTEGER(bn, nil) else { throw .encoding(reason: "BN_to_ASN1_INTEGER failed") }
        defer { ASN1_INTEGER_free(integer) }
        guard X509_set_serialNumber(x, integer) == 1 else { throw .encoding(reason: "X509_set_serialNumber failed") }
    }

    private func setTime(_ setter: (OpaquePointer?, UnsafePointer<ASN1_TIME>?) -> Int32,
                         _ x: OpaquePointer, _ date: Date) throws(CertificateFactoryError) {
        // ASN1_TIME_set picks UTCTime up to 2049 and GeneralizedTime after, as RFC 5280 asks, and
        // refuses what no certificate can hold. Converting to time_t first would trap past Int64.
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds.isFinite, abs(seconds) < 1e15, let time = ASN1_TIME_set(nil, time_t(seconds)) else {
            throw .encoding(reason: "date out of range: \(date)")
        }
        defer { ASN1_STRING_free(time) }
        guard setter(x, time) == 1 else { throw .encoding(reason: "cannot set validity") }
    }

    private func setName(_ setter: (OpaquePointer?, OpaquePointer?) -> Int32, _ x: OpaquePointer,
                         _ attributes: [CertificateSpec.Attribute]) throws(CertificateFactoryError) {
        guard let name = X509_NAME_new() else { throw .encoding(reason: "X509_NAME_new failed") }
        defer { X509_NAME_free(name) }
        for attribute in attributes {
            let (type, bytes): (Int32, [UInt8]) = switch attribute.encoding {
            case .utf8: (MBSTRING_UTF8, Array(attribute.value.utf8))
            case .printable: (V_ASN1_PRINTABLESTRING, Array(attribute.value.utf8))
            case .bmp: (V_ASN1_BMPSTRING, attribute.value.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
            }
            if attribute.encoding == .printable, !attribute.value.allSatisfy(\.isASCII) {
                throw .invalidAttribute(field: attribute.field, reason: "PrintableString must be ASCII")
            }
            guard X509_NAME_add_entry_by_txt(name, attribute.field, type, bytes, Int32(bytes.count), -1, 0) == 1 else {
                throw .invalidAttribute(field: attribute.field, reason: OpenSSLErrors.drain() ?? "rejected by OpenSSL")
            }
        }
        guard setter(x, name) == 1 else { throw .encoding(reason: "cannot set name") }
    }

    private func addExtension(_ x: OpaquePointer, _ ext: CertificateSpec.Extension) throws(CertificateFactoryError) {
        guard let object = OBJ_txt2obj(ext.oid, 1) else {
            throw .invalidExtension(oid: ext.oid, reason: OpenSSLErrors.drain() ?? "not a dotted OID")
        }
        defer { ASN1_OBJECT_free(object) }
        guard let octets = ASN1_OCTET_STRING_new() else { throw .encoding(reason: "ASN1_OCTET_STRING_new failed") }
        defer { ASN1_OCTET_STRING_free(octets) }
        guard ASN1_OCTET_STRING_set(octets, ext.value, Int32(ext.value.count)) == 1,
              let built = X509_EXTENSION_create_by_OBJ(nil, object, ext.critical ? 1 : 0, octets) else {
            throw .invalidExtension(oid: ext.oid, reason: OpenSSLErrors.drain() ?? "cannot build extension")
        }
        defer { X509_EXTENSION_free(built) }
        guard X509_add_ext(x, built, -1) == 1 else {
            throw .invalidExtension(oid: ext.oid, reason: OpenSSLErrors.drain() ?? "X509_add_ext failed")
        }
    }

    private func sign(_ x: OpaquePointer, with key: OwnedPKey,
                      algorithm: CertificateSpec.KeyAlgorithm) throws(CertificateFactoryError) {
        guard let context = EVP_MD_CTX_new() else { throw .signing(reason: "EVP_MD_CTX_new failed") }
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        let digest = algorithm == .sm2 ? "SM3" : "SHA256"
        guard EVP_DigestSignInit_ex(context, &keyContext, digest, nil, nil, key.pointer, nil) == 1 else {
            throw .signing(reason: OpenSSLErrors.drain() ?? "EVP_DigestSignInit_ex failed")
        }
        if algorithm == .sm2 {
            // The Z value is computed on the first update, so setting the id after init is in time.
            let id = Self.sm2DistinguishingID
            guard EVP_PKEY_CTX_set1_id(keyContext, id, Int32(id.count)) == 1 else {
                throw .signing(reason: OpenSSLErrors.drain() ?? "EVP_PKEY_CTX_set1_id failed")
            }
        }
        guard X509_sign_ctx(x, context) > 0 else {
            throw .signing(reason: OpenSSLErrors.drain() ?? "X509_sign_ctx failed")
        }
    }

    private func encode(_ x: OpaquePointer) throws(CertificateFactoryError) -> [UInt8] {
        let length = i2d_X509(x, nil)
        guard length > 0 else { throw .encoding(reason: OpenSSLErrors.drain() ?? "i2d_X509 failed") }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_X509(x, &cursor)
        }
        guard written == length else { throw .encoding(reason: "i2d_X509 wrote \(written) of \(length) bytes") }
        return der
    }
}
