// Writes USB devices as the kernel shows them under /sys/bus/usb/devices, so the real sysfs
// scanner can read a scenario's USB list (the rig's stand-in for plugging a token in).
import Foundation
import USBDevices

enum SysfsWriter {
    static func write(_ devices: [USBDevice], to root: String) throws(VCardError) {
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: root, withIntermediateDirectories: true)
            for device in devices {
                let folder = (root as NSString).appendingPathComponent(device.sysfsName)
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                var files: [String: String] = [
                    "idVendor": device.vendorIdHex ?? "0000",
                    "idProduct": device.productIdHex ?? "0000",
                    "bDeviceClass": String(format: "%02x", device.deviceClass ?? 0),
                    "busnum": String(device.busNumber ?? 1),
                    "devnum": String(device.deviceNumber ?? 2),
                    "bcdDevice": "0100",
                ]
                if let manufacturer = device.manufacturer { files["manufacturer"] = manufacturer }
                if let product = device.product { files["product"] = product }
                for (name, value) in files {
                    try (value + "\n").write(toFile: (folder as NSString).appendingPathComponent(name), atomically: false, encoding: .utf8)
                }
                for interface in device.interfaces {
                    // The kernel puts an interface inside its device's folder (and links it from the root).
                    let interfaceFolder = (folder as NSString).appendingPathComponent(interface.name)
                    try manager.createDirectory(atPath: interfaceFolder, withIntermediateDirectories: true)
                    try? manager.createSymbolicLink(atPath: (root as NSString).appendingPathComponent(interface.name),
                                                    withDestinationPath: "\(device.sysfsName)/\(interface.name)")
                    let values: [String: String] = [
                        "bInterfaceNumber": String(format: "%02x", interface.number ?? 0),
                        "bInterfaceClass": String(format: "%02x", interface.classCode ?? 0),
                        "bInterfaceSubClass": String(format: "%02x", interface.subclassCode ?? 0),
                        "bInterfaceProtocol": String(format: "%02x", interface.protocolCode ?? 0),
                    ]
                    for (name, value) in values {
                        try (value + "\n").write(toFile: (interfaceFolder as NSString).appendingPathComponent(name), atomically: false, encoding: .utf8)
                    }
                }
            }
        } catch {
            throw VCardError("--write-sysfs \(root): \(error.localizedDescription)")
        }
    }
}
