// What the probe knows about one USB device, read from sysfs. Every field that comes from a
// file is optional: a file that is missing, unreadable or garbage gives nil, never a failure.

/// USB class codes that matter for a token (USB-IF "Defined Class Codes").
public enum USBClassCode {
    public static let perInterface: UInt8 = 0x00   // device class: "see the interfaces"
    public static let hid: UInt8 = 0x03
    public static let massStorage: UInt8 = 0x08
    public static let hub: UInt8 = 0x09
    public static let smartCard: UInt8 = 0x0B      // CCID: what pcsc-lite's ccid driver serves
    public static let vendorSpecific: UInt8 = 0xFF

    /// A short English name for the classes a token may show, for reports; nil for others
    /// (callers may then ask `USBIDDatabase.className`).
    public static func name(of code: UInt8) -> String? {
        switch code {
        case hid: "HID"
        case massStorage: "mass storage"
        case hub: "hub"
        case smartCard: "smart card (CCID)"
        case vendorSpecific: "vendor specific"
        default: nil
        }
    }
}

/// A value that identifies a person's key (the token's serial number). It is kept so a support
/// report can include it on purpose, but it never shows up by accident: printing, string
/// interpolation, `dump` and debug output all say "<redacted>". Read `value` to use it.
public struct PersonalData: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "PersonalData(<redacted>)" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// Enough to tell two keys apart on a support call without giving the serial away:
    /// the last four characters of a serial of eight or more, nothing of a shorter one.
    public var masked: String {
        let characters = Array(value)
        guard characters.count >= 8 else { return String(repeating: "*", count: max(characters.count, 4)) }
        return String(repeating: "*", count: characters.count - 4) + String(characters.suffix(4))
    }
}

/// One interface of the active configuration (sysfs `1-2:1.0`).
public struct USBInterface: Equatable, Sendable {
    /// The sysfs name, e.g. "1-2:1.0" (bus-port:configuration.interface).
    public var name: String
    public var number: UInt8?
    public var classCode: UInt8?
    public var subclassCode: UInt8?
    public var protocolCode: UInt8?
    /// The optional interface string descriptor.
    public var label: String?
    /// The kernel driver bound to the interface (`usbhid`, `usb-storage`, `usbfs` while a
    /// libusb program such as pcscd's ccid driver holds it, `hub`, ...); nil when none is bound.
    public var driver: String?
    /// For a HID interface, the usage pages its report descriptor declares (0xF1D0 = FIDO);
    /// nil when not HID or when the descriptor could not be read.
    public var hidUsagePages: [UInt16]?

    public init(name: String, number: UInt8? = nil, classCode: UInt8? = nil, subclassCode: UInt8? = nil,
                protocolCode: UInt8? = nil, label: String? = nil, driver: String? = nil,
                hidUsagePages: [UInt16]? = nil)
    {
        self.name = name
        self.number = number
        self.classCode = classCode
        self.subclassCode = subclassCode
        self.protocolCode = protocolCode
        self.label = label
        self.driver = driver
        self.hidUsagePages = hidUsagePages
    }

    /// HID boot-protocol keyboard (subclass 1, protocol 1) or mouse (protocol 2).
    public var isBootKeyboardOrMouse: Bool {
        classCode == USBClassCode.hid && subclassCode == 1 && (protocolCode == 1 || protocolCode == 2)
    }

    /// A HID interface whose report descriptor declares only the FIDO usage page: a U2F/FIDO2
    /// authenticator, which browsers talk to directly and which holds no certificate.
    public var isFIDOOnly: Bool {
        classCode == USBClassCode.hid && hidUsagePages == [HIDReportDescriptor.fidoUsagePage]
    }
}

/// One USB device (sysfs `/sys/bus/usb/devices/1-2`, or `usb1` for a root hub).
public struct USBDevice: Equatable, Sendable {
    /// The sysfs name: "usb1" for bus 1's root hub, "1-2.3" for port 3 of a hub on port 2.
    public var sysfsName: String
    public var busNumber: Int?
    /// The chain of ports from the root hub, e.g. "2.3"; nil for a root hub.
    public var portPath: String?
    public var deviceNumber: Int?
    public var vendorId: UInt16?
    public var productId: UInt16?
    public var bcdDevice: UInt16?
    public var manufacturer: String?
    public var product: String?
    /// The serial string: personal data, see `PersonalData`.
    public var serial: PersonalData?
    public var deviceClass: UInt8?
    /// Interfaces of the active configuration, by interface number.
    public var interfaces: [USBInterface]

    public init(sysfsName: String, busNumber: Int? = nil, portPath: String? = nil, deviceNumber: Int? = nil,
                vendorId: UInt16? = nil, productId: UInt16? = nil, bcdDevice: UInt16? = nil,
                manufacturer: String? = nil, product: String? = nil, serial: PersonalData? = nil,
                deviceClass: UInt8? = nil, interfaces: [USBInterface] = [])
    {
        self.sysfsName = sysfsName
        self.busNumber = busNumber
        self.portPath = portPath
        self.deviceNumber = deviceNumber
        self.vendorId = vendorId
        self.productId = productId
        self.bcdDevice = bcdDevice
        self.manufacturer = manufacturer
        self.product = product
        self.serial = serial
        self.deviceClass = deviceClass
        self.interfaces = interfaces
    }

    /// Root hubs are named "usbN" by the kernel; they are the host controller, not a plugged device.
    public var isRootHub: Bool { sysfsName.hasPrefix("usb") }

    /// "096e", as lsusb prints it; nil when the id could not be read.
    public var vendorIdHex: String? { vendorId.map(USBDevice.hex4) }
    /// "0309"; nil when the id could not be read.
    public var productIdHex: String? { productId.map(USBDevice.hex4) }
    /// "096e:0309", with "????" for an id that could not be read.
    public var idPair: String { "\(vendorIdHex ?? "????"):\(productIdHex ?? "????")" }
    /// bcdDevice as a release number, e.g. 0x0100 → "1.00".
    public var release: String? {
        bcdDevice.map { "\(String($0 >> 8, radix: 16)).\(USBDevice.hex(UInt16($0 & 0xFF), digits: 2))" }
    }

    /// Every class code seen on the device or its interfaces (without 0x00 "per interface").
    public var classCodes: Set<UInt8> {
        var codes = Set(interfaces.compactMap(\.classCode))
        if let deviceClass, deviceClass != USBClassCode.perInterface { codes.insert(deviceClass) }
        return codes
    }

    static func hex4(_ value: UInt16) -> String { hex(value, digits: 4) }

    static func hex(_ value: UInt16, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
