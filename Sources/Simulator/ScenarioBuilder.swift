import Certificates
import Diagnosis
import Foundation
import SmartCard
import USBDevices
import X509OpenSSL

/// Turns a scenario into what the probe reads: a simulated PC/SC service with real PIV card
/// models holding real DER certificates (made by OpenSSL at run time), and a USB device list.
public enum ScenarioBuilder {
    public enum BuildError: Error, Equatable {
        case certificate(slot: String, reason: String)
    }

    public struct Built {
        public var system: SimulatedSystem
        public var usb: USBScanResult
        public var host: HostInfo?
    }

    /// PIV data object for each slot (SP 800-73-4).
    static let objects: [String: UInt32] = ["9a": 0x5FC105, "9c": 0x5FC10A, "9d": 0x5FC10B, "9e": 0x5FC101]

    public static func build(_ scenario: Scenario, now: Date = Date(), factory: CertificateFactory = .shared) throws(BuildError) -> Built {
        var readers: [SimulatedSystem.SimulatedReader] = []
        for reader in scenario.readers {
            guard let card = reader.card else {
                readers.append(.init(name: reader.name, card: nil, state: .empty))
                continue
            }
            readers.append(.init(name: reader.name, card: try makeCard(card, now: now, factory: factory), state: state(card.state)))
        }
        let host = scenario.host.map { HostInfo(windows: $0.windows, domesticOS: $0.domesticOS, osName: $0.name.isEmpty ? "Demo" : $0.name) }
        return Built(system: SimulatedSystem(service: scenario.service, readers: readers), usb: usbScan(scenario), host: host)
    }

    /// The card model for one scenario card; the virtual token (ukey-vcard) serves the same one.
    public static func makeCard(_ card: Scenario.Card, now: Date, factory: CertificateFactory = .shared) throws(BuildError) -> SimulatedPIVCard {
        var objects: [UInt32: [UInt8]] = [:]
        for spec in card.certificates {
            guard let tag = Self.objects[spec.slot] else { continue }
            objects[tag] = spec.corrupt ? garbage(seed: spec.slot) : try certificate(spec, now: now, factory: factory)
        }
        return SimulatedPIVCard(atr: card.atr, certificates: objects, pinTriesLeft: card.pinTries, hasPIVApplet: card.piv,
                                chunkSize: card.chunkSize, isMute: card.state == .mute)
    }

    static func state(_ state: Scenario.Card.State) -> ReaderSnapshot.CardState {
        switch state {
        case .present: .present
        case .mute: .mute
        case .inUse: .inUse
        }
    }

    /// Certificate dates are whole days from the start of today (UTC), ending at the last second of
    /// the day, so `daysLeft` is exactly the scenario's number all day long, in any process.
    public static func dates(_ spec: Scenario.CertificateSpec, now: Date) -> (notBefore: Date, notAfter: Date) {
        let day = 86_400.0
        let today = (now.timeIntervalSince1970 / day).rounded(.down) * day
        return (Date(timeIntervalSince1970: today + Double(spec.notBeforeDays) * day),
                Date(timeIntervalSince1970: today + (Double(spec.notAfterDays) + 1) * day - 1))
    }

    static func certificate(_ spec: Scenario.CertificateSpec, now: Date, factory: CertificateFactory) throws(BuildError) -> [UInt8] {
        let (notBefore, notAfter) = dates(spec, now: now)
        let algorithm: CertificateSpec.KeyAlgorithm = switch spec.key {
        case .sm2: .sm2
        case .rsa2048: .rsa2048
        case .ecP256: .ecP256
        }
        // Scenario names are listed as displayed (CN first); DER holds them the other way round.
        let subject = spec.subject.reversed().map { CertificateSpec.Attribute($0.field, $0.value) }
        let issuer = spec.issuer.reversed().map { CertificateSpec.Attribute($0.field, $0.value) }
        let serial = spec.serial.flatMap { Hex.decode($0) }
        let request = CertificateSpec(keyAlgorithm: algorithm, subject: subject, issuer: issuer, notBefore: notBefore,
                                      notAfter: notAfter, serial: serial, idNumber: spec.idNumber.map { CertificateSpec.IDNumber($0) })
        do {
            return try factory.makeCertificate(request)
        } catch {
            throw .certificate(slot: spec.slot, reason: "\(error)")
        }
    }

    /// Bytes that start like a certificate and then are not one: what a damaged token returns.
    static func garbage(seed: String) -> [UInt8] {
        var bytes: [UInt8] = [0x30, 0x82, 0x03, 0x10, 0x30, 0x82, 0x02, 0xB7, 0xA0, 0x03, 0x02, 0x01, 0x02]
        var state = UInt32(truncatingIfNeeded: seed.unicodeScalars.reduce(7) { $0 &* 31 &+ Int($1.value) })
        for _ in 0..<180 {
            state = state &* 1_103_515_245 &+ 12_345
            bytes.append(UInt8(truncatingIfNeeded: state >> 16))
        }
        return bytes
    }

    /// The USB devices of the scenario, as the sysfs scanner would report them.
    public static func usbScan(_ scenario: Scenario) -> USBScanResult {
        let devices = scenario.usb.enumerated().map { index, entry in
            USBDevice(sysfsName: "1-\(index + 1)", busNumber: 1, portPath: "\(index + 1)", deviceNumber: index + 2,
                      vendorId: entry.vendorID, productId: entry.productID, manufacturer: entry.manufacturer,
                      product: entry.product, deviceClass: 0,
                      interfaces: [USBInterface(name: "1-\(index + 1):1.0", number: 0, classCode: entry.interfaceClass.code,
                                                driver: entry.interfaceClass == .smartCard ? "usbfs" : nil)])
        }
        return USBScanResult(root: "scenario:\(scenario.id)", devices: devices)
    }
}
