// What a USB device and the system hand the probe: a sysfs tree (/sys/bus/usb/devices) with the
// device's own strings and HID report descriptor, and a usb.ids file. The input is lines:
//   D NAME        a device directory ("1-2", "usb1", or anything)
//   I NAME        an interface directory of the current device ("1-2:1.0")
//   NAME=VALUE    an attribute file of the current interface, else device (any bytes but newline)
//   H HEX         the current interface's HID report descriptor (child 0003:…/report_descriptor)
//   K DRIVER      the current interface's driver link
//   #ids          the rest of the input is a usb.ids file
// The tree is written under /dev/shm and scanned, the devices named and classified, and the
// probe's findings drawn with a PC/SC service that has no reader. Properties: a token that
// needs its vendor's driver is always reported as usb-token-not-pcsc; HID pages are never repeated.
import Diagnosis
import Foundation
import FuzzSupport
import Simulator
import SmartCard
import USBDevices

let library = ShippedContent.library
let root = (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory())
    + "/ukd-fuzz-usb-\(getpid())"

/// Writes the tree the input describes; returns how many device entries it named.
func writeTree(_ lines: ArraySlice<Substring>) -> Int {
    let fm = FileManager.default
    try? fm.removeItem(atPath: root)
    try? fm.createDirectory(atPath: root, withIntermediateDirectories: true)
    var device: String?, interface: String?, devices = 0
    func safe(_ name: Substring) -> String? {
        let name = String(name.prefix(64))
        return name.isEmpty || name.contains("/") || name == "." || name == ".." ? nil : name
    }
    for line in lines {
        if line.hasPrefix("D "), let name = safe(line.dropFirst(2)) {
            device = root + "/" + name
            interface = nil
            try? fm.createDirectory(atPath: device!, withIntermediateDirectories: true)
            devices += 1
        } else if line.hasPrefix("I "), let device, let name = safe(line.dropFirst(2)) {
            interface = device + "/" + name
            try? fm.createDirectory(atPath: interface!, withIntermediateDirectories: true)
        } else if line.hasPrefix("H "), let interface {
            let child = interface + "/0003:096E:0305.0001"
            try? fm.createDirectory(atPath: child, withIntermediateDirectories: true)
            _ = fm.createFile(atPath: child + "/report_descriptor", contents: Data(Hex.decodeLoose(line.dropFirst(2))))
        } else if line.hasPrefix("K "), let interface, let name = safe(line.dropFirst(2)) {
            try? fm.createSymbolicLink(atPath: interface + "/driver", withDestinationPath: "../../../bus/usb/drivers/" + name)
        } else if let equals = line.firstIndex(of: "="), let folder = interface ?? device,
                  let name = safe(line[..<equals]) {
            _ = fm.createFile(atPath: folder + "/" + name, contents: Data(line[line.index(after: equals)...].utf8 + [0x0A]))
        }
    }
    return devices
}

extension Hex {
    /// Hex digits anywhere in the text, pairs read in order; the rest ignored.
    static func decodeLoose(_ text: Substring) -> [UInt8] {
        let digits = text.utf8.compactMap { c -> UInt8? in
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x41...0x46: c - 0x37
            case 0x61...0x66: c - 0x57
            default: nil
            }
        }
        return stride(from: 0, to: digits.count - 1, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUSB(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    // Descriptors on their own, whatever the bytes.
    let pages = HIDReportDescriptor.usagePages(in: bytes)
    require(Set(pages).count == pages.count, "a usage page listed twice: \(pages)")

    let text = String(decoding: bytes, as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let split = lines.firstIndex(of: "#ids") ?? lines.endIndex
    let named = writeTree(lines[..<split])
    let ids = split < lines.endIndex ? USBIDDatabase(parsing: Array(lines[(split + 1)...].joined(separator: "\n").utf8)) : nil

    let scan = USBScanner(root: root).scan()
    require(scan.devices.count <= named, "\(scan.devices.count) devices from \(named) device entries")
    let naming = USBDeviceNaming(ids: ids)
    for device in scan.devices {
        consume(naming.model(of: device))
        consume(naming.vendorNameZH(of: device))
        consume(device.kind)
        consume(device.tokenVendor())
        if let found = device.interfaces.compactMap(\.hidUsagePages).first {
            require(Set(found).count == found.count, "a usage page listed twice: \(found)")
        }
    }

    var environment = probeEnvironment(system: SimulatedSystem(service: .running, readers: []), usb: scan)
    environment.usbNaming = { _ in naming }
    let report = Prober.run(environment, library: library)
    consume(report.facts)
    let needsDriver = scan.devices.contains { $0.needsVendorDriver(in: .standard) }
    let findings = report.findings.map(\.id)
    require(needsDriver == findings.contains("usb-token-not-pcsc"),
            "a token needing its vendor's driver \(needsDriver ? "not reported" : "reported without one"): \(findings)")
    return 0
}
