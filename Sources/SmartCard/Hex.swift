// Hex text <-> bytes, the way smart-card people write it ("3B FD 13", "3b:fd:13", "3BFD13").

public enum Hex {
    private static let digits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Upper-case hex, bytes separated by `separator` ("3B FD 13").
    public static func encode<S: Sequence>(_ bytes: S, separator: String = " ") -> String where S.Element == UInt8 {
        String(decoding: encodeASCII(bytes, separator: Array(separator.utf8)), as: UTF8.self)
    }

    /// The same as ASCII bytes; ATR matching works on these directly.
    static func encodeASCII<S: Sequence>(_ bytes: S, separator: [UInt8] = [0x20]) -> [UInt8] where S.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * (2 + separator.count))
        var first = true
        for byte in bytes {
            if !first { out.append(contentsOf: separator) }
            first = false
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return out
    }

    /// Two upper-case hex digits.
    public static func byte(_ value: UInt8) -> String {
        encode(CollectionOfOne(value))
    }

    /// Parses hex text. Spaces, tabs, colons and dashes between digits are ignored.
    /// Returns nil for anything else or an odd number of digits.
    public static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count / 2)
        var high: UInt8? = nil
        for char in text.utf8 {
            let nibble: UInt8
            switch char {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = char - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = char - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = char - UInt8(ascii: "A") + 10
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: ":"), UInt8(ascii: "-"):
                // A separator inside a byte ("3 B") is not hex we understand.
                if high != nil { return nil }
                continue
            default:
                return nil
            }
            if let h = high {
                out.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return high == nil ? out : nil
    }
}
