import Certificates
import Foundation
import Guides
import SmartCard
import USBDevices

/// Everything one probe saw, layer by layer. Each layer records a result or the error that
/// stopped it; nothing here throws.
public struct ProbeReport: Sendable {
    public var startedAt: Date
    public var durationMs: Double = 0
    public var host: HostInfo
    public var service: ServiceReport
    public var usb: [USBTokenReport]
    /// Why the USB bus could not be read (no sysfs in a container, …); nil when it was.
    public var usbProblem: String?
    public var readers: [ReaderReport]
    public var profile: ProfileMatch?
    public var clockProblems: [ClockCheck.Problem]
    public var findings: [Finding] = []
    /// APDUs sent to every card together.
    public var apduCount: Int { readers.reduce(0) { $0 + ($1.card?.apduCount ?? 0) } }

    /// The card the walk and the summary talk about: the first one present.
    public var primaryCard: CardReport? { readers.lazy.compactMap(\.card).first { $0.state != .empty } }
    /// Its main certificate: PIV authentication (9A), else the first readable one.
    public var primaryCertificate: CertificateReport? {
        guard let certificates = primaryCard?.certificates else { return nil }
        return certificates.first { $0.slot == "9a" && $0.summary != nil } ?? certificates.first { $0.summary != nil }
    }
}

public struct HostInfo: Sendable, Equatable {
    public var windows: Bool
    public var domesticOS: Bool
    /// e.g. "UnionTech OS Desktop 20", "Debian GNU/Linux 12 (bookworm)".
    public var osName: String

    public init(windows: Bool = false, domesticOS: Bool, osName: String) {
        self.windows = windows
        self.domesticOS = domesticOS
        self.osName = osName
    }

    /// From the text of /etc/os-release: UOS, Deepin, Kylin, openKylin, NeoKylin count as domestic.
    public static func fromOSRelease(_ text: String) -> HostInfo {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            values[parts[0]] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }
        let ids = ((values["ID"] ?? "") + " " + (values["ID_LIKE"] ?? "")).lowercased()
        let domestic = ["uos", "deepin", "kylin", "openkylin", "neokylin", "uniontech"].contains { ids.contains($0) }
        return HostInfo(domesticOS: domestic, osName: values["PRETTY_NAME"] ?? values["NAME"] ?? "Linux")
    }
}

public struct ServiceReport: Sendable, Equatable {
    public enum Status: String, Sendable {
        case running, notRunning = "not-running", noAccess = "no-access", failed
    }
    public var status: Status
    /// The PC/SC error behind a status other than running.
    public var error: SmartCardError?
}

public struct USBTokenReport: Sendable, Equatable {
    public var vendorID: String
    public var productID: String
    /// The class that decides how the key is reached: 0x0B smart card, 0x03 HID, 0x08 storage, 0xFF vendor.
    public var interfaceClass: UInt8?
    public var kind: String
    public var vendorName: LocalizedText?
    public var model: String?
    /// A token maker's key that PC/SC will never see without the maker's driver.
    public var needsVendorDriver: Bool
    public var isTokenVendor: Bool
}

public struct ReaderReport: Sendable {
    public var name: String
    public var card: CardReport?
}

public struct CardReport: Sendable {
    public enum State: String, Sendable { case present, empty, mute, inUse = "in-use", unavailable }

    public var state: State
    public var atr: [UInt8]
    public var atrDecoded: ATR?
    public var model: String?
    public var protocolName: String?
    /// Applets found: "PIV".
    public var applets: [String] = []
    /// PIV SELECT answered "no such applet": a card we cannot read certificates from.
    public var pivAbsent = false
    public var pin: PINReport?
    public var certificates: [CertificateReport] = []
    /// Errors talking to the card (removed mid-probe, …), in order.
    public var errors: [SmartCardError] = []
    public var apduCount = 0
}

public struct PINReport: Sendable, Equatable {
    public var triesLeft: Int?
    public var blocked: Bool
    /// false when the card's answer did not say (an unknown status word, a failed transport).
    public var known: Bool
}

public struct CertificateReport: Sendable {
    /// PIV slot: 9a, 9c, 9d, 9e.
    public var slot: String
    public var summary: CertificateSummary?
    public var error: CertificateError?
    /// The card marked the certificate compressed: we report it, we do not gunzip it.
    public var compressed = false
    public var daysLeft: Int?
    public var renewal: RenewalEvaluation?

    public init(slot: String, summary: CertificateSummary? = nil, error: CertificateError? = nil, compressed: Bool = false,
                daysLeft: Int? = nil, renewal: RenewalEvaluation? = nil) {
        self.slot = slot
        self.summary = summary
        self.error = error
        self.compressed = compressed
        self.daysLeft = daysLeft
        self.renewal = renewal
    }
}

public struct ProfileMatch: Sendable, Equatable {
    public enum Reason: String, Sendable { case given, recognised }
    public var id: String
    public var reason: Reason
}

public struct Finding: Sendable, Equatable {
    public var id: String
    public var severity: FindingSeverity
    public var message: LocalizedText
    /// The tree that handles it, as `profile/tree`, when the content has one.
    public var tree: NodeRef?
    public var reader: String?
}
