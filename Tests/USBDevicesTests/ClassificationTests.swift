import Testing
@testable import USBDevices

@Suite("Classification of the fixture devices")
struct FixtureClassificationTests {
    let result = USBScanner(root: Fixtures.basicRoot).scan()

    /// name → (kind, token maker id, needs the vendor driver)
    static let expected: [(String, USBDeviceKind, String?, Bool)] = [
        ("usb1", .hub, nil, false),                       // root hub (Linux Foundation)
        ("1-1", .smartCardReader, "feitian", false),      // Feitian ePass2003, CCID: PC/SC sees it
        ("1-2", .hid, "feitian", true),                   // Feitian ePass3000GM, HID only
        ("1-3", .massStorage, "longmai", true),           // Longmai GM3000-style disk token
        ("1-4", .vendorSpecific, "watchdata", true),      // Watchdata, class 0xFF
        ("1-5", .hid, nil, false),                        // Dell keyboard
        ("1-6", .massStorage, nil, false),                // Kingston USB disk
        ("1-7", .other, nil, false),                      // unreadable half-enumerated device
        ("1-8", .hub, nil, false),                        // Genesys hub
        ("1-8.1", .hid, "excelsecu", false),              // Excelsecu FIDO2 key: FIDO only
    ]

    @Test(arguments: expected)
    func classifies(_ name: String, _ kind: USBDeviceKind, _ maker: String?, _ needsDriver: Bool) throws {
        let device = try #require(result.device(name))
        #expect(device.kind == kind)
        #expect(device.tokenVendor?.id == maker)
        #expect(device.needsVendorDriver == needsDriver)
    }

    @Test func onlyTheThreeNonCCIDTokensAreFlagged() {
        #expect(result.devices.filter(\.needsVendorDriver).map(\.sysfsName) == ["1-2", "1-3", "1-4"])
    }

    @Test func primaryClassCodeFollowsKind() throws {
        #expect(try #require(result.device("1-1")).primaryClassCode == 0x0B)
        #expect(try #require(result.device("1-2")).primaryClassCode == 0x03)
        #expect(try #require(result.device("1-3")).primaryClassCode == 0x08)
        #expect(try #require(result.device("1-4")).primaryClassCode == 0xFF)
        #expect(try #require(result.device("usb1")).primaryClassCode == 0x09)
        #expect(try #require(result.device("1-7")).primaryClassCode == nil)
    }
}

@Suite("Classification rules")
struct ClassificationRuleTests {
    private func device(vendor: UInt16?, deviceClass: UInt8 = 0, manufacturer: String? = nil, product: String? = nil,
                        _ interfaces: [(UInt8, UInt8, UInt8)], hidPages: [UInt16]? = nil) -> USBDevice
    {
        USBDevice(sysfsName: "1-1", vendorId: vendor, productId: 0x0001, manufacturer: manufacturer, product: product,
                  deviceClass: deviceClass,
                  interfaces: interfaces.enumerated().map { index, triple in
                      USBInterface(name: "1-1:1.\(index)", number: UInt8(index), classCode: triple.0,
                                   subclassCode: triple.1, protocolCode: triple.2,
                                   hidUsagePages: triple.0 == 3 ? hidPages : nil)
                  })
    }

    @Test func ccidWinsOverEverythingElse() {
        // A Feitian key exposing CCID + its driver CD: PC/SC can reach it, no vendor driver needed.
        let key = device(vendor: 0x096E, [(0x08, 0x06, 0x50), (0x0B, 0, 0), (0x03, 0, 0)])
        #expect(key.kind == .smartCardReader)
        #expect(!key.needsVendorDriver)
    }

    @Test func deviceLevelSmartCardClassCounts() {
        #expect(device(vendor: 0x096E, deviceClass: 0x0B, []).kind == .smartCardReader)
    }

    @Test func tokenWithHIDAndDriverCDIsHIDAndFlagged() {
        let key = device(vendor: 0x163C, [(0x08, 0x06, 0x50), (0x03, 0, 0)], hidPages: [0xFF00])
        #expect(key.kind == .hid)
        #expect(key.needsVendorDriver)
    }

    @Test func vendorSpecificBeatsHID() {
        #expect(device(vendor: 0x1677, [(0x03, 0, 0), (0xFF, 0, 0)]).kind == .vendorSpecific)
    }

    @Test func keyboardOnASharedTokenVendorIdIsNotFlagged() {
        // 055c is Longmai's id in its own udev rule, and "Proton Electronic Ind." in usb.ids.
        let keyboard = device(vendor: 0x055C, [(0x03, 0x01, 0x01), (0x03, 0, 0)])
        #expect(keyboard.tokenVendor?.id == "longmai")
        #expect(keyboard.isKeyboardOrMouse)
        #expect(!keyboard.needsVendorDriver)
    }

    @Test func fidoOnlyKeyOfATokenMakerIsNotFlaggedButMixedHIDIs() {
        let fido = device(vendor: 0x096E, [(0x03, 0, 0)], hidPages: [0xF1D0])
        #expect(fido.isFIDOAuthenticatorOnly)
        #expect(!fido.needsVendorDriver)
        let mixed = device(vendor: 0x096E, [(0x03, 0, 0)], hidPages: [0xF1D0, 0xFF00])
        #expect(!mixed.isFIDOAuthenticatorOnly)
        #expect(mixed.needsVendorDriver)
        // Unknown descriptor: we cannot tell it is FIDO, so the token maker's HID key is flagged.
        let unknown = device(vendor: 0x096E, [(0x03, 0, 0)], hidPages: nil)
        #expect(unknown.needsVendorDriver)
    }

    @Test func nonTokenDevicesAreNeverFlagged() {
        #expect(!device(vendor: 0x0951, [(0x08, 0x06, 0x50)]).needsVendorDriver)   // Kingston disk
        #expect(!device(vendor: 0x046D, [(0x03, 0x01, 0x02)]).needsVendorDriver)   // a mouse
        #expect(!device(vendor: nil, [(0xFF, 0, 0)]).needsVendorDriver)            // unreadable id
    }

    @Test func knownMakerWithoutInterfacesIsNotFlagged() {
        let half = device(vendor: 0x096E, [])
        #expect(half.kind == .other)
        #expect(!half.needsVendorDriver)
    }

    @Test func makerWithoutVendorIdIsFoundByName() {
        let key = device(vendor: 0x9999, manufacturer: "Tendyron Corporation", [(0x03, 0, 0)])
        #expect(key.tokenVendor?.id == "tendyron")
        #expect(key.needsVendorDriver)
        let haitai = device(vendor: nil, product: "HaiTai USB Key", [(0xFF, 0, 0)])
        #expect(haitai.tokenVendor?.nameZH == "海泰方圆")
        #expect(haitai.needsVendorDriver)
    }

    @Test func rootHubIsNeverAToken() {
        let hub = USBDevice(sysfsName: "usb1", vendorId: 0x1D6B, manufacturer: "Linux 6.1 feitian-hcd", deviceClass: 0x09)
        #expect(hub.tokenVendor == nil)
        #expect(!hub.needsVendorDriver)
    }

    @Test func customTableIsHonoured() {
        let table = TokenVendorTable(vendors: [
            TokenVendor(id: "acme", nameEN: "Acme", nameZH: "阿克米", vendorIds: [0x0951], stringKeywords: []),
        ])
        let disk = device(vendor: 0x0951, [(0x08, 0x06, 0x50)])
        #expect(disk.tokenVendor(in: table)?.id == "acme")
        #expect(disk.needsVendorDriver(in: table))
        #expect(!disk.needsVendorDriver)   // the standard table does not know 0951
    }
}
