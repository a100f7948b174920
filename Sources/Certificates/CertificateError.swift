/// Why bytes could not be read as a certificate. Lives in the pure module so the
/// diagnosis code can handle it without linking OpenSSL.
public enum CertificateError: Error, Sendable, Equatable {
    /// Zero bytes, or only whitespace.
    case empty
    /// Refused before parsing: certificates are a few kilobytes.
    case tooLarge(byteCount: Int, limit: Int)
    /// The DER header announces more bytes than there are (`expected` nil: the header itself is cut).
    case truncated(expected: Int?, actual: Int)
    /// OpenSSL rejected it; `reason` is OpenSSL's own reason string.
    case notACertificate(reason: String)
    /// PEM armour was found but no certificate inside; `labels` are the block labels seen.
    case pemWithoutCertificate(labels: [String])

    /// Largest input we parse: 1 MiB.
    public static let sizeLimit = 1 << 20

    /// Stable code for JSON and tests.
    public var code: String {
        switch self {
        case .empty: "empty"
        case .tooLarge: "too-large"
        case .truncated: "truncated"
        case .notACertificate: "not-a-certificate"
        case .pemWithoutCertificate: "pem-without-certificate"
        }
    }

    /// One plain line for people (English; the UI translates by `code`).
    public var reason: String {
        switch self {
        case .empty:
            return "the file is empty"
        case .tooLarge(let count, let limit):
            return "the file is \(count) bytes, more than the \(limit)-byte limit for a certificate"
        case .truncated(let expected?, let actual):
            return "the certificate is cut short: \(actual) of \(expected) bytes"
        case .truncated(nil, let actual):
            return "the certificate is cut short after \(actual) byte\(actual == 1 ? "" : "s")"
        case .notACertificate(let reason):
            return "not a certificate (\(reason))"
        case .pemWithoutCertificate(let labels):
            if labels.contains(where: { $0.hasSuffix("PRIVATE KEY") }) {
                return "this is a private key, not a certificate"
            }
            if labels.contains(where: { $0.hasSuffix("PUBLIC KEY") }) {
                return "this is a public key, not a certificate"
            }
            if labels.contains(where: { $0.contains("CERTIFICATE REQUEST") }) {
                return "this is a certificate request, not a certificate"
            }
            if labels.isEmpty { return "PEM file without any readable block" }
            return "PEM file without a certificate (found: \(labels.joined(separator: ", ")))"
        }
    }
}

extension CertificateError: CustomStringConvertible {
    public var description: String { "\(code): \(reason)" }
}
