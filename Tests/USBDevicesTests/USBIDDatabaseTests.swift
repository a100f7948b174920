import Foundation
import Testing
@testable import USBDevices

@Suite("USBIDDatabase")
struct USBIDDatabaseTests {
    /// A few lines in usb.ids syntax, written for the test (not copied from the real file).
    static let sample = """
    #
    #\tList of USB ID's (test sample)
    #
    0001  First Vendor
    \t0002  First Product
    \t\t00  an interface line, ignored
    abcd  Second Vendor   \r
    \t1234  Second Product
    \tzzzz  not hex, ignored
    12  too short, ignored
    ABCE  Upper-case Vendor

    C 00  (Defined at Interface level)
    C 0b  Chip/SmartCard
    \t00  a subclass, ignored
    AT 0000  a terminal type, not a vendor
    HID 22  Report
    0003  not a vendor: this is after the vendor list
    """

    let database = USBIDDatabase(parsing: Array(sample.utf8))

    @Test func parsesVendorsProductsAndClasses() {
        #expect(database.vendorName(0x0001) == "First Vendor")
        #expect(database.productName(vendorId: 0x0001, productId: 0x0002) == "First Product")
        #expect(database.vendorName(0xABCD) == "Second Vendor")
        #expect(database.productName(vendorId: 0xABCD, productId: 0x1234) == "Second Product")
        #expect(database.vendorName(0xABCE) == "Upper-case Vendor")
        #expect(database.className(0x0B) == "Chip/SmartCard")
        #expect(database.className(0x00) == "(Defined at Interface level)")
    }

    @Test func ignoresWhatIsNotAVendorOrProduct() {
        #expect(database.vendorCount == 3)
        #expect(database.vendorName(0x0003) == nil)
        #expect(database.vendorName(0x0012) == nil)
        #expect(database.productName(vendorId: 0x0001, productId: 0x0000) == nil)
    }

    @Test func filterSkipsOtherVendors() {
        let filtered = USBIDDatabase(parsing: Array(Self.sample.utf8), onlyVendors: [0xABCD])
        #expect(filtered.vendorCount == 1)
        #expect(filtered.vendorName(0x0001) == nil)
        #expect(filtered.productName(vendorId: 0x0001, productId: 0x0002) == nil)
        #expect(filtered.productName(vendorId: 0xABCD, productId: 0x1234) == "Second Product")
    }

    @Test func garbageNeverTraps() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0..<512, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            _ = USBIDDatabase(parsing: bytes)
        }
        let truncated = USBIDDatabase(parsing: Array("0001  Vendor\n\t00".utf8))
        #expect(truncated.vendorName(0x0001) == "Vendor")
    }

    @Test func loadReportsMissingAndEmptyFiles() throws {
        #expect(USBIDDatabase.load(path: "/nonexistent/usb.ids").failure == .unreadable(path: "/nonexistent/usb.ids"))
        let tree = try TemporarySysfs()
        defer { tree.remove() }
        let empty = tree.base.appendingPathComponent("usb.ids").path
        try Data("# only a comment\n".utf8).write(to: URL(fileURLWithPath: empty))
        #expect(USBIDDatabase.load(path: empty).failure == .noEntries(path: empty))
        #expect(USBIDDatabase.loadFirstAvailable(paths: ["/nonexistent/a", empty]) == nil)
    }

    @Test func loadsAFileLargerThanOneReadChunk() throws {
        let tree = try TemporarySysfs()
        defer { tree.remove() }
        let path = tree.base.appendingPathComponent("big-usb.ids").path
        let lines = (0..<2000).map { "\(String(format: "%04x", $0))  Vendor number \($0)\n\t0001  Product of \($0)" }
        let text = lines.joined(separator: "\n") + "\n"
        #expect(text.utf8.count > 40_000)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let database = try USBIDDatabase.load(path: path).get()
        #expect(database.vendorCount == 2000)
        #expect(database.vendorName(0x07CF) == "Vendor number 1999")
        #expect(database.productName(vendorId: 0x07CF, productId: 1) == "Product of 1999")
    }

    @Test(.enabled(if: USBIDDatabase.loadFirstAvailable() != nil, "no usb.ids on this machine"))
    func systemFileLoadsQuickly() throws {
        let clock = ContinuousClock()
        var database: USBIDDatabase?
        let full = clock.measure { database = USBIDDatabase.loadFirstAvailable() }
        var filtered: USBIDDatabase?
        let few = clock.measure { filtered = USBIDDatabase.loadFirstAvailable(onlyVendors: [0x096E, 0x1D6B]) }
        let loaded = try #require(database)
        #expect(loaded.vendorCount > 1000)
        #expect(loaded.vendorName(0x1D6B) == "Linux Foundation")
        #expect(loaded.className(0x03) == "Human Interface Device")
        #expect(filtered?.vendorCount == 2)
        print("usb.ids \(loaded.path ?? "?"): \(loaded.vendorCount) vendors, full parse \(full), two vendors \(few)")
    }
}

@Suite("USBDeviceNaming")
struct USBDeviceNamingTests {
    let ids = USBIDDatabase(parsing: Array("""
    096e  Feitian Technologies, Inc.
    \t0309  ePass3000GM
    0951  Kingston Technology
    \t1666  DataTraveler 100 G3/G4/SE9 G2/50 Kyson
    """.utf8))

    @Test func tokenTableNamesComeFirstThenUsbIdsThenTheDevice() {
        let naming = USBDeviceNaming(ids: ids)
        let feitian = USBDevice(sysfsName: "1-2", vendorId: 0x096E, productId: 0x0309, manufacturer: "FT", product: "USB Key")
        #expect(naming.vendorName(of: feitian) == "Feitian Technologies")
        #expect(naming.vendorNameZH(of: feitian) == "飞天诚信")
        #expect(naming.productName(of: feitian) == "ePass3000GM")
        #expect(naming.model(of: feitian) == "Feitian Technologies ePass3000GM")

        let disk = USBDevice(sysfsName: "1-6", vendorId: 0x0951, productId: 0x1666, manufacturer: "Kingston")
        #expect(naming.vendorName(of: disk) == "Kingston Technology")
        #expect(naming.vendorNameZH(of: disk) == nil)

        let unknown = USBDevice(sysfsName: "1-9", vendorId: 0x1234, productId: 0x5678, manufacturer: "ACME", product: "Gadget")
        #expect(naming.model(of: unknown) == "ACME Gadget")
        #expect(USBDeviceNaming().model(of: USBDevice(sysfsName: "1-7")) == "????:????")
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
