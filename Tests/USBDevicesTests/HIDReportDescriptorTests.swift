import Testing
@testable import USBDevices

@Suite("HIDReportDescriptor")
struct HIDReportDescriptorTests {
    @Test func findsTheFIDOPage() {
        // CTAPHID shape: Usage Page (F1D0), Usage (01), Collection (Application), ...
        let fido: [UInt8] = [0x06, 0xD0, 0xF1, 0x09, 0x01, 0xA1, 0x01, 0x09, 0x20, 0x15, 0x00, 0x26, 0xFF, 0x00,
                             0x75, 0x08, 0x95, 0x40, 0x81, 0x02, 0x09, 0x21, 0x91, 0x02, 0xC0]
        #expect(HIDReportDescriptor.usagePages(in: fido) == [0xF1D0])
    }

    @Test func collectsEveryPageOnceInOrder() {
        // Generic Desktop (1-byte form), Keyboard, Generic Desktop again, vendor page (4-byte form).
        let bytes: [UInt8] = [0x05, 0x01, 0x09, 0x06, 0x05, 0x07, 0x05, 0x01, 0x07, 0x00, 0xFF, 0x00, 0x00]
        #expect(HIDReportDescriptor.usagePages(in: bytes) == [0x01, 0x07, 0xFF00])
    }

    @Test func skipsLongItemsAndDataThatLooksLikeAPrefix() {
        // Long item (FE, size 3, tag, 3 data bytes that would read as Usage Page 0x04 items),
        // then Logical Maximum whose data byte is 0x05, then the real Usage Page 0x0C.
        let bytes: [UInt8] = [0xFE, 0x03, 0x10, 0x05, 0x09, 0x05, 0x25, 0x05, 0x05, 0x0C]
        #expect(HIDReportDescriptor.usagePages(in: bytes) == [0x0C])
    }

    @Test func truncatedOrEmptyInputStopsQuietly() {
        #expect(HIDReportDescriptor.usagePages(in: []) == [])
        #expect(HIDReportDescriptor.usagePages(in: [0x06, 0xD0]) == [])
        #expect(HIDReportDescriptor.usagePages(in: [0x05, 0x01, 0xFE]) == [0x01])
        #expect(HIDReportDescriptor.usagePages(in: [0x05, 0x01, 0xFE, 0xFF, 0x00]) == [0x01])
    }

    @Test func randomBytesNeverTrap() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0..<64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = HIDReportDescriptor.usagePages(in: bytes)
        }
    }
}
