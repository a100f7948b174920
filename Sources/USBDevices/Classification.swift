// What a device is, from its class codes, and whether it is a token that PC/SC will never see.

/// The role a device plays, decided by its most telling class code.
public enum USBDeviceKind: String, Sendable, CaseIterable {
    /// Has a CCID interface (0x0B): pcscd's ccid driver can serve it.
    case smartCardReader = "smart-card-reader"
    case hid
    case massStorage = "mass-storage"
    case vendorSpecific = "vendor-specific"
    case hub
    case other
}

extension USBDevice {
    /// Order of precedence, and why:
    /// 1. smart card: a CCID interface is what reaches PC/SC, whatever else the key exposes;
    /// 2. hub: a hub is infrastructure, never the token;
    /// 3. vendor specific, then HID, then mass storage: many GM tokens add a small CD-ROM or
    ///    disk holding their driver installer next to the interface that does the crypto, so the
    ///    more specific interface names the device (a GM3000-style key that is only a disk stays
    ///    mass storage).
    public var kind: USBDeviceKind {
        let codes = classCodes
        if codes.contains(USBClassCode.smartCard) { return .smartCardReader }
        if codes.contains(USBClassCode.hub) { return .hub }
        if codes.contains(USBClassCode.vendorSpecific) { return .vendorSpecific }
        if codes.contains(USBClassCode.hid) { return .hid }
        if codes.contains(USBClassCode.massStorage) { return .massStorage }
        return .other
    }

    /// The class code that decided `kind` (for the probe's `interfaceClass` field); nil for `.other`.
    public var primaryClassCode: UInt8? {
        switch kind {
        case .smartCardReader: USBClassCode.smartCard
        case .hub: USBClassCode.hub
        case .vendorSpecific: USBClassCode.vendorSpecific
        case .hid: USBClassCode.hid
        case .massStorage: USBClassCode.massStorage
        case .other: nil
        }
    }

    public var hasSmartCardInterface: Bool { classCodes.contains(USBClassCode.smartCard) }

    /// A keyboard or mouse: some interface speaks the HID boot protocol.
    public var isKeyboardOrMouse: Bool { interfaces.contains(where: \.isBootKeyboardOrMouse) }

    /// A FIDO (U2F/FIDO2) security key and nothing else: every interface is HID with only the
    /// FIDO usage page. Such keys come from token makers too, but hold no certificate.
    public var isFIDOAuthenticatorOnly: Bool {
        !interfaces.isEmpty && interfaces.allSatisfy(\.isFIDOOnly)
    }

    /// The token maker, if the device is one of theirs.
    public func tokenVendor(in table: TokenVendorTable = .standard) -> TokenVendor? {
        isRootHub ? nil : table.vendor(for: self)
    }

    /// True for a known token maker's key that exposes no CCID interface: it needs the maker's
    /// own driver (SKF/PKCS#11 library) and will never appear as a PC/SC reader. The probe turns
    /// this into finding `usb-token-not-pcsc`.
    ///
    /// Deliberately false for hubs, keyboards and mice (a vendor id may be shared, e.g. 055c is
    /// also "Proton Electronic Ind." in usb.ids), FIDO-only keys, and devices whose interfaces
    /// could not be read (kind `.other`): we say it only when the interfaces show it.
    public func needsVendorDriver(in table: TokenVendorTable) -> Bool {
        guard tokenVendor(in: table) != nil else { return false }
        switch kind {
        case .hid, .massStorage, .vendorSpecific:
            return !isKeyboardOrMouse && !isFIDOAuthenticatorOnly
        case .smartCardReader, .hub, .other:
            return false
        }
    }

    /// `needsVendorDriver(in: .standard)`.
    public var needsVendorDriver: Bool { needsVendorDriver(in: .standard) }

    /// The token maker of this device, using the standard table.
    public var tokenVendor: TokenVendor? { tokenVendor(in: .standard) }
}
