/// Recognises what a file holds before any parser sees it. Pure, so the
/// decisions (and their limits) are tested without OpenSSL.
public enum CertificateInput: Sendable, Equatable {
    /// PEM armour ("-----BEGIN "); the adapter reads the blocks.
    case pem
    /// Binary DER starting with a SEQUENCE.
    case der
    /// Base64 text without armour that decodes to a DER SEQUENCE.
    case bareBase64(der: [UInt8])
    /// None of the above; the adapter still lets OpenSSL try, to get its reason.
    case unknown

    /// Sorts `bytes`, or throws for inputs refused before parsing (empty, too large).
    public static func classify(_ bytes: [UInt8], limit: Int = CertificateError.sizeLimit) throws(CertificateError) -> CertificateInput {
        if bytes.count > limit { throw .tooLarge(byteCount: bytes.count, limit: limit) }
        if bytes.allSatisfy(isSpace) { throw .empty }
        if contains(bytes, pemMarker) { return .pem }
        if bytes.first == 0x30 { return .der }
        if let der = decodeBase64(bytes), der.first == 0x30 { return .bareBase64(der: der) }
        return .unknown
    }

    /// True when a "-----BEGIN CERTIFICATE-----" has no "-----END CERTIFICATE-----" after it.
    public static func hasUnterminatedCertificateBlock(_ bytes: [UInt8]) -> Bool {
        guard let begin = firstIndex(of: Array("-----BEGIN CERTIFICATE-----".utf8), in: bytes[...]) else { return false }
        return firstIndex(of: Array("-----END CERTIFICATE-----".utf8), in: bytes[begin...]) == nil
    }

    // MARK: - Internals

    private static let pemMarker = Array("-----BEGIN ".utf8)

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        firstIndex(of: needle, in: haystack[...]) != nil
    }

    private static func firstIndex(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        for start in haystack.startIndex...(haystack.endIndex - needle.count) where haystack[start] == first {
            if haystack[start..<start + needle.count].elementsEqual(needle) { return start }
        }
        return nil
    }

    /// Strict base64 (RFC 4648 alphabet, whitespace ignored, padding only at the end).
    static func decodeBase64(_ bytes: [UInt8]) -> [UInt8]? {
        var values: [UInt8] = []
        var padding = 0
        for b in bytes where !isSpace(b) {
            if b == UInt8(ascii: "=") { padding += 1; continue }
            guard padding == 0, let v = base64Value(b) else { return nil }
            values.append(v)
        }
        guard !values.isEmpty, (values.count + padding) % 4 == 0 || padding == 0, padding <= 2 else { return nil }
        guard values.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(values.count * 3 / 4)
        var i = 0
        while i + 4 <= values.count {
            let n = UInt32(values[i]) << 18 | UInt32(values[i + 1]) << 12 | UInt32(values[i + 2]) << 6 | UInt32(values[i + 3])
            out += [UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)]
            i += 4
        }
        let rest = values.count - i
        if rest == 2 {
            out.append(values[i] << 2 | values[i + 1] >> 4)
        } else if rest == 3 {
            out.append(values[i] << 2 | values[i + 1] >> 4)
            out.append(values[i + 1] << 4 | values[i + 2] >> 2)
        }
        return out
    }

    private static func base64Value(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): b - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): b - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}
