import Foundation
import Testing
@testable import USBDevices

/// Not a benchmark suite: one check that a scan of a large tree stays cheap, with the figure printed.
@Suite("Scan cost")
struct ScanPerformanceTests {
    static let deviceCount = 200

    /// 200 devices shaped like the real thing (all the kernel's attribute files, two interfaces
    /// each, a HID report descriptor on every HID interface), scanned five times; the median is
    /// printed. The bound asserted is loose on purpose (debug build, two shared cores): it catches
    /// an accidental quadratic walk, not jitter. The 50 ms target is checked in the printed figure.
    @Test func twoHundredDevicesScanFast() throws {
        let tree = try TemporarySysfs()
        defer { tree.remove() }
        for index in 0..<Self.deviceCount {
            let bus = index / 100 + 1, port = index % 100 + 1
            let name = "\(bus)-\(port)"
            let vendor = ["096e", "163c", "0951", "413c"][index % 4]
            try tree.addDevice(name, [
                "idVendor": vendor, "idProduct": String(format: "%04x", index), "bcdDevice": "0100",
                "bDeviceClass": "00", "bDeviceSubClass": "00", "bDeviceProtocol": "00", "bNumConfigurations": "1",
                "bMaxPacketSize0": "64", "busnum": "\(bus)", "devnum": "\(port + 1)", "devpath": "\(port)",
                "speed": "12", "version": " 2.00", "maxchild": "0", "bNumInterfaces": " 2", "bConfigurationValue": "1",
                "bmAttributes": "80", "bMaxPower": "100mA", "urbnum": "42", "authorized": "1", "removable": "removable",
                "manufacturer": "Maker \(index)", "product": "Product \(index)", "serial": "SERIAL\(index)",
                "uevent": "MAJOR=189\nMINOR=\(index)\nDEVNAME=bus/usb/00\(bus)/\(port)\nDEVTYPE=usb_device",
            ])
            let classes = [("03", "00", "00"), ("08", "06", "50"), ("0b", "00", "00"), ("ff", "00", "00")]
            for number in 0..<2 {
                let (classCode, subclass, proto) = classes[(index + number) % 4]
                let interface = "\(name):1.\(number)"
                try tree.addInterface(device: name, interface, [
                    "bInterfaceNumber": String(format: "%02x", number), "bInterfaceClass": classCode,
                    "bInterfaceSubClass": subclass, "bInterfaceProtocol": proto, "bAlternateSetting": " 0",
                    "bNumEndpoints": "02", "supports_autosuspend": "1", "authorized": "1",
                    "modalias": "usb:v\(vendor.uppercased())p0000d0100dc00dsc00dp00ic\(classCode.uppercased())isc00ip00in0\(number)",
                ], driver: classCode == "03" ? "usbhid" : classCode == "08" ? "usb-storage" : nil)
                if classCode == "03" {
                    try tree.writeBytes([0x06, 0x00, 0xFF, 0x09, 0x01, 0xA1, 0x01, 0xC0],
                                        to: "\(name)/\(interface)/0003:\(vendor.uppercased()):0000.0001/report_descriptor")
                }
            }
        }

        let scanner = USBScanner(root: tree.root)
        let clock = ContinuousClock()
        var durations: [Duration] = []
        var result = scanner.scan()
        for _ in 0..<5 {
            durations.append(clock.measure { result = scanner.scan() })
        }
        let median = durations.sorted()[durations.count / 2]

        #expect(result.problem == nil)
        #expect(result.devices.count == Self.deviceCount)
        #expect(result.devices.allSatisfy { $0.interfaces.count == 2 && $0.serial != nil })
        #expect(result.devices.filter { $0.kind == .hid }.allSatisfy { device in
            device.interfaces.contains { $0.hidUsagePages == [0xFF00] }
        })
        #expect(median < .milliseconds(500), "scan of \(Self.deviceCount) devices took \(median)")
        print("USB scan of \(Self.deviceCount) devices (\(Self.deviceCount * 2) interfaces): median \(median) "
              + "over \(durations.count) runs, all: \(durations)")
    }
}
