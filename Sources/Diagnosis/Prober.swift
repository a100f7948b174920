import Certificates
import Foundation
import Guides
import SmartCard
import USBDevices

/// What the probe reads from, so the same code runs on a real machine (pcsclite, sysfs, OpenSSL)
/// and on a simulated token (--demo, tests).
public struct ProbeEnvironment {
    public var system: any SmartCardSystem
    public var scanUSB: () -> USBScanResult
    public var parseCertificate: ([UInt8]) -> Result<CertificateSummary, CertificateError>
    /// Names a card from its ATR (smartcard_list.txt is read on first use, not for a probe without a card).
    public var nameATR: ([UInt8]) -> String?
    /// Names for the USB devices found (given their vendor ids, so a big usb.ids is read only for those).
    public var usbNaming: (Set<UInt16>) -> USBDeviceNaming
    public var host: HostInfo
    public var now: () -> Date
    /// The day this program was released: a clock before it cannot be right.
    public var releaseDate: Date
    /// The profile to use when none is given and no certificate issuer is recognised (a demo scenario's own).
    public var fallbackProfile: String?

    public init(system: any SmartCardSystem, scanUSB: @escaping () -> USBScanResult,
                parseCertificate: @escaping ([UInt8]) -> Result<CertificateSummary, CertificateError>,
                nameATR: @escaping ([UInt8]) -> String?, usbNaming: @escaping (Set<UInt16>) -> USBDeviceNaming, host: HostInfo,
                now: @escaping () -> Date = Date.init, releaseDate: Date) {
        self.system = system
        self.scanUSB = scanUSB
        self.parseCertificate = parseCertificate
        self.nameATR = nameATR
        self.usbNaming = usbNaming
        self.host = host
        self.now = now
        self.releaseDate = releaseDate
    }
}

/// Runs every layer of the probe, each isolated: a failing layer is recorded, the others go on.
public enum Prober {
    public static func run(_ environment: ProbeEnvironment, library: ContentLibrary, profile given: String? = nil) -> ProbeReport {
        let clock = ContinuousClock()
        let started = clock.now
        let now = environment.now()
        var report = ProbeReport(startedAt: now, host: environment.host, service: ServiceReport(status: .running),
                                 usb: [], readers: [], clockProblems: [])

        // 1. USB
        let scan = environment.scanUSB()
        report.usbProblem = scan.problem?.message
        let devices = scan.devices.filter { !$0.isRootHub && $0.kind != .hub }
        let naming = environment.usbNaming(Set(devices.compactMap(\.vendorId)))
        report.usb = devices.map { usbReport($0, naming) }

        // 2. PC/SC service and readers
        do {
            let readers = try environment.system.listReaders()
            report.readers = readers.map { probeReader($0, environment) }
        } catch .noService {
            report.service = ServiceReport(status: .notRunning, error: .noService)
        } catch .noAccess {
            report.service = ServiceReport(status: .noAccess, error: .noAccess)
        } catch {
            report.service = ServiceReport(status: .failed, error: error)
        }

        // 3. Which guide: given, or recognised from the first certificate's issuer.
        if let given {
            report.profile = ProfileMatch(id: given, reason: .given)
        } else if let issuer = report.primaryCertificate?.summary?.issuer,
                  let profile = library.profile(matchingIssuer: issuer) {
            report.profile = ProfileMatch(id: profile.id, reason: .recognised)
        } else if let fallback = environment.fallbackProfile, library.profile(fallback) != nil {
            report.profile = ProfileMatch(id: fallback, reason: .given)
        }

        // 4. Days left and renewal status under that guide's rules.
        let rule = report.profile.flatMap { library.profile($0.id)?.rule(.renewalWindow) }
        let window = rule.map { RenewalWindow(renewFromDaysBefore: $0.renewFromDaysBefore, renewUntilDaysAfter: $0.renewUntilDaysAfter) }
        for r in report.readers.indices {
            guard report.readers[r].card != nil else { continue }
            for c in report.readers[r].card!.certificates.indices {
                guard let summary = report.readers[r].card!.certificates[c].summary else { continue }
                report.readers[r].card!.certificates[c].daysLeft = summary.daysLeft(now: now)
                report.readers[r].card!.certificates[c].renewal = window?.evaluate(notAfter: summary.notAfter, now: now)
            }
        }

        // 5. Clock, then findings.
        let summaries = report.readers.compactMap(\.card).flatMap(\.certificates).compactMap(\.summary)
        report.clockProblems = ClockCheck.check(now: now, certificates: summaries)
        report.findings = FindingRules.findings(for: report, library: library, window: window, releaseDate: environment.releaseDate)
        report.durationMs = Double((clock.now - started).components.attoseconds) / 1e15
            + Double((clock.now - started).components.seconds) * 1000
        return report
    }

    static func usbReport(_ device: USBDevice, _ naming: USBDeviceNaming) -> USBTokenReport {
        let vendor = device.tokenVendor
        return USBTokenReport(
            vendorID: device.vendorIdHex ?? "????", productID: device.productIdHex ?? "????",
            interfaceClass: device.primaryClassCode, kind: device.kind.rawValue,
            vendorName: vendor.map { LocalizedText(zh: $0.nameZH, en: $0.nameEN) }
                ?? naming.vendorName(of: device).map { LocalizedText(zh: $0, en: $0) },
            model: naming.model(of: device), needsVendorDriver: device.needsVendorDriver, isTokenVendor: vendor != nil)
    }

    static func probeReader(_ snapshot: ReaderSnapshot, _ environment: ProbeEnvironment) -> ReaderReport {
        var card = CardReport(state: .empty, atr: snapshot.atr)
        switch snapshot.state {
        case .empty:
            return ReaderReport(name: snapshot.name, card: nil)
        case .unavailable:
            card.state = .unavailable
            return ReaderReport(name: snapshot.name, card: card)
        case .mute:
            card.state = .mute
            describeATR(&card, environment)
            return ReaderReport(name: snapshot.name, card: card)
        case .present, .inUse:
            card.state = snapshot.state == .inUse ? .inUse : .present
        }
        let session: any CardSession
        do {
            session = try environment.system.connect(reader: snapshot.name)
        } catch {
            card.errors.append(error)
            switch error {
            case .cardMute: card.state = .mute
            case .cardInUse: card.state = .inUse
            case .noCard, .cardRemoved: card.state = .empty
            default: break
            }
            describeATR(&card, environment)
            return ReaderReport(name: snapshot.name, card: card.state == .empty ? nil : card)
        }
        defer { session.disconnect() }
        if !session.atr.isEmpty { card.atr = session.atr }
        card.protocolName = session.activeProtocol
        describeATR(&card, environment)

        let piv = PIVReader(transport: session).probe()
        card.apduCount = piv.apduCount
        switch piv.applet {
        case .present:
            card.applets = ["PIV"]
        case .absent:
            card.pivAbsent = true
        case .failed(let error):
            card.errors.append(error)
        }
        switch piv.pin {
        case .triesLeft(let tries): card.pin = PINReport(triesLeft: tries, blocked: tries == 0, known: true)
        case .blocked: card.pin = PINReport(triesLeft: 0, blocked: true, known: true)
        case .verified: card.pin = PINReport(triesLeft: nil, blocked: false, known: true)
        case .unknown: card.pin = PINReport(triesLeft: nil, blocked: false, known: false)
        case .failed(let error):
            card.errors.append(error)
            card.pin = PINReport(triesLeft: nil, blocked: false, known: false)
        case .notChecked: break
        }
        for slot in piv.slots {
            switch slot.read {
            case .value(let object):
                var certificate = CertificateReport(slot: slot.slot.rawValue.lowercased())
                certificate.compressed = object.isCompressed
                if object.isCompressed {
                    certificate.error = nil
                } else {
                    switch environment.parseCertificate(object.certificate) {
                    case .success(let summary): certificate.summary = summary
                    case .failure(let error): certificate.error = error
                    }
                }
                card.certificates.append(certificate)
            case .failed(let error):
                if !card.errors.contains(error) { card.errors.append(error) }
            case .malformed(let reason):
                card.errors.append(.malformedResponse(reason))
            case .empty, .cardStatus, .notRead:
                continue
            }
        }
        return ReaderReport(name: snapshot.name, card: card)
    }

    static func describeATR(_ card: inout CardReport, _ environment: ProbeEnvironment) {
        guard !card.atr.isEmpty else { return }
        card.atrDecoded = ATR(bytes: card.atr)
        card.model = environment.nameATR(card.atr)
    }
}
