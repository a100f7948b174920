/// A small DER reader: enough to check a certificate's outer framing before
/// OpenSSL sees it, and to pull the text out of the Chinese extensions, whose
/// layout differs between CAs. Definite lengths only (DER forbids the others).
public struct DERElement: Sendable, Equatable {
    /// The identifier octet (class, constructed bit, tag number < 31).
    public var identifier: UInt8
    public var content: ArraySlice<UInt8>
    /// Total size including the header.
    public var encodedLength: Int

    public var isConstructed: Bool { identifier & 0x20 != 0 }
    public var tagClass: UInt8 { identifier >> 6 }
    public var tagNumber: UInt8 { identifier & 0x1F }
}

public enum DER {
    /// How the first element of `bytes` is framed.
    public enum Framing: Sendable, Equatable {
        /// A complete element, possibly followed by `trailing` extra bytes.
        case complete(length: Int, trailing: Int)
        /// The header announces `expected` bytes (nil: the header itself is cut) but only `actual` are there.
        case truncated(expected: Int?, actual: Int)
        /// Not a definite-length DER element at all.
        case malformed
    }

    public static func framing(of bytes: ArraySlice<UInt8>) -> Framing {
        switch header(of: bytes) {
        case .ok(let headerLength, let contentLength):
            let total = headerLength + contentLength
            if total > bytes.count { return .truncated(expected: total, actual: bytes.count) }
            return .complete(length: total, trailing: bytes.count - total)
        case .cut:
            return .truncated(expected: nil, actual: bytes.count)
        case .bad:
            return .malformed
        }
    }

    /// Reads one element at the start of `bytes`; nil when it is malformed or cut.
    public static func element(at bytes: ArraySlice<UInt8>) -> DERElement? {
        guard case .ok(let headerLength, let contentLength) = header(of: bytes),
              headerLength + contentLength <= bytes.count else { return nil }
        let start = bytes.startIndex + headerLength
        return DERElement(identifier: bytes[bytes.startIndex],
                          content: bytes[start..<start + contentLength],
                          encodedLength: headerLength + contentLength)
    }

    /// All elements laid end to end in `bytes`; nil unless they fill it exactly.
    public static func elements(in bytes: ArraySlice<UInt8>) -> [DERElement]? {
        var result: [DERElement] = []
        var rest = bytes
        while !rest.isEmpty {
            guard let e = element(at: rest) else { return nil }
            result.append(e)
            rest = rest.dropFirst(e.encodedLength)
        }
        return result
    }

    /// The strings inside a DER value, depth first: every string type, implicitly
    /// tagged primitives and OCTET STRINGs that hold text, and the contents of
    /// SEQUENCE / SET / explicit tags / OCTET STRINGs that hold DER. Returns nil
    /// when `bytes` is not DER; an empty array when it is DER without text.
    public static func strings(in bytes: ArraySlice<UInt8>, depth: Int = 0) -> [String]? {
        guard depth < 8, let elements = elements(in: bytes) else { return nil }
        var found: [String] = []
        for e in elements {
            if e.isConstructed {
                guard let inner = strings(in: e.content, depth: depth + 1) else { return nil }
                found += inner
                continue
            }
            switch (e.tagClass, e.tagNumber) {
            case (0, 0x0C), (0, 0x12), (0, 0x13), (0, 0x16), (0, 0x1A):   // UTF8, Numeric, Printable, IA5, Visible
                if let s = text(e.content) { found.append(s) }
            case (0, 0x14):   // T61String: treat as Latin-1, what OpenSSL does too
                found.append(String(decoding: e.content.map { UInt16($0) }, as: UTF16.self))
            case (0, 0x1E):   // BMPString: UTF-16BE
                if let s = utf16BE(e.content) { found.append(s) }
            case (0, 0x04):   // OCTET STRING: nested DER or plain text
                if let inner = strings(in: e.content, depth: depth + 1), !inner.isEmpty {
                    found += inner
                } else if let s = text(e.content) {
                    found.append(s)
                }
            case (2, _):      // [n] IMPLICIT string
                if let s = text(e.content) { found.append(s) }
            default:
                continue
            }
        }
        return found
    }

    /// UTF-8 text without control characters, or nil.
    public static func text(_ bytes: ArraySlice<UInt8>) -> String? {
        guard !bytes.isEmpty, let s = String(validating: bytes, as: UTF8.self) else { return nil }
        let printable = s.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
        return printable ? s : nil
    }

    // MARK: - Internals

    private enum Header { case ok(headerLength: Int, contentLength: Int), cut, bad }

    private static func header(of bytes: ArraySlice<UInt8>) -> Header {
        let i = bytes.startIndex
        guard bytes.count >= 2 else { return bytes.isEmpty ? .bad : .cut }
        if bytes[i] & 0x1F == 0x1F { return .bad }   // high tag numbers never occur where we look
        let first = bytes[i + 1]
        if first < 0x80 { return .ok(headerLength: 2, contentLength: Int(first)) }
        let count = Int(first & 0x7F)
        guard count >= 1, count <= 4 else { return .bad }   // 0x80 = indefinite (BER only)
        guard bytes.count >= 2 + count else { return .cut }
        var length = 0
        for b in bytes[(i + 2)..<(i + 2 + count)] { length = length << 8 | Int(b) }
        return .ok(headerLength: 2 + count, contentLength: length)
    }

    private static func utf16BE(_ bytes: ArraySlice<UInt8>) -> String? {
        guard bytes.count % 2 == 0, !bytes.isEmpty else { return nil }
        var units: [UInt16] = []
        var i = bytes.startIndex
        while i < bytes.endIndex {
            units.append(UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
            i += 2
        }
        return String(validating: units, as: UTF16.self)
    }
}
