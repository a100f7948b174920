import Foundation
import Testing
import Certificates
@testable import X509OpenSSL

/// Checks the reader against the `openssl` command line on the certificates the factory makes,
/// and checks that the factory's signatures verify.
@Suite("Cross-check with the openssl command line", .enabled(if: TestSupport.opensslPath != nil))
struct OpenSSLCommandLineTests {
    /// "key=value" lines (first "=" splits) into a dictionary.
    private func fields(_ output: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in output.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            result[String(line[..<eq]).lowercased()] = String(line[line.index(after: eq)...])
        }
        return result
    }

    private func iso(_ text: String?) -> Date? {
        // "2025-03-01 08:30:00Z" (openssl -dateopt iso_8601)
        guard let text else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TestSupport.utc
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss'Z'"
        return formatter.date(from: text)
    }

    static let subjects: [[CertificateSpec.Attribute]] = [
        [.init("C", "CN"), .init("ST", "四川省"), .init("L", "绵阳市"), .init("O", "绵阳市涪城区人民检察院"),
         .init("OU", "办公室"), .init("CN", "电信测试1")],
        [.init("C", "CN"), .init("O", "中国电信"), .init("CN", "张三", encoding: .bmp)],
    ]

    @Test("Subject, issuer, serial, dates, fingerprint, curve and signature agree",
          arguments: CertificateSpec.KeyAlgorithm.allCases, [0, 1])
    func agree(_ algorithm: CertificateSpec.KeyAlgorithm, subjectIndex: Int) throws {
        let spec = TestSupport.spec(algorithm, subject: Self.subjects[subjectIndex], serial: [0x00, 0x9A, 0x01, 0xFF],
                                    notBefore: TestSupport.date(2024, 2, 29, 12, 0, 1),
                                    notAfter: TestSupport.date(2051, 1, 1, 0, 0, 0))
        let der = try TestSupport.make(spec)
        let summary = try X509Reader.summary(of: der)
        let file = try TestSupport.temporaryFile(der, name: "cert.der")
        defer { file.cleanup() }
        let base = ["x509", "-inform", "DER", "-in", file.url.path, "-noout"]

        let plain = try TestSupport.openssl(base + ["-subject", "-issuer", "-serial", "-startdate", "-enddate",
                                                    "-fingerprint", "-sha256", "-nameopt", "utf8,sep_comma_plus",
                                                    "-dateopt", "iso_8601"])
        #expect(plain.status == 0, "\(plain.stderr)")
        let f = fields(plain.stdout)
        // sep_comma_plus prints in DER order, which is the order of subjectFields.
        #expect(f["subject"] == summary.subjectFields.map { "\($0.name)=\($0.value)" }.joined(separator: ","))
        #expect(f["issuer"] == summary.issuerFields.map { "\($0.name)=\($0.value)" }.joined(separator: ","))
        #expect(f["serial"] == summary.serial)
        #expect(iso(f["notbefore"]) == summary.notBefore)
        #expect(iso(f["notafter"]) == summary.notAfter)
        #expect(f["sha256 fingerprint"]?.replacingOccurrences(of: ":", with: "") == summary.fingerprintSHA256)

        let rfc = try TestSupport.openssl(base + ["-subject", "-issuer", "-nameopt", "RFC2253,-esc_msb"])
        let r = fields(rfc.stdout)
        #expect(r["subject"] == summary.subject)
        #expect(r["issuer"] == summary.issuer)

        let text = try TestSupport.openssl(base + ["-text", "-nameopt", "utf8"]).stdout
        #expect(text.contains("Signature Algorithm: \(summary.signatureAlgorithm.name)"))
        #expect(text.contains("Public-Key: (\(summary.keyBits ?? -1) bit)"))
        if let curve = summary.curve {
            #expect(text.contains("ASN1 OID: \(curve.name)"))
        } else {
            #expect(algorithm == .rsa2048)
        }
    }

    @Test("Every signature verifies against the factory's CA certificate", arguments: CertificateSpec.KeyAlgorithm.allCases)
    func verify(_ algorithm: CertificateSpec.KeyAlgorithm) throws {
        let leaf = try TestSupport.make(TestSupport.spec(algorithm, notBefore: TestSupport.date(2025, 1, 1),
                                                         notAfter: TestSupport.date(2045, 1, 1)))
        let ca = try CertificateFactory.shared.makeCACertificate(name: CertificateSpec.sppIssuer, keyAlgorithm: algorithm,
                                                                 notBefore: TestSupport.date(2024, 1, 1),
                                                                 notAfter: TestSupport.date(2045, 1, 1))
        let caSummary = try X509Reader.summary(of: ca)
        #expect(caSummary.isSelfIssued)
        #expect(caSummary.subject == "CN=SPP SM2 Operation CA,O=SPP,C=CN")
        let leafFile = try TestSupport.temporaryFile(Array(CertificateFactory.pem(leaf).utf8), name: "leaf.pem")
        defer { leafFile.cleanup() }
        let caFile = try TestSupport.temporaryFile(Array(CertificateFactory.pem(ca).utf8), name: "ca.pem")
        defer { caFile.cleanup() }

        // SM2 needs the distinguishing id on the verifier's side too: OpenSSL 3.0.19's
        // `openssl verify` without -vfyopt fails ("certificate signature failure") even
        // on a chain the openssl command line made itself with -sigopt distid:….
        let extra = algorithm == .sm2 ? ["-vfyopt", "distid:1234567812345678"] : []
        let result = try TestSupport.openssl(["verify"] + extra + ["-CAfile", caFile.url.path, leafFile.url.path])
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.hasSuffix(": OK\n"))
        if algorithm == .sm2 {
            // A different id gives a different Z value: the signature must then fail, proving the id is really used.
            let wrong = try TestSupport.openssl(["verify", "-vfyopt", "distid:0000000000000000", "-CAfile", caFile.url.path,
                                                 leafFile.url.path])
            #expect(wrong.status != 0)
        }
    }

    struct CLIKey: Sendable, CustomTestStringConvertible {
        var genpkey: [String]
        var signOptions: [String]
        var keyAlgorithm: String
        var bits: Int
        var testDescription: String { keyAlgorithm }
    }

    @Test("Certificates made by the openssl command line read the same way", arguments: [
        CLIKey(genpkey: ["-algorithm", "SM2"], signOptions: ["-sm3", "-sigopt", "distid:1234567812345678"],
               keyAlgorithm: "SM2", bits: 256),
        CLIKey(genpkey: ["-algorithm", "ED25519"], signOptions: [], keyAlgorithm: "Ed25519", bits: 256),
        CLIKey(genpkey: ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"], signOptions: ["-sha256"],
               keyAlgorithm: "RSA", bits: 1024),
    ])
    func readsOpenSSLMade(_ key: CLIKey) throws {
        let dir = try TestSupport.temporaryFile([], name: "unused")
        defer { dir.cleanup() }
        let folder = dir.url.deletingLastPathComponent()
        let keyPath = folder.appendingPathComponent("key.pem").path
        let certPath = folder.appendingPathComponent("cert.pem").path
        #expect(try TestSupport.openssl(["genpkey"] + key.genpkey + ["-out", keyPath]).status == 0)
        let made = try TestSupport.openssl(["req", "-x509", "-key", keyPath] + key.signOptions + ["-utf8",
                                            "-subj", "/C=CN/O=中国电信/CN=电信测试1", "-days", "365", "-set_serial", "0x1234ABCD",
                                            "-out", certPath])
        #expect(made.status == 0, "\(made.stderr)")
        let summary = try X509Reader.summary(of: Array(try Data(contentsOf: URL(fileURLWithPath: certPath))))
        #expect(summary.subject == "CN=电信测试1,O=中国电信,C=CN")
        #expect(summary.keyAlgorithm == key.keyAlgorithm)
        #expect(summary.keyBits == key.bits)
        #expect(summary.serial == "1234ABCD")
        #expect(summary.isSelfIssued)
        #expect(summary.warnings.isEmpty)

        // The same certificate with OpenSSL trust settings ("TRUSTED CERTIFICATE").
        let trustedPath = folder.appendingPathComponent("trusted.pem").path
        let trust = try TestSupport.openssl(["x509", "-in", certPath, "-trustout", "-addtrust", "clientAuth", "-out", trustedPath])
        #expect(trust.status == 0, "\(trust.stderr)")
        let trustedBytes = Array(try Data(contentsOf: URL(fileURLWithPath: trustedPath)))
        #expect(String(decoding: trustedBytes, as: UTF8.self).hasPrefix("-----BEGIN TRUSTED CERTIFICATE-----"))
        let trusted = try X509Reader.summary(of: trustedBytes)
        #expect(trusted.fingerprintSHA256 == summary.fingerprintSHA256)
        #expect(trusted.warnings.isEmpty)
    }
}
