// Makers of the USB keys ("UKey") met in Chinese government and CA deployments.
//
// Every vendor id below is taken from a public source, named beside it:
//   usb.ids          the USB ID repository, as shipped in Debian's `usb.ids` package
//                    (/usr/share/misc/usb.ids, read at run time by USBIDDatabase, not copied)
//   libccid plist    the CCID driver's list of supported readers, Debian `libccid`
//                    (/usr/lib/pcsc/drivers/ifd-ccid.bundle/Contents/Info.plist)
//   libfido2 rules   Yubico/libfido2 udev/70-u2f.rules (and the later generated version)
//   GM3000 SDK       Longmai's own udev rule in its GM3000 SDK (90-mtoken.rules)
//   kiran            openeuler kiran-authentication-devices, data/device.conf (Kylin's UKey list)
// A vendor for whom no public source gives a USB vendor id is recognised only by its name in
// the device's manufacturer/product strings (`stringKeywords`), never by a guessed id.
//
// Left out on purpose, with the reason:
//   ZTE        usb.ids 19d2 is "ZTE WCDMA Technologies MSM": modems; flagging them would be wrong.
//   GMRZ, Sinocipher   no public source found for a USB vendor id or for their exact Chinese
//              company names; add them here (with a source) when one turns up.
//   Hengbao (恒宝)     a different company from Excelsecu (文鼎创); no vendor id found.

/// A maker of USB tokens, with the names a user will recognise.
public struct TokenVendor: Equatable, Hashable, Sendable, Identifiable {
    /// Stable id for reports and content ("feitian").
    public let id: String
    public let nameEN: String
    public let nameZH: String
    /// USB vendor ids the maker's keys use (from the sources named in the table).
    public let vendorIds: [UInt16]
    /// Lower-case words that, found in the manufacturer or product string, name this maker.
    public let stringKeywords: [String]

    public init(id: String, nameEN: String, nameZH: String, vendorIds: [UInt16], stringKeywords: [String]) {
        self.id = id
        self.nameEN = nameEN
        self.nameZH = nameZH
        self.vendorIds = vendorIds
        self.stringKeywords = stringKeywords.map { $0.lowercased() }
    }
}

public struct TokenVendorTable: Sendable {
    public let vendors: [TokenVendor]
    private let byVendorId: [UInt16: TokenVendor]

    /// The first vendor listing an id wins; a table with a duplicate id is a programming error
    /// caught by the tests, not at run time.
    public init(vendors: [TokenVendor]) {
        self.vendors = vendors
        var index: [UInt16: TokenVendor] = [:]
        for vendor in vendors {
            for id in vendor.vendorIds where index[id] == nil { index[id] = vendor }
        }
        byVendorId = index
    }

    public func vendor(forVendorId id: UInt16) -> TokenVendor? { byVendorId[id] }

    /// By vendor id first; failing that, by a keyword in the device's own strings.
    public func vendor(for device: USBDevice) -> TokenVendor? {
        if let id = device.vendorId, let vendor = byVendorId[id] { return vendor }
        let strings = [device.manufacturer, device.product].compactMap { $0?.lowercased() }
        guard !strings.isEmpty else { return nil }
        return vendors.first { vendor in
            vendor.stringKeywords.contains { keyword in strings.contains { $0.contains(keyword) } }
        }
    }

    public static let standard = TokenVendorTable(vendors: [
        TokenVendor(
            id: "feitian", nameEN: "Feitian Technologies", nameZH: "飞天诚信",
            // 0x096e: usb.ids "Feitian Technologies, Inc." (0309 ePass3000GM, 0807 ePass2003);
            // libccid plist "Feitian ePass2003" 096e:0807; kiran "Feitian UKey" 096e:0309.
            vendorIds: [0x096E],
            // EnterSafe and ePass are Feitian's brands (e.g. "EnterSafe ePass3000GM CSP").
            stringKeywords: ["feitian", "entersafe", "epass"]),
        TokenVendor(
            id: "longmai", nameEN: "Longmai Technology", nameZH: "龙脉科技",
            // 0x055c: GM3000 SDK udev rule `ATTRS{idVendor}=="055c"` (usb.ids lists 055c as
            // "Proton Electronic Ind.", so keyboards are excluded by interface, see needsVendorDriver);
            // 0x4c4d: libfido2 rules "Longmai mFIDO" 4c4d:f703.
            vendorIds: [0x055C, 0x4C4D],
            // The same rule matches the SCSI vendor "Longmai " of the mass-storage GM3000.
            stringKeywords: ["longmai", "mtoken"]),
        TokenVendor(
            id: "watchdata", nameEN: "Watchdata", nameZH: "握奇数据",
            // 0x163c: libccid plist "Watchdata USB Key" 163c:0407/0417/0418, "Watchdata W5181" 163c:0a03.
            vendorIds: [0x163C],
            stringKeywords: ["watchdata"]),
        TokenVendor(
            id: "excelsecu", nameEN: "Excelsecu (Shenzhen Excelsecu Data Technology)", nameZH: "文鼎创",
            // 0x1ea8: libfido2 rules "Thetis Key" 1ea8:f025; generated rules name the maker
            // "Shenzhen Excelsecu Data Technology Co., Ltd." (also 1ea8:fc25 ExcelSecu FIDO2).
            vendorIds: [0x1EA8],
            stringKeywords: ["excelsecu"]),
        TokenVendor(
            id: "hdzb", nameEN: "HDZB (Beijing Huada Zhibao, CIDC Group)", nameZH: "华大智宝",
            // 0x1677: libccid plist "HDZB uKeyCI800-K18" 1677:0025; usb.ids 1677 "China Huada Integrated
            // Circuit Design (Group) Co., Ltd. (CIDC Group)", product 0103 "Token".
            vendorIds: [0x1677],
            stringKeywords: ["hdzb"]),
        TokenVendor(
            id: "tianyu", nameEN: "Tianyu (Wuhan Tianyu Information)", nameZH: "天喻信息",
            // 0xa625: libccid plist "TianYu CCID Key" a625:0801, "Tianyu Smart Card Reader" a625:0810.
            vendorIds: [0xA625],
            stringKeywords: ["tianyu"]),
        TokenVendor(
            id: "yuweng", nameEN: "Yuweng (Shandong Yuweng)", nameZH: "渔翁科技",
            // 0x4612: kiran device.conf "[fish-skf] Name=YuWeng UKey Vid=4612" (SKF library libGDBapi.so).
            vendorIds: [0x4612],
            stringKeywords: ["yuweng"]),
        TokenVendor(
            id: "haitai", nameEN: "HaiTai FangYuan", nameZH: "海泰方圆",
            // No public source gives a USB vendor id: recognised by name only.
            vendorIds: [],
            stringKeywords: ["haitai"]),
        TokenVendor(
            id: "tendyron", nameEN: "Tendyron", nameZH: "天地融",
            // Bluetooth SIG company list: "Tendyron Corporation (天地融科技股份有限公司)"; no public
            // source gives a USB vendor id: recognised by name only.
            vendorIds: [],
            stringKeywords: ["tendyron"]),
    ])
}
