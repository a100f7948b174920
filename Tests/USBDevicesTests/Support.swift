import Foundation
@testable import USBDevices

/// Fixtures live beside the tests and are found from this file's path (no SwiftPM resources).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// /sys/bus/usb/devices of the committed fixture tree.
    static var basicRoot: String {
        directory.appendingPathComponent("sysfs-basic/sys/bus/usb/devices").path
    }
}

/// Builds sysfs-shaped trees in a temporary directory, for cases the committed fixture does
/// not cover (200 devices, a file replaced by a directory, ...). Removed by `remove()`.
final class TemporarySysfs {
    let base: URL
    var root: String { base.appendingPathComponent("sys/bus/usb/devices").path }
    private let fileManager = FileManager.default

    init() throws {
        base = fileManager.temporaryDirectory.appendingPathComponent("usb-sysfs-\(UUID().uuidString)")
        try fileManager.createDirectory(atPath: base.appendingPathComponent("sys/bus/usb/devices").path,
                                        withIntermediateDirectories: true)
    }

    func remove() { try? fileManager.removeItem(at: base) }

    /// Writes `attributes` (file name → content, newline added as the kernel does) for a device
    /// placed directly under the root, like the committed fixture but without the symlink hop.
    func addDevice(_ name: String, _ attributes: [String: String]) throws {
        try write(attributes, into: root + "/" + name)
    }

    /// Adds an interface directory under a device, with an optional driver symlink.
    func addInterface(device: String, _ name: String, _ attributes: [String: String], driver: String? = nil) throws {
        let path = root + "/" + device + "/" + name
        try write(attributes, into: path)
        if let driver {
            let driverDirectory = base.appendingPathComponent("sys/bus/usb/drivers/\(driver)").path
            try fileManager.createDirectory(atPath: driverDirectory, withIntermediateDirectories: true)
            try fileManager.createSymbolicLink(atPath: path + "/driver", withDestinationPath: driverDirectory)
        }
    }

    func write(_ attributes: [String: String], into directory: String) throws {
        try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (file, content) in attributes {
            try Data((content + "\n").utf8).write(to: URL(fileURLWithPath: directory + "/" + file))
        }
    }

    func writeBytes(_ bytes: [UInt8], to relativePath: String) throws {
        let url = URL(fileURLWithPath: root + "/" + relativePath)
        try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }
}

extension USBScanResult {
    func device(_ name: String) -> USBDevice? { devices.first { $0.sysfsName == name } }
}
