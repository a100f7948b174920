import Certificates
import Diagnosis
import Foundation
import Guides
import PCSC
import SmartCard
import USBDevices
import X509OpenSSL

/// Where a probe reads from: the real machine, or a scenario (--demo).
enum ProbeSource {
    /// The day this version was released; a clock before it cannot be right.
    static let releaseDate: Date = {
        var components = DateComponents(calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"),
                                        year: 2026, month: 11, day: 1)
        components.hour = 0
        return components.date ?? Date(timeIntervalSince1970: 0)
    }()

    static func parseCertificate(_ bytes: [UInt8]) -> Result<CertificateSummary, CertificateError> {
        do throws(CertificateError) { return .success(try X509Reader.summary(of: bytes)) } catch { return .failure(error) }
    }

    static func nameATR(_ atr: [UInt8]) -> String? { ATRNamer.name(atr) }

    static func usbNaming(_ vendors: Set<UInt16>) -> USBDeviceNaming {
        USBDeviceNaming(ids: vendors.isEmpty ? nil : USBIDDatabase.loadFirstAvailable(onlyVendors: vendors))
    }

    static func host(osRelease path: String = "/etc/os-release") -> HostInfo {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return HostInfo.fromOSRelease(text)
    }

    /// The real machine: pcsclite, sysfs (root overridable for tests), OpenSSL, smartcard_list.txt.
    static func live(sysfsRoot: String? = nil, system: PCSCSystem = PCSCSystem()) -> ProbeEnvironment {
        ProbeEnvironment(
            system: system,
            scanUSB: { USBScanner(root: sysfsRoot ?? USBScanner.defaultRoot).scan() },
            parseCertificate: parseCertificate,
            nameATR: nameATR,
            usbNaming: usbNaming,
            host: host(),
            releaseDate: releaseDate)
    }
}
