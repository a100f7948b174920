// BER-TLV as cards use it (ISO/IEC 7816-4 §5.2, X.690 §8.1): tags of up to four bytes,
// definite lengths up to 0x84, constructed objects parsed recursively with a depth limit.

/// Why bytes could not be read as BER-TLV. `offset` is where in the input the problem starts.
public enum TLVError: Error, Equatable, Sendable {
    case truncatedTag(offset: Int)
    case tagTooLong(offset: Int)            // more than four tag bytes
    case truncatedLength(offset: Int)
    case indefiniteLength(offset: Int)      // 0x80: BER allows it, card data objects never use it
    case unsupportedLength(offset: Int, firstByte: UInt8)
    case valueOverrun(offset: Int, declared: Int, available: Int)
    case tooDeep(offset: Int, limit: Int)
}

/// One BER-TLV data object. `tag` holds the tag bytes big-endian (0x5FC105 for `5F C1 05`).
public struct TLV: Equatable, Sendable {
    public let tag: UInt32
    public let value: [UInt8]
    /// Parsed children of a constructed object; nil for primitive objects
    /// and when parsing was asked not to recurse.
    public let children: [TLV]?

    public init(tag: UInt32, value: [UInt8], children: [TLV]? = nil) {
        self.tag = tag
        self.value = value
        self.children = children
    }

    /// A constructed object built from children (value is their encoding).
    public init(tag: UInt32, children: [TLV]) {
        self.tag = tag
        self.value = children.flatMap { BERTLV.encode($0) }
        self.children = children
    }

    /// Bit 6 of the first tag byte.
    public var isConstructed: Bool { BERTLV.isConstructed(tag) }

    /// The first direct child with this tag.
    public func child(_ tag: UInt32) -> TLV? {
        children?.first { $0.tag == tag }
    }

    /// Follows a path of tags through nested children, e.g. `[0x61, 0x4F]`.
    public func find(path: [UInt32]) -> TLV? {
        var node = self
        for tag in path {
            guard let next = node.child(tag) else { return nil }
            node = next
        }
        return node
    }

    public var tagHex: String { Hex.encode(BERTLV.tagBytes(tag), separator: "") }
}

public enum BERTLV {
    public static let defaultMaxDepth = 16

    /// Parses a sequence of data objects. Constructed objects are parsed into `children`
    /// when `recursive` is true; nesting deeper than `maxDepth` is an error.
    /// Bytes 00 and FF between objects are skipped as padding (ISO 7816-4 §5.2.2.1).
    public static func parse(_ bytes: [UInt8], recursive: Bool = true,
                             maxDepth: Int = defaultMaxDepth) throws(TLVError) -> [TLV] {
        try bytes.withUnsafeBufferPointer { (buffer) throws(TLVError) -> [TLV] in
            var reader = Reader(bytes: buffer, recursive: recursive, maxDepth: maxDepth)
            return try reader.objects(from: 0, to: buffer.count, depth: 1)
        }
    }

    /// Parses input that must hold exactly one data object (padding aside).
    public static func parseOne(_ bytes: [UInt8], recursive: Bool = true,
                                maxDepth: Int = defaultMaxDepth) throws(TLVError) -> TLV? {
        try parse(bytes, recursive: recursive, maxDepth: maxDepth).first
    }

    /// Depth-first search of `objects` along a tag path: the first element matches at the top
    /// level, each further element among the children of the previous match.
    public static func find(path: [UInt32], in objects: [TLV]) -> TLV? {
        guard let first = path.first else { return nil }
        for object in objects where object.tag == first {
            if let hit = object.find(path: Array(path.dropFirst())) { return hit }
        }
        return nil
    }

    public static func isConstructed(_ tag: UInt32) -> Bool {
        tagBytes(tag).first.map { $0 & 0x20 != 0 } ?? false
    }

    /// The bytes of a tag number as stored in `TLV.tag` (0x5FC105 -> 5F C1 05, 0x00 -> 00).
    public static func tagBytes(_ tag: UInt32) -> [UInt8] {
        if tag > 0xFF_FFFF { return [UInt8(tag >> 24), UInt8(tag >> 16 & 0xFF), UInt8(tag >> 8 & 0xFF), UInt8(tag & 0xFF)] }
        if tag > 0xFFFF { return [UInt8(tag >> 16), UInt8(tag >> 8 & 0xFF), UInt8(tag & 0xFF)] }
        if tag > 0xFF { return [UInt8(tag >> 8), UInt8(tag & 0xFF)] }
        return [UInt8(tag)]
    }

    /// Definite length in the shortest form (DER): 0-127 in one byte, then 81/82/83/84.
    public static func encodeLength(_ length: Int) -> [UInt8] {
        precondition(length >= 0, "negative length")
        switch length {
        case 0..<0x80: return [UInt8(length)]
        case 0..<0x100: return [0x81, UInt8(length)]
        case 0..<0x1_0000: return [0x82, UInt8(length >> 8), UInt8(length & 0xFF)]
        case 0..<0x100_0000: return [0x83, UInt8(length >> 16), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
        default: return [0x84, UInt8(length >> 24 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
        }
    }

    public static func encode(tag: UInt32, value: [UInt8]) -> [UInt8] {
        tagBytes(tag) + encodeLength(value.count) + value
    }

    /// Encodes an object; a constructed object with children is written from its children.
    public static func encode(_ object: TLV) -> [UInt8] {
        if let children = object.children {
            return encode(tag: object.tag, value: children.flatMap { encode($0) })
        }
        return encode(tag: object.tag, value: object.value)
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        let recursive: Bool
        let maxDepth: Int

        mutating func objects(from start: Int, to end: Int, depth: Int) throws(TLVError) -> [TLV] {
            guard depth <= maxDepth else { throw .tooDeep(offset: start, limit: maxDepth) }
            var out: [TLV] = []
            var i = start
            while i < end {
                if bytes[i] == 0x00 || bytes[i] == 0xFF {
                    i += 1
                    continue
                }
                let tagStart = i
                var tag = UInt32(bytes[i])
                i += 1
                if bytes[tagStart] & 0x1F == 0x1F {
                    // Subsequent tag bytes follow while bit 8 is set.
                    while true {
                        guard i < end else { throw .truncatedTag(offset: tagStart) }
                        guard i - tagStart < 4 else { throw .tagTooLong(offset: tagStart) }
                        let b = bytes[i]
                        tag = tag << 8 | UInt32(b)
                        i += 1
                        if b & 0x80 == 0 { break }
                    }
                }
                guard i < end else { throw .truncatedLength(offset: i) }
                let lengthStart = i
                let first = bytes[i]
                i += 1
                var length = 0
                if first < 0x80 {
                    length = Int(first)
                } else if first == 0x80 {
                    throw .indefiniteLength(offset: lengthStart)
                } else if first <= 0x84 {
                    let count = Int(first & 0x7F)
                    guard end - i >= count else { throw .truncatedLength(offset: lengthStart) }
                    for _ in 0..<count {
                        length = length << 8 | Int(bytes[i])
                        i += 1
                    }
                } else {
                    throw .unsupportedLength(offset: lengthStart, firstByte: first)
                }
                guard length <= end - i else {
                    throw .valueOverrun(offset: tagStart, declared: length, available: end - i)
                }
                let value = Array(bytes[i..<(i + length)])
                var children: [TLV]? = nil
                if recursive && bytes[tagStart] & 0x20 != 0 {
                    children = try objects(from: i, to: i + length, depth: depth + 1)
                }
                out.append(TLV(tag: tag, value: value, children: children))
                i += length
            }
            return out
        }
    }
}
