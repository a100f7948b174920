import Foundation
import Testing
@testable import USBDevices

@Suite("USBScanner on the committed sysfs fixture")
struct USBScannerFixtureTests {
    let result = USBScanner(root: Fixtures.basicRoot).scan()

    @Test func listsDevicesNotInterfacesInTopologicalOrder() {
        #expect(result.problem == nil)
        #expect(result.devices.map(\.sysfsName) == ["usb1", "1-1", "1-2", "1-3", "1-4", "1-5", "1-6", "1-7", "1-8", "1-8.1"])
        #expect(result.skippedEntries == ["README"])
    }

    @Test func readsTheFeitianCCIDKey() throws {
        let key = try #require(result.device("1-1"))
        #expect(key.vendorId == 0x096E)
        #expect(key.productId == 0x0807)
        #expect(key.vendorIdHex == "096e")
        #expect(key.productIdHex == "0807")
        #expect(key.idPair == "096e:0807")
        #expect(key.bcdDevice == 0x0100)
        #expect(key.release == "1.00")
        #expect(key.busNumber == 1)
        #expect(key.deviceNumber == 3)
        #expect(key.portPath == "1")
        #expect(key.manufacturer == "FS")
        #expect(key.product == "USB Key")
        #expect(key.deviceClass == 0x00)
        #expect(key.interfaces == [
            USBInterface(name: "1-1:1.0", number: 0, classCode: 0x0B, subclassCode: 0, protocolCode: 0, driver: "usbfs"),
        ])
    }

    @Test func keepsTheSerialButNeverPrintsIt() throws {
        let key = try #require(result.device("1-1"))
        let serial = try #require(key.serial)
        #expect(serial.value == "2A1B3C4D5E6F7081")
        #expect(serial.masked == "************7081")
        #expect("\(serial)" == "<redacted>")
        for rendering in ["\(key)", String(reflecting: key), dumped(key)] {
            #expect(!rendering.contains("2A1B3C4D"), "serial leaked into: \(rendering)")
        }
    }

    @Test func readsHIDInterfacesWithTheirReportDescriptorUsagePages() throws {
        let token = try #require(result.device("1-2"))
        #expect(token.interfaces.count == 1)
        #expect(token.interfaces[0].driver == "usbhid")
        #expect(token.interfaces[0].hidUsagePages == [0xFF00])

        let fido = try #require(result.device("1-8.1"))
        #expect(fido.interfaces.first?.hidUsagePages == [HIDReportDescriptor.fidoUsagePage])
        #expect(fido.portPath == "8.1")

        let keyboard = try #require(result.device("1-5"))
        #expect(keyboard.interfaces.map(\.name) == ["1-5:1.0", "1-5:1.1"])
        #expect(keyboard.interfaces.map(\.hidUsagePages) == [[0x01, 0x07], [0x0C]])
        #expect(keyboard.manufacturer == nil)   // no manufacturer string: the file does not exist
    }

    @Test func readsTheRootHubAndItsHubInterface() throws {
        let hub = try #require(result.device("usb1"))
        #expect(hub.isRootHub)
        #expect(hub.portPath == nil)
        #expect(hub.busNumber == 1)
        #expect(hub.deviceClass == 0x09)
        #expect(hub.interfaces.map(\.name) == ["1-0:1.0"])
        #expect(hub.interfaces.first?.driver == "hub")
    }

    @Test func interfaceWithoutDriverHasNilDriver() throws {
        let token = try #require(result.device("1-4"))
        #expect(token.interfaces.first?.classCode == 0xFF)
        #expect(token.interfaces.first?.driver == nil)
        #expect(token.serial == nil)   // empty serial file in the fixture generator = no file
    }

    @Test func deviceWithMissingAndGarbageFilesGivesNilFields() throws {
        let broken = try #require(result.device("1-7"))
        #expect(broken.vendorId == nil)            // "zz12"
        #expect(broken.productId == nil)           // missing
        #expect(broken.bcdDevice == nil)
        #expect(broken.manufacturer == nil)
        #expect(broken.serial == nil)
        #expect(broken.deviceClass == nil)
        #expect(broken.busNumber == 1)             // from the name, busnum is missing
        #expect(broken.portPath == "7")            // from the name, devpath is missing
        #expect(broken.idPair == "????:????")
        #expect(broken.interfaces == [USBInterface(name: "1-7:1.0")])   // "not-hex" class → nil
        #expect(broken.kind == .other)
    }

    private func dumped(_ value: Any) -> String {
        var text = ""
        dump(value, to: &text)
        return text
    }
}

@Suite("USBScanner on trees built at run time")
struct USBScannerEdgeCaseTests {
    @Test func missingRootGivesEmptyListAndReason() {
        let result = USBScanner(root: "/nonexistent/sys/bus/usb/devices").scan()
        #expect(result.devices.isEmpty)
        #expect(result.problem == .rootMissing(path: "/nonexistent/sys/bus/usb/devices"))
        #expect(result.problem?.code == "usb-sysfs-missing")
    }

    @Test func rootThatIsAFileGivesNotDirectory() throws {
        let tree = try TemporarySysfs()
        defer { tree.remove() }
        let file = tree.base.appendingPathComponent("plain-file").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let result = USBScanner(root: file).scan()
        #expect(result.devices.isEmpty)
        #expect(result.problem == .rootNotDirectory(path: file))
    }

    @Test func emptyRootIsNotAProblem() throws {
        let tree = try TemporarySysfs()
        defer { tree.remove() }
        let result = USBScanner(root: tree.root).scan()
        #expect(result.devices.isEmpty)
        #expect(result.problem == nil)
    }

    @Test func unreadableAttributeAndGarbageBytesGiveNilNotACrash() throws {
        let tree = try TemporarySysfs()
        defer { tree.remove() }
        try tree.addDevice("3-1", ["idVendor": "096e", "busnum": "3", "devpath": "1"])
        // A directory where a file should be: open() works, read() fails with EISDIR.
        try FileManager.default.createDirectory(atPath: tree.root + "/3-1/idProduct", withIntermediateDirectories: true)
        // Invalid UTF-8 and an out-of-range id.
        try tree.writeBytes([0xFF, 0xFE, 0x41, 0x0A], to: "3-1/manufacturer")
        try tree.writeBytes(Array("1ffff\n".utf8), to: "3-1/bcdDevice")
        try tree.writeBytes([], to: "3-1/product")
        // A HID interface whose report descriptor is truncated mid-item.
        try tree.addInterface(device: "3-1", "3-1:1.0", ["bInterfaceClass": "03", "bInterfaceNumber": "00"],
                              driver: "usbhid")
        try tree.writeBytes([0x06, 0x00], to: "3-1/3-1:1.0/0003:096E:0001.0001/report_descriptor")

        let device = try #require(USBScanner(root: tree.root).scan().device("3-1"))
        #expect(device.vendorId == 0x096E)
        #expect(device.productId == nil)
        #expect(device.bcdDevice == nil)
        #expect(device.manufacturer == "\u{FFFD}\u{FFFD}A")
        #expect(device.product == nil)
        #expect(device.interfaces.first?.driver == "usbhid")
        #expect(device.interfaces.first?.hidUsagePages == [])
    }

    @Test func deviceUnpluggedDuringTheScanIsLeftOutAndReported() throws {
        let tree = try TemporarySysfs()
        defer { tree.remove() }
        try tree.addDevice("1-1", ["idVendor": "096e"])
        // What an unplug leaves for a moment: the bus/usb/devices symlink, pointing nowhere.
        try FileManager.default.createSymbolicLink(atPath: tree.root + "/1-2",
                                                   withDestinationPath: "../../../devices/pci0000:00/usb1/1-2")
        let result = USBScanner(root: tree.root).scan()
        #expect(result.devices.map(\.sysfsName) == ["1-1"])
        #expect(result.skippedEntries == ["1-2"])
        #expect(USBScanner(root: tree.root).readDevice(named: "1-2") == nil)
        #expect(USBScanner(root: tree.root).readDevice(named: "1-1")?.vendorId == 0x096E)
    }

    @Test func sortsPortsNumericallyAndBusesInOrder() throws {
        let tree = try TemporarySysfs()
        defer { tree.remove() }
        for name in ["2-1", "1-1.10", "1-1.9", "usb2", "1-1", "usb1"] {
            try tree.addDevice(name, ["idVendor": "1d6b"])
        }
        let names = USBScanner(root: tree.root).scan().devices.map(\.sysfsName)
        #expect(names == ["usb1", "1-1", "1-1.9", "1-1.10", "usb2", "2-1"])
    }

    @Test func entryNamesAreClassifiedStrictly() {
        #expect(USBScanner.entryKind("usb1") == .device)
        #expect(USBScanner.entryKind("usb12") == .device)
        #expect(USBScanner.entryKind("1-2") == .device)
        #expect(USBScanner.entryKind("1-2.3.4") == .device)
        #expect(USBScanner.entryKind("1-0:1.0") == .interface)
        #expect(USBScanner.entryKind("1-2.3:1.12") == .interface)
        for odd in ["usb", "usbmon", "1-", "-1", "1-2.", "1-2:1", "1-2:1.x", "1-2:1.0:0", "README", ".cache", "x-1"] {
            #expect(USBScanner.entryKind(odd) == .unknown, "\(odd)")
        }
    }
}

@Suite("USBScanner on this machine")
struct USBScannerRealSystemTests {
    /// Whatever this machine has (CI containers often have no /sys/bus/usb at all), the scan
    /// must come back with either devices and no problem, or nothing and the missing-root reason.
    @Test func realSysfsScansWithoutError() {
        let result = USBScanner().scan()
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: USBScanner.defaultRoot, isDirectory: &isDirectory)
        if exists && isDirectory.boolValue {
            #expect(result.problem == nil)
            for device in result.devices {
                #expect(!device.sysfsName.isEmpty)
                #expect(USBScanner.entryKind(device.sysfsName) == .device)
                _ = device.kind
                _ = device.needsVendorDriver
            }
            print("real sysfs: \(result.devices.count) USB devices: \(result.devices.map(\.idPair))")
        } else {
            #expect(result.devices.isEmpty)
            #expect(result.problem == .rootMissing(path: USBScanner.defaultRoot))
            print("real sysfs: \(USBScanner.defaultRoot) is absent on this machine (\(result.problem?.message ?? ""))")
        }
    }
}
