import Testing
@testable import USBDevices

@Suite("TokenVendorTable")
struct TokenVendorTableTests {
    let table = TokenVendorTable.standard

    @Test func everyVendorHasBothNamesAndAWayToBeRecognised() {
        for vendor in table.vendors {
            #expect(!vendor.nameEN.isEmpty, "\(vendor.id)")
            #expect(vendor.nameZH.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, "\(vendor.id)")
            #expect(!vendor.vendorIds.isEmpty || !vendor.stringKeywords.isEmpty, "\(vendor.id)")
            #expect(vendor.stringKeywords.allSatisfy { $0.count >= 4 }, "short keywords match too much: \(vendor.id)")
        }
    }

    @Test func idsAndVendorIdsAreUnique() {
        let ids = table.vendors.map(\.id)
        #expect(Set(ids).count == ids.count)
        let vendorIds = table.vendors.flatMap(\.vendorIds)
        #expect(Set(vendorIds).count == vendorIds.count)
    }

    @Test func namesTheMakersTheBriefAsksFor() {
        for id in ["feitian", "longmai", "watchdata", "haitai", "excelsecu", "tendyron"] {
            #expect(table.vendors.contains { $0.id == id }, "\(id)")
        }
    }

    @Test(arguments: [
        (UInt16(0x096E), "feitian", "飞天诚信"),
        (0x055C, "longmai", "龙脉科技"),
        (0x4C4D, "longmai", "龙脉科技"),
        (0x163C, "watchdata", "握奇数据"),
        (0x1EA8, "excelsecu", "文鼎创"),
        (0x1677, "hdzb", "华大智宝"),
        (0xA625, "tianyu", "天喻信息"),
        (0x4612, "yuweng", "渔翁科技"),
    ])
    func looksUpByVendorId(_ vendorId: UInt16, _ id: String, _ nameZH: String) {
        let vendor = table.vendor(forVendorId: vendorId)
        #expect(vendor?.id == id)
        #expect(vendor?.nameZH == nameZH)
    }

    @Test func commonNonTokenVendorsAreUnknown() {
        // Linux Foundation, Intel, Logitech, Dell, Kingston, Genesys, Yubico, ZTE modems.
        for id: UInt16 in [0x1D6B, 0x8087, 0x046D, 0x413C, 0x0951, 0x05E3, 0x1050, 0x19D2] {
            #expect(table.vendor(forVendorId: id) == nil, "\(String(id, radix: 16))")
        }
    }

    @Test func keywordMatchIsCaseInsensitiveAndVendorIdWins() {
        let byName = USBDevice(sysfsName: "1-1", vendorId: 0x1234, manufacturer: "LONGMAI")
        #expect(table.vendor(for: byName)?.id == "longmai")
        // The vendor id decides even when the strings name another maker.
        let byId = USBDevice(sysfsName: "1-1", vendorId: 0x163C, manufacturer: "Feitian OEM")
        #expect(table.vendor(for: byId)?.id == "watchdata")
        let nobody = USBDevice(sysfsName: "1-1", vendorId: 0x1234, manufacturer: "Generic", product: "Flash Disk")
        #expect(table.vendor(for: nobody) == nil)
    }

    /// The ids we cite from usb.ids must still say what the comments claim, on a machine that has it.
    @Test(.enabled(if: USBIDDatabase.loadFirstAvailable() != nil, "no usb.ids on this machine"))
    func citedUsbIdsEntriesStillMatch() throws {
        let ids = try #require(USBIDDatabase.loadFirstAvailable())
        #expect(ids.vendorName(0x096E)?.contains("Feitian") == true)
        #expect(ids.productName(vendorId: 0x096E, productId: 0x0309) == "ePass3000GM")
        #expect(ids.productName(vendorId: 0x096E, productId: 0x0807) == "ePass2003")
        #expect(ids.vendorName(0x1677)?.contains("CIDC") == true)
    }
}
