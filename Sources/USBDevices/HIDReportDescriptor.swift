// Just enough of a HID report descriptor walk (HID 1.11 §6.2.2) to tell a FIDO authenticator
// (usage page 0xF1D0) from a certificate token that speaks the vendor's own protocol over HID.

public enum HIDReportDescriptor {
    /// The FIDO Alliance usage page (CTAP HID): U2F / FIDO2 security keys.
    public static let fidoUsagePage: UInt16 = 0xF1D0

    /// The usage pages declared by Global "Usage Page" items, in order of first appearance.
    /// A truncated or garbage descriptor yields the pages read before the damage; never traps.
    public static func usagePages(in bytes: [UInt8]) -> [UInt16] {
        var pages: [UInt16] = []
        var index = 0
        while index < bytes.count {
            let prefix = bytes[index]
            index += 1
            if prefix == 0xFE {
                // Long item: bDataSize, bLongItemTag, then the data. Never a usage page.
                guard index + 1 < bytes.count else { break }
                index += 2 + Int(bytes[index])
                continue
            }
            let size = [0, 1, 2, 4][Int(prefix & 0x03)]
            guard index + size <= bytes.count else { break }
            // bType = 1 (Global) and bTag = 0 (Usage Page): prefix 0000 01ss.
            if prefix & 0xFC == 0x04 {
                var value: UInt32 = 0
                for offset in 0..<size { value |= UInt32(bytes[index + offset]) << (8 * offset) }
                let page = UInt16(truncatingIfNeeded: value)
                if !pages.contains(page) { pages.append(page) }
            }
            index += size
        }
        return pages
    }
}
