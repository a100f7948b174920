// Reads every USB device from sysfs. The root is injectable so tests can point it at a fixture
// tree; the real one is /sys/bus/usb/devices, where each entry is a symlink into /sys/devices:
//
//   usb1          root hub of bus 1 (its interface is "1-0:1.0")
//   1-2           device on port 2 of bus 1        1-2.3  device on port 3 of the hub on 1-2
//   1-2:1.0       interface 0 of configuration 1 of device 1-2 (also a subdirectory of 1-2)
//
// Attribute formats are those of the kernel's drivers/usb/core/sysfs.c: idVendor/idProduct/
// bcdDevice "%04x\n", bDeviceClass and bInterface* "%02x\n", busnum/devnum "%d\n", devpath "%s\n";
// manufacturer/product/serial exist only when the device has that string.

/// Why a scan found nothing to report, in terms the probe can turn into a sentence.
public enum USBScanProblem: Error, Equatable, Sendable {
    /// No such directory: no USB support in this kernel, or a container without /sys/bus/usb.
    case rootMissing(path: String)
    case rootNotDirectory(path: String)
    case rootUnreadable(path: String, errno: Int32)

    /// A stable id for the report.
    public var code: String {
        switch self {
        case .rootMissing: "usb-sysfs-missing"
        case .rootNotDirectory: "usb-sysfs-not-directory"
        case .rootUnreadable: "usb-sysfs-unreadable"
        }
    }

    /// One line of English for logs and `--json` (the UI words its own zh/en text from `code`).
    public var message: String {
        switch self {
        case .rootMissing(let path): "\(path) does not exist: USB devices cannot be listed on this system"
        case .rootNotDirectory(let path): "\(path) is not a directory"
        case .rootUnreadable(let path, let code): "\(path) cannot be read (errno \(code))"
        }
    }
}

/// The outcome of one scan: the devices found and, when the list could not be read, why.
public struct USBScanResult: Equatable, Sendable {
    public var root: String
    /// Sorted by bus, then by port path (root hub first).
    public var devices: [USBDevice]
    /// Set when the root itself could not be listed; `devices` is then empty.
    public var problem: USBScanProblem?
    /// Entries of the root left out, sorted: names that are neither a device nor an interface,
    /// and devices whose directory could not be opened (unplugged during the scan).
    public var skippedEntries: [String]

    public init(root: String, devices: [USBDevice], problem: USBScanProblem? = nil, skippedEntries: [String] = []) {
        self.root = root
        self.devices = devices
        self.problem = problem
        self.skippedEntries = skippedEntries
    }
}

public struct USBScanner: Sendable {
    public static let defaultRoot = "/sys/bus/usb/devices"

    public let root: String

    public init(root: String = USBScanner.defaultRoot) {
        self.root = root
    }

    /// Lists and reads every device under `root`. Never throws: a missing or unreadable root
    /// gives an empty list and a `problem`; a missing or garbage file gives a nil field.
    public func scan() -> USBScanResult {
        let names: [String]
        switch SysfsIO.listDirectory(root) {
        case .success(let found): names = found
        case .failure(.missing): return USBScanResult(root: root, devices: [], problem: .rootMissing(path: root))
        case .failure(.notADirectory):
            return USBScanResult(root: root, devices: [], problem: .rootNotDirectory(path: root))
        case .failure(.unreadable(let code)):
            return USBScanResult(root: root, devices: [], problem: .rootUnreadable(path: root, errno: code))
        }

        var devices: [USBDevice] = []
        var skipped: [String] = []
        for name in names {
            switch USBScanner.entryKind(name) {
            case .device:
                if let device = readDevice(named: name) { devices.append(device) } else { skipped.append(name) }
            case .interface: continue   // read through its device's directory instead
            case .unknown: skipped.append(name)
            }
        }
        devices.sort(by: USBScanner.topologicalOrder)
        return USBScanResult(root: root, devices: devices, skippedEntries: skipped.sorted())
    }

    /// Reads one device directory (also usable for a single name a udev event gave). nil when
    /// the directory cannot be opened: the device was unplugged between listing and reading
    /// (its symlink then dangles), or the entry is not a directory at all.
    public func readDevice(named name: String) -> USBDevice? {
        guard let directory = SysfsIO.openDirectory(root + "/" + name) else { return nil }
        let parsedName = USBScanner.parseDeviceName(name)
        var device = USBDevice(sysfsName: name, busNumber: parsedName.bus, portPath: parsedName.ports)

        if let bus = directory.readDecimal("busnum") { device.busNumber = bus }
        device.deviceNumber = directory.readDecimal("devnum")
        // devpath is "0" for a root hub, "2.3" for port 3 behind port 2.
        if let devpath = directory.readText("devpath") { device.portPath = devpath == "0" ? nil : devpath }
        device.vendorId = directory.readHex("idVendor", as: UInt16.self)
        device.productId = directory.readHex("idProduct", as: UInt16.self)
        device.bcdDevice = directory.readHex("bcdDevice", as: UInt16.self)
        device.deviceClass = directory.readHex("bDeviceClass", as: UInt8.self)
        device.manufacturer = directory.readText("manufacturer")
        device.product = directory.readText("product")
        device.serial = directory.readText("serial").map(PersonalData.init)
        device.interfaces = readInterfaces(of: directory)
        return device
    }

    private func readInterfaces(of directory: SysfsIO.Directory) -> [USBInterface] {
        guard let names = directory.list() else { return [] }
        var interfaces: [USBInterface] = []
        for name in names where USBScanner.entryKind(name) == .interface {
            guard let interfaceDirectory = SysfsIO.openDirectory(name, in: directory) else {
                interfaces.append(USBInterface(name: name))
                continue
            }
            interfaces.append(readInterface(interfaceDirectory, name: name))
        }
        interfaces.sort { ($0.number ?? .max, $0.name) < ($1.number ?? .max, $1.name) }
        return interfaces
    }

    private func readInterface(_ directory: SysfsIO.Directory, name: String) -> USBInterface {
        var interface = USBInterface(name: name)
        interface.number = directory.readHex("bInterfaceNumber", as: UInt8.self)
        interface.classCode = directory.readHex("bInterfaceClass", as: UInt8.self)
        interface.subclassCode = directory.readHex("bInterfaceSubClass", as: UInt8.self)
        interface.protocolCode = directory.readHex("bInterfaceProtocol", as: UInt8.self)
        interface.label = directory.readText("interface")
        interface.driver = directory.readLinkName("driver")
        if interface.classCode == USBClassCode.hid {
            interface.hidUsagePages = readHIDUsagePages(directory)
        }
        return interface
    }

    /// usbhid registers the interface on the HID bus as a child named "0003:VVVV:PPPP.NNNN"
    /// (bus 0003 = USB); its report_descriptor is world-readable.
    private func readHIDUsagePages(_ interfaceDirectory: SysfsIO.Directory) -> [UInt16]? {
        guard let names = interfaceDirectory.list(),
              let child = names.filter({ $0.hasPrefix("0003:") }).min(),
              let descriptor = interfaceDirectory.readBytes(child + "/report_descriptor"),
              !descriptor.isEmpty
        else { return nil }
        return HIDReportDescriptor.usagePages(in: descriptor)
    }

    // MARK: - Names

    enum EntryKind: Equatable { case device, interface, unknown }

    /// "usb3" and "1-2.3" are devices, "1-2.3:1.0" is an interface (a root hub's own interface
    /// uses port 0: "1-0:1.0"); anything else is unknown. Works on the UTF-8 bytes, as it runs
    /// on every entry of every device directory.
    static func entryKind(_ name: String) -> EntryKind {
        let bytes = Array(name.utf8)
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        if bytes.starts(with: "usb".utf8) {
            return bytes.count > 3 && bytes[3...].allSatisfy(isDigit) ? .device : .unknown
        }
        // bus "-" port ("." port)* [":" configuration "." interface], every part decimal.
        var index = 0
        func digits() -> Bool {
            let start = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            return index > start
        }
        func take(_ separator: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == separator else { return false }
            index += 1
            return true
        }
        guard digits(), take(UInt8(ascii: "-")), digits() else { return .unknown }
        while take(UInt8(ascii: ".")) {
            guard digits() else { return .unknown }
        }
        if index == bytes.count { return .device }
        guard take(UInt8(ascii: ":")), digits(), take(UInt8(ascii: ".")), digits(), index == bytes.count else {
            return .unknown
        }
        return .interface
    }

    /// The bus and port path a device name implies, used when busnum/devpath are unreadable.
    static func parseDeviceName(_ name: String) -> (bus: Int?, ports: String?) {
        if name.hasPrefix("usb") { return (Int(name.dropFirst(3)), nil) }
        let sides = name.split(separator: "-", maxSplits: 1)
        guard sides.count == 2 else { return (nil, nil) }
        return (Int(sides[0]), String(sides[1]))
    }

    /// Bus, then root hub first, then port path compared port by port numerically (1.10 after 1.9).
    static func topologicalOrder(_ a: USBDevice, _ b: USBDevice) -> Bool {
        let busA = a.busNumber ?? .max, busB = b.busNumber ?? .max
        if busA != busB { return busA < busB }
        let portsA = a.portPath.map(portNumbers) ?? [], portsB = b.portPath.map(portNumbers) ?? []
        if portsA != portsB { return portsA.lexicographicallyPrecedes(portsB) }
        return a.sysfsName < b.sysfsName
    }

    private static func portNumbers(_ path: String) -> [Int] {
        path.split(separator: ".").map { Int($0) ?? .max }
    }
}
