// Vendor, product and class names from the system's usb.ids (the file lsusb uses), read at run
// time so names stay as current as the distribution's copy. The path is injectable for tests.
//
// Format (see the file's own header):
//   vvvv  vendor name
//   <TAB>pppp  product name
//   <TAB><TAB>iiii  interface name
//   C cc  class name            (after the vendor list; also AT, HID, R, BIAS, PHY, HUT, L, HCC, VT)

public enum USBIDDatabaseError: Error, Equatable, Sendable {
    case unreadable(path: String)
    case noEntries(path: String)
}

public struct USBIDDatabase: Sendable {
    /// Where distributions put the file: Debian's `usb.ids` package links /usr/share/misc/usb.ids
    /// to /var/lib/usbutils/usb.ids; Fedora/UOS-style `hwdata` uses /usr/share/hwdata.
    public static let searchPaths = [
        "/usr/share/misc/usb.ids", "/usr/share/hwdata/usb.ids", "/var/lib/usbutils/usb.ids", "/usr/share/usb.ids",
    ]

    /// The file the names came from (nil when built from bytes).
    public let path: String?
    private var vendors: [UInt16: String] = [:]
    private var products: [UInt32: String] = [:]   // vendor << 16 | product
    private var classes: [UInt8: String] = [:]

    /// Parses usb.ids text. With `onlyVendors`, names of other vendors are skipped without being
    /// decoded (the probe only needs the few ids it saw). Malformed lines are ignored.
    public init(parsing bytes: [UInt8], path: String? = nil, onlyVendors: Set<UInt16>? = nil) {
        self.path = path
        var section = Section.vendors
        var currentVendor: UInt16?
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            parseLine(bytes, lineStart, lineEnd, &section, &currentVendor, onlyVendors)
            lineStart = lineEnd + 1
        }
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String, onlyVendors: Set<UInt16>? = nil) -> Result<USBIDDatabase, USBIDDatabaseError> {
        guard let bytes = SysfsIO.readBytes(path, limit: 32 << 20) else { return .failure(.unreadable(path: path)) }
        let database = USBIDDatabase(parsing: bytes, path: path, onlyVendors: onlyVendors)
        guard !database.vendors.isEmpty || !database.classes.isEmpty else { return .failure(.noEntries(path: path)) }
        return .success(database)
    }

    /// The first of `paths` that loads, or nil when the system has no usb.ids.
    public static func loadFirstAvailable(paths: [String] = searchPaths, onlyVendors: Set<UInt16>? = nil) -> USBIDDatabase? {
        for path in paths {
            if case .success(let database) = load(path: path, onlyVendors: onlyVendors) { return database }
        }
        return nil
    }

    public func vendorName(_ vendorId: UInt16) -> String? { vendors[vendorId] }

    public func productName(vendorId: UInt16, productId: UInt16) -> String? {
        products[UInt32(vendorId) << 16 | UInt32(productId)]
    }

    /// A device/interface class name from the "C" section, e.g. 0x0b → "Chip/SmartCard".
    public func className(_ code: UInt8) -> String? { classes[code] }

    public var vendorCount: Int { vendors.count }

    // MARK: - Parsing

    private enum Section { case vendors, classes, other }

    private mutating func parseLine(_ bytes: [UInt8], _ start: Int, _ end: Int, _ section: inout Section,
                                    _ currentVendor: inout UInt16?, _ onlyVendors: Set<UInt16>?)
    {
        guard start < end else { return }
        let first = bytes[start]
        if first == UInt8(ascii: "#") { return }
        if first == UInt8(ascii: "\t") {
            // Second tab = interface (or class protocol): not needed.
            guard section == .vendors, let vendor = currentVendor, start + 1 < end,
                  bytes[start + 1] != UInt8(ascii: "\t"),
                  let product = Self.hex(bytes, start + 1, digits: 4)
            else { return }
            if let name = Self.name(bytes, from: start + 5, to: end) {
                products[UInt32(vendor) << 16 | UInt32(product)] = name
            }
            return
        }
        if let vendor = Self.hex(bytes, start, digits: 4), section == .vendors {
            currentVendor = nil
            if let onlyVendors, !onlyVendors.contains(vendor) { return }
            guard let name = Self.name(bytes, from: start + 4, to: end) else { return }
            vendors[vendor] = name
            currentVendor = vendor
            return
        }
        currentVendor = nil
        // A section keyword (upper-case letters then a blank: "C", "AT", "HID", "HUT", ...) ends the
        // vendor list; "C cc  name" starts the class list. Any other malformed line is ignored.
        var keywordEnd = start
        while keywordEnd < end, bytes[keywordEnd] >= UInt8(ascii: "A"), bytes[keywordEnd] <= UInt8(ascii: "Z") {
            keywordEnd += 1
        }
        guard keywordEnd > start, keywordEnd < end, bytes[keywordEnd] == UInt8(ascii: " ") else { return }
        if keywordEnd == start + 1, first == UInt8(ascii: "C"), let code = Self.hex(bytes, start + 2, digits: 2) {
            section = .classes
            if let name = Self.name(bytes, from: start + 4, to: end) { classes[UInt8(code)] = name }
        } else {
            section = .other
        }
    }

    /// `digits` hex digits at `start`, followed by a blank or the end of the line.
    private static func hex(_ bytes: [UInt8], _ start: Int, digits: Int) -> UInt16? {
        guard start + digits <= bytes.count else { return nil }
        var value: UInt16 = 0
        for index in start..<(start + digits) {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt16(digit)
        }
        let next = start + digits
        guard next == bytes.count || bytes[next] == UInt8(ascii: " ") || bytes[next] == UInt8(ascii: "\t")
            || bytes[next] == 0x0A || bytes[next] == 0x0D
        else { return nil }
        return value
    }

    /// The text after the id's separating blanks, trimmed; nil when empty.
    private static func name(_ bytes: [UInt8], from start: Int, to end: Int) -> String? {
        var lower = start, upper = end
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 || bytes[upper - 1] == 0x0D {
            upper -= 1
        }
        guard lower < upper else { return nil }
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }
}
