// Names for a device as the report shows them: our token table first (it has the Chinese
// name users know), then usb.ids, then whatever the device says about itself.

public struct USBDeviceNaming: Sendable {
    public let table: TokenVendorTable
    public let ids: USBIDDatabase?

    public init(table: TokenVendorTable = .standard, ids: USBIDDatabase? = nil) {
        self.table = table
        self.ids = ids
    }

    /// English vendor name: token table, usb.ids, then the manufacturer string.
    public func vendorName(of device: USBDevice) -> String? {
        if let vendor = device.tokenVendor(in: table) { return vendor.nameEN }
        if let id = device.vendorId, let name = ids?.vendorName(id) { return name }
        return device.manufacturer
    }

    /// Chinese vendor name, known only for the token makers in the table.
    public func vendorNameZH(of device: USBDevice) -> String? {
        device.tokenVendor(in: table)?.nameZH
    }

    /// Product name: usb.ids first (curated, stable), then the product string.
    public func productName(of device: USBDevice) -> String? {
        if let vendorId = device.vendorId, let productId = device.productId,
           let name = ids?.productName(vendorId: vendorId, productId: productId)
        {
            return name
        }
        return device.product
    }

    /// "Feitian Technologies ePass3000GM", or the id pair when nothing names the device.
    public func model(of device: USBDevice) -> String {
        let parts = [vendorName(of: device), productName(of: device)].compactMap { $0 }
        return parts.isEmpty ? device.idPair : parts.joined(separator: " ")
    }
}
